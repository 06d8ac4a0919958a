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

import itertools
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from confsite.importers import sanitise
from confsite.importers.writer import dump_yaml, write_folder

DEFAULT_CAPACITY = 100
DEFAULT_TRACK = "general"
PALETTE = (
    "#3f51b5",
    "#e91e63",
    "#009688",
    "#ff9800",
    "#9c27b0",
    "#4caf50",
    "#795548",
    "#2196f3",
    "#f44336",
    "#607d8b",
    "#cddc39",
    "#00bcd4",
)
DAY_MINUTES = 24 * 60

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


class FrabError(ValueError):
    """The source cannot be read at all (not XML or JSON, or no schedule in it)."""


@dataclass
class ImportReport:
    """What an import did: counts, what was skipped or repaired (reason: items), conflicts
    the source itself has, and what happened to each file."""

    source: str
    into: str
    format: str = ""
    sessions: int = 0
    speakers: int = 0
    rooms: int = 0
    days: int = 0
    tracks: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)
    repaired: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_carried: dict[str, str] = field(default_factory=lambda: dict(NOT_CARRIED))

    def skip(self, reason: str, item: str) -> None:
        self.skipped.setdefault(reason, []).append(item)

    def repair(self, reason: str, item: str) -> None:
        self.repaired.setdefault(reason, []).append(item)

    @property
    def conflicting_sessions(self) -> set[str]:
        """Sessions the source itself puts in one room together or gives a busy speaker."""
        return {ident for _, a, b, _ in self.conflicts for ident in (a, b)}

    def lines(self) -> list[str]:
        """The report as text, for the command line."""
        out = [
            f"Imported {self.source} ({self.format}) into {self.into}: "
            f"{self.sessions} sessions, {self.speakers} speakers, {self.rooms} rooms, "
            f"{self.days} days, {self.tracks} tracks"
        ]

        def show(title: str, groups: dict[str, list[str]]) -> None:
            for reason, items in sorted(groups.items()):
                shown = ", ".join(items[:5]) + (", …" if len(items) > 5 else "")
                out.append(f"{title} {len(items)}: {reason} ({shown})")

        show("skipped", self.skipped)
        show("repaired", self.repaired)
        for kind, first, second, detail in self.conflicts:
            out.append(f"conflict in the source: {kind}: {first} and {second} ({detail})")
        out.append(
            f"files: {len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.kept)} kept"
        )
        for name in self.kept:
            out.append(f"kept (edited since the last import; use --force to replace): {name}")
        return out


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


