"""Import accepted talks from pretalx's API exports into a content folder.

SOURCE is one or more JSON files (or folders of them) saved from pretalx's API: the
submissions and the speakers (legacy v1: lists of objects with nested speakers; v2:
paginated ``{"count", "next", "previous", "results"}`` pages, each file one page), and
optionally the event, rooms and tracks. What each file holds is told by its content, not
its name. Only accepted and confirmed submissions become sessions; a submission with a
slot is pinned where pretalx put it.

Answers to custom questions stay out, except the public ones an organiser expects on the
site (company, position, social links, expected expertise): the rest can be personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from confsite.importers import sanitise
from confsite.importers.draft import (
    Draft,
    Event,
    Person,
    build_files,
    guess_kind,
    guess_level,
    text,
)
from confsite.importers.limits import (
    MAX_ROOMS,
    MAX_SESSIONS,
    MAX_SOURCE_BYTES,
    MAX_SPEAKERS,
    MAX_TRACKS,
    megabytes,
)
from confsite.importers.report import ImportFailed, ImportReport
from confsite.importers.source import (
    SourceProblem,
    as_dict,
    as_list,
    at_most,
    parse_json,
    read_source,
)
from confsite.importers.writer import write_folder

DEFAULT_LENGTH = 30
NOT_CARRIED = {
    "answers to custom questions (except company, position, social links, expertise)": (
        "they can hold personal data (age, financial aid, …) and have no public field"
    ),
    "avatars": "not downloaded at import; the address is in the speaker's private notes",
    "tags, is_featured, image, do_not_record": "internal to pretalx, or no field for them",
    "submissions neither accepted nor confirmed": "only accepted (tentative) and confirmed "
    "submissions become sessions",
    "slot_count above 1": "one session per submission",
    "resources that are not slides, video, recording or repository": "one link per kind",
}
TAKEN = ("accepted", "confirmed")


class PretalxError(SourceProblem):
    """The sources hold no pretalx submissions that can be read."""


@dataclass
class _Sources:
    submissions: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    rooms: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    event: dict[str, Any] = field(default_factory=dict)


def localised(value: Any) -> str:
    """pretalx's i18n strings are text or ``{"en": …, "de": …}``: English, else Chinese,
    else the first language given."""
    if isinstance(value, dict):
        for key in ("en", *sorted(k for k in value if str(k).startswith("zh")), *value):
            if text(value.get(key)):
                return text(value[key])
        return ""
    return text(value)


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.json") if p.is_file())
        else:
            found.append(path)
    return found


def _kind_of(item: dict[str, Any]) -> str:
    if "title" in item and ("speakers" in item or "submission_type" in item or "state" in item):
        return "submission"
    if "name" in item and ("biography" in item or "submissions" in item or "avatar" in item):
        return "speaker"
    if "date_from" in item and "name" in item:
        return "event"
    if "color" in item and "name" in item:
        return "track"
    if "name" in item and ("capacity" in item or "position" in item or "guid" in item):
        return "room"
    return ""


def read_sources(paths: list[Path], report: ImportReport) -> _Sources:
    """Every pretalx object in ``paths``, sorted by kind."""
    sources = _Sources()
    total = 0
    for path in _files(paths):
        data = read_source(path)
        total += len(data)
        if total > MAX_SOURCE_BYTES:
            raise ImportFailed(
                f"{path}: the files add up to more than {megabytes(MAX_SOURCE_BYTES)}, too much "
                f"to import (expected at most {megabytes(MAX_SOURCE_BYTES)} in all)"
            )
        try:
            document = parse_json(data, "a pretalx API export (submissions, speakers, …)")
            _read_document(document, path, sources, report)
        except SourceProblem as err:
            raise err.in_file(path) from None
    report.format = "pretalx API JSON"
    if not sources.submissions:
        names = ", ".join(p.name for p in paths)
        raise PretalxError(f"no pretalx submissions in {names}")
    return sources


def _read_document(document: Any, path: Path, sources: _Sources, report: ImportReport) -> None:
    """The pretalx objects of one file, added to ``sources`` by kind."""
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        items = document["results"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        items = [document]
    else:
        items = []
    # A file holds one kind of object; speakers are the most numerous.
    at_most(len(items), MAX_SPEAKERS, "objects in one file")
    known = 0
    for position, item in enumerate(items):
        kind = _kind_of(item) if isinstance(item, dict) else ""
        if not kind:
            report.skip("object pretalx does not export", f"{path.name}#{position + 1}")
            continue
        known += 1
        if kind == "event":
            sources.event = item
        else:
            getattr(sources, kind + "s").append(item)
    if items and not known:
        report.skip("file without pretalx submissions or speakers", path.name)
    at_most(len(sources.submissions), MAX_SESSIONS, "submissions")
    at_most(len(sources.speakers), MAX_SPEAKERS, "speakers")
    at_most(len(sources.rooms), MAX_ROOMS, "rooms")
    at_most(len(sources.tracks), MAX_TRACKS, "tracks")


def _answers(item: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(question, answer, submission code, person code) of each answer an object has."""
    found = []
    owner = text(item.get("code")) or "an object"
    for answer in as_list(item.get("answers"), f"{owner}: answers", "answers"):
        if not isinstance(answer, dict):
            continue
        question = answer.get("question")
        if isinstance(question, dict):
            question = question.get("question")
        found.append(
            (
                localised(question).lower(),
                text(answer.get("answer")),
                text(answer.get("submission")),
                text(answer.get("person")),
            )
        )
    return found


