"""Import a frab schedule (schedule.xml or schedule.json) into a content folder.

Reading is lenient: real files deviate from the schema, so what is broken is skipped or
repaired and counted in the report, with the reason. Every event becomes a session pinned
where the source put it (day, start, room) and placed there in plan.yaml; the time grid
gets one slot between each pair of neighbouring event starts and ends of a day, so that
every event starts at a slot start and covers whole back-to-back slots.

Speaker-provided text is sanitised (``confsite.importers.sanitise``); files are written
through ``confsite.importers.writer``, which keeps files the organiser edited.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from confsite.importers import sanitise
from confsite.importers.draft import (
    DAY_MINUTES,
    Draft,
    Event,
    Person,
    build_files,
    guess_kind,
    parse_date,
)
from confsite.importers.draft import text as _s
from confsite.importers.limits import (
    MAX_DAYS,
    MAX_PER_RECORD,
    MAX_ROOMS,
    MAX_SESSIONS,
    MAX_SPEAKERS,
    MAX_TRACKS,
)
from confsite.importers.report import ImportReport
from confsite.importers.source import (
    SourceProblem,
    as_dict,
    as_list,
    at_most,
    check_structures,
    parse_json,
    read_source,
)
from confsite.importers.writer import write_folder

# Fields of frab that have no place in the content format (see the module's report).
NOT_CARRIED = {
    "event guid / numeric id": "content ids are slugs; kept in the session's private notes",
    "event url": "sessions have no 'website' link; the site makes its own page",
    "event logo, attachments without a known kind": "no field for them",
    "recording license, do_not_record, optout": "no recording policy field",
    "links of an already-filled kind (a second video format)": "one link per kind",
    "language other than zh/en": "the site languages are zh and en; set to en",
    "generator, version, base_url, timeslot_duration, day_change": "the grid is rebuilt",
}


class FrabError(SourceProblem):
    """The source cannot be read at all (not XML or JSON, or no schedule in it)."""


# --- reading --------------------------------------------------------------------------------


@dataclass
class _Event:
    ref: str  # the source's id (or position) for messages
    source_id: str
    guid: str
    room: str
    day_date: date | None
    start: str
    when: str  # ISO date-time, maybe empty
    duration: str
    slug: str
    title: str
    subtitle: str
    track: str
    type: str
    language: str
    abstract: str
    description: str
    persons: list[tuple[str, str]]
    links: list[tuple[str, str]]
    url: str


@dataclass
class _Schedule:
    title: str = ""
    subtitle: str = ""
    acronym: str = ""
    start: str = ""
    end: str = ""
    timezone: str = ""
    venue: str = ""
    city: str = ""
    base_url: str = ""
    day_change: str = ""
    rooms: list[str] = field(default_factory=list)
    track_colours: dict[str, str] = field(default_factory=dict)
    events: list[_Event] = field(default_factory=list)
    entries: int = 0  # events seen, read or not


def _read_xml(data: bytes, report: ImportReport) -> _Schedule:
    # Every element opens with "<" (so do end tags and comments: an upper bound).
    check_structures(data.count(b"<"), "XML elements", "a frab schedule.xml")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        line, column = err.position
        message = str(err).split(": line ")[0]
        raise FrabError(f"not well-formed XML: {message}", line, column + 1) from None
    if root.tag != "schedule":
        raise FrabError(f"the root element is <{root.tag}>, not <schedule>")
    schedule = _Schedule()
    conf = root.find("conference")
    if conf is not None:
        for key in ("title", "subtitle", "acronym", "start", "end", "venue", "city"):
            setattr(schedule, key, _s(conf.findtext(key)))
        schedule.timezone = _s(conf.findtext("time_zone_name"))
        schedule.base_url = _s(conf.findtext("base_url"))
        schedule.day_change = _s(conf.findtext("day_change"))
        for track in conf.iter("track"):
            name = _s(track.get("name") or track.text)
            if name and track.get("color"):
                schedule.track_colours[name] = track.get("color", "")
                at_most(len(schedule.track_colours), MAX_TRACKS, "tracks")
    # schedule > day > room > event: each element is looked at once, however it nests.
    days = root.findall("day")
    at_most(len(days), MAX_DAYS, "days")
    for day in days:
        day_date = parse_date(day.get("date", ""))
        for room in day.findall("room"):
            room_name = _s(room.get("name"))
            _add_room(schedule, room_name)
            for event in room.findall("event"):
                _xml_event(schedule, event, day_date, room_name)
    return schedule


def _add_room(schedule: _Schedule, name: str) -> None:
    if name and name not in schedule.rooms:
        schedule.rooms.append(name)
        at_most(len(schedule.rooms), MAX_ROOMS, "rooms")


def _xml_event(schedule: _Schedule, event: ET.Element, day_date: date | None, room: str) -> None:
    """One <event> of a frab XML day and room, added to ``schedule``."""
    position = len(schedule.events) + 1
    at_most(position, MAX_SESSIONS, "events")
    source_id = _s(event.get("id"))
    where = f"event {source_id or f'#{position}'}"
    persons = event.findall("persons/person")
    links = [*event.findall("links/link"), *event.findall("attachments/attachment")]
    at_most(len(persons), MAX_PER_RECORD, "persons", where)
    at_most(len(links), MAX_PER_RECORD, "links", where)
    schedule.events.append(
        _Event(
            ref=source_id or f"#{position}",
            source_id=source_id,
            guid=_s(event.get("guid")),
            room=_s(event.findtext("room")) or room,
            day_date=day_date,
            start=_s(event.findtext("start")),
            when=_s(event.findtext("date")),
            duration=_s(event.findtext("duration")),
            slug=_s(event.findtext("slug")),
            title=event.findtext("title") or "",
            subtitle=event.findtext("subtitle") or "",
            track=_s(event.findtext("track")),
            type=_s(event.findtext("type")),
            language=_s(event.findtext("language")),
            abstract=event.findtext("abstract") or "",
            description=event.findtext("description") or "",
            persons=[(_s(p.get("id")), p.text or "") for p in persons],
            links=[(_s(a.get("href")), a.text or "") for a in links],
            url=_s(event.findtext("url")),
        )
    )


def _read_json(data: bytes, report: ImportReport) -> _Schedule:
    document = parse_json(data, "a frab schedule.json")
    top = as_dict(document, "the document", "an object with the schedule")
    outer = as_dict(top.get("schedule"), "schedule", "an object with the conference")
    conf = as_dict(outer.get("conference"), "schedule.conference", "an object")
    if not conf:
        raise FrabError("no schedule.conference object in the JSON")
    where = "schedule.conference"
    schedule = _Schedule(
        title=_s(conf.get("title")),
        subtitle=_s(conf.get("subtitle")),
        acronym=_s(conf.get("acronym")),
        start=_s(conf.get("start")),
        end=_s(conf.get("end")),
        timezone=_s(conf.get("time_zone_name")),
        venue=_s(conf.get("venue")),
        city=_s(conf.get("city")),
        base_url=_s(conf.get("base_url") or outer.get("base_url")),
    )
    for track in as_list(conf.get("tracks"), f"{where}.tracks", "tracks", MAX_TRACKS):
        if isinstance(track, dict) and _s(track.get("name")) and _s(track.get("color")):
            schedule.track_colours[_s(track["name"])] = _s(track["color"])
    for room in as_list(conf.get("rooms"), f"{where}.rooms", "rooms", MAX_ROOMS):
        _add_room(schedule, _s(room.get("name")) if isinstance(room, dict) else "")
    for index, day in enumerate(as_list(conf.get("days"), f"{where}.days", "days", MAX_DAYS)):
        if not isinstance(day, dict):
            report.skip("a day that is not an object", f"day #{index + 1}")
            continue
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            report.skip("rooms of a day that are not an object", _s(day.get("date")))
            continue
        at_most(len(rooms), MAX_ROOMS, "rooms", f"{where}.days[{index}].rooms")
        for room_name, events in rooms.items():
            _add_room(schedule, _s(room_name))
            at_where = f"{where}.days[{index}].rooms.{room_name}"
            for event in as_list(events, at_where, "events", MAX_SESSIONS):
                _json_event(schedule, event, parse_date(_s(day.get("date"))), _s(room_name), report)
    return schedule


def _json_event(
    schedule: _Schedule, event: object, day_date: date | None, room_name: str, report: ImportReport
) -> None:
    """One event of a frab JSON day and room, added to ``schedule``."""
    schedule.entries += 1
    position = schedule.entries
    at_most(position, MAX_SESSIONS, "events")
    if not isinstance(event, dict):
        report.skip("an event that is not an object", f"#{position}")
        return
    source_id = _s(event.get("id"))
    where = f"event {source_id or f'#{position}'}"
    persons = []
    for person in as_list(event.get("persons"), f"{where}: persons", "persons"):
        if isinstance(person, dict):
            name = person.get("public_name") or person.get("full_public_name") or person.get("name")
            persons.append((_s(person.get("id")), _s(name)))
        elif isinstance(person, str):
            persons.append(("", person))
    links = []
    for link in [
        *as_list(event.get("links"), f"{where}: links", "links"),
        *as_list(event.get("attachments"), f"{where}: attachments", "attachments"),
    ]:
        if isinstance(link, dict):
            links.append((_s(link.get("url") or link.get("href")), _s(link.get("title"))))
        elif isinstance(link, str):
            links.append((link.strip(), ""))
    schedule.events.append(
        _Event(
            ref=source_id or f"#{position}",
            source_id=source_id,
            guid=_s(event.get("guid")),
            room=_s(event.get("room")) or room_name,
            day_date=day_date,
            start=_s(event.get("start")),
            when=_s(event.get("date")),
            duration=_s(event.get("duration")),
            slug=_s(event.get("slug")),
            title=_s(event.get("title")),
            subtitle=_s(event.get("subtitle")),
            track=_s(event.get("track")),
            type=_s(event.get("type")),
            language=_s(event.get("language")),
            abstract=_s(event.get("abstract")),
            description=_s(event.get("description")),
            persons=persons,
            links=links,
            url=_s(event.get("url")),
        )
    )


def read_schedule(source: Path, report: ImportReport) -> _Schedule:
    """The schedule in ``source``, XML or JSON as its content says."""
    data = read_source(source)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        report.format = "frab XML"
        return _read_xml(data, report)
    if head in (b"{", b"["):
        report.format = "frab JSON"
        return _read_json(data, report)
    raise FrabError("neither XML nor JSON (expected a frab schedule.xml or schedule.json)")


# --- to a draft -----------------------------------------------------------------------------


_NUMBER = re.compile(r"[0-9]{1,6}")


def _minutes(value: str) -> int | None:
    """Minutes in 'HH:MM', 'HH:MM:SS' or 'D:HH:MM:SS' (frab durations and starts)."""
    parts = value.strip().split(":")
    # ASCII digits only (int() refuses "²"), and few: a day has 1,440 minutes.
    if not 2 <= len(parts) <= 4 or not all(_NUMBER.fullmatch(p.strip()) for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if len(numbers) == 2:
        hours, minutes = numbers
        return hours * 60 + minutes
    if len(numbers) == 3:
        hours, minutes, _ = numbers
        return hours * 60 + minutes
    days, hours, minutes, _ = numbers
    return days * DAY_MINUTES + hours * 60 + minutes


def _local_start(event: _Event, zone: ZoneInfo | None, day_change: int) -> datetime | None:
    """When the event starts, as a wall-clock time in the conference's time zone (None
    when it has no usable time, or one at the very ends of the calendar)."""
    try:
        return _wall_clock(event, zone, day_change)
    except OverflowError:
        return None


def _wall_clock(event: _Event, zone: ZoneInfo | None, day_change: int) -> datetime | None:
    if event.when:
        try:
            moment = datetime.fromisoformat(event.when.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is not None and zone is not None:
                return moment.astimezone(zone).replace(tzinfo=None)
            return moment.replace(tzinfo=None)
    start = _minutes(event.start)
    if start is None or event.day_date is None or start >= DAY_MINUTES:
        return None
    moment = datetime.combine(event.day_date, datetime.min.time()) + timedelta(minutes=start)
    if start < day_change:
        moment += timedelta(days=1)  # after midnight, still listed under the day before
    return moment


def to_draft(schedule: _Schedule, report: ImportReport) -> Draft:
    """The draft of ``schedule``: events without a room or a usable time are skipped (a frab
    schedule only lists scheduled events), as are repeated ids."""
    draft = Draft(
        command="frab",
        origin="a frab schedule",
        title=schedule.title,
        subtitle=schedule.subtitle,
        acronym=schedule.acronym,
        start=schedule.start,
        end=schedule.end,
        timezone=schedule.timezone,
        venue=schedule.venue,
        city=schedule.city,
        base_url=schedule.base_url,
        rooms=list(schedule.rooms),
        track_colours=dict(schedule.track_colours),
    )
    zone_name = schedule.timezone if schedule.timezone in available_timezones() else "UTC"
    try:
        zone: ZoneInfo | None = ZoneInfo(zone_name)
    except ZoneInfoNotFoundError:  # pragma: no cover - checked above
        zone = None
    day_change = _minutes(schedule.day_change) or 0
    seen: set[str] = set()
    for event in schedule.events:
        key = event.source_id or event.guid
        if key and key in seen:
            report.skip("duplicate event id (the first one is kept)", event.ref)
            continue
        if key:
            seen.add(key)
        if not sanitise.plain(event.room):
            report.skip("event without a room", event.ref)
            continue
        moment = _local_start(event, zone, day_change)
        if moment is None:
            report.skip("event without a usable date and start time", event.ref)
            continue
        length = _minutes(event.duration) or 0
        if length <= 0:
            report.repair("missing or zero duration; set to 5 minutes", event.ref)
            length = 5
        if event.start and moment.strftime("%H:%M") != event.start[:5].rjust(5, "0"):
            report.repair("start differs from its date; the date was used", event.ref)
        people = []
        for position, (person_id, raw_name) in enumerate(event.persons):
            name = sanitise.plain(raw_name)
            if person_id:
                person_key = f"id:{person_id}"
            elif name:
                person_key = f"name:{name.lower()}"
            else:
                person_key = f"unnamed:{event.ref}:{position}"
            if person_key not in draft.people:
                at_most(len(draft.people) + 1, MAX_SPEAKERS, "speakers")
                draft.people[person_key] = Person(name=raw_name, source_id=person_id)
            people.append(person_key)
        note = f"Imported from frab event {event.source_id or event.ref}"
        if event.guid:
            note += f" (guid {event.guid})"
        draft.events.append(
            Event(
                ref=event.ref,
                source_id=event.source_id,
                slug=event.slug,
                title=event.title,
                kind=guess_kind(event.type, sanitise.plain(event.title)),
                length=length,
                note=note,
                start=moment,
                room=event.room,
                subtitle=event.subtitle,
                track=event.track,
                language=event.language,
                abstract=[event.abstract, event.description],
                people=people,
                links=list(event.links),
            )
        )
    if not draft.events:
        raise FrabError("the schedule has no event that can be imported")
    return draft


def import_frab(source: Path, into: Path, *, force: bool = False) -> ImportReport:
    """Import the frab schedule ``source`` (XML or JSON) into the content folder ``into``.

    Raises ImportFailed naming the file (FrabError when it holds no frab schedule). Files
    the organiser edited since the last import are kept (``report.kept``) unless ``force``
    is true.
    """
    source = Path(source)
    into = Path(into)
    report = ImportReport(source=str(source), into=str(into), not_carried=dict(NOT_CARRIED))
    try:
        draft = to_draft(read_schedule(source, report), report)
    except SourceProblem as err:
        raise err.in_file(source) from None
    files = build_files(draft, report)
    report.record(write_folder(into, files, force=force, source=source.name))
    return report
