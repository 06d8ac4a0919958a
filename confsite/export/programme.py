"""The programme every export reads: content and plan resolved once, in one language.

Only public fields are copied in (no contact details, notes or budget), so an exporter
that reads this record cannot leak them. Sessions come placed first, in time order
(day, start, room), then the unplaced ones by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from confsite.export.ids import plan_version
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.sessions import Session
from confsite.model.speakers import Speaker
from confsite.model.timeslots import Day
from confsite.model.versions import VersionSession
from confsite.plan.versions import History, snapshot

# The session links, in the order pages show them.
SESSION_LINK_KINDS = ("slides", "video", "recording", "repository", "registration")


@dataclass(frozen=True)
class TrackEntry:
    id: str
    name: str
    colour: str  # "#rrggbb", lower case


@dataclass(frozen=True)
class RoomEntry:
    id: str
    name: str  # unique among the rooms (a room id is added when two names are the same)
    public: bool  # listed on the venue page


@dataclass(frozen=True)
class DayEntry:
    id: str
    date: date
    starts: datetime  # aware; the day's opening, or earlier when a session starts before it
    ends: datetime  # aware; the day's closing, or later when a session ends after it
    open_rooms: tuple[str, ...]  # ids of the rooms open this day, in venue order


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    affiliation: str


@dataclass(frozen=True)
class LinkEntry:
    kind: str  # one of SESSION_LINK_KINDS, or a speaker link's kind (website, github, …)
    label: str
    url: str


@dataclass(frozen=True)
class PlaceEntry:
    day: str
    date: date
    room: RoomEntry
    starts: datetime  # aware, in the conference's time zone
    ends: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends - self.starts).total_seconds() // 60)


@dataclass(frozen=True)
class SessionEntry:
    id: str
    title: str
    subtitle: str
    kind: str
    track: TrackEntry | None
    level: str
    language: str
    abstract: str  # markdown
    speakers: tuple[PersonEntry, ...]
    moderators: tuple[PersonEntry, ...]
    tags: tuple[str, ...]
    status: str  # confirmed, tentative or cancelled
    links: tuple[LinkEntry, ...]
    page: str  # the session page's path in the site, "sessions/<id>/"
    url: str  # the session page's absolute address, or "" when the site's is not known
    feedback_url: str | None
    place: PlaceEntry | None  # kept for a cancelled session, so calendars can cancel it
    sequence: int = 0  # times its time or room changed across schedule versions

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def scheduled(self) -> bool:
        """Placed by the plan and going ahead."""
        return self.place is not None and not self.cancelled

    @property
    def people(self) -> tuple[PersonEntry, ...]:
        """Speakers, then moderators, each once."""
        return tuple({p.id: p for p in (*self.speakers, *self.moderators)}.values())


@dataclass(frozen=True)
class SpeakerEntry:
    id: str
    name: str
    name_latin: str
    affiliation: str
    title: str
    bio: str  # markdown
    photo: str | None  # path of the image inside the site
    links: tuple[LinkEntry, ...]
    sessions: tuple[str, ...]  # ids of the sessions they speak at or moderate (not cancelled)


@dataclass(frozen=True)
class Programme:
    conference_id: str
    language: str
    title: str
    timezone: str
    venue_name: str
    base_url: str  # absolute, ending in "/", or ""
    version: str  # the schedule version ("3 Final"); a hash of the placements without one
    days: tuple[DayEntry, ...]
    rooms: tuple[RoomEntry, ...]  # venue order; rooms only the plan names come last
    tracks: tuple[TrackEntry, ...]
    sessions: tuple[SessionEntry, ...]
    speakers: tuple[SpeakerEntry, ...]  # by id

    @property
    def placed(self) -> tuple[SessionEntry, ...]:
        """Sessions with a time and room, cancelled ones included (calendars cancel them)."""
        return tuple(s for s in self.sessions if s.place is not None)

    @property
    def scheduled(self) -> tuple[SessionEntry, ...]:
        """Sessions with a time and room that go ahead."""
        return tuple(s for s in self.sessions if s.scheduled)


def site_base_url(content: Content) -> str:
    """The default language's site address, as the build sets it: conference.url + "/"."""
    url = content.conference.url
    return url.rstrip("/") + "/" if url else ""


