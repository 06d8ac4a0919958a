"""View records: the content and the plan, grouped and sorted once for the templates.

Templates only loop over these records and print their fields; every decision (what is
scheduled, which room column a session spans, what a day's time rows are) is made here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import get_args
from zoneinfo import ZoneInfo

from confsite.i18n import Texts, clock, day_label
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.sessions import Level, Session, SessionKind
from confsite.model.timeslots import BREAK_KINDS, Day

NO_TRACK = "none"


@dataclass(frozen=True)
class TrackView:
    id: str
    name: str
    colour: str
    description: str


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str
    affiliation: str
    photo: str | None  # path of the image inside the docs tree


@dataclass(frozen=True)
class LinkView:
    label: str
    url: str


@dataclass(frozen=True)
class SessionView:
    id: str
    title: str
    subtitle: str
    kind: str
    kind_label: str
    track: TrackView | None
    level: str
    level_label: str
    language: str
    language_label: str
    abstract: str
    speakers: tuple[PersonRef, ...]
    moderators: tuple[PersonRef, ...]
    tags: tuple[str, ...]
    cancelled: bool
    links: tuple[LinkView, ...]
    feedback_url: str | None
    # The placement, when the plan has one.
    day: str | None = None
    day_label: str = ""
    date: date | None = None
    start: time | None = None
    end: time | None = None
    start_label: str = ""
    end_label: str = ""
    starts_at: str = ""  # ISO 8601 with the event's offset
    ends_at: str = ""
    room: str | None = None
    room_name: str = ""
    plenary: bool = False
    changed: bool = False  # changed in the latest schedule version, lately

    @property
    def scheduled(self) -> bool:
        return self.day is not None

    @property
    def track_id(self) -> str:
        return self.track.id if self.track else NO_TRACK

    @property
    def kind_differs(self) -> bool:
        """Whether the format says more than the track (a competition track's sessions are
        competitions: one chip is enough)."""
        return not self.track or self.track.name != self.kind_label

    @property
    def people_names(self) -> str:
        return ", ".join(person.name for person in (*self.speakers, *self.moderators))


@dataclass(frozen=True)
class GridCell:
    """One box of a day's grid: a session, or a break across every room."""

    row: int  # first CSS grid line (1 is the header row)
    row_end: int
    column: int  # first CSS grid line (1 is the time column)
    column_end: int
    session: SessionView | None = None
    label: str = ""  # for breaks
    kind: str = "session"  # session, plenary or break
    time_label: str = ""
    time_iso: str = ""


@dataclass(frozen=True)
class RoomView:
    id: str
    name: str
    capacity: int
    floor: str
    features: tuple[str, ...]
    description: str
    accessible: bool


@dataclass(frozen=True)
class TimeMark:
    row: int
    label: str
    minutes: int
    iso: str


@dataclass(frozen=True)
class DayView:
    id: str
    date: date
    label: str
    short_label: str
    rooms: tuple[RoomView, ...]
    rows: tuple[int, ...]  # height of each time row, in minutes
    marks: tuple[TimeMark, ...]
    cells: tuple[GridCell, ...]
    items: tuple[GridCell, ...]  # the same boxes in reading order, for the list view
    opens_at: str  # ISO 8601, for the "now" line
    closes_at: str
    first_minute: int


@dataclass(frozen=True)
class SpeakerView:
    id: str
    name: str
    name_latin: str
    pronouns: str
    affiliation: str
    title: str
    bio: str
    photo: str | None
    links: tuple[LinkView, ...]
    featured: bool
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class Agenda:
    """Everything the schedule, session and speaker pages need, in one language."""

    sessions: tuple[SessionView, ...]  # scheduled first, in time order; then unscheduled
    days: tuple[DayView, ...]
    speakers: tuple[SpeakerView, ...]
    tracks: tuple[TrackView, ...]
    kinds: tuple[tuple[str, str], ...]  # (id, label) of the kinds in use
    levels: tuple[tuple[str, str], ...]
    languages: tuple[tuple[str, str], ...]
    timezone: str

    @property
    def scheduled(self) -> tuple[SessionView, ...]:
        return tuple(s for s in self.sessions if s.scheduled)

    @property
    def unscheduled(self) -> tuple[SessionView, ...]:
        return tuple(s for s in self.sessions if not s.scheduled and not s.cancelled)

    @cached_property
    def _by_room(self) -> dict[tuple[str | None, str | None], list[SessionView]]:
        rooms: dict[tuple[str | None, str | None], list[SessionView]] = {}
        for other in self.sessions:
            if other.scheduled and not other.cancelled:
                rooms.setdefault((other.day, other.room), []).append(other)
        return rooms

    def neighbours(self, session: SessionView) -> tuple[SessionView | None, SessionView | None]:
        """The sessions before and after this one in the same room on the same day."""
        if not session.scheduled or session.cancelled:
            return None, None
        same = self._by_room[(session.day, session.room)]
        index = same.index(session)
        before = same[index - 1] if index > 0 else None
        after = same[index + 1] if index + 1 < len(same) else None
        return before, after


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def prose(markdown: str) -> str:
    """Markdown as the page should show it: a line break between two Chinese characters
    is removed, since Markdown would join the lines with a space that Chinese does not
    have. Paragraph breaks (blank lines) and lines starting a list stay as they are."""
    return _CJK_BREAK.sub("", markdown.strip())


