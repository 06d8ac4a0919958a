"""The common ground of every importer: a draft of the conference, and the content folder
made from it.

Each importer reads its format into a ``Draft`` (raw text, as the source has it) and calls
``build_files``, which sanitises the text (``confsite.importers.sanitise``), makes stable
ids, and writes conference, venue, tracks, time grid, speakers, sessions and, for what the
source has already scheduled, pins and a plan. Sessions the source has not scheduled get
no pin; when nothing is scheduled at all the grid is made up (09:00 to 18:00 with a lunch
break) and ``confsite plan`` places them.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import available_timezones

from confsite import stamps
from confsite.importers import sanitise
from confsite.importers.fit import fit_folder, fit_waiting
from confsite.importers.limits import MAX_DAYS, MAX_TEXT_CHARS
from confsite.importers.report import ImportFailed, ImportReport
from confsite.importers.source import SourceProblem, at_most
from confsite.importers.writer import dump_yaml
from confsite.model.common import MAX_MINUTES
from confsite.model.sessions import PLENARY_KINDS
from confsite.slugs import Ids, slugify

DEFAULT_CAPACITY = 100
DEFAULT_TRACK = "general"
DEFAULT_ROOM = "Main hall"
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
# The made-up grid when the source schedules nothing: two blocks around lunch.
MORNING = (9 * 60, 12 * 60 + 30)
AFTERNOON = (13 * 60 + 30, 18 * 60)


@dataclass
class Person:
    """A speaker as the source describes them (raw text; sanitised when written)."""

    name: str
    source_id: str = ""
    bio: str = ""
    affiliation: str = ""
    title: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    email: str = ""
    photo: str = ""  # an address: recorded in the private notes, not downloaded
    featured: bool = False


@dataclass
class Event:
    """A session as the source describes it. ``start`` is the wall-clock time in the
    conference's zone; None (with no room) when the source has not scheduled it."""

    ref: str  # what messages call it: the source's id, or its position
    source_id: str
    title: str
    kind: str
    length: int
    note: str  # private: where it came from
    slug: str = ""  # the source's own short name, preferred for the id
    start: datetime | None = None
    room: str = ""
    subtitle: str = ""
    track: str = ""
    language: str = ""
    abstract: list[str] = field(default_factory=list)  # rich text parts, joined
    people: list[str] = field(default_factory=list)  # keys of Draft.people
    links: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    level: str | None = None
    tags: list[str] = field(default_factory=list)
    plenary: bool | None = None
    status: str = "confirmed"


@dataclass
class Draft:
    """The whole conference as read from a source."""

    command: str  # frab, pretalx, sessionize: for the files' headers
    origin: str  # "a frab schedule": for the files' headers
    title: str = ""
    subtitle: str = ""
    acronym: str = ""
    start: str = ""
    end: str = ""
    timezone: str = ""
    venue: str = ""
    city: str = ""
    base_url: str = ""
    rooms: list[str] = field(default_factory=list)
    track_colours: dict[str, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)


# --- small helpers the readers share --------------------------------------------------------


def text(value: Any) -> str:
    """A scalar as stripped text ('' for None, lists and objects)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


GENERIC_TYPES = {"", "talk", "lecture", "other", "session", "event", "presentation"}


# Words that tell the kind when the source's type names one; the second list are the only
# ones trusted in a title (a talk "on performance" or "about meetings" is still a talk).
_TYPE_WORDS = (
    ("lightning", "lightning"),
    ("workshop", "workshop"),
    ("tutorial", "workshop"),
    ("hands-on", "workshop"),
    ("panel", "panel"),
    ("podium", "panel"),
    ("round table", "panel"),
    ("roundtable", "panel"),
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
)
_TITLE_WORDS = (
    "lightning talk",
    "workshop",
    "keynote",
    "ceremony",
    "day trip",
    "lunch",
    "breakfast",
    "coffee",
    "dinner",
)


def guess_kind(source_type: str, title: str) -> str:
    """The session kind for a source's type name (and, when the type says little, its
    title: "Afternoon break" typed as a talk is a break)."""
    low_type = source_type.strip().lower()
    low_title = title.lower()
    if low_type in GENERIC_TYPES:
        if re.search(r"\b(break|pause|intermission)\b", low_title):
            return "break"
        words = " ".join(w for w in _TITLE_WORDS if w in low_title)
    else:
        words = low_type
    for needle, kind in _TYPE_WORDS:
        if needle in words:
            return kind
    return "talk"


def guess_level(value: str) -> str | None:
    """beginner, intermediate, advanced or all, from a level's wording; None if unknown."""
    low = value.lower()
    if not low.strip():
        return None
    if any(w in low for w in ("advanced", "expert", "deep dive")):
        return "advanced"
    if "intermediate" in low:
        return "intermediate"
    if any(w in low for w in ("beginner", "novice", "introduct", "no experience", "basic")):
        return "beginner"
    if re.search(r"\b(all|any|everyone|general)\b", low):
        return "all"
    return None


