"""The frab schedule (the feed of Giggity, EventFahrplan, ConfClerk), as one typed record.

Built once per export run from the programme; ``frab_xml`` and ``frab_json`` only write
this record out, so the two feeds cannot drift apart. What the apps need is decided here:
integer ids that are unique and stable, every day with a start and an end, durations below
24 hours, and days and rooms even when nothing is scheduled yet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from confsite import __version__
from confsite.export.ids import (
    acronym,
    guid,
    room_slug,
    slug_part,
    stable_numbers,
    track_slug,
)
from confsite.export.programme import (
    DayEntry,
    PersonEntry,
    Programme,
    RoomEntry,
    SessionEntry,
)
from confsite.model.content import Content

GENERATOR = "confsite"

# Giggity reads a duration as a time of day: 24:00 or more breaks it.
LONGEST_MINUTES = 23 * 60 + 59

# frab/voc link types (the JSON schema's enum) for the session links confsite knows.
LINK_TYPES = {
    "slides": "slides",
    "video": "media",
    "recording": "media",
    "repository": "web",
    "registration": "web",
}

# The JSON schema's time_zone_name pattern; a zone it refuses (Etc/GMT+8, EST5EDT) is left out.
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def clock_duration(minutes: int) -> str:
    """Minutes as frab's "HH:MM", never 24 hours or more."""
    minutes = max(0, min(minutes, LONGEST_MINUTES))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def web_address(url: str | None) -> str | None:
    """The address when it is an absolute http(s) one (all the XSD accepts), else None."""
    return url if url and re.match(r"https?://", url) else None


@dataclass(frozen=True)
class FrabPerson:
    id: int
    guid: str
    public_name: str


@dataclass(frozen=True)
class FrabLink:
    url: str
    title: str
    type: str | None


