"""Conferences of paper sessions: the rules and goals about blocks (the runs of slots
between breaks), each on the tiny conference in tests/fixtures/paper-sessions.

Each goal is tested against a control: the same content with the goal's weight at 0 lands
on the placement the goal is there to avoid (pushed there by a pin or by another goal), so
that a goal the model ignored would fail the test. Every plan is checked by the independent
validator, and the model's objective must equal the goals measured on the plan.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from confsite.load.loader import load_content
from confsite.model.plan import Placement
from confsite.plan import planner
from confsite.plan.diagnose import diagnose
from confsite.plan.planner import Infeasible
from confsite.plan.score import measure
from confsite.plan.validate import validate
from tests.conftest import ROOT
from tests.planbuild import solve

FIXTURE = ROOT / "tests" / "fixtures" / "paper-sessions"
BLOCKS = {"A": ("d1", "09:00"), "B": ("d1", "10:00"), "C": ("d1", "11:40"), "D": ("d2", "09:00")}
SLOT_BLOCK = {
    ("d1", "09:00"): "A",
    ("d1", "09:20"): "A",
    ("d1", "10:00"): "B",
    ("d1", "10:20"): "B",
    ("d1", "11:40"): "C",
    ("d1", "12:00"): "C",
    ("d2", "09:00"): "D",
    ("d2", "09:20"): "D",
}


def penalties(**by_block: float) -> list[dict[str, Any]]:
    """block_penalties entries: penalties(A=1, C=2)."""
    return [
        {"day": BLOCKS[name][0], "start": BLOCKS[name][1], "penalty": value}
        for name, value in by_block.items()
    ]


def pin(block: str, room: str | None = None, second: bool = False) -> dict[str, Any]:
    day, start = BLOCKS[block]
    if second:
        start = {"09:00": "09:20", "10:00": "10:20", "11:40": "12:00"}[start]
    return {"day": day, "start": start, **({"room": room} if room else {})}


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def paper(
    root: Path,
    *,
    sessions: dict[str, dict[str, Any]] | None = None,
    drop: tuple[str, ...] = ("a2", "b2", "c1", "c2"),
    tracks: dict[str, dict[str, Any]] | None = None,
    similar: list[dict[str, Any]] | None = None,
    rooms: dict[str, dict[str, Any]] | None = None,
    speakers: dict[str, dict[str, Any]] | None = None,
    weights: dict[str, float] | None = None,
    planning: dict[str, Any] | None = None,
    interest: list[list[str]] | None = None,
    name: str = "content",
) -> Path:
    """A copy of the fixture with these changes; sessions in ``drop`` are left out unless
    ``sessions`` names them (by default only a1 and b1 remain)."""
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(FIXTURE, folder)
    sessions = sessions or {}
    for ident in drop:
        if ident not in sessions:
            (folder / "sessions" / f"{ident}.yaml").unlink()
    for ident, fields in sessions.items():
        path = folder / "sessions" / f"{ident}.yaml"
        _write(path, {**_read(path), **fields})
    data = _read(folder / "tracks.yaml")
    for track in data["tracks"]:
        track.update((tracks or {}).get(track["id"], {}))
    if similar:
        data["similar"] = similar
    _write(folder / "tracks.yaml", data)
    data = _read(folder / "venue.yaml")
    for room in data["rooms"]:
        room.update((rooms or {}).get(room["id"], {}))
    _write(folder / "venue.yaml", data)
    for ident, fields in (speakers or {}).items():
        path = folder / "speakers" / f"{ident}.yaml"
        _write(path, {**_read(path), **fields})
    data = _read(folder / "planning.yaml")
    data.update(planning or {})
    data["weights"].update(weights or {})
    _write(folder / "planning.yaml", data)
    if interest:
        _write(folder / "interest.yaml", {"responses": [{"sessions": s} for s in interest]})
    return folder


def plan(folder: Path) -> tuple[dict[str, tuple[str, str]], dict[str, float]]:
    """{session: (block letter, room)} and the measured goals, after checking the plan
    with the validator and the model's objective against the measurement."""
    content, result = solve(folder)
    assert validate(content, result.agenda) == []
    assert result.outcome.objective == pytest.approx(sum(result.costs.values()), abs=1e-6)
    where = {
        ident: (SLOT_BLOCK[place.day, f"{place.start:%H:%M}"], place.room)
        for ident, place in result.agenda.items()
    }
    return where, result.amounts


