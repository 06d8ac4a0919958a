"""Import a Sessionize API export into a content folder.

Reads the "All" view (``/api/v2/{id}/view/All``: sessions, speakers, categories, rooms,
questions) and the "Sessions" view (a list of groups, each with its sessions and their
speakers' names). Sessionize gives local wall-clock times without a zone, so the time zone
is left for the organiser to set. Categories become what their title says: a level, a track,
a format (the session's kind), a language; any other category becomes tags, as Sessionize's
own embeds show them.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from confsite.importers.draft import (
    Draft,
    Event,
    Person,
    build_files,
    guess_kind,
    guess_level,
    text,
)
from confsite.importers.limits import MAX_ROOMS, MAX_SESSIONS, MAX_SPEAKERS, MAX_TRACKS
from confsite.importers.report import ImportReport
from confsite.importers.source import SourceProblem, as_list, at_most, parse_json, read_source
from confsite.importers.writer import write_folder

NOT_CARRIED = {
    "questions and questionAnswers": "custom questions can hold personal data; no field",
    "profilePicture": "not downloaded at import; the address is in the speaker's private notes",
    "liveUrl": "a stream address changes per day; add it to the session's links by hand",
    "isInformed, isConfirmed": "an accepted session is published as confirmed",
    "speaker categoryItems": "no field for speaker categories",
    "conference name, time zone": "the export has none; set them in conference.yaml",
}
TAKEN = {"accepted", ""}


class SessionizeError(SourceProblem):
    """The source is not a Sessionize export that can be read."""


def _start(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=None)  # Sessionize's times are the venue's wall clock


def _service_kind(title: str) -> str:
    kind = guess_kind(title, title)
    return "ceremony" if kind == "talk" else kind


def _sessions_and_speakers(document: Any) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """(sessions, speakers, categories, rooms) of an All view or a Sessions view."""
    if isinstance(document, dict) and isinstance(document.get("sessions"), list):
        return (
            document["sessions"],
            as_list(document.get("speakers"), "speakers", "speakers", MAX_SPEAKERS),
            as_list(document.get("categories"), "categories", "categories"),
            as_list(document.get("rooms"), "rooms", "rooms", MAX_ROOMS),
        )
    if isinstance(document, list) and all(
        isinstance(g, dict) and isinstance(g.get("sessions"), list) for g in document
    ):
        sessions = [s for group in document for s in group["sessions"]]
        return sessions, [], [], []
    raise SessionizeError("neither a Sessionize 'All' view nor a 'Sessions' view")


def _room_order(room: dict[str, Any]) -> float:
    """A room's place in the list: its ``sort`` number (0 when it has none)."""
    value = room.get("sort")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _category_role(title: str) -> str:
    low = title.lower()
    for pattern, role in (
        (r"level|experience|difficulty|audience", "level"),
        (r"track|topic|stream|theme", "track"),
        (r"format|type|kind", "format"),
        (r"language|语言", "language"),
    ):
        if re.search(pattern, low):
            return role
    return "tags"