@dataclass(frozen=True)
class FrabEvent:
    id: int
    guid: str
    slug: str
    title: str
    subtitle: str | None
    type: str  # the session's kind: keynote, talk, workshop, …
    track: str | None  # the track's name
    language: str
    abstract: str
    room: str  # the room's name, as in FrabRoom.name
    starts: datetime  # aware
    ends: datetime
    url: str  # the session page, absolute; a urn:confsite: name when the site is unknown
    feedback_url: str | None
    persons: tuple[FrabPerson, ...]
    links: tuple[FrabLink, ...]

    @property
    def date(self) -> str:
        return self.starts.isoformat()

    @property
    def end(self) -> str:
        return self.ends.isoformat()

    @property
    def start(self) -> str:
        return f"{self.starts:%H:%M}"

    @property
    def duration(self) -> str:
        return clock_duration(int((self.ends - self.starts).total_seconds() // 60))


@dataclass(frozen=True)
class FrabRoom:
    name: str
    guid: str
    slug: str | None


@dataclass(frozen=True)
class FrabRoomDay:
    """One room on one day, with its events in time order (none is fine)."""

    room: FrabRoom
    events: tuple[FrabEvent, ...]


@dataclass(frozen=True)
class FrabDay:
    index: int  # from 1
    date: date
    starts: datetime  # aware
    ends: datetime
    rooms: tuple[FrabRoomDay, ...]


@dataclass(frozen=True)
class FrabTrack:
    name: str
    slug: str | None
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class FrabConference:
    acronym: str
    title: str
    start: date
    end: date
    timeslot_duration: str  # "HH:MM": the step of the time grid
    time_zone_name: str | None
    url: str | None  # the conference website
    base_url: str | None  # the site, for event pages and images
    logo: str | None
    colour: str
    tracks: tuple[FrabTrack, ...]
    rooms: tuple[FrabRoom, ...]  # every room that appears on some day


@dataclass(frozen=True)
class Schedule:
    version: str
    generator_version: str
    conference: FrabConference
    days: tuple[FrabDay, ...]


def build_schedule(content: Content, programme: Programme) -> Schedule:
    """The frab schedule of every scheduled session that goes ahead."""
    conf = content.conference
    short = acronym(conf.id, conf.start.year)
    # Numbered over all sessions and speakers, so (un)scheduling one moves no other id.
    event_ids = stable_numbers(content.session, f"{conf.id}/session")
    person_ids = stable_numbers(content.speaker, f"{conf.id}/speaker")
    rooms = {room.id: _room(conf.id, room) for room in programme.rooms}

    def person(entry: PersonEntry) -> FrabPerson:
        return FrabPerson(person_ids[entry.id], guid(conf.id, "speaker", entry.id), entry.name)

    def event(session: SessionEntry) -> FrabEvent:
        assert session.place is not None
        number = event_ids[session.id]
        return FrabEvent(
            id=number,
            guid=guid(conf.id, "session", session.id),
            slug=f"{short}-{number}-{slug_part(session.id)}",
            title=session.title,
            subtitle=session.subtitle or None,
            type=session.kind,
            track=session.track.name if session.track else None,
            language=session.language,
            abstract=session.abstract,
            room=rooms[session.place.room.id].name,
            starts=session.place.starts,
            ends=session.place.ends,
            # Without the site's address there is no page to link: the JSON schema wants
            # a URI all the same, so the event gets a name (a URN) instead of a location.
            url=session.url or f"urn:confsite:{conf.id}:session:{session.id}",
            feedback_url=web_address(session.feedback_url),
            persons=tuple(person(p) for p in session.people),
            links=tuple(
                FrabLink(link.url, link.label, LINK_TYPES.get(link.kind)) for link in session.links
            ),
        )

    by_day: dict[str, list[FrabEvent]] = {}
    for session in programme.scheduled:
        assert session.place is not None
        by_day.setdefault(session.place.day, []).append(event(session))
    days = tuple(
        _day(index, day, programme.rooms, rooms, by_day.get(day.id, []))
        for index, day in enumerate(programme.days, start=1)
    )
    used = {room_day.room.guid for day in days for room_day in day.rooms}
    base = web_address(programme.base_url)
    return Schedule(
        version=programme.version,
        generator_version=__version__,
        conference=FrabConference(
            acronym=short,
            title=programme.title,
            start=conf.start,
            end=conf.end,
            timeslot_duration=clock_duration(_grid_step(content)),
            time_zone_name=conf.timezone if _ZONE_NAME.search(conf.timezone) else None,
            url=web_address(conf.url),
            base_url=base,
            logo=base + conf.branding.logo if base and conf.branding.logo else None,
            colour=conf.branding.primary_colour.lower(),
            tracks=tuple(
                FrabTrack(track.name, track_slug(track.id), track.colour)
                for track in programme.tracks
            ),
            rooms=tuple(room for room in rooms.values() if room.guid in used),
        ),
        days=days,
    )


def _room(conference: str, room: RoomEntry) -> FrabRoom:
    return FrabRoom(room.name, guid(conference, "room", room.id), room_slug(room.id))


def _day(
    index: int,
    day: DayEntry,
    order: tuple[RoomEntry, ...],
    rooms: dict[str, FrabRoom],
    events: list[FrabEvent],
) -> FrabDay:
    """A day's rooms: those open and public, and any that holds an event, in venue order."""
    by_room: dict[str, list[FrabEvent]] = {}
    for event in events:
        by_room.setdefault(event.room, []).append(event)
    shown = tuple(
        FrabRoomDay(rooms[room.id], tuple(by_room.get(rooms[room.id].name, ())))
        for room in order
        if (room.public and room.id in day.open_rooms) or rooms[room.id].name in by_room
    )
    return FrabDay(index, day.date, day.starts, day.ends, shown)


def _grid_step(content: Content) -> int:
    """The time grid's step in minutes: what every slot start and length is a multiple of."""
    values = [
        value
        for day in content.grid.days
        for slot in day.slots
        for value in (slot.start_minutes(), slot.length)
    ]
    return math.gcd(*values) or 60