def link_kind(href: str, title: str) -> str | None:
    """What a session link is (slides, video, …) from its address and label; None if unclear."""
    low = f"{title} {href}".lower()
    path = href.lower().split("?")[0]
    if "feedback" in low:
        return "feedback"
    if "slide" in low or path.endswith((".pdf", ".odp", ".ppt", ".pptx", ".key")):
        return "slides"
    if (
        "video" in low
        or "youtube.com" in low
        or "youtu.be" in low
        or path.endswith((".webm", ".mp4", ".mkv", ".ogv", ".m3u8"))
    ):
        return "video"
    if "record" in low or path.endswith((".mp3", ".ogg", ".opus")):
        return "recording"
    if any(h in low for h in ("github.com", "gitlab", "codeberg.org", "salsa.debian", "repo")):
        return "repository"
    if "regist" in low or "signup" in low or "sign up" in low:
        return "registration"
    return None


def profile_kind(href: str, label: str) -> str:
    """What a speaker's link is (x, linkedin, github, …; website when unclear)."""
    low = f"{label} {href}".lower()
    for needle, kind in (
        ("twitter", "x"),
        ("x.com/", "x"),
        ("linkedin", "linkedin"),
        ("github", "github"),
        ("gitlab", "gitlab"),
        ("mastodon", "mastodon"),
        ("bsky", "bluesky"),
        ("bluesky", "bluesky"),
        ("weibo", "weibo"),
        ("zhihu", "zhihu"),
        ("youtube", "youtube"),
        ("blog", "blog"),
    ):
        if needle in low:
            return kind
    return "website"


# --- building the content folder ------------------------------------------------------------


@dataclass
class _Placed:
    ident: str
    day: date
    start: int
    length: int
    room: str
    people: tuple[str, ...]
    plenary: bool = False


def _zone(name: str, report: ImportReport) -> str:
    if name and name in available_timezones():
        return name
    if name:
        report.repair(f"unknown time zone {name!r}; used UTC", "conference")
    else:
        report.repair("no time zone in the source; used UTC", "conference")
    return "UTC"


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
                detail = f"{who} on {day.isoformat()}"
                if not report.conflict(kind, first.ident, second.ident, detail):
                    return


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slots(items: list[_Placed]) -> list[dict[str, Any]]:
    """One slot between each pair of neighbouring starts and ends, where a session runs;
    a plenary slot where a plenary session runs (alone, see ``_plenaries``)."""
    edges = sorted({p.start for p in items} | {p.start + p.length for p in items})
    slots = []
    for begin, end in itertools.pairwise(edges):
        covering = [p for p in items if p.start <= begin and end <= p.start + p.length]
        if covering:
            slot: dict[str, Any] = {"start": _clock(begin), "length": end - begin}
            if any(p.plenary for p in covering):
                slot["kind"] = "plenary"
            slots.append(slot)
    return slots


def _plenaries(
    placed: list[_Placed], sessions: dict[str, dict[str, Any]], report: ImportReport
) -> None:
    """A session the source calls plenary stays so only when nothing runs beside it."""
    for item in placed:
        if not item.plenary:
            continue
        beside = [
            other.ident
            for other in placed
            if other is not item
            and other.day == item.day
            and other.start < item.start + item.length
            and item.start < other.start + other.length
        ]
        if beside:
            item.plenary = False
            sessions[item.ident]["plenary"] = False
            report.repair(
                "plenary in the source while other sessions run beside it; not plenary",
                item.ident,
            )


def _made_up_slots(unit: int) -> list[dict[str, Any]]:
    slots: list[dict[str, Any]] = [
        {"start": _clock(minute), "length": unit} for minute in range(*MORNING, unit)
    ]
    slots.append(
        {
            "start": _clock(MORNING[1]),
            "length": AFTERNOON[0] - MORNING[1],
            "kind": "lunch",
            "name": "Lunch",
        }
    )
    slots += [{"start": _clock(minute), "length": unit} for minute in range(*AFTERNOON, unit)]
    return slots


def _rich_text(parts: list[str]) -> str:
    cleaned: list[str] = []
    for part in parts:
        value = sanitise.rich(part)
        if value and sanitise.plain(value) and value not in cleaned:
            cleaned.append(value)
    return "\n\n".join(cleaned)


