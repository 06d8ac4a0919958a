"""Build tiny content folders from Python for the agenda-planner tests.

    root = build(
        tmp_path,
        rooms=[("a", 100), ("lab", 30, ["lab_desks"])],
        days={"d1": ["09:00/45", "09:45/45", "10:30/20 break", "10:50/45"]},
        sessions={"t1": {"speakers": ["ann"], "audience": 80}, "w": {"kind": "workshop",
                  "length": 90, "needs": {"features": ["lab_desks"]}}},
        speakers={"ann": {"availability": {"only": [{"day": "d1", "end": "10:30"}]}}},
        weights={"room_empty": 0},
    )
    agenda = plan_ok(root)          # {"t1": ("d1", "09:00", "a"), ...}, already validated

Defaults keep every file valid: a session is a 45-minute talk titled by its id; speakers
and tracks that sessions name are created on the fly; days get consecutive dates. A day is
either a list of slots or ``{"slots": [...], "rooms": [...]}``; a slot is
``"HH:MM/LENGTH[ KIND]"`` with KIND session (default), plenary, break, lunch or social.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from confsite.load.loader import load_content
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.planner import PlanResult, plan
from confsite.plan.validate import validate

FIRST_DAY = date(2027, 6, 18)
SOLVER = "highs"
TIME_LIMIT = 20

Room = tuple[str, int] | tuple[str, int, list[str]] | dict[str, Any]
Where = tuple[str, str, str]  # (day, "HH:MM", room)


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _slot(spec: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(spec, dict):
        return spec
    when, _, kind = spec.partition(" ")
    start, _, length = when.partition("/")
    slot: dict[str, Any] = {"start": start, "length": int(length)}
    if kind:
        slot["kind"] = kind
    return slot


def _room(spec: Room) -> dict[str, Any]:
    if isinstance(spec, dict):
        return {"name": spec["id"], **spec}
    ident, capacity, *rest = spec
    room: dict[str, Any] = {"id": ident, "name": ident, "capacity": capacity}
    if rest and rest[0]:
        room["features"] = list(rest[0])
    return room


def build(
    root: Path,
    *,
    rooms: list[Room] | None = None,
    days: dict[str, list | dict] | None = None,
    sessions: dict[str, dict[str, Any]] | None = None,
    speakers: dict[str, dict[str, Any]] | None = None,
    tracks: dict[str, dict[str, Any]] | None = None,
    interest: list[tuple[list[str], int]] | None = None,
    weights: dict[str, float] | None = None,
    planning: dict[str, Any] | None = None,
    name: str = "content",
) -> Path:
    """Write a content folder ``root/name`` (replacing it) and return its path."""
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rooms = rooms if rooms is not None else [("a", 100), ("b", 100)]
    days = days if days is not None else {"d1": ["09:00/45", "09:45/45"]}
    sessions = sessions if sessions is not None else {}
    speakers = dict(speakers or {})
    tracks = dict(tracks or {})

    day_list = []
    for index, (ident, spec) in enumerate(days.items()):
        spec = {"slots": spec} if isinstance(spec, list) else dict(spec)
        entry: dict[str, Any] = {
            "id": ident,
            "date": (FIRST_DAY + timedelta(days=index)).isoformat(),
            "slots": [_slot(s) for s in spec.pop("slots")],
        }
        entry.update(spec)
        day_list.append(entry)
    last = FIRST_DAY + timedelta(days=max(len(day_list) - 1, 0))

    _dump(
        folder / "conference.yaml",
        {
            "id": "testconf",
            "name": "Test Conference",
            "start": FIRST_DAY.isoformat(),
            "end": last.isoformat(),
            "timezone": "Asia/Shanghai",
            "languages": ["en"],
        },
    )
    _dump(
        folder / "venue.yaml",
        {"name": "Venue", "address": "1 Test Road", "rooms": [_room(r) for r in rooms]},
    )
    _dump(folder / "timeslots.yaml", {"days": day_list})

    records = {}
    for ident, fields in sessions.items():
        record: dict[str, Any] = {"kind": "talk", "title": ident, "length": 45, **fields}
        records[ident] = record
        for person in (*record.get("speakers", ()), *record.get("moderators", ())):
            speakers.setdefault(person, {})
        if record.get("track"):
            tracks.setdefault(record["track"], {})
    if not tracks:
        tracks["main"] = {}
    _dump(
        folder / "tracks.yaml",
        {
            "tracks": [
                {"id": ident, "name": ident, "colour": "#336699", **fields}
                for ident, fields in tracks.items()
            ]
        },
    )
    (folder / "speakers").mkdir()
    for ident, fields in speakers.items():
        _dump(folder / "speakers" / f"{ident}.yaml", {"name": ident, **fields})
    (folder / "sessions").mkdir()
    for ident, record in records.items():
        _dump(folder / "sessions" / f"{ident}.yaml", record)
    if interest:
        _dump(
            folder / "interest.yaml",
            {"responses": [{"sessions": list(s), "count": n} for s, n in interest]},
        )
    settings = dict(planning or {})
    if weights:
        settings["weights"] = {**settings.get("weights", {}), **weights}
    if settings:
        _dump(folder / "planning.yaml", settings)
    return folder


def load(folder: Path) -> Content:
    return load_content(folder)


def solve(
    folder: Path | Content,
    *,
    previous: dict[str, Placement] | None = None,
    time_limit: float = TIME_LIMIT,
) -> tuple[Content, PlanResult]:
    """Load (if needed) and plan with HiGHS; raises ``Infeasible`` like ``plan``."""
    content = folder if isinstance(folder, Content) else load_content(folder)
    return content, plan(content, previous=previous, solver=SOLVER, time_limit=time_limit)


def where(agenda: dict[str, Placement]) -> dict[str, Where]:
    """Placements as plain (day, "HH:MM", room) tuples, easy to compare."""
    return {
        ident: (place.day, f"{place.start:%H:%M}", place.room) for ident, place in agenda.items()
    }


def plan_ok(
    folder: Path | Content, *, previous: dict[str, Placement] | None = None
) -> dict[str, Where]:
    """Plan, check the plan with the independent validator, return it as tuples."""
    content, result = solve(folder, previous=previous)
    assert validate(content, result.agenda) == []
    assert set(result.agenda) == {i for i, s in content.sessions if s.status != "cancelled"}
    return where(result.agenda)


def placement(day: str, start: str, room: str) -> Placement:
    return Placement(day=day, start=start, room=room)