def media_path(path: str | None) -> str | None:
    """Where a content file (media/…) lives inside the docs tree."""
    return path.replace("\\", "/") if path else None


def _person(content: Content, ident: str, lang: str) -> PersonRef:
    speaker = content.speaker[ident]
    return PersonRef(
        ident,
        speaker.display_name(lang),
        localize(speaker.affiliation, lang),
        media_path(speaker.photo),
    )


def track_views(content: Content, lang: str) -> tuple[TrackView, ...]:
    return tuple(
        TrackView(
            track.id,
            localize(track.name, lang),
            track.colour,
            localize(track.description, lang),
        )
        for track in content.tracks.tracks
    )


def room_views(content: Content, lang: str) -> tuple[RoomView, ...]:
    return tuple(
        RoomView(
            room.id,
            localize(room.name, lang),
            room.capacity,
            room.floor or "",
            room.features,
            localize(room.description, lang),
            room.accessible,
        )
        for room in content.venue.rooms
    )


def _links(session: Session, texts: Texts) -> tuple[LinkView, ...]:
    links = session.links
    pairs = [
        (texts.slides, links.slides),
        (texts.video, links.video),
        (texts.recording, links.recording),
        (texts.repository, links.repository),
        (texts.registration, links.registration),
    ]
    return tuple(LinkView(label, url) for label, url in pairs if url)