def build_programme(
    content: Content,
    plan: Mapping[str, Placement],
    *,
    base_url: str,
    lang: str | None = None,
    history: History | None = None,
) -> Programme:
    """The programme in ``lang`` (default: the conference's first language). With the
    schedule's ``history``, sessions carry their SEQUENCE, and sessions an earlier version
    had that are now cancelled or gone keep their last place, so calendars cancel them."""
    history = history or History()
    conf = content.conference
    lang = lang or conf.languages[0]
    zone = ZoneInfo(conf.timezone)
    base = base_url.rstrip("/") + "/" if base_url else ""
    placements = {ident: plan[ident] for ident in content.session if ident in plan}
    tracks = tuple(
        TrackEntry(track.id, localize(track.name, lang), track.colour.lower())
        for track in content.tracks.tracks
    )
    rooms = _rooms(content, placements, lang)
    room_by_id = {room.id: room for room in rooms}
    track_by_id = {track.id: track for track in tracks}
    people = {
        ident: PersonEntry(ident, speaker.display_name(lang), localize(speaker.affiliation, lang))
        for ident, speaker in content.speakers
    }
    now, _ = snapshot(content, placements)
    gone = history.cancelled(content)
    sessions = []
    for ident, session in content.sessions:
        entry = _session(
            content,
            ident,
            session,
            placements.get(ident),
            lang=lang,
            zone=zone,
            base=base,
            tracks=track_by_id,
            rooms=room_by_id,
            people=people,
        )
        if entry.place is None and ident in gone:
            entry = replace(entry, place=_last_place(gone[ident][1], zone, room_by_id, lang))
        sessions.append(replace(entry, sequence=history.sequence(ident, now.get(ident))))
    for ident, (_, last) in gone.items():
        if ident not in content.session:
            sessions.append(_withdrawn(ident, last, history, lang, zone, base, room_by_id, people))
    day_order = {day.id: index for index, day in enumerate(content.grid.days)}
    room_order = {room.id: index for index, room in enumerate(rooms)}
    sessions.sort(
        key=lambda s: (
            (
                0,
                day_order.get(s.place.day, len(day_order)),
                s.place.starts,
                room_order.get(s.place.room.id, len(room_order)),
                s.id,
            )
            if s.place
            else (1, 0, None, 0, s.id)
        )
    )
    # Who gives what, worked out once (not once per speaker).
    given: dict[str, list[str]] = {}
    for entry in sessions:
        if not entry.cancelled:
            for person in entry.people:
                given.setdefault(person.id, []).append(entry.id)
    return Programme(
        conference_id=conf.id,
        language=lang,
        title=localize(conf.name, lang),
        timezone=conf.timezone,
        venue_name=localize(content.venue.name, lang),
        base_url=base,
        version=_version(history, content, placements),
        days=tuple(_day(content, day, sessions, zone) for day in content.grid.days),
        rooms=rooms,
        tracks=tracks,
        sessions=tuple(sessions),
        speakers=tuple(
            _speaker(ident, speaker, tuple(given.get(ident, ())), lang)
            for ident, speaker in content.speakers
        ),
    )


def _version(history: History, content: Content, placements: Mapping[str, Placement]) -> str:
    latest = history.latest
    if latest is None:
        return plan_version(placements)
    label = f"{latest.version} {latest.name}" if latest.name else str(latest.version)
    if not history.matches(content, placements):
        label += f"+{plan_version(placements)}"  # the plan changed since it was recorded
    return label


def _last_place(
    entry: VersionSession, zone: ZoneInfo, rooms: dict[str, RoomEntry], lang: str
) -> PlaceEntry:
    starts = datetime.combine(entry.date, entry.start, tzinfo=zone)
    return PlaceEntry(
        day=entry.day,
        date=entry.date,
        room=rooms.get(entry.room) or RoomEntry(entry.room, localize(entry.room_name, lang), False),
        starts=starts,
        ends=starts + timedelta(minutes=entry.length),
    )


def _withdrawn(
    ident: str,
    last: VersionSession,
    history: History,
    lang: str,
    zone: ZoneInfo,
    base: str,
    rooms: dict[str, RoomEntry],
    people: dict[str, PersonEntry],
) -> SessionEntry:
    """A session an earlier version published that the content no longer has."""
    names = {k: v for version in history.versions for k, v in version.people.items()}
    page = f"sessions/{ident}/"
    return SessionEntry(
        id=ident,
        title=localize(last.title, lang),
        subtitle="",
        kind=last.kind,
        track=None,
        level="all",
        language=lang,
        abstract="",
        speakers=tuple(
            people.get(p) or PersonEntry(p, localize(names.get(p), lang) or p, "")
            for p in last.speakers
        ),
        moderators=(),
        tags=(),
        status="cancelled",
        links=(),
        page=page,
        url=base + page if base else "",
        feedback_url=None,
        place=_last_place(last, zone, rooms, lang),
        sequence=history.sequence(ident, None),
    )