def to_draft(document: Any, report: ImportReport) -> Draft:
    sessions, speakers, categories, rooms = _sessions_and_speakers(document)
    at_most(len(sessions), MAX_SESSIONS, "sessions")
    draft = Draft(command="sessionize", origin="a Sessionize export")
    room_names: dict[str, str] = {}
    for room in sorted((r for r in rooms if isinstance(r, dict)), key=_room_order):
        name = text(room.get("name"))
        room_names[text(room.get("id"))] = name
        if name and name not in draft.rooms:
            draft.rooms.append(name)
    item_role: dict[str, tuple[str, str]] = {}  # category item id: (role, name)
    for index, category in enumerate(categories):
        if not isinstance(category, dict):
            continue
        role = _category_role(text(category.get("title")))
        where = f"categories[{index}].items"
        for item in as_list(category.get("items"), where, "category items", MAX_TRACKS):
            if isinstance(item, dict):
                item_role[text(item.get("id"))] = (role, text(item.get("name")))

    for index, speaker in enumerate(speakers):
        if not isinstance(speaker, dict) or not text(speaker.get("id")):
            report.skip("speaker without an id", text(speaker)[:40])
            continue
        name = text(speaker.get("fullName")) or " ".join(
            part for part in (text(speaker.get("firstName")), text(speaker.get("lastName"))) if part
        )
        draft.people[text(speaker["id"])] = Person(
            name=name,
            source_id=text(speaker["id"]),
            bio=text(speaker.get("bio")),
            title=text(speaker.get("tagLine")),
            links=[
                (text(link.get("url")), f"{text(link.get('linkType'))} {text(link.get('title'))}")
                for link in as_list(speaker.get("links"), f"speakers[{index}].links", "links")
                if isinstance(link, dict) and text(link.get("linkType")).lower() != "sessionize"
            ],
            photo=text(speaker.get("profilePicture")),
            featured=bool(speaker.get("isTopSpeaker")),
        )

    seen: set[str] = set()
    for position, session in enumerate(sessions, start=1):
        where = f"sessions[{position - 1}]"
        if not isinstance(session, dict):
            report.skip("session that is not an object", f"#{position}")
            continue
        ident = text(session.get("id"))
        ref = ident or f"#{position}"
        if ident and ident in seen:
            report.skip("duplicate session id (the first one is kept)", ref)
            continue
        seen.add(ident)
        service = bool(session.get("isServiceSession"))
        status = text(session.get("status")).lower()
        if status not in TAKEN and not service:
            report.skip(f"session with status {session.get('status')!r}", ref)
            continue
        title = text(session.get("title"))
        start = _start(text(session.get("startsAt")))
        end = _start(text(session.get("endsAt")))
        length = int((end - start).total_seconds() // 60) if start and end else 0
        if length <= 0:
            report.repair("no usable start and end; left unscheduled, 30 minutes long", ref)
            start, length = None, 30
        room = room_names.get(text(session.get("roomId")), "") or text(session.get("room"))
        if start is not None and not room:
            report.repair("a time but no room; left unscheduled", ref)
            start = None

        kind = _service_kind(title) if service else ""
        track = level = language = ""
        tags: list[str] = []
        chosen = [
            text(i)
            for i in as_list(
                session.get("categoryItems"), f"{where}.categoryItems", "category item ids"
            )
        ]
        # The Sessions view's shape
        for c_index, category in enumerate(
            as_list(session.get("categories"), f"{where}.categories", "categories")
        ):
            if isinstance(category, dict):
                role = _category_role(text(category.get("name")))
                items = as_list(
                    category.get("categoryItems"),
                    f"{where}.categories[{c_index}].categoryItems",
                    "category items",
                )
                for item in items:
                    if isinstance(item, dict):
                        item_role[text(item.get("id"))] = (role, text(item.get("name")))
                        chosen.append(text(item.get("id")))
        for item_id in chosen:
            if item_id not in item_role:
                report.skip("category item the export does not name", f"{ref}/{item_id}")
                continue
            role, name = item_role[item_id]
            if role == "level":
                level = level or guess_level(name) or ""
                if not guess_level(name):
                    tags.append(name)
            elif role == "track":
                track = track or name
            elif role == "format":
                kind = kind or (guess_kind(name, "") if guess_kind(name, "") != "talk" else "")
            elif role == "language":
                language = language or name
            else:
                tags.append(name)
        if not kind:
            kind = guess_kind("", title)

        people = []
        for speaker in as_list(session.get("speakers"), f"{where}.speakers", "speaker ids"):
            if isinstance(speaker, dict):  # the Sessions view: {id, name}
                key = text(speaker.get("id"))
                if key and key not in draft.people:
                    draft.people[key] = Person(name=text(speaker.get("name")), source_id=key)
            else:
                key = text(speaker)
            if not key:
                report.skip("speaker without an id", ref)
                continue
            people.append(key)
        links = []
        if text(session.get("recordingUrl")):
            links.append((text(session["recordingUrl"]), "recording"))
        if language:
            low = language.lower()
            language = "zh" if "chinese" in low or "中文" in low or low.startswith("zh") else low
        draft.events.append(
            Event(
                ref=ref,
                source_id=ident,
                title=title,
                kind=kind,
                length=length,
                note=f"Imported from Sessionize session {ref}",
                start=start,
                room=room if start is not None else "",
                track=track,
                language=language,
                abstract=[text(session.get("description"))],
                people=people,
                links=links,
                level=level or None,
                tags=tags,
                plenary=True if session.get("isPlenumSession") else None,
            )
        )
    if not draft.events:
        raise SessionizeError("no accepted session in the export")
    return draft


def import_sessionize(source: Path, into: Path, *, force: bool = False) -> ImportReport:
    """Import the Sessionize export ``source`` into the content folder ``into``."""
    source = Path(source)
    into = Path(into)
    report = ImportReport(
        source=str(source), into=str(into), format="Sessionize JSON", not_carried=dict(NOT_CARRIED)
    )
    try:
        document = parse_json(read_source(source), "a Sessionize API export")
        draft = to_draft(document, report)
    except SourceProblem as err:
        raise err.in_file(source) from None
    files = build_files(draft, report)
    report.record(write_folder(into, files, force=force, source=source.name))
    return report