# --- one track per room and block -------------------------------------------------------


def test_one_track_per_room_and_block(tmp_path: Path) -> None:
    # One room; a1 is pinned into block A and b1 wants block A too (its other blocks cost).
    sessions = {
        "a1": {"pin": pin("A")},
        "b1": {"block_penalties": penalties(B=1, C=1, D=1)},
    }
    weights = {"session_block": 1}
    one_room = {"r2": {"id": "r2"}}
    root = paper(tmp_path, sessions=sessions, weights=weights, rooms=one_room)
    (root / "venue.yaml").write_text(
        "name: V\naddress: A\nrooms:\n  - {id: r1, name: R1, capacity: 40}\n", encoding="utf-8"
    )
    where, _ = plan(root)
    assert where["a1"][0] == "A" and where["b1"][0] != "A"
    control = paper(
        tmp_path,
        sessions=sessions,
        weights=weights,
        planning={"one_track_per_block": False},
        name="control",
    )
    (control / "venue.yaml").write_text((root / "venue.yaml").read_text(), encoding="utf-8")
    assert plan(control)[0]["b1"][0] == "A"


def test_a_plan_with_two_tracks_in_a_room_and_block_is_rejected(tmp_path: Path) -> None:
    content = load_content(paper(tmp_path))
    agenda = {
        "a1": Placement(day="d1", start="09:00", room="r1"),
        "b1": Placement(day="d1", start="09:20", room="r1"),
    }
    (violation,) = validate(content, agenda)
    assert violation.rule == "track block" and violation.session == "b1"
    assert "room r1 holds 2 tracks in the block of d1 09:00" in violation.message
    assert violation.others == ("a1",)
    agenda["b1"] = Placement(day="d1", start="09:20", room="r2")
    assert validate(content, agenda) == []


def test_tracks_that_must_share_a_room_and_block_are_diagnosed(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A", "r1")}, "b1": {"pin": pin("A", "r1", second=True)}}
    content = load_content(paper(tmp_path, sessions=sessions))
    with pytest.raises(Infeasible):
        planner.plan(content, solver="highs", time_limit=20)
    (conflict,) = diagnose(content, "highs", time_limit=20)
    assert conflict.kind == "track block"
    assert "room r1 would have to hold tracks ta, tb in the block of d1 09:00" in conflict.message
    assert "one_track_per_block" in conflict.message


# --- penalties of tracks, rooms and sessions ----------------------------------------------


def test_track_block_penalty(tmp_path: Path) -> None:
    sessions = {"a1": {"block_penalties": penalties(B=1, C=1, D=1)}}
    weights = {"session_block": 1}
    tracks = {"ta": {"block_penalties": penalties(A=1)}}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, tracks=tracks, weights={**weights, "track_block": 5})
    )
    assert where["a1"][0] != "A" and amounts["track_block"] == 0
    control = paper(tmp_path, sessions=sessions, tracks=tracks, weights=weights, name="c")
    where, amounts = plan(control)
    assert where["a1"][0] == "A" and amounts["track_block"] == 1


def test_track_room_penalty(tmp_path: Path) -> None:
    sessions = {"a1": {"room_penalties": {"r2": 1}}}
    tracks = {"ta": {"room_penalties": {"r1": 1}}}
    weights = {"session_room": 1}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, tracks=tracks, weights={**weights, "track_room": 5})
    )
    assert where["a1"][1] == "r2" and amounts["track_room"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, tracks=tracks, weights=weights, name="c")
    )
    assert where["a1"][1] == "r1" and amounts["track_room"] == 1