_SOCIAL = re.compile(
    r"social|github|gitlab|linkedin|twitter|mastodon|bluesky|website|homepage|blog|weibo|zhihu"
)


def _person(code: str, shapes: list[dict[str, Any]]) -> Person:
    """A speaker from every shape pretalx gave (the speakers file and the nested copies),
    the first non-empty value winning."""

    def first(*keys: str) -> str:
        for shape in shapes:
            for key in keys:
                value = localised(shape.get(key))
                if value:
                    return value
        return ""

    person = Person(
        name=first("name", "public_name"),
        source_id=code,
        bio=first("biography", "bio"),
        email=first("email"),
        photo=first("avatar", "avatar_url"),
    )
    for shape in shapes:
        for question, answer, _submission, owner in _answers(shape):
            if owner != code or not answer:
                continue
            if re.search(r"company|organi[sz]ation|institution|employer|affiliation", question):
                person.affiliation = person.affiliation or answer
            elif re.search(r"position|job|role|title", question):
                person.title = person.title or answer
            elif _SOCIAL.search(question) and re.match(r"(https?://)?[\w.-]+\.\w+", answer):
                person.links.append((answer, question))
    return person


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _zone(sources: _Sources, report: ImportReport) -> str:
    name = text(sources.event.get("timezone"))
    if name in available_timezones():
        return name
    for item in sources.submissions:
        slot = item.get("slot")
        moment = _moment(text(slot.get("start"))) if isinstance(slot, dict) else None
        offset = moment.utcoffset() if moment else None
        if offset is not None and offset.total_seconds() % 3600 == 0:
            hours = int(offset.total_seconds() // 3600)
            zone = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
            report.repair(
                f"no time zone name in the source; used {zone}, the offset of its slots "
                "(set the conference's zone in conference.yaml)",
                "conference",
            )
            return zone
    return name


def _slot(
    item: dict[str, Any],
    rooms: dict[str, str],
    zone: ZoneInfo | None,
    ref: str,
    report: ImportReport,
) -> tuple[datetime | None, str, int | None]:
    """(wall-clock start, room name, minutes) of a submission's slot; (None, "", None) when
    it has no usable one."""
    slot = item.get("slot")
    if not isinstance(slot, dict) or not text(slot.get("start")):
        return None, "", None
    begin = _moment(text(slot.get("start")))
    if begin is None:
        report.repair("slot start that is not a date-time; left unscheduled", ref)
        return None, "", None
    value = slot.get("room")
    if isinstance(value, int):
        room = rooms.get(str(value), "")
    else:
        room = localised(value) or rooms.get(text(slot.get("room_id")), "")
    if not sanitise.plain(room):
        report.repair("slot without a room; left unscheduled", ref)
        return None, "", None
    try:
        local = begin.astimezone(zone) if begin.tzinfo and zone else begin
    except OverflowError:
        report.repair("slot start at the very end of the calendar; left unscheduled", ref)
        return None, "", None
    end = _moment(text(slot.get("end")))
    minutes = None
    if end is not None and (end.tzinfo is None) == (begin.tzinfo is None):
        minutes = int((end - begin) / timedelta(minutes=1))
    return local.replace(tzinfo=None), room, minutes if minutes and minutes > 0 else None


def to_draft(sources: _Sources, report: ImportReport) -> Draft:
    """The draft of the submissions: accepted ones become tentative sessions, confirmed
    ones confirmed; the rest are skipped with their state."""
    event = sources.event
    zone_name = _zone(sources, report)
    zone = ZoneInfo(zone_name) if zone_name in available_timezones() else None
    draft = Draft(
        command="pretalx",
        origin="a pretalx export",
        title=localised(event.get("name")),
        acronym=text(event.get("slug")),
        start=text(event.get("date_from")),
        end=text(event.get("date_to")),
        timezone=zone_name,
        base_url=text(as_dict(event.get("urls"), "event: urls", "an object").get("base")),
    )
    for room in sources.rooms:
        name = localised(room.get("name"))
        if name and name not in draft.rooms:
            draft.rooms.append(name)
    room_by_id = {text(r.get("id")): localised(r.get("name")) for r in sources.rooms}
    track_by_id = {text(t.get("id")): localised(t.get("name")) for t in sources.tracks}
    for track in sources.tracks:
        if localised(track.get("name")) and text(track.get("color")):
            draft.track_colours[localised(track["name"])] = text(track["color"])

    speaker_shapes: dict[str, list[dict[str, Any]]] = {}
    for speaker in sources.speakers:
        code = text(speaker.get("code"))
        if code:
            speaker_shapes.setdefault(code, []).append(speaker)
    for position, item in enumerate(sources.submissions, start=1):
        where = f"submission {text(item.get('code')) or f'#{position}'}: speakers"
        for nested in as_list(item.get("speakers"), where, "speakers"):
            if isinstance(nested, dict) and text(nested.get("code")):
                speaker_shapes.setdefault(text(nested["code"]), []).append(nested)
    at_most(len(speaker_shapes), MAX_SPEAKERS, "speakers")

    seen: set[str] = set()
    for position, item in enumerate(sources.submissions, start=1):
        code = text(item.get("code"))
        ref = code or f"#{position}"
        if code and code in seen:
            report.skip("duplicate submission code (the first one is kept)", ref)
            continue
        seen.add(code)
        state = text(item.get("state")).lower() or "confirmed"
        if state not in TAKEN:
            report.skip(f"submission in state {state!r}", ref)
            continue
        title = localised(item.get("title"))
        kind_name = (
            ""
            if isinstance(item.get("submission_type"), int)
            else (localised(item.get("submission_type")))
        )
        length = item.get("duration")
        if not isinstance(length, int) or length <= 0:
            report.repair(f"no duration; set to {DEFAULT_LENGTH} minutes", ref)
            length = DEFAULT_LENGTH
        track = item.get("track")
        track_name = localised(track)
        if isinstance(track, int):
            track_name = track_by_id.get(str(track), "")
            if not track_name:
                report.repair("track given only by its id (export with ?expand=track)", ref)
                track_name = f"Track {track}"
        if isinstance(item.get("slot_count"), int) and item["slot_count"] > 1:
            report.repair(f"held {item['slot_count']} times in pretalx; imported once", ref)
        start, room, minutes = _slot(item, room_by_id, zone, ref, report)
        length = minutes or length

        people = []
        for nested in as_list(item.get("speakers"), f"submission {ref}: speakers", "speakers"):
            speaker_code = text(nested.get("code")) if isinstance(nested, dict) else text(nested)
            if not speaker_code:
                report.skip("speaker without a code", ref)
                continue
            if speaker_code not in speaker_shapes:
                report.skip("speaker that the source does not describe", f"{ref}/{speaker_code}")
                continue
            people.append(speaker_code)

        level = None
        for question, answer, _sub, _owner in _answers(item):
            if re.search(r"expertise|level|experience|difficulty", question):
                level = level or guess_level(answer)
        links = [
            (text(r.get("resource")), text(r.get("description")))
            for r in as_list(item.get("resources"), f"submission {ref}: resources", "resources")
            if isinstance(r, dict)
        ]
        notes = [f"Imported from pretalx submission {ref}"]
        for key in ("notes", "internal_notes"):
            if text(item.get(key)):
                notes.append(f"pretalx {key.replace('_', ' ')}: {text(item[key])}")
        draft.events.append(
            Event(
                ref=ref,
                source_id=code,
                title=title,
                kind=guess_kind(kind_name, sanitise.plain(title)),
                length=length,
                note="\n".join(notes),
                start=start,
                room=room,
                track=track_name,
                language=text(item.get("content_locale")),
                abstract=[localised(item.get("abstract")), localised(item.get("description"))],
                people=people,
                links=links,
                level=level,
                status="confirmed" if state == "confirmed" else "tentative",
            )
        )
    for code, shapes in speaker_shapes.items():
        draft.people[code] = _person(code, shapes)
    if not draft.events:
        raise PretalxError("no accepted or confirmed submission in the source")
    return draft


def import_pretalx(sources: list[Path], into: Path, *, force: bool = False) -> ImportReport:
    """Import pretalx API exports (files or folders) into the content folder ``into``."""
    paths = [Path(p) for p in sources]
    into = Path(into)
    report = ImportReport(
        source=", ".join(str(p) for p in paths), into=str(into), not_carried=dict(NOT_CARRIED)
    )
    sources_read = read_sources(paths, report)
    try:
        draft = to_draft(sources_read, report)
        files = build_files(draft, report)
    except SourceProblem as err:
        raise err.in_file(report.source) from None
    report.record(write_folder(into, files, force=force, source=report.source))
    return report