def _links(
    pairs: list[tuple[str, str]], ref: str, base: str, report: ImportReport
) -> list[tuple[str, str]]:
    """The pairs whose address may be published (completed when it can be)."""
    kept = []
    for href, label in pairs:
        if sanitise.is_active_url(href):
            report.skip("link with a javascript:/vbscript: address", ref)
            continue
        target, repaired = sanitise.repair_url(href, base)
        if target is None:
            report.skip(f"link that is not an http(s) address: {href[:60]!r}", ref)
            continue
        if repaired:
            report.repair("link address completed (relative path or no scheme)", ref)
        kept.append((target, label))
    return kept


def _speaker(person: Person, ref: str, base: str, report: ImportReport) -> dict[str, Any]:
    record: dict[str, Any] = {"name": sanitise.plain(person.name)}
    for key in ("affiliation", "title"):
        value = sanitise.plain(getattr(person, key))
        if value:
            record[key] = value
    bio = _rich_text([person.bio])
    if bio:
        record["bio"] = bio
    links = []
    seen: set[str] = set()
    for target, label in _links(person.links, ref, base, report):
        if target not in seen:
            seen.add(target)
            links.append({"url": target, "kind": profile_kind(target, label)})
    if links:
        record["links"] = links
    if person.featured:
        record["featured"] = True
    email = sanitise.plain(person.email)
    if email and "@" in email:
        record["contact"] = {"email": email}
    photo = sanitise.url(person.photo)
    if photo:
        record["notes"] = f"Photo in the source (not downloaded): {photo}"
    return record