def test_room_block_penalty(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A"), "room_penalties": {"r2": 1}}}
    rooms = {"r1": {"block_penalties": penalties(A=1)}}
    weights = {"session_room": 1}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, rooms=rooms, weights={**weights, "room_block": 5})
    )
    assert where["a1"] == ("A", "r2") and amounts["room_block"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, rooms=rooms, weights=weights, name="c")
    )
    assert where["a1"] == ("A", "r1") and amounts["room_block"] == 1


def test_session_block_penalty_per_slot(tmp_path: Path) -> None:
    sessions = {"a1": {"length": 40, "block_penalties": penalties(A=4, B=3, C=1, D=2)}}
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights={"session_block": 1}))
    assert where["a1"][0] == "C"
    assert amounts["session_block"] == 2  # two slots of block C at 1 each


def test_session_room_penalty_per_slot(tmp_path: Path) -> None:
    sessions = {"a1": {"length": 40, "room_penalties": {"r1": 3, "r2": 1}}}
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights={"session_room": 1}))
    assert where["a1"][1] == "r2" and amounts["session_room"] == 2


# --- tracks together ----------------------------------------------------------------------


def test_similar_tracks_in_one_block(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A")}, "b1": {"block_penalties": penalties(B=1, C=1, D=1)}}
    similar = [{"tracks": ["ta", "tb"], "penalty": 2}]
    weights = {"session_block": 1}
    where, amounts = plan(
        paper(
            tmp_path, sessions=sessions, similar=similar, weights={**weights, "similar_tracks": 1}
        )
    )
    assert where["b1"][0] != "A" and amounts["similar_tracks"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, similar=similar, weights=weights, name="c")
    )
    assert where["b1"][0] == "A" and amounts["similar_tracks"] == 2


def test_rooms_per_track(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A", "r1")}, "a2": {"pin": pin("D"), "room_penalties": {"r1": 1}}}
    weights = {"session_room": 1}
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights={**weights, "track_rooms": 5}))
    assert where["a2"] == ("D", "r1") and amounts["track_rooms"] == 0
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights=weights, name="c"))
    assert where["a2"] == ("D", "r2") and amounts["track_rooms"] == 1


def test_extra_rooms_of_a_track_within_a_block(tmp_path: Path) -> None:
    sessions = {
        "a1": {"pin": pin("A", "r1")},
        "a2": {"block_penalties": penalties(B=1, C=1, D=1), "room_penalties": {"r1": 1}},
    }
    weights = {"session_block": 5, "session_room": 1}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, weights={**weights, "track_block_rooms": 3})
    )
    assert where["a2"] == ("A", "r1") and amounts["track_block_rooms"] == 0
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights=weights, name="c"))
    assert where["a2"] == ("A", "r2") and amounts["track_block_rooms"] == 1


def test_track_gaps(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A")}, "a2": {"block_penalties": penalties(A=1, B=1)}}
    weights = {"session_block": 1}
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights={**weights, "track_gaps": 5}))
    assert where["a2"][0] in ("A", "B") and amounts["track_gaps"] == 0
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights=weights, name="c"))
    assert where["a2"][0] in ("C", "D") and amounts["track_gaps"] == 1


# --- people, attendees, time zones, order -------------------------------------------------


def test_a_speaker_in_two_rooms_within_a_block(tmp_path: Path) -> None:
    # s1 presents a1 (track ta) and b1 (track tb): one block would need two rooms.
    sessions = {
        "a1": {"pin": pin("A")},
        "b1": {"speakers": ["s1"], "block_penalties": penalties(B=1, C=1, D=1)},
    }
    weights = {"session_block": 1}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, weights={**weights, "person_block_rooms": 5})
    )
    assert where["b1"][0] != "A" and amounts["person_block_rooms"] == 0
    where, amounts = plan(paper(tmp_path, sessions=sessions, weights=weights, name="c"))
    assert where["b1"][0] == "A" and amounts["person_block_rooms"] == 1