def _rooms(content: Content, plan: Mapping[str, Placement], lang: str) -> tuple[RoomEntry, ...]:
    named = [(room.id, localize(room.name, lang), room.public) for room in content.venue.rooms]
    known = {room.id for room in content.venue.rooms}
    # A hand-edited plan may name a room the venue does not list: keep its id as its name.
    named += [(ident, ident, False) for ident in sorted({p.room for p in plan.values()} - known)]
    counts: dict[str, int] = {}
    for _, name, _ in named:
        counts[name] = counts.get(name, 0) + 1
    return tuple(
        RoomEntry(ident, name if counts[name] == 1 else f"{name} ({ident})", public)
        for ident, name, public in named
    )


def _session(
    content: Content,
    ident: str,
    session: Session,
    placement: Placement | None,
    *,
    lang: str,
    zone: ZoneInfo,
    base: str,
    tracks: dict[str, TrackEntry],
    rooms: dict[str, RoomEntry],
    people: dict[str, PersonEntry],
) -> SessionEntry:
    page = f"sessions/{ident}/"
    feedback = session.links.feedback or content.conference.after.feedback_url
    return SessionEntry(
        id=ident,
        title=localize(session.title, lang),
        subtitle=localize(session.subtitle, lang),
        kind=session.kind,
        track=tracks.get(session.track) if session.track else None,
        level=session.level,
        language=session.language,
        abstract=localize(session.abstract, lang).strip(),
        speakers=tuple(people[p] for p in session.speakers if p in people),
        moderators=tuple(people[p] for p in session.moderators if p in people),
        tags=tuple(sorted(set(session.tags))),
        status=session.status,
        links=tuple(
            LinkEntry(kind, kind, url)
            for kind in SESSION_LINK_KINDS
            if (url := getattr(session.links, kind))
        ),
        page=page,
        url=base + page if base else "",
        feedback_url=feedback,
        place=_place(content, session, placement, zone, rooms),
    )


def _place(
    content: Content,
    session: Session,
    placement: Placement | None,
    zone: ZoneInfo,
    rooms: dict[str, RoomEntry],
) -> PlaceEntry | None:
    if placement is None or placement.day not in content.day:
        return None
    day = content.day[placement.day]
    starts = datetime.combine(day.date, placement.start, tzinfo=zone)
    return PlaceEntry(
        day=day.id,
        date=day.date,
        room=rooms[placement.room],
        starts=starts,
        ends=starts + timedelta(minutes=session.length),
    )


def _day(content: Content, day: Day, sessions: list[SessionEntry], zone: ZoneInfo) -> DayEntry:
    first = min(slot.start_minutes() for slot in day.slots)
    last = max(slot.end_minutes() for slot in day.slots)
    opens = day.opens.hour * 60 + day.opens.minute if day.opens else first
    closes = day.closes.hour * 60 + day.closes.minute if day.closes else last
    starts = day.at(min(opens, first)).replace(tzinfo=zone)
    ends = day.at(max(closes, last)).replace(tzinfo=zone)
    for session in sessions:
        if session.scheduled and session.place and session.place.day == day.id:
            starts = min(starts, session.place.starts)
            ends = max(ends, session.place.ends)
    open_rooms = tuple(
        room.id for room in content.venue.rooms if not day.rooms or room.id in day.rooms
    )
    return DayEntry(day.id, day.date, starts, ends, open_rooms)


def _speaker(ident: str, speaker: Speaker, sessions: tuple[str, ...], lang: str) -> SpeakerEntry:
    return SpeakerEntry(
        id=ident,
        name=speaker.display_name(lang),
        name_latin=speaker.name_latin or "",
        affiliation=localize(speaker.affiliation, lang),
        title=localize(speaker.title, lang),
        bio=localize(speaker.bio, lang).strip(),
        photo=speaker.photo.replace("\\", "/") if speaker.photo else None,
        links=tuple(
            LinkEntry(link.kind, localize(link.label, lang) or link.kind, link.url)
            for link in speaker.links
        ),
        sessions=sessions,
    )
