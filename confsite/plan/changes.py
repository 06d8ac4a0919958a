"""What changed between two schedule versions: added, cancelled, moved, renamed, and
speaker changes, for `confsite diff`, the site's changelog and the speakers' notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from confsite.model.common import localize
from confsite.model.versions import ScheduleVersion, VersionSession


@dataclass(frozen=True)
class Changes:
    """From ``old`` (None: nothing was published before) to ``new``; every tuple sorted by
    the session's time in the version that has it."""

    old: ScheduleVersion | None
    new: ScheduleVersion
    added: tuple[str, ...]
    cancelled: tuple[str, ...]
    moved: tuple[str, ...]  # another day, start, length or room
    renamed: tuple[str, ...]
    speakers: tuple[str, ...]  # other speakers or moderators

    @property
    def empty(self) -> bool:
        return not (self.added or self.cancelled or self.moved or self.renamed or self.speakers)

    @property
    def touched(self) -> frozenset[str]:
        """Sessions of the new version that differ from the old one in any way."""
        return frozenset((*self.added, *self.moved, *self.renamed, *self.speakers))

    def count(self) -> str:
        parts = [
            (len(self.moved), "moved"),
            (len(self.added), "added"),
            (len(self.cancelled), "cancelled"),
            (len(self.renamed), "renamed"),
            (len(self.speakers), "with other speakers"),
        ]
        return ", ".join(f"{n} {what}" for n, what in parts if n) or "no changes"

    def entry(self, ident: str) -> VersionSession:
        """The session as the new version has it, else as the old one had it."""
        if ident in self.new.sessions:
            return self.new.sessions[ident]
        assert self.old is not None
        return self.old.sessions[ident]

    def before(self, ident: str) -> VersionSession | None:
        return self.old.sessions.get(ident) if self.old is not None else None

    def names(self, entry: VersionSession, lang: str) -> str:
        people = {**(self.old.people if self.old else {}), **self.new.people}
        return ", ".join(localize(people.get(p), lang) or p for p in entry.speakers)

    def lines(self, lang: str) -> list[str]:
        """The changes as text, one line per change."""
        out: list[str] = []
        for ident in self.moved:
            before, after = self.before(ident), self.entry(ident)
            assert before is not None
            out.append(
                f"moved      {ident} «{localize(after.title, lang)}»: "
                f"{place(before, lang)} → {place(after, lang)}"
            )
        for ident in self.added:
            entry = self.entry(ident)
            out.append(f"added      {ident} «{localize(entry.title, lang)}»: {place(entry, lang)}")
        for ident in self.cancelled:
            entry = self.entry(ident)
            out.append(
                f"cancelled  {ident} «{localize(entry.title, lang)}» (was {place(entry, lang)})"
            )
        for ident in self.renamed:
            before, after = self.before(ident), self.entry(ident)
            assert before is not None
            out.append(
                f"renamed    {ident}: «{localize(before.title, lang)}» → "
                f"«{localize(after.title, lang)}»"
            )
        for ident in self.speakers:
            before, after = self.before(ident), self.entry(ident)
            assert before is not None
            out.append(
                f"speakers   {ident} «{localize(after.title, lang)}»: "
                f"{self.names(before, lang) or '—'} → {self.names(after, lang) or '—'}"
            )
        return out


def ends(entry: VersionSession) -> datetime:
    return datetime.combine(entry.date, entry.start) + timedelta(minutes=entry.length)


def place(entry: VersionSession, lang: str) -> str:
    """'2027-06-18 09:20–10:00 Main hall'."""
    return (
        f"{entry.date.isoformat()} {entry.start:%H:%M}–{ends(entry):%H:%M} "
        f"{localize(entry.room_name, lang)}"
    )


def diff(old: ScheduleVersion | None, new: ScheduleVersion) -> Changes:
    before = old.sessions if old is not None else {}
    after = new.sessions

    def order(ident: str) -> tuple[object, ...]:
        entry = after.get(ident) or before[ident]
        return (entry.date, entry.start, entry.room, ident)

    common = [i for i in after if i in before]
    return Changes(
        old=old,
        new=new,
        added=tuple(sorted((i for i in after if i not in before), key=order)),
        cancelled=tuple(sorted((i for i in before if i not in after), key=order)),
        moved=tuple(
            sorted(
                (
                    i
                    for i in common
                    if (before[i].date, before[i].start, before[i].length, before[i].room)
                    != (after[i].date, after[i].start, after[i].length, after[i].room)
                ),
                key=order,
            )
        ),
        renamed=tuple(sorted((i for i in common if before[i].title != after[i].title), key=order)),
        speakers=tuple(
            sorted((i for i in common if before[i].speakers != after[i].speakers), key=order)
        ),
    )