def test_a_track_chair_is_needed_where_the_track_runs(tmp_path: Path) -> None:
    # s1 presents a1 and chairs track tb.
    sessions = {"a1": {"pin": pin("A")}, "b1": {"block_penalties": penalties(B=1, C=1, D=1)}}
    tracks = {"tb": {"chairs": ["s1"]}}
    weights = {"session_block": 1}
    where, amounts = plan(
        paper(
            tmp_path, sessions=sessions, tracks=tracks, weights={**weights, "person_block_rooms": 5}
        )
    )
    assert where["b1"][0] != "A" and amounts["person_block_rooms"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, tracks=tracks, weights=weights, name="c")
    )
    assert where["b1"][0] == "A" and amounts["person_block_rooms"] == 1


def test_attendees_wanting_two_rooms_within_a_block(tmp_path: Path) -> None:
    sessions = {"a1": {"pin": pin("A")}, "b1": {"block_penalties": penalties(B=1, C=1, D=1)}}
    weights = {"session_block": 1}
    wanted = [["a1", "b1"]]
    where, amounts = plan(
        paper(
            tmp_path,
            sessions=sessions,
            interest=wanted,
            weights={**weights, "interest_block_rooms": 5},
        )
    )
    assert where["b1"][0] != "A" and amounts["interest_block_rooms"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, interest=wanted, weights=weights, name="c")
    )
    assert where["b1"][0] == "A" and amounts["interest_block_rooms"] == 1


HOURS = {
    "suitable": {"start": "09:00", "end": "17:00"},
    "less_suitable": {"start": "07:00", "end": "19:00"},
    "less_suitable_penalty": 1,
    "unsuitable_penalty": 10,
}


@pytest.mark.parametrize("where_from", ["speaker", "session"])
def test_presenter_hours(tmp_path: Path, where_from: str) -> None:
    # London is UTC+1 in June; UTC+08:00 is 7 hours ahead: blocks A (09:00-09:40) and D are
    # 16:00-16:40 there (suitable), B 17:00-17:40 (less suitable), C 18:40-19:20 (unsuitable).
    zone = {"timezone": "UTC+08:00"}
    a1: dict[str, Any] = {"block_penalties": penalties(A=2, D=2)}
    speakers = {}
    if where_from == "session":
        a1 |= zone
        speakers = {"s1": {"timezone": "Europe/London"}}  # the session's own zone wins
    else:
        speakers = {"s1": zone}
    planning = {"presenter_hours": HOURS}
    weights = {"session_block": 1}
    folder = paper(
        tmp_path,
        sessions={"a1": a1},
        speakers=speakers,
        planning=planning,
        weights={**weights, "presenter_hours": 5},
    )
    where, amounts = plan(folder)
    assert where["a1"][0] in ("A", "D") and amounts["presenter_hours"] == 0
    folder = paper(
        tmp_path,
        sessions={"a1": a1},
        speakers=speakers,
        planning=planning,
        weights=weights,
        name="c",
    )
    where, amounts = plan(folder)
    assert where["a1"][0] in ("B", "C") and amounts["presenter_hours"] in (1, 10)


def test_soft_order(tmp_path: Path) -> None:
    sessions = {
        "a2": {"pin": pin("B")},
        "a1": {"after": ["a2"], "block_penalties": penalties(B=1, C=1, D=1)},
    }
    weights = {"session_block": 1}
    soft = {"order": "soft"}
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, planning=soft, weights={**weights, "order": 5})
    )
    assert where["a1"][0] in ("B", "C", "D") and amounts["order"] == 0
    where, amounts = plan(
        paper(tmp_path, sessions=sessions, planning=soft, weights={**weights, "order": 0}, name="c")
    )
    assert where["a1"][0] == "A" and amounts["order"] == 1
    # Hard (the default), whatever the weight.
    where, _ = plan(paper(tmp_path, sessions=sessions, weights={**weights, "order": 0}, name="h"))
    assert where["a1"][0] != "A"