def _session_view(
    content: Content,
    ident: str,
    session: Session,
    placement: Placement | None,
    lang: str,
    texts: Texts,
    tracks: dict[str, TrackView],
    zone: ZoneInfo,
) -> SessionView:
    feedback = session.links.feedback or content.conference.after.feedback_url
    view = SessionView(
        id=ident,
        title=localize(session.title, lang),
        subtitle=localize(session.subtitle, lang),
        kind=session.kind,
        kind_label=texts[f"kind_{session.kind}"],
        track=tracks.get(session.track) if session.track else None,
        level=session.level,
        level_label=texts[f"level_{session.level}"],
        language=session.language,
        language_label=texts[f"lang_{session.language}"],
        abstract=prose(localize(session.abstract, lang)),
        speakers=tuple(_person(content, s, lang) for s in session.speakers),
        moderators=tuple(_person(content, s, lang) for s in session.moderators),
        tags=tuple(sorted(set(session.tags))),
        cancelled=session.status == "cancelled",
        links=_links(session, texts),
        feedback_url=feedback,
    )
    if placement is None or session.status == "cancelled":
        return view
    day = content.day[placement.day]
    begins = datetime.combine(day.date, placement.start, tzinfo=zone)
    ends = begins + timedelta(minutes=session.length)
    room = content.room.get(placement.room)
    return replace(
        view,
        day=day.id,
        day_label=localize(day.name, lang) or day_label(day.date, lang),
        date=day.date,
        start=placement.start,
        end=ends.timetz().replace(tzinfo=None),
        start_label=clock(placement.start, lang),
        end_label=clock(ends.time(), lang),
        starts_at=begins.isoformat(),
        ends_at=ends.isoformat(),
        room=placement.room,
        room_name=localize(room.name, lang) if room else placement.room,
        plenary=session.is_plenary,
    )


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _day_view(
    content: Content,
    day: Day,
    sessions: list[SessionView],
    rooms: tuple[RoomView, ...],
    lang: str,
    zone: ZoneInfo,
) -> DayView:
    on_day = [s for s in sessions if s.day == day.id]
    # Columns: the rooms where parallel sessions run this day; a day of plenary sessions
    # only gets the one column of their room.
    used = {s.room for s in on_day if not s.plenary} or {s.room for s in on_day}
    columns = tuple(room for room in rooms if room.id in used)[: max(1, len(used))]
    column_of = {room.id: index + 2 for index, room in enumerate(columns)}
    last_column = len(columns) + 2

    breaks = [slot for slot in day.slots if slot.kind in BREAK_KINDS]
    bounds: set[int] = set()
    for slot in day.slots:
        bounds.update((slot.start_minutes(), slot.end_minutes()))
    for s in on_day:
        assert s.start is not None and s.end is not None
        start = _minutes(s.start)
        bounds.update((start, start + _length(s)))
    lines = sorted(bounds)
    line_of = {minute: index + 2 for index, minute in enumerate(lines)}

    cells: list[GridCell] = []
    for s in on_day:
        assert s.start is not None
        start = _minutes(s.start)
        end = start + _length(s)
        if s.plenary or s.room not in column_of:
            first, last = 2, last_column
        else:
            first = column_of[s.room]
            last = first + 1
        cells.append(
            GridCell(
                line_of[start],
                line_of[end],
                first,
                last,
                session=s,
                kind="plenary" if s.plenary else "session",
            )
        )
    for slot in breaks:
        begins = day.at(slot.start_minutes()).replace(tzinfo=zone)
        cells.append(
            GridCell(
                line_of[slot.start_minutes()],
                line_of[slot.end_minutes()],
                2,
                last_column,
                label=localize(slot.name, lang) or Texts(lang)[f"kind_{_break_kind(slot.kind)}"],
                kind="break",
                time_label=clock(begins.time(), lang),
                time_iso=begins.isoformat(),
            )
        )
    cells.sort(key=lambda cell: (cell.row, cell.column, cell.session.id if cell.session else ""))

    starts = sorted({cell.row for cell in cells})
    minute_at = {line: minute for minute, line in line_of.items()}
    marks = tuple(
        TimeMark(
            row,
            clock(time(minute_at[row] // 60, minute_at[row] % 60), lang),
            minute_at[row],
            day.at(minute_at[row]).replace(tzinfo=zone).isoformat(),
        )
        for row in starts
    )
    rows = tuple(b - a for a, b in itertools.pairwise(lines))
    first_minute = lines[0] if lines else 0
    opens = _minutes(day.opens) if day.opens else first_minute
    closes = _minutes(day.closes) if day.closes else (lines[-1] if lines else opens)
    return DayView(
        id=day.id,
        date=day.date,
        label=localize(day.name, lang) or day_label(day.date, lang),
        short_label=day_label(day.date, lang),
        rooms=columns,
        rows=rows,
        marks=marks,
        cells=tuple(cells),
        items=tuple(cells),
        opens_at=day.at(opens).replace(tzinfo=zone).isoformat(),
        closes_at=day.at(closes).replace(tzinfo=zone).isoformat(),
        first_minute=first_minute,
    )


def _break_kind(kind: str) -> str:
    return "social" if kind == "social" else "break"


def _length(session: SessionView) -> int:
    assert session.start is not None and session.end is not None
    return (_minutes(session.end) - _minutes(session.start)) % (24 * 60) or 24 * 60


def agenda(
    content: Content,
    plan: dict[str, Placement],
    lang: str,
    changed: frozenset[str] = frozenset(),
) -> Agenda:
    """The agenda in one language: sessions with their places, day grids and speakers;
    those in ``changed`` are marked so."""
    texts = Texts(lang)
    zone = ZoneInfo(content.conference.timezone)
    tracks = track_views(content, lang)
    track_by_id = {track.id: track for track in tracks}
    rooms = room_views(content, lang)
    day_order = {day.id: index for index, day in enumerate(content.grid.days)}
    room_order = {room.id: index for index, room in enumerate(content.venue.rooms)}

    views = [
        _session_view(content, ident, session, plan.get(ident), lang, texts, track_by_id, zone)
        for ident, session in content.sessions
    ]
    if changed:
        views = [replace(v, changed=True) if v.id in changed else v for v in views]

    def order(view: SessionView) -> tuple:
        if view.scheduled:
            return (
                0,
                day_order[view.day or ""],
                view.start,
                room_order.get(view.room or "", 0),
                view.id,
            )
        return (1, 0, time(0), 0, view.id)

    views.sort(key=order)
    days = tuple(_day_view(content, day, views, rooms, lang, zone) for day in content.grid.days)
    by_person: dict[str, list[SessionView]] = {}
    for view in views:
        if view.cancelled:
            continue
        for person in (*view.speakers, *view.moderators):
            by_person.setdefault(person.id, []).append(view)
    speakers = tuple(
        SpeakerView(
            id=ident,
            name=speaker.display_name(lang),
            name_latin=speaker.name_latin or "",
            pronouns=speaker.pronouns or "",
            affiliation=localize(speaker.affiliation, lang),
            title=localize(speaker.title, lang),
            bio=prose(localize(speaker.bio, lang)),
            photo=media_path(speaker.photo),
            links=tuple(
                LinkView(localize(link.label, lang) or link.kind, link.url)
                for link in speaker.links
            ),
            featured=speaker.featured,
            sessions=tuple(dict.fromkeys(by_person.get(ident, []))),
        )
        for ident, speaker in sorted(
            content.speakers, key=lambda item: (item[1].display_name("en").lower(), item[0])
        )
    )
    in_use = [v for v in views if not v.cancelled]
    kinds = tuple(
        (kind, texts[f"kind_{kind}"])
        for kind in _ordered({v.kind for v in in_use}, texts_order=KIND_ORDER)
    )
    levels = tuple(
        (level, texts[f"level_{level}"])
        for level in _ordered({v.level for v in in_use}, texts_order=LEVEL_ORDER)
    )
    languages = tuple(
        (language, texts[f"lang_{language}"]) for language in sorted({v.language for v in in_use})
    )
    return Agenda(
        sessions=tuple(views),
        days=days,
        speakers=speakers,
        tracks=tracks,
        kinds=kinds,
        levels=levels,
        languages=languages,
        timezone=content.conference.timezone,
    )


# The order in which formats and levels are offered in filters: as the content format lists them.
KIND_ORDER: tuple[str, ...] = get_args(SessionKind)
LEVEL_ORDER: tuple[str, ...] = get_args(Level)


def _ordered(values: set[str], texts_order: tuple[str, ...]) -> list[str]:
    return [value for value in texts_order if value in values]
