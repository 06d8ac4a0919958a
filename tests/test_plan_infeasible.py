"""Agendas that cannot exist: the planner raises ``Infeasible`` and names the conflict.

Some impossibilities are already refused when the content is read (``confsite check``):
those cases assert the load-time message. The rest are only visible to the planner.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from confsite.plan.planner import Infeasible
from confsite.plan.validate import validate
from confsite.problems import ContentError
from tests.planbuild import build, load, placement, plan_ok, solve

MORNING = ["09:00/45", "09:45/45", "10:30/45", "11:15/60 lunch", "12:15/45", "13:00/45"]
LAB = ("lab", 30, ["lab_desks"])
WORKSHOP = {"kind": "workshop", "speakers": ["wu"], "needs": {"features": ["lab_desks"]}}

# name: (build arguments, conflict kind, message pattern, sessions involved)
CASES: dict[str, tuple[dict, str, str, set[str]]] = {
    "speaker-only-morning": (
        {
            "days": {"d1": MORNING},
            "sessions": {f"t{i}": {"speakers": ["ann"]} for i in range(4)},
            "speakers": {"ann": {"availability": {"only": [{"day": "d1", "end": "11:15"}]}}},
        },
        "person",
        r"speaker ann is available only on d1 .*11:15 \(3 slots their sessions can use\) "
        r"but has 4 slots of sessions: t0, t1, t2, t3",
        {"t0", "t1", "t2", "t3"},
    ),
    "workshop-lab-closed-on-the-long-day": (
        {
            "rooms": [("a", 100), LAB],
            "days": {
                "d1": {"slots": ["09:00/45", "09:45/45", "10:30/45"], "rooms": ["a"]},
                "d2": ["09:00/45", "09:45/45", "10:30/20 break", "10:50/45"],
            },
            "sessions": {"w": {**WORKSHOP, "length": 135}},
        },
        "nowhere",
        r"workshop w \(135 minutes\) needs one of the rooms lab, but none is open .* on d1",
        {"w"},
    ),
    "workshop-lab-held-by-another-track": (
        {
            "rooms": [("a", 100), LAB],
            "days": {
                "d1": ["09:00/45", "09:45/45", "10:30/45"],
                "d2": ["09:00/45", "09:45/45", "10:30/20 break", "10:50/45"],
            },
            "tracks": {"x": {"held_rooms": [{"day": "d1", "room": "lab"}]}},
            "sessions": {"w": {**WORKSHOP, "length": 135, "track": "y"}, "x1": {"track": "x"}},
        },
        "nowhere",
        r"workshop w \(135 minutes\) needs one of the rooms lab, but none is open "
        r"\(or free of other tracks' held rooms\) on d1",
        {"w"},
    ),
    "workshop-lab-too-small": (
        {
            "rooms": [("a", 100), LAB],
            "sessions": {
                "w": {**WORKSHOP, "length": 90, "needs": {**WORKSHOP["needs"], "capacity": 50}}
            },
        },
        "nowhere",
        r"workshop w \(90 minutes\) needs a room with lab_desks and with 50 seats; "
        r"no room is like that",
        {"w"},
    ),
    "two-workshops-one-lab-run": (
        {
            "rooms": [("a", 100), LAB],
            "days": {"d1": ["09:00/45", "09:45/45", "10:30/45"]},
            "sessions": {
                "w1": {**WORKSHOP, "length": 90},
                "w2": {**WORKSHOP, "length": 90, "speakers": ["xu"]},
            },
        },
        "room",
        r"room lab is the only room for w1, w2",
        {"w1", "w2"},
    ),
    "two-pinned-to-one-room-and-time": (
        {
            "sessions": {
                "t1": {"pin": {"day": "d1", "start": "09:00", "room": "a"}},
                "t2": {"pin": {"day": "d1", "start": "09:00", "room": "a"}},
            }
        },
        "room",
        r"room a is the only room for t1, t2.*d1 09:00",
        {"t1", "t2"},
    ),
    "more-plenary-sessions-than-plenary-slots": (
        {
            "days": {"d1": ["09:00/45 plenary", "09:45/45 plenary", "10:30/45"]},
            "sessions": {f"k{i}": {"kind": "keynote", "speakers": [f"s{i}"]} for i in range(3)},
        },
        "plenary",
        r"3 plenary sessions need 3 plenary slots.*\(2 plenary slots in timeslots.yaml\)",
        {"k0", "k1", "k2"},
    ),
    "order-against-two-pins": (
        {
            "sessions": {
                "t1": {"pin": {"day": "d1", "start": "09:45"}},
                "t2": {"after": ["t1"], "pin": {"day": "d1", "start": "09:00"}},
            }
        },
        "order",
        r"t2 must come after t1, which is impossible .*: t1 ends d1 10:30 at the earliest, "
        r"and t2 starts d1 09:00 at the latest",
        {"t1", "t2"},
    ),
    "order-against-one-pin": (
        {
            "sessions": {
                "t1": {"pin": {"day": "d1", "start": "09:45"}},
                "t2": {"after": ["t1"]},
            }
        },
        "order",
        r"t2 must come after t1, which is impossible .*: t1 ends d1 10:30 at the earliest, "
        r"and t2 starts d1 09:45 at the latest",
        {"t1", "t2"},
    ),
    "more-sessions-than-room-slots": (
        {"sessions": {f"t{i}": {} for i in range(5)}},
        "room",
        r"not enough room time: the sessions need at least 5 room-slots and the open rooms "
        r"offer 4",
        {f"t{i}" for i in range(5)},
    ),
    "speaker-pinned-twice-at-once": (
        {
            "sessions": {
                "t1": {"speakers": ["ann"], "pin": {"day": "d1", "start": "09:00"}},
                "t2": {"speakers": ["ann"], "pin": {"day": "d1", "start": "09:00"}},
            }
        },
        "person",
        r"ann would have to be in two sessions at once \(d1 09:00\): t1, t2",
        {"t1", "t2"},
    ),
    "speaker-buffer-with-fixed-rooms": (
        {
            "sessions": {
                "t1": {"speakers": ["ann"], "needs": {"rooms": ["a"]}},
                "t2": {"speakers": ["ann"], "needs": {"rooms": ["b"]}},
            },
            "planning": {"speaker_buffer": 10},
        },
        "buffer",
        r"ann needs 10 minutes to change rooms",
        {"t1", "t2"},
    ),
    "speakers-with-no-common-slot": (
        {
            "sessions": {"t": {"speakers": ["ann", "bob"]}},
            "speakers": {
                "ann": {"availability": {"only": [{"day": "d1", "end": "09:45"}]}},
                "bob": {"availability": {"not": [{"day": "d1", "end": "09:45"}]}},
            },
        },
        "nowhere",
        r"talk t \(45 minutes\): its speakers have no parallel-session slot of 45 minutes "
        r"in common",
        {"t"},
    ),
    "pinned-to-a-closed-room": (
        {
            "days": {"d1": {"slots": ["09:00/45"], "rooms": ["a"]}, "d2": ["09:00/45"]},
            "sessions": {"t": {"pin": {"day": "d1", "room": "b"}}},
        },
        "nowhere",
        r"talk t \(45 minutes\) needs one of the rooms b, but none is open .* on d1",
        {"t"},
    ),
}


def _infeasible(tmp_path: Path, name: str) -> Infeasible:
    with pytest.raises(Infeasible) as caught:
        solve(build(tmp_path, **CASES[name][0]), time_limit=10)
    return caught.value


@pytest.mark.parametrize("name", sorted(CASES))
def test_infeasible_is_raised_with_conflicts(tmp_path: Path, name: str) -> None:
    err = _infeasible(tmp_path, name)
    involved = CASES[name][3]
    assert err.conflicts
    for conflict in err.conflicts:
        assert conflict.message.strip()
        assert set(conflict.sessions) <= involved, conflict
    assert set().union(*(c.sessions for c in err.conflicts)) & involved


def _message_case(name: str):  # type: ignore[no-untyped-def]
    return pytest.param(name, id=name)


@pytest.mark.parametrize("name", [_message_case(name) for name in sorted(CASES)])
def test_conflict_names_the_rule(tmp_path: Path, name: str) -> None:
    _, kind, pattern, _ = CASES[name]
    err = _infeasible(tmp_path, name)
    messages = [c.message for c in err.conflicts]
    assert any(c.kind == kind and re.search(pattern, c.message) for c in err.conflicts), messages


# --- refused when the content is read -------------------------------------------------------

LOAD_TIME = {
    "feature-no-room-has": (
        {"rooms": [("a", 100)], "sessions": {"w": {**WORKSHOP, "length": 90}}},
        "sessions/w.yaml",
        "needs.features[0]: no room has the feature 'lab_desks'",
    ),
    "workshop-longer-than-any-run": (
        {"rooms": [("a", 100), LAB], "sessions": {"w": {**WORKSHOP, "length": 135}}},
        "sessions/w.yaml",
        "length: 135 minutes is longer than any run of back-to-back session slots (90 minutes)",
    ),
    "more-seats-than-the-largest-room": (
        {"sessions": {"t": {"needs": {"capacity": 500}}}},
        "sessions/t.yaml",
        "needs.capacity: needs 500 seats but the largest room has 100",
    ),
    "keynote-without-plenary-slots": (
        {"sessions": {"k": {"kind": "keynote", "speakers": ["kim"]}}},
        "sessions/k.yaml",
        "length: 45 minutes is longer than any run of back-to-back plenary slots (0 minutes)",
    ),
    "pin-between-slots": (
        {"sessions": {"t": {"pin": {"day": "d1", "start": "09:30"}}}},
        "sessions/t.yaml",
        "pin.start: no session slot starts at 09:30 on d1 (expected one of 09:00, 09:45)",
    ),
    "pin-runs-into-the-break": (
        {"sessions": {"t": {"length": 90, "pin": {"day": "d1", "start": "09:45"}}}},
        "sessions/t.yaml",
        "pin.start: 90 minutes from 09:45 run past the end of the slots before the next break",
    ),
    "order-cycle": (
        {"sessions": {"t1": {"after": ["t2"]}, "t2": {"after": ["t1"]}}},
        "sessions/t2.yaml",
        "after: order constraints form a cycle: t1 → t2 → t1",
    ),
}


@pytest.mark.parametrize("name", sorted(LOAD_TIME))
def test_refused_at_load_time(tmp_path: Path, name: str) -> None:
    kwargs, file, message = LOAD_TIME[name]
    with pytest.raises(ContentError) as caught:
        load(build(tmp_path, **kwargs))
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert any(file in line and message in line for line in errors), errors


# --- a feasible agenda must never be called infeasible ----------------------------------------


def test_room_pruning_never_makes_a_feasible_agenda_infeasible(tmp_path: Path) -> None:
    # 13 talks of 100 people, one slot, 12 rooms of 100 and one of 10: one talk must take
    # the small room (90 without a seat), which every talk's 12 best rooms leave out.
    root = build(
        tmp_path,
        rooms=[(f"r{i:02d}", 100) for i in range(12)] + [("small", 10)],
        days={"d1": ["09:00/45"]},
        sessions={f"t{i:02d}": {"audience": 100} for i in range(13)},
    )
    agenda = plan_ok(root)
    assert sum(room == "small" for _, _, room in agenda.values()) == 1


def test_plenary_room_choice_never_makes_a_feasible_agenda_infeasible(tmp_path: Path) -> None:
    # Two equal rooms; ann's talk right after her keynote must be in b (needs.rooms). The
    # keynote in b keeps the buffer rule: validate accepts that agenda.
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 100)],
        days={"d1": ["09:00/45 plenary", "09:45/45"]},
        sessions={
            "k": {"kind": "keynote", "speakers": ["ann"]},
            "t": {"speakers": ["ann"], "needs": {"rooms": ["b"]}},
        },
        planning={"speaker_buffer": 10},
    )
    content = load(root)
    by_hand = {"k": placement("d1", "09:00", "b"), "t": placement("d1", "09:45", "b")}
    assert validate(content, by_hand) == []
    assert plan_ok(content) == {"k": ("d1", "09:00", "b"), "t": ("d1", "09:45", "b")}