def build_files(draft: Draft, report: ImportReport) -> dict[str, str]:
    """The content folder's files (relative path: text) for ``draft``; fills the report's
    counts. Raises ImportFailed when no session can be imported."""
    zone_name = _zone(draft.timezone, report)
    base = draft.base_url
    _cut_long_texts(draft, report)

    # Rooms ----------------------------------------------------------------------------
    room_ids: dict[str, str] = {}
    rooms_made = Ids("room")
    for name in [*draft.rooms, *(e.room for e in draft.events)]:
        label = sanitise.plain(name)
        if name and label and name not in room_ids:
            room_ids[name] = rooms_made.make(label, str(len(room_ids) + 1))

    # Sessions and their speakers ------------------------------------------------------
    speakers: dict[str, dict[str, Any]] = {}
    speaker_of: dict[str, str] = {}  # person key: speaker id
    speaker_ids = Ids("speaker")
    session_ids = Ids("session")
    tracks: dict[str, str] = {}
    track_ids = Ids("track")
    sessions: dict[str, dict[str, Any]] = {}
    placed: list[_Placed] = []
    waiting: list[tuple[str, int]] = []  # unscheduled: (id, length)
    # The conference's language: the one most sessions that state theirs are in.
    stated = [e.language.lower()[:2] for e in draft.events if e.language]
    main_language = "zh" if stated.count("zh") > len(stated) - stated.count("zh") else "en"
    for event in draft.events:
        title = sanitise.plain(event.title)
        if not title:
            title = f"Untitled session {event.ref}"
            report.repair("session without a title; named after its id", event.ref)
        scheduled = event.start is not None and event.room in room_ids
        start = length = 0
        if scheduled:
            assert event.start is not None
            start = event.start.hour * 60 + event.start.minute
            length = event.length
            if start + length > DAY_MINUTES:
                report.repair("runs past midnight; cut at midnight", event.ref)
                length = DAY_MINUTES - start
        else:
            length = event.length
            if length > MAX_MINUTES:
                raise SourceProblem(
                    f"session {event.ref}: length: {length} minutes is longer than a session "
                    f"may be (expected at most {MAX_MINUTES} minutes)"
                )
            if length % 5:
                report.repair("length not a multiple of 5 minutes; rounded up", event.ref)
                length += 5 - length % 5
        ident = session_ids.make(event.slug or title, event.source_id or event.ref)
        people: list[str] = []
        for key in event.people:
            person = draft.people.get(key)
            if person is None:
                report.skip("speaker that the source does not describe", f"{event.ref}/{key}")
                continue
            name = sanitise.plain(person.name)
            if not name:
                report.skip("person without a name", f"{event.ref}/{person.source_id or '?'}")
                continue
            if key not in speaker_of:
                sid = speaker_ids.make(name, person.source_id)
                speaker_of[key] = sid
                speakers[sid] = _speaker(person, sid, base, report)
            sid = speaker_of[key]
            if sid not in people:
                people.append(sid)

        track_id = None
        track_name = sanitise.plain(event.track)
        if track_name:
            if track_name not in tracks:
                tracks[track_name] = track_ids.make(track_name, str(len(tracks) + 1))
            track_id = tracks[track_name]

        language = event.language.lower()
        if language.startswith("zh"):
            lang = "zh"
        elif not language:
            lang = main_language
        else:
            lang = "en"
            if not language.startswith("en"):
                report.repair(f"language {event.language!r} is not zh/en; set to en", event.ref)

        links: dict[str, str] = {}
        for target, label in _links(event.links, event.ref, base, report):
            kind_of_link = link_kind(target, label)
            if kind_of_link and kind_of_link not in links:
                links[kind_of_link] = target

        record: dict[str, Any] = {"kind": event.kind, "title": title}
        subtitle = sanitise.plain(event.subtitle)
        if subtitle:
            record["subtitle"] = subtitle
        abstract = _rich_text(event.abstract)
        if abstract:
            record["abstract"] = abstract
        if people:
            record["speakers"] = people
        record["length"] = length
        if track_id:
            record["track"] = track_id
        if event.level:
            record["level"] = event.level
        record["language"] = lang
        tags = [t for t in dict.fromkeys(sanitise.plain(t) for t in event.tags) if t]
        if tags:
            record["tags"] = tags
        if event.plenary is not None:
            record["plenary"] = event.plenary
        elif scheduled and event.kind in PLENARY_KINDS:
            record["plenary"] = False  # the source runs it beside other rooms
        if event.status != "confirmed":
            record["status"] = event.status
        if scheduled:
            assert event.start is not None
            record["pin"] = {
                "day": event.start.date().isoformat(),
                "start": _clock(start),
                "room": room_ids[event.room],
            }
            placed.append(
                _Placed(
                    ident,
                    event.start.date(),
                    start,
                    length,
                    room_ids[event.room],
                    tuple(people),
                    plenary=bool(record.get("plenary")),
                )
            )
        else:
            waiting.append((ident, length))
        if links:
            record["links"] = links
        record["notes"] = event.note
        sessions[ident] = record

    if not sessions:
        raise ImportFailed(f"{draft.origin} has no session that can be imported")
    _plenaries(placed, sessions, report)
    _conflicts(placed, report)

    # Rooms when the source names none ------------------------------------------------
    if not room_ids:
        room_ids[DEFAULT_ROOM] = slugify(DEFAULT_ROOM)
        report.repair(f"no rooms in the source; made one, {DEFAULT_ROOM!r}", "venue")

    # Days and the time grid -----------------------------------------------------------
    begin = parse_date(draft.start)
    end = parse_date(draft.end)
    by_day: dict[date, list[_Placed]] = defaultdict(list)
    for item in placed:
        by_day[item.day].append(item)
    at_most(len(by_day), MAX_DAYS, "days with sessions")
    grid: dict[date, list[dict[str, Any]]] = {day: _slots(by_day[day]) for day in sorted(by_day)}
    if not placed:
        if begin is None:
            begin = stamps.build_date().date()
            report.repair(
                "no dates in the source; the conference starts on the build date "
                "(edit conference.yaml)",
                "start",
            )
        grid = _made_up_grid(begin, waiting, len(room_ids), report)
    elif waiting:
        report.repair(
            "not scheduled in the source while others are; confsite plan places them if "
            "the grid has room (timeslots.yaml has slots only where the source has sessions)",
            ", ".join(ident for ident, _ in waiting),
        )
    report.unscheduled = len(waiting)
    fit_waiting(grid, [ident for ident, _ in waiting], sessions, report)
    dates = sorted(grid)
    if begin is None or begin > dates[0]:
        if placed:
            report.repair(
                "conference start missing or after a session; set to the first session", "start"
            )
        begin = dates[0]
    if end is None or end < dates[-1]:
        if placed:
            report.repair(
                "conference end missing or before a session; set to the last session", "end"
            )
        end = dates[-1]

    # Conference, venue, tracks --------------------------------------------------------
    title = sanitise.plain(draft.title) or "Imported conference"
    if not sanitise.plain(draft.title):
        report.repair("no conference name in the source; edit conference.yaml", "conference")
    conf_id = slugify(sanitise.plain(draft.acronym)) or slugify(title) or "conference"
    conference: dict[str, Any] = {"id": conf_id, "name": title}
    acronym = sanitise.plain(draft.acronym)
    if acronym and acronym != title:
        conference["short_name"] = acronym
    if sanitise.plain(draft.subtitle):
        conference["tagline"] = sanitise.plain(draft.subtitle)
    conference |= {
        "start": begin.isoformat(),
        "end": end.isoformat(),
        "timezone": zone_name,
        "languages": [main_language],
    }
    url = sanitise.url(draft.base_url)
    if url:
        conference["url"] = url
    city = sanitise.plain(draft.city)
    if city:
        conference["city"] = city

    venue_name = sanitise.plain(draft.venue) or title
    venue = {
        "name": venue_name,
        "address": city or venue_name,
        "rooms": [
            {"id": ident, "name": sanitise.plain(name), "capacity": DEFAULT_CAPACITY}
            for name, ident in room_ids.items()
        ],
    }

    track_list = []
    for index, (name, ident) in enumerate(tracks.items()):
        colour = draft.track_colours.get(name, "")
        if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
            colour = "#" + "".join(c * 2 for c in colour[1:])
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            colour = PALETTE[index % len(PALETTE)]
        track_list.append({"id": ident, "name": name, "colour": colour.lower()})
    if not track_list:
        track_list.append({"id": DEFAULT_TRACK, "name": "General", "colour": PALETTE[0]})

    days = [
        {"id": day.isoformat(), "date": day.isoformat(), "name": f"{day:%A} {day.day} {day:%B}"}
        | {"slots": grid[day]}
        for day in dates
    ]

    header = f"# Imported from {draft.origin} by `confsite import {draft.command}`.\n"
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
    if placed:
        plan_lines = [
            f"# The agenda as {draft.origin} has it "
            f"(written by `confsite import {draft.command}`).",
            "version: 1",
            f"conference: {conf_id}",
            "sessions:",
        ]
        for item in sorted(placed, key=lambda p: (p.day, p.start, p.room, p.ident)):
            plan_lines.append(
                f'  {item.ident}: {{day: "{item.day.isoformat()}", '
                f'start: "{_clock(item.start)}", room: {item.room}}}'
            )
        files["plan.yaml"] = "\n".join(plan_lines) + "\n"

    fit_folder(files, report)
    report.sessions = len(sessions)
    report.speakers = len(speakers)
    report.rooms = len(room_ids)
    report.days = len(days)
    report.tracks = len(track_list)
    return files