def test_a_soft_order_is_no_violation(tmp_path: Path) -> None:
    folder = paper(tmp_path, sessions={"a1": {"after": ["b1"]}}, planning={"order": "soft"})
    content = load_content(folder)
    agenda = {
        "a1": Placement(day="d1", start="09:00", room="r1"),
        "b1": Placement(day="d1", start="10:00", room="r1"),
    }
    assert validate(content, agenda) == []
    assert measure(content, agenda)["order"] == 1


# --- the whole fixture, and choosing blocks first ----------------------------------------


def test_blocks_first_finds_the_optimum_of_the_whole_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every goal on, the two-step planning (blocks and rooms first, cells.py) reaches
    the objective the whole model proves optimal on the fixture."""
    weights = {
        "track_gaps": 3,
        "track_rooms": 1,
        "person_block_rooms": 10,
        "similar_tracks": 2,
        "session_block": 1,
    }
    sessions = {
        "a1": {"block_penalties": penalties(A=1)},
        "b1": {"speakers": ["s1"]},
        "c1": {"block_penalties": penalties(D=1)},
        "c2": {"speakers": ["s3"]},
    }
    similar = [{"tracks": ["ta", "tc"], "penalty": 1}]
    folder = paper(tmp_path, sessions=sessions, drop=(), similar=similar, weights=weights)
    content, whole = solve(folder)
    assert whole.blocks_outcome is None and whole.outcome.status == "optimal"
    monkeypatch.setattr(planner, "BLOCKS_FIRST_AT", 0)
    content, first = solve(folder)
    assert first.blocks_outcome is not None
    assert validate(content, first.agenda) == []
    assert sum(first.costs.values()) == pytest.approx(sum(whole.costs.values()))


def test_blocks_first_out_of_time_stops_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When choosing blocks and rooms finds nothing in its share of the time, planning the
    whole conference at once would take longer still (CBC on OR60F2 ran 1,600 s past a
    600 s limit that way): the planner says so and stops. A solver that runs out of time
    cannot be had on demand on the fixture, so the blocks-first model's answer is replaced
    by such a stop."""
    from confsite.plan import solve as solving

    folder = paper(tmp_path, sessions={}, drop=())
    monkeypatch.setattr(planner, "BLOCKS_FIRST_AT", 0)
    stopped = solving.Outcome("none", None, None, None, 12.0, "PULP_CBC_CMD")
    monkeypatch.setattr(planner, "choose_cells", lambda *a, **k: (None, stopped))
    built: list[str] = []
    monkeypatch.setattr(planner._Attempt, "run", lambda *a, **k: built.append("run"))
    with pytest.raises(planner.OutOfTime, match=r"^CBC found no choice of the tracks' rooms"):
        planner.plan(load_content(folder), time_limit=60)
    assert built == []


def test_tracks_are_packed_into_rooms_and_blocks_before_the_first_choice(
    tmp_path: Path,
) -> None:
    """The blocks model starts from a packing of the tracks into rooms and blocks by their
    slots alone: one track per room and block, and each track's rooms there hold its
    sessions' slots."""
    from confsite.plan import cells
    from confsite.plan.candidates import places
    from confsite.plan.grid import Timeline
    from confsite.plan.validate import planned_sessions

    content = load_content(paper(tmp_path, sessions={}, drop=()))
    timeline = Timeline(content)
    found = {i: places(content, timeline, i) for i in planned_sessions(content)}
    model = cells.build_cells(content, timeline, found)
    packed = cells._packing(model, "highs", 30)
    assert packed
    held = [key for key, u in model.held.items() if packed.get(u)]
    assert len({(block, room) for _g, block, room in held}) == len(held)
    for group, need in model.need.items():
        assert sum(model.slots[b] for g, b, _r in held if g == group) >= need > 0
