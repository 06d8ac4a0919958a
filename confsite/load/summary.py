"""A short summary of loaded content, readable at a glance."""

from __future__ import annotations

from collections import Counter

from confsite.model.common import localize
from confsite.model.content import Content


def summarise(content: Content) -> str:
    """Two or three lines: the conference, and what it holds."""
    conf = content.conference
    lang = conf.default_language
    kinds = Counter(session.kind for _, session in content.sessions)
    by_kind = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    slots = sum(1 for day in content.grid.days for slot in day.slots if slot.holds_sessions)
    days = len(content.grid.days)
    day_word = "day" if days == 1 else "days"
    return "\n".join(
        [
            f"{localize(conf.name, lang)} · {conf.start} – {conf.end} · {conf.timezone}",
            f"{len(content.sessions)} sessions ({by_kind})",
            f"{len(content.speakers)} speakers · {len(content.tracks.tracks)} tracks · "
            f"{len(content.venue.rooms)} rooms · {days} {day_word}, {slots} slots · "
            f"{len(content.sponsors.sponsors)} sponsors · {len(content.faq.entries)} FAQ entries",
        ]
    )
