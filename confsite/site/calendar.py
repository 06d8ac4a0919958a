"""One .ics file per scheduled session, for the session page's "add to calendar" button.

Built with the icalendar library; the UID is stable across rebuilds (session id and
conference id), so re-importing the file updates the entry instead of adding another.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText

from confsite.model.content import Content
from confsite.site.views import SessionView


def session_calendar(content: Content, session: SessionView, url: str, stamp: datetime) -> bytes:
    conf = content.conference
    calendar = Calendar()
    calendar.add("prodid", "-//confsite//session calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"{session.id}@{conf.id}.confsite")
    event.add("dtstamp", stamp)
    zone = ZoneInfo(conf.timezone)
    event.add("dtstart", datetime.fromisoformat(session.starts_at).astimezone(zone))
    event.add("dtend", datetime.fromisoformat(session.ends_at).astimezone(zone))
    event.add("summary", session.title)
    people = session.people_names
    description = "\n\n".join(part for part in (people, session.abstract, url) if part)
    if description:
        event.add("description", description)
    event.add("location", vText(session.room_name))
    if url:
        event.add("url", url)
    categories = [c for c in (session.track.name if session.track else "", session.kind_label) if c]
    event.add("categories", categories)
    if session.cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(_vtimezone(conf.timezone))
    calendar.add_component(event)
    return calendar.to_ical()


@lru_cache(maxsize=8)
def _vtimezone(zone: str) -> Timezone:
    """The VTIMEZONE of the event's zone, worked out once (it takes tens of milliseconds)."""
    return Timezone.from_tzid(zone)