def _cut_long_texts(draft: Draft, report: ImportReport) -> None:
    """Cut every text longer than MAX_TEXT_CHARS (no file written may be larger than the
    loader reads), naming what was cut."""
    records: list[tuple[str, Any]] = [("conference", draft)]
    records += [(event.ref, event) for event in draft.events]
    records += [(person.source_id or key, person) for key, person in draft.people.items()]
    for ref, record in records:
        for item in fields(record):
            value = getattr(record, item.name)
            if isinstance(value, str):
                cut: Any = value[:MAX_TEXT_CHARS]
            elif isinstance(value, list) and all(isinstance(part, str) for part in value):
                cut = [part[:MAX_TEXT_CHARS] for part in value]
            else:
                continue
            if cut != value:
                setattr(record, item.name, cut)
                report.repair(f"text longer than {MAX_TEXT_CHARS:,} characters; cut", ref)


def _made_up_grid(
    first: date, waiting: list[tuple[str, int]], rooms: int, report: ImportReport
) -> dict[date, list[dict[str, Any]]]:
    """Days of 09:00 to 18:00 with an hour for lunch, in slots of the sessions' common
    length unit, and enough of them (with a quarter spare) for every session."""
    unit = math.gcd(30, *(length for _, length in waiting))
    daily = (MORNING[1] - MORNING[0]) + (AFTERNOON[1] - AFTERNOON[0])
    total = sum(length for _, length in waiting)
    count = max(1, math.ceil(total * 1.25 / (daily * rooms)))
    if count > MAX_DAYS:
        raise SourceProblem(
            f"nothing is scheduled in the source, and its {len(waiting)} sessions would need "
            f"{count} days of {rooms} room(s) from 09:00 to 18:00 (expected at most "
            f"{MAX_DAYS} days: export the rooms, or the schedule, with the sessions)"
        )
    if first > date.max - timedelta(days=count):
        raise SourceProblem(
            f"the conference starts on {first.isoformat()}, too late in the calendar for "
            f"{count} days (expected a real start date)"
        )
    report.repair(
        f"nothing is scheduled in the source; made a grid of {count} day(s) from "
        f"{first.isoformat()}, 09:00 to 18:00 in {unit}-minute slots "
        "(edit timeslots.yaml, then run confsite plan)",
        "timeslots",
    )
    slots = _made_up_slots(unit)
    return {first + timedelta(days=offset): slots for offset in range(count)}
