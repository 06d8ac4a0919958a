"""The campaign calendar: what goes out when and on which channel, from the timeline in
promotion.yaml, as ``promo/campaign.ics`` (an all-day event per entry) and as rows for the
kit page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from icalendar import Calendar, Event

from confsite.i18n import Texts
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.promotion import Campaign
from confsite.promo.context import Promo
from confsite.promo.counting import post_path


@dataclass(frozen=True)
class Row:
    campaign: Campaign
    label: str  # the announcement in words, with its subject
    note: str
    channels: tuple[tuple[str, str], ...]  # (channel name, post path in the kit, or "")


def post_name(campaign: Campaign, days: Sequence[tuple[str, date]]) -> str:
    """The post a timeline entry sends (the file name in ``promo/posts/<channel>/``)."""
    if campaign.announcement == "day_of":
        day = next((ident for ident, when in days if when == campaign.date), None)
        day = day or (days[0][0] if days else None)
        return f"day_of-{day}" if day else "day_of"
    if campaign.announcement == "custom":
        return f"custom-{campaign.id}"
    if campaign.announcement in ("session", "keynote_reveal") and campaign.subject:
        return f"{campaign.announcement}-{campaign.subject}"
    return campaign.announcement


def rows(
    content: Content,
    lang: str,
    titles: Mapping[str, str],
    names: Mapping[str, str],
    days: Sequence[tuple[str, date]],
) -> list[Row]:
    """The timeline in date order, each entry with its channels and their posts' paths;
    ``titles`` and ``names`` name the sessions and speakers entries are about."""
    texts = Texts(lang)
    channels = {c.id: c for c in content.promotion.channels}
    out = []
    for campaign in sorted(content.promotion.timeline, key=lambda c: (c.date, c.id)):
        name = post_name(campaign, days)
        listed = []
        for ident in campaign.channels:
            channel = channels.get(ident)
            label = localize(channel.name, lang) if channel else ident
            path = post_path(channel, name) if channel and channel.language in (None, lang) else ""
            listed.append((label, path))
        label = texts[f"promo_announce_{campaign.announcement}"]
        subject = campaign.subject or ""
        if subject in titles or subject in names:
            label = f"{label}: {titles.get(subject) or names[subject]}"
        out.append(Row(campaign, label, localize(campaign.note, lang), tuple(listed)))
    return out


def calendar(promo: Promo, table: list[Row]) -> bytes:
    """``campaign.ics``: one all-day event per timeline entry, naming its channels."""
    cal = Calendar()
    cal.add("prodid", "-//confsite//campaign//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{promo.short_name}: {promo.texts.promo_kit}")
    conf = promo.content.conference
    for row in table:
        event = Event()
        event.add("uid", f"{row.campaign.id}@{conf.id}.confsite-campaign")
        event.add("dtstamp", promo.stamp)
        event.add("dtstart", row.campaign.date)
        event.add("dtend", row.campaign.date + timedelta(days=1))
        channels = ", ".join(name for name, _ in row.channels)
        event.add("summary", f"{row.label} ({channels})")
        lines = [row.note] if row.note else []
        lines += [f"{name}: {path}" for name, path in row.channels if path]
        if lines:
            event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