def _s(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _read_xml(data: bytes, report: ImportReport) -> _Schedule:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise FrabError(f"not well-formed XML: {err}") from err
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
    position = 0
    for day in root.iter("day"):
        day_date = _parse_date(day.get("date", ""))
        for room in day.iter("room"):
            if room.get("name") is None:
                continue  # an event's own <room> element
            room_name = _s(room.get("name"))
            if room_name and room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in room.iter("event"):
                position += 1
                persons = [(_s(p.get("id")), p.text or "") for p in event.findall("persons/person")]
                links = [(_s(a.get("href")), a.text or "") for a in event.findall("links/link")]
                links += [
                    (_s(a.get("href")), a.text or "")
                    for a in event.findall("attachments/attachment")
                ]
                source_id = _s(event.get("id"))
                schedule.events.append(
                    _Event(
                        ref=source_id or f"#{position}",
                        source_id=source_id,
                        guid=_s(event.get("guid")),
                        room=_s(event.findtext("room")) or room_name,
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
                        persons=persons,
                        links=links,
                        url=_s(event.findtext("url")),
                    )
                )
    return schedule


def _read_json(data: bytes, report: ImportReport) -> _Schedule:
    try:
        document = json.loads(data)
    except ValueError as err:
        raise FrabError(f"not valid JSON: {err}") from err
    conf = (document.get("schedule") or {}).get("conference") if isinstance(document, dict) else {}
    if not isinstance(conf, dict):
        raise FrabError("no schedule.conference object in the JSON")
    schedule = _Schedule(
        title=_s(conf.get("title")),
        subtitle=_s(conf.get("subtitle")),
        acronym=_s(conf.get("acronym")),
        start=_s(conf.get("start")),
        end=_s(conf.get("end")),
        timezone=_s(conf.get("time_zone_name")),
        venue=_s(conf.get("venue")),
        city=_s(conf.get("city")),
        base_url=_s(conf.get("base_url") or document["schedule"].get("base_url")),
    )
    for track in conf.get("tracks") or []:
        if isinstance(track, dict) and _s(track.get("name")) and _s(track.get("color")):
            schedule.track_colours[_s(track["name"])] = _s(track["color"])
    for room in conf.get("rooms") or []:
        name = _s(room.get("name")) if isinstance(room, dict) else ""
        if name and name not in schedule.rooms:
            schedule.rooms.append(name)
    position = 0
    for day in conf.get("days") or []:
        if not isinstance(day, dict):
            report.skip("a day that is not an object", f"day #{position}")
            continue
        day_date = _parse_date(_s(day.get("date")))
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            report.skip("rooms of a day that are not an object", _s(day.get("date")))
            continue
        for room_name, events in rooms.items():
            room_name = _s(room_name)
            if room_name and room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in events or []:
                position += 1
                if not isinstance(event, dict):
                    report.skip("an event that is not an object", f"#{position}")
                    continue
                persons = []
                for person in event.get("persons") or []:
                    if isinstance(person, dict):
                        name = (
                            person.get("public_name")
                            or person.get("full_public_name")
                            or person.get("name")
                        )
                        persons.append((_s(person.get("id")), _s(name)))
                    elif isinstance(person, str):
                        persons.append(("", person))
                links = []
                for link in [*(event.get("links") or []), *(event.get("attachments") or [])]:
                    if isinstance(link, dict):
                        links.append(
                            (_s(link.get("url") or link.get("href")), _s(link.get("title")))
                        )
                    elif isinstance(link, str):
                        links.append((link.strip(), ""))
                source_id = _s(event.get("id"))
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
    return schedule


def read_schedule(source: Path, report: ImportReport) -> _Schedule:
    """The schedule in ``source``, XML or JSON as its content says."""
    data = source.read_bytes()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        report.format = "frab XML"
        return _read_xml(data, report)
    if head in (b"{", b"["):
        report.format = "frab JSON"
        return _read_json(data, report)
    raise FrabError(f"{source} is neither XML nor JSON")


# --- mapping --------------------------------------------------------------------------------


def slugify(text: str, limit: int = 80) -> str:
    """A content id from any text ('' when nothing of it is Latin letters or digits)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-_")
    return slug[:limit].rstrip("-_")


class _Ids:
    """Unique, stable ids: the slug of a name, made unique with the source id."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.used: set[str] = set()

    def make(self, text: str, source_id: str) -> str:
        tail = slugify(source_id, 20) or str(len(self.used) + 1)
        base = slugify(text, 80) or f"{self.prefix}-{tail}"
        ident = base
        if ident in self.used:
            ident = f"{base[: 79 - len(tail)].rstrip('-_')}-{tail}"
        counter = 2
        while ident in self.used:
            ident = f"{base[:74].rstrip('-_')}-{tail}-{counter}"[:80]
            counter += 1
        self.used.add(ident)
        return ident


def _minutes(value: str) -> int | None:
    """Minutes in 'HH:MM', 'HH:MM:SS' or 'D:HH:MM:SS' (frab durations and starts)."""
    parts = value.strip().split(":")
    if not 2 <= len(parts) <= 4 or not all(p.strip().isdigit() for p in parts):
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


GENERIC_TYPES = {"", "talk", "lecture", "other", "session", "event"}


def _kind(frab_type: str, title: str) -> str:
    # A generic type ("talk") says little: "Afternoon break" typed as a talk is a break.
    generic = frab_type.strip().lower() in GENERIC_TYPES
    words = f"{frab_type} {title if generic else ''}".lower()
    if generic and re.search(r"\b(break|pause|intermission)\b", title.lower()):
        return "break"
    for needle, kind in (
        ("lightning", "lightning"),
        ("workshop", "workshop"),
        ("panel", "panel"),
        ("podium", "panel"),
        ("discussion", "panel"),
        ("bof", "panel"),
        ("meeting", "panel"),
        ("keynote", "keynote"),
        ("ceremony", "ceremony"),
        ("social", "social"),
        ("lunch", "break"),
        ("breakfast", "break"),
        ("coffee", "break"),
        ("dinner", "social"),
        ("day trip", "social"),
        ("party", "social"),
        ("concert", "social"),
        ("performance", "social"),
    ):
        if needle in words:
            return kind
    return "talk"


def _link_kind(href: str, title: str) -> str | None:
    low = f"{title} {href}".lower()
    path = href.lower().split("?")[0]
    if "feedback" in low:
        return "feedback"
    if "slide" in low or path.endswith((".pdf", ".odp", ".ppt", ".pptx", ".key")):
        return "slides"
    if "video" in low or path.endswith((".webm", ".mp4", ".mkv", ".ogv", ".m3u8")):
        return "video"
    if "record" in low or path.endswith((".mp3", ".ogg", ".opus")):
        return "recording"
    if any(h in low for h in ("github.com", "gitlab", "codeberg.org", "salsa.debian", "repo")):
        return "repository"
    if "regist" in low or "signup" in low or "sign up" in low:
        return "registration"
    return None


def _zone(name: str, report: ImportReport) -> str:
    if name and name in available_timezones():
        return name
    if name:
        report.repair(f"unknown time zone {name!r}; used UTC", "conference")
    else:
        report.repair("no time zone in the source; used UTC", "conference")
    return "UTC"


def _local_start(event: _Event, zone: ZoneInfo | None, day_change: int) -> datetime | None:
    """When the event starts, as a wall-clock time in the conference's time zone."""
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


@dataclass
class _Placed:
    ident: str
    event: _Event
    day: date
    start: int
    length: int
    room: str
    people: tuple[str, ...]


def _conflicts(placed: list[_Placed], report: ImportReport) -> None:
    """Sessions the source puts in one room at once, or a speaker in two at once."""
    groups: dict[tuple[str, date, str], list[_Placed]] = defaultdict(list)
    for item in placed:
        groups[("room clash", item.day, item.room)].append(item)
        for person in item.people:
            groups[("speaker clash", item.day, person)].append(item)
    for (kind, day, who), items in sorted(groups.items(), key=lambda kv: str(kv[0])):
        items.sort(key=lambda p: (p.start, p.ident))
        for index, first in enumerate(items):
            for second in items[index + 1 :]:
                if second.start >= first.start + first.length:
                    break
                report.conflicts.append(
                    (kind, first.ident, second.ident, f"{who} on {day.isoformat()}")
                )


def _slots(items: list[_Placed]) -> list[dict[str, Any]]:
    """One slot between each pair of neighbouring starts and ends, where an event runs."""
    edges = sorted({p.start for p in items} | {p.start + p.length for p in items})
    spans = [(p.start, p.start + p.length) for p in items]
    slots = []
    for begin, end in itertools.pairwise(edges):
        if any(a <= begin and end <= b for a, b in spans):
            slots.append({"start": f"{begin // 60:02d}:{begin % 60:02d}", "length": end - begin})
    return slots


def _rich_text(*parts: str) -> str:
    cleaned: list[str] = []
    for part in parts:
        text = sanitise.rich(part)
        if text and sanitise.plain(text) and text not in cleaned:
            cleaned.append(text)
    return "\n\n".join(cleaned)


def _build(schedule: _Schedule, report: ImportReport) -> dict[str, str]:
    """The content folder's files (relative path: text) for ``schedule``."""
    zone_name = _zone(schedule.timezone, report)
    try:
        zone: ZoneInfo | None = ZoneInfo(zone_name)
    except ZoneInfoNotFoundError:  # pragma: no cover - checked above
        zone = None
    day_change = _minutes(schedule.day_change) or 0

    # Rooms ----------------------------------------------------------------------------
    room_ids: dict[str, str] = {}
    rooms_made = _Ids("room")
    for name in [*schedule.rooms, *(e.room for e in schedule.events)]:
        label = sanitise.plain(name)
        if name and label and name not in room_ids:
            room_ids[name] = rooms_made.make(label, str(len(room_ids) + 1))

    # Events ---------------------------------------------------------------------------
    seen_events: set[str] = set()
    speakers: dict[str, dict[str, Any]] = {}
    speaker_key: dict[tuple[str, str], str] = {}
    speaker_ids = _Ids("speaker")
    session_ids = _Ids("session")
    tracks: dict[str, str] = {}
    track_ids = _Ids("track")
    sessions: dict[str, dict[str, Any]] = {}
    placed: list[_Placed] = []
    for event in schedule.events:
        key = event.source_id or event.guid
        if key and key in seen_events:
            report.skip("duplicate event id (the first one is kept)", event.ref)
            continue
        if key:
            seen_events.add(key)
        title = sanitise.plain(event.title)
        if not title:
            title = f"Untitled event {event.ref}"
            report.repair("event without a title; named after its id", event.ref)
        if event.room not in room_ids:
            report.skip("event without a room", event.ref)
            continue
        moment = _local_start(event, zone, day_change)
        if moment is None:
            report.skip("event without a usable date and start time", event.ref)
            continue
        start = moment.hour * 60 + moment.minute
        length = _minutes(event.duration) or 0
        if length <= 0:
            report.repair("missing or zero duration; set to 5 minutes", event.ref)
            length = 5
        if start + length > DAY_MINUTES:
            report.repair("runs past midnight; cut at midnight", event.ref)
            length = DAY_MINUTES - start
        if moment.strftime("%H:%M") != event.start[:5].rjust(5, "0") and event.start:
            report.repair("start differs from its date; the date was used", event.ref)

        ident = session_ids.make(event.slug or title, event.source_id or event.ref)
        people: list[str] = []
        for person_id, raw_name in event.persons:
            name = sanitise.plain(raw_name)
            if not name:
                report.skip("person without a name", f"{event.ref}/{person_id or '?'}")
                continue
            pkey = ("id", person_id) if person_id else ("name", name.lower())
            if pkey not in speaker_key:
                sid = speaker_ids.make(name, person_id)
                speaker_key[pkey] = sid
                speakers[sid] = {"name": name}
            sid = speaker_key[pkey]
            if sid not in people:
                people.append(sid)

        track_id = None
        track_name = sanitise.plain(event.track)
        if track_name:
            if track_name not in tracks:
                tracks[track_name] = track_ids.make(track_name, str(len(tracks) + 1))
            track_id = tracks[track_name]

        kind = _kind(event.type, title)
        language = event.language.lower()
        if language.startswith("zh"):
            lang = "zh"
        else:
            lang = "en"
            if language and not language.startswith("en"):
                report.repair(f"language {event.language!r} is not zh/en; set to en", event.ref)

        links: dict[str, str] = {}
        for href, _label in event.links:
            if sanitise.is_active_url(href):
                report.skip("link with a javascript:/vbscript: address", event.ref)
                continue
            target, repaired = sanitise.repair_url(href, schedule.base_url)
            if target is None:
                report.skip(f"link that is not an http(s) address: {href[:60]!r}", event.ref)
                continue
            if repaired:
                report.repair("link address completed (relative path or no scheme)", event.ref)
            link_kind = _link_kind(target, _label)
            if link_kind and link_kind not in links:
                links[link_kind] = target

        record: dict[str, Any] = {"kind": kind, "title": title}
        subtitle = sanitise.plain(event.subtitle)
        if subtitle:
            record["subtitle"] = subtitle
        abstract = _rich_text(event.abstract, event.description)
        if abstract:
            record["abstract"] = abstract
        if people:
            record["speakers"] = people
        record["length"] = length
        if track_id:
            record["track"] = track_id
        record["language"] = lang
        if kind in ("keynote", "ceremony"):
            record["plenary"] = False  # the source runs it beside other rooms
        day_id = moment.date().isoformat()
        record["pin"] = {"day": day_id, "start": f"{start // 60:02d}:{start % 60:02d}"}
        record["pin"]["room"] = room_ids[event.room]
        if links:
            record["links"] = links
        note = f"Imported from frab event {event.source_id or event.ref}"
        if event.guid:
            note += f" (guid {event.guid})"
        record["notes"] = note
        sessions[ident] = record
        placed.append(
            _Placed(ident, event, moment.date(), start, length, room_ids[event.room], tuple(people))
        )

    if not placed:
        raise FrabError("the schedule has no event that can be imported")
    _conflicts(placed, report)

    # Conference ------------------------------------------------------------------------
    dates = sorted({p.day for p in placed})
    begin = _parse_date(schedule.start)
    end = _parse_date(schedule.end)
    if begin is None or begin > dates[0]:
        report.repair("conference start missing or after an event; set to the first event", "start")
        begin = dates[0]
    if end is None or end < dates[-1]:
        report.repair("conference end missing or before an event; set to the last event", "end")
        end = dates[-1]
    title = sanitise.plain(schedule.title) or "Imported conference"
    conf_id = slugify(sanitise.plain(schedule.acronym)) or slugify(title) or "conference"
    conference: dict[str, Any] = {"id": conf_id, "name": title}
    if schedule.acronym and sanitise.plain(schedule.acronym) != title:
        conference["short_name"] = sanitise.plain(schedule.acronym)
    if sanitise.plain(schedule.subtitle):
        conference["tagline"] = sanitise.plain(schedule.subtitle)
    conference |= {
        "start": begin.isoformat(),
        "end": end.isoformat(),
        "timezone": zone_name,
        "languages": ["en"],
    }
    url = sanitise.url(schedule.base_url)
    if url:
        conference["url"] = url
    if sanitise.plain(schedule.city):
        conference["city"] = sanitise.plain(schedule.city)

    venue_name = sanitise.plain(schedule.venue) or title
    venue = {
        "name": venue_name,
        "address": sanitise.plain(schedule.city) or venue_name,
        "rooms": [
            {"id": ident, "name": sanitise.plain(name), "capacity": DEFAULT_CAPACITY}
            for name, ident in room_ids.items()
        ],
    }

    track_list = []
    for index, (name, ident) in enumerate(tracks.items()):
        colour = schedule.track_colours.get(name, "")
        if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
            colour = "#" + "".join(c * 2 for c in colour[1:])
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            colour = PALETTE[index % len(PALETTE)]
        track_list.append({"id": ident, "name": name, "colour": colour.lower()})
    if not track_list:
        track_list.append({"id": DEFAULT_TRACK, "name": "General", "colour": PALETTE[0]})

    by_day: dict[date, list[_Placed]] = defaultdict(list)
    for item in placed:
        by_day[item.day].append(item)
    days = [
        {"id": day.isoformat(), "date": day.isoformat(), "name": f"{day:%A} {day.day} {day:%B}"}
        | {"slots": _slots(by_day[day])}
        for day in dates
    ]

    header = "# Imported from a frab schedule by `confsite import frab`.\n"
    files = {
        "conference.yaml": dump_yaml(conference, header),
        "venue.yaml": dump_yaml(venue, header),
        "tracks.yaml": dump_yaml({"tracks": track_list}, header),
        "timeslots.yaml": dump_yaml({"days": days}, header),
    }
    for sid, speaker in speakers.items():
        files[f"speakers/{sid}.yaml"] = dump_yaml(speaker)
    for ident, record in sessions.items():
        files[f"sessions/{ident}.yaml"] = dump_yaml(record)
    plan_lines = [
        "# The agenda as the frab schedule has it (written by `confsite import frab`).",
        "version: 1",
        f"conference: {conf_id}",
        "sessions:",
    ]
    for item in sorted(placed, key=lambda p: (p.day, p.start, p.room, p.ident)):
        plan_lines.append(
            f'  {item.ident}: {{day: "{item.day.isoformat()}", '
            f'start: "{item.start // 60:02d}:{item.start % 60:02d}", room: {item.room}}}'
        )
    files["plan.yaml"] = "\n".join(plan_lines) + "\n"

    report.sessions = len(sessions)
    report.speakers = len(speakers)
    report.rooms = len(room_ids)
    report.days = len(days)
    report.tracks = len(track_list)
    return files


def import_frab(source: Path, into: Path, *, force: bool = False) -> ImportReport:
    """Import the frab schedule ``source`` (XML or JSON) into the content folder ``into``.

    Raises FrabError when the source cannot be read at all. Files the organiser edited
    since the last import are kept (``report.kept``) unless ``force`` is true.
    """
    source = Path(source)
    into = Path(into)
    report = ImportReport(source=str(source), into=str(into))
    schedule = read_schedule(source, report)
    files = _build(schedule, report)
    result = write_folder(into, files, force=force, source=source.name)
    report.written = result.written
    report.unchanged = result.unchanged
    report.kept = result.kept
    report.removed = result.removed
    return report
