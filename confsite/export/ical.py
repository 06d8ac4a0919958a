"""iCalendar files of sessions, built with the icalendar library.

The UID of a session is the one the session page's own .ics uses
(``<session>@<conference>.confsite``, see confsite/site/calendar.py), so a calendar that
imported either file recognises the other's entry and updates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from confsite.export.programme import Programme, SessionEntry

STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}


def session_uid(session_id: str, conference_id: str) -> str:
    return f"{session_id}@{conference_id}.confsite"


class EventCache:
    """Each session's VEVENT serialised once per run: a session appears in the whole
    calendar, its track's and each of its speakers', and serialising (line folding) is
    most of what a calendar costs."""

    def __init__(self, programme: Programme, stamp: datetime) -> None:
        self.programme = programme
        self.stamp = stamp
        self._events: dict[str, bytes] = {}

    def __call__(self, session: SessionEntry) -> bytes:
        event = self._events.get(session.id)
        if event is None:
            # Shared across runs too: `confsite serve` re-makes only the changed sessions'.
            key = (self.programme.conference_id, self.programme.venue_name, session, self.stamp)
            event = _SERIALISED.get(key)
            if event is None:
                event = session_event(self.programme, session, self.stamp).to_ical()
                if len(_SERIALISED) >= _SERIALISED_LIMIT:
                    _SERIALISED.clear()
                _SERIALISED[key] = event
            self._events[session.id] = event
        return event


# Serialised events by everything they are made of (entries are frozen, so hashable).
_SERIALISED: dict[tuple[object, ...], bytes] = {}
_SERIALISED_LIMIT = 50_000


def calendar_bytes(
    programme: Programme,
    name: str,
    sessions: Iterable[SessionEntry],
    stamp: datetime,
    events: EventCache | None = None,
) -> bytes:
    """A calendar named ``name`` holding the placed ones of ``sessions``: the calendar's
    own lines, its VTIMEZONE and the events, exactly as icalendar writes them."""
    events = events or EventCache(programme, stamp)
    parts = [_head_bytes(name, programme.timezone), _vtimezone_bytes(programme.timezone)]
    parts += [events(session) for session in sessions if session.place is not None]
    parts.append(_END)
    return b"".join(parts)


_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=50_000)
def _head_bytes(name: str, timezone: str) -> bytes:
    """A calendar's own lines (before its VTIMEZONE and events), once per name: a preview
    re-makes hundreds of session calendars whose names did not change."""
    calendar = Calendar()
    calendar.add("prodid", "-//confsite//schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    head = calendar.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)]


def session_event(programme: Programme, session: SessionEntry, stamp: datetime) -> Event:
    assert session.place is not None
    place = session.place
    event = Event()
    event.add("uid", session_uid(session.id, programme.conference_id))
    event.add("dtstamp", stamp)
    # Raised each time the session moves or is cancelled (from the schedule versions), so
    # calendar apps that imported it take the new time.
    event.add("sequence", session.sequence)
    event.add("dtstart", place.starts)
    event.add("dtend", place.ends)
    event.add("summary", session.title)
    people = ", ".join(person.name for person in session.people)
    description = "\n\n".join(part for part in (people, session.abstract, session.url) if part)
    if description:
        event.add("description", description)
    event.add("location", ", ".join(n for n in (place.room.name, programme.venue_name) if n))
    if session.url:
        event.add("url", session.url)
    categories = [c for c in (session.track.name if session.track else "", session.kind) if c]
    event.add("categories", categories)
    event.add("status", STATUS.get(session.status, "CONFIRMED"))
    return event


@lru_cache(maxsize=8)
def _vtimezone_bytes(zone: str) -> bytes:
    """The VTIMEZONE of the event's zone, worked out once (it takes tens of milliseconds)."""
    return Timezone.from_tzid(zone).to_ical()
