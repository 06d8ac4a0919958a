"""Each hard rule of the agenda holds even where breaking it would score better, and each
soft goal moves the optimum the way it says.

Every instance is tiny and built so that the objective alone would break the rule (or, for
soft goals, so that a control with the weight changed lands elsewhere); ``plan_ok`` checks
each plan with the independent validator before the placements are compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from confsite.plan.planner import Infeasible
from confsite.plan.validate import validate
from tests.planbuild import build, placement, plan_ok, solve

THREE_SLOTS = {"d1": ["09:00/45", "09:45/45", "10:30/45"]}


def prefers(day: str, start: str | None = None, end: str | None = None) -> dict:
    window = {"day": day, **({"start": start} if start else {}), **({"end": end} if end else {})}
    return {"availability": {"preferred": [window]}}


# --- rooms -------------------------------------------------------------------------------


def test_one_session_per_room_and_slot(tmp_path: Path) -> None:
    # Both want room a (room b leaves 90 people standing each), but a holds one at a time.
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 10)],
        days={"d1": ["09:00/45"]},
        sessions={"t1": {"audience": 100}, "t2": {"audience": 100}},
    )
    agenda = plan_ok(root)
    assert sorted(room for _, _, room in agenda.values()) == ["a", "b"]


def test_room_features(tmp_path: Path) -> None:
    rooms = [("big", 200), ("lab", 20, ["lab_desks"])]
    wanted = {"kind": "workshop", "speakers": ["ann"], "audience": 200}
    needs = {"w": {**wanted, "needs": {"features": ["lab_desks"]}}}
    assert plan_ok(build(tmp_path, rooms=rooms, sessions=needs))["w"][2] == "lab"
    # control: without the feature the audience alone would take the big room
    assert plan_ok(build(tmp_path, rooms=rooms, sessions={"w": wanted}))["w"][2] == "big"


def test_needs_capacity(tmp_path: Path) -> None:
    rooms = [("small", 50), ("big", 150)]
    session = {"audience": 10, "needs": {"capacity": 100}}
    assert plan_ok(build(tmp_path, rooms=rooms, sessions={"t": session}))["t"][2] == "big"
    control = build(tmp_path, rooms=rooms, sessions={"t": {"audience": 10}})
    assert plan_ok(control)["t"][2] == "small"


def test_needs_rooms(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 30), ("c", 100)],
        sessions={"t": {"audience": 100, "needs": {"rooms": ["b"]}}},
    )
    assert plan_ok(root)["t"][2] == "b"


def test_rooms_open_per_day(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 30)],
        days={
            "d1": {"slots": ["08:00/45 plenary", "09:00/45"], "rooms": ["b"]},
            "d2": ["09:00/45"],
        },
        sessions={
            "t1": {"audience": 100, "pin": {"day": "d1"}},
            "t2": {"audience": 100, "pin": {"day": "d2"}},
            # a plenary session takes the largest room open that day
            "k": {"kind": "keynote", "speakers": ["kim"], "audience": 100},
        },
    )
    agenda = plan_ok(root)
    assert agenda["t1"] == ("d1", "09:00", "b")
    assert agenda["t2"] == ("d2", "09:00", "a")
    assert agenda["k"] == ("d1", "08:00", "b")


def test_held_room_is_only_for_its_track_that_day(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("big", 200), ("small", 20)],
        days={"d1": ["09:00/45"], "d2": ["09:00/45"]},
        tracks={"x": {"held_rooms": [{"day": "d1", "room": "big"}]}, "y": {}},
        sessions={
            "x1": {"track": "x", "audience": 20, "pin": {"day": "d1"}},
            "y1": {"track": "y", "audience": 200, "pin": {"day": "d1"}},
            "y2": {"track": "y", "audience": 200, "pin": {"day": "d2"}},
            "untracked": {"audience": 200, "pin": {"day": "d1"}, "needs": {"rooms": ["big"]}},
        },
        weights={"track_room_changes": 0, "track_days": 0},
    )
    with pytest.raises(Infeasible) as err:  # an untracked session may not use the held room
        plan_ok(root)
    assert "needs one of the rooms big, but none is open (or free of other tracks' held rooms)" in (
        err.value.conflicts[0].message
    )
    root = build(
        tmp_path,
        rooms=[("big", 200), ("small", 20)],
        days={"d1": ["09:00/45", "09:45/45"], "d2": ["09:00/45"]},
        tracks={"x": {"held_rooms": [{"day": "d1", "room": "big"}]}, "y": {}},
        sessions={
            "x1": {"track": "x", "audience": 200, "pin": {"day": "d1"}},
            "y1": {"track": "y", "audience": 200, "pin": {"day": "d1"}},
            "y2": {"track": "y", "audience": 200, "pin": {"day": "d2"}},
        },
        weights={"track_room_changes": 0, "track_days": 0},
    )
    agenda = plan_ok(root)
    # both d1 talks want the big room (and there is time for both in it): only x may have it
    assert agenda["y1"][2] == "small"
    assert agenda["x1"][2] == "big"
    assert agenda["y2"] == ("d2", "09:00", "big")


# --- people ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["speakers", "moderators"])
def test_person_in_one_place_at_a_time(tmp_path: Path, role: str) -> None:
    sessions = {"t1": {"speakers": ["ann"]}, "t2": {"speakers": ["bob"], role: ["ann"]}}
    early = prefers("d1", "09:00", "09:45")
    root = build(tmp_path, sessions=sessions, speakers={"ann": early, "bob": early})
    agenda = plan_ok(root)
    assert {agenda["t1"][1], agenda["t2"][1]} == {"09:00", "09:45"}
    # control: with two different people both talks take the preferred slot together
    sessions["t2"] = {"speakers": ["bob"]}
    root = build(tmp_path, sessions=sessions, speakers={"ann": early, "bob": early})
    agenda = plan_ok(root)
    assert agenda["t1"][1] == agenda["t2"][1] == "09:00"


@pytest.mark.parametrize("role", ["speakers", "moderators"])
def test_availability_only(tmp_path: Path, role: str) -> None:
    ann = {
        "availability": {
            "only": [{"day": "d1", "start": "09:45"}],
            "preferred": [{"day": "d1", "start": "09:00", "end": "09:45"}],
        }
    }
    session = {"speakers": ["bob"], role: ["ann"]} if role == "moderators" else {role: ["ann"]}
    root = build(tmp_path, days=THREE_SLOTS, sessions={"t": session}, speakers={"ann": ann})
    assert plan_ok(root)["t"][1] in ("09:45", "10:30")
    # control: without `only`, ann's preference takes 09:00
    del ann["availability"]["only"]
    root = build(tmp_path, days=THREE_SLOTS, sessions={"t": session}, speakers={"ann": ann})
    assert plan_ok(root)["t"][1] == "09:00"


def test_availability_not_beats_the_previous_plan(tmp_path: Path) -> None:
    ann = {"availability": {"not": [{"day": "d1", "end": "09:45"}]}}
    root = build(tmp_path, sessions={"t": {"speakers": ["ann"]}}, speakers={"ann": ann})
    content, result = solve(root, previous={"t": placement("d1", "09:00", "a")})
    assert validate(content, result.agenda) == []
    assert result.agenda["t"].start.strftime("%H:%M") == "09:45"
    assert result.moved == 1


def test_availability_window_covers_the_whole_session(tmp_path: Path) -> None:
    # Available until 10:00: a 60-minute talk from 09:00 ends at 10:00 and fits; from 09:45
    # it would run to 10:45.
    ann = {
        "availability": {
            "only": [{"day": "d1", "end": "10:00"}],
            "preferred": [{"day": "d1", "start": "09:45"}],
        }
    }
    root = build(
        tmp_path,
        days=THREE_SLOTS,
        sessions={"t": {"speakers": ["ann"], "length": 60}},
        speakers={"ann": ann},
    )
    assert plan_ok(root)["t"][1] == "09:00"


@pytest.mark.parametrize("buffer", [0, 10])
def test_speaker_buffer_between_rooms(tmp_path: Path, buffer: int) -> None:
    kwargs = {
        "days": THREE_SLOTS,
        "speakers": {"ann": prefers("d1", "09:00", "10:30")},
        "planning": {"speaker_buffer": buffer},
    }
    t1 = {"speakers": ["ann"], "pin": {"day": "d1", "start": "09:00", "room": "a"}}
    root = build(
        tmp_path,
        sessions={"t1": t1, "t2": {"speakers": ["ann"], "needs": {"rooms": ["b"]}}},
        **kwargs,
    )
    # t2 wants 09:45 (ann's preference) but must change rooms: only without a buffer
    assert plan_ok(root)["t2"] == ("d1", "10:30" if buffer else "09:45", "b")
    # staying in the same room needs no buffer
    root = build(
        tmp_path, sessions={"t1": t1, "t2": {"speakers": ["ann"], "audience": 100}}, **kwargs
    )
    assert plan_ok(root)["t2"][1] == "09:45"


def test_speaker_buffer_after_a_plenary(tmp_path: Path) -> None:
    # The keynote is in the largest room (a); ann's talk right after must be there too.
    root = build(
        tmp_path,
        rooms=[("a", 300), ("b", 40)],
        days={"d1": ["09:00/45 plenary", "09:45/45", "10:30/45"]},
        sessions={
            "k": {"kind": "keynote", "speakers": ["ann"]},
            "t": {"speakers": ["ann"], "audience": 40},
            "u": {"speakers": ["bob"], "audience": 300, "pin": {"start": "09:45", "day": "d1"}},
        },
        speakers={"ann": prefers("d1", "09:00", "10:30")},
        planning={"speaker_buffer": 10},
    )
    agenda = plan_ok(root)
    assert agenda["k"] == ("d1", "09:00", "a")
    assert agenda["t"][1] == "10:30"


# --- pins and order ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "expected"),
    [
        ({"day": "d1", "start": "09:45", "room": "b"}, ("d1", "09:45", "b")),
        ({"day": "d1"}, ("d1", None, "a")),
        ({"room": "b"}, ("d2", None, "b")),
        ({"day": "d1", "start": "09:45"}, ("d1", "09:45", "a")),
    ],
)
def test_pins(tmp_path: Path, pin: dict, expected: tuple) -> None:
    # ann wants d2 09:00 and the audience wants room a: the pin overrides both
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 30)],
        days={"d1": ["09:00/45", "09:45/45"], "d2": ["09:00/45", "09:45/45"]},
        sessions={"t": {"speakers": ["ann"], "audience": 100, "pin": pin}},
        speakers={"ann": prefers("d2", "09:00", "09:45")},
    )
    day, start, room = plan_ok(root)["t"]
    assert (day, room) == (expected[0], expected[2])
    if expected[1]:
        assert start == expected[1]
    if "start" not in pin and day == "d2":
        assert start == "09:00"


def test_after_order(tmp_path: Path) -> None:
    speakers = {"ann": prefers("d1", "09:45", "10:30"), "bob": prefers("d1", "09:00", "09:45")}
    sessions = {"t1": {"speakers": ["ann"]}, "t2": {"speakers": ["bob"], "after": ["t1"]}}
    agenda = plan_ok(build(tmp_path, sessions=sessions, speakers=speakers))
    assert agenda["t1"][1] == "09:00"
    assert agenda["t2"][1] == "09:45"
    # control: without the order each talk takes its speaker's slot
    sessions["t2"] = {"speakers": ["bob"]}
    agenda = plan_ok(build(tmp_path, sessions=sessions, speakers=speakers))
    assert (agenda["t1"][1], agenda["t2"][1]) == ("09:45", "09:00")


def test_after_order_across_days_and_lengths(tmp_path: Path) -> None:
    # a 60-minute talk from 09:00 ends 10:00: the next may start 10:30 (not 09:45)
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 100)],
        days={"d1": THREE_SLOTS["d1"], "d2": ["09:00/45"]},
        sessions={
            "first": {"speakers": ["ann"], "length": 60, "pin": {"day": "d1", "start": "09:00"}},
            "second": {"speakers": ["bob"], "after": ["first"]},
            "third": {"speakers": ["cat"], "after": ["second"]},
        },
        speakers={
            "bob": prefers("d1", "09:00", "10:30"),
            "cat": prefers("d1", "09:00", "10:30"),
        },
    )
    agenda = plan_ok(root)
    assert agenda["second"][:2] == ("d1", "10:30")
    assert agenda["third"][:2] == ("d2", "09:00")


# --- the time grid -------------------------------------------------------------------------


def test_workshop_covers_two_slots_never_across_a_break(tmp_path: Path) -> None:
    # The talks' speakers want the outer slots, which would leave 09:45 and 10:50 for the
    # workshop: back to back but across the break.
    root = build(
        tmp_path,
        rooms=[("lab", 40, ["lab_desks"])],
        days={"d1": ["09:00/45", "09:45/45", "10:30/20 break", "10:50/45", "11:35/45"]},
        sessions={
            "w": {"kind": "workshop", "length": 90, "speakers": ["wu"]},
            "t1": {"speakers": ["ann"]},
            "t2": {"speakers": ["bob"]},
        },
        speakers={"ann": prefers("d1", "09:00", "09:45"), "bob": prefers("d1", "11:35")},
    )
    agenda = plan_ok(root)
    if agenda["w"][1] == "09:00":
        assert {agenda["t1"][1], agenda["t2"][1]} == {"10:50", "11:35"}
    else:
        assert agenda["w"][1] == "10:50"
        assert {agenda["t1"][1], agenda["t2"][1]} == {"09:00", "09:45"}


def test_a_session_covers_every_slot_it_overlaps(tmp_path: Path) -> None:
    # A 60-minute talk at 09:00 ends 10:00 but holds the room through the 09:45 slot.
    root = build(
        tmp_path,
        rooms=[("a", 100)],
        days=THREE_SLOTS,
        sessions={
            "long": {"speakers": ["ann"], "length": 60, "pin": {"day": "d1", "start": "09:00"}},
            "t": {"speakers": ["bob"]},
        },
        speakers={"bob": prefers("d1", "09:45", "10:30")},
    )
    assert plan_ok(root)["t"][1] == "10:30"


def test_plenary_sessions_one_at_a_time_in_plenary_slots(tmp_path: Path) -> None:
    # kim and mo both want the first plenary slot; lee wants the parallel slot at 10:30
    first, late = prefers("d1", "08:15", "09:00"), prefers("d1", "10:30", "11:15")
    root = build(
        tmp_path,
        rooms=[("hall", 300), ("b", 50)],
        days={"d1": ["08:15/45 plenary", "09:00/45 plenary", "09:45/45 plenary", "10:30/45"]},
        sessions={
            "k1": {"kind": "keynote", "speakers": ["kim"]},
            "k2": {"kind": "keynote", "speakers": ["lee"]},
            "open": {"kind": "talk", "plenary": True, "speakers": ["mo"]},
            "t": {"speakers": ["ann"], "audience": 50},
            "notplenary": {"kind": "keynote", "plenary": False, "speakers": ["ned"]},
        },
        speakers={"kim": first, "lee": late, "mo": first},
    )
    agenda = plan_ok(root)
    plenary = ["k1", "k2", "open"]
    assert sorted(agenda[i][1] for i in plenary) == ["08:15", "09:00", "09:45"]
    assert "08:15" in (agenda["k1"][1], agenda["open"][1])
    assert all(agenda[i][2] == "hall" for i in plenary)
    assert agenda["t"][1] == agenda["notplenary"][1] == "10:30"
    assert {agenda["t"][2], agenda["notplenary"][2]} == {"hall", "b"}


# --- soft goals --------------------------------------------------------------------------

EARLY = prefers("d1", "09:00", "09:45")


@pytest.mark.parametrize(("count", "apart"), [(50, True), (5, False)])
def test_interest_clash_keeps_wanted_sessions_apart(
    tmp_path: Path, count: int, apart: bool
) -> None:
    # Both speakers want 09:00 (10 each); 50 attendees wanting both outweigh one of them.
    root = build(
        tmp_path,
        sessions={"t1": {"speakers": ["ann"]}, "t2": {"speakers": ["bob"]}, "t3": {}},
        speakers={"ann": EARLY, "bob": EARLY},
        interest=[(["t1", "t2"], count), (["t1", "t3"], 1)],
    )
    agenda = plan_ok(root)
    assert (agenda["t1"][1] != agenda["t2"][1]) is apart


@pytest.mark.parametrize(("weight", "apart"), [(20, True), (0, False)])
def test_same_track_parallel(tmp_path: Path, weight: float, apart: bool) -> None:
    root = build(
        tmp_path,
        sessions={
            "x1": {"speakers": ["ann"], "track": "x"},
            "x2": {"speakers": ["bob"], "track": "x"},
        },
        speakers={"ann": EARLY, "bob": EARLY},
        weights={"same_track_parallel": weight, "track_room_changes": 0, "track_days": 0},
    )
    agenda = plan_ok(root)
    assert (agenda["x1"][1] != agenda["x2"][1]) is apart


@pytest.mark.parametrize(("weight", "room"), [(5, "big"), (0, "small")])
def test_track_room_changes(tmp_path: Path, weight: float, room: str) -> None:
    # x2 fits the small room (the big one leaves 9 tens of seats empty: 0.9), but moving
    # the track to another room costs 5.
    root = build(
        tmp_path,
        rooms=[("big", 100), ("small", 10)],
        sessions={
            "x1": {"track": "x", "audience": 100},
            "x2": {"track": "x", "audience": 10},
        },
        weights={"track_room_changes": weight},
    )
    agenda = plan_ok(root)
    assert agenda["x1"][2] == "big"
    assert agenda["x2"][2] == room


@pytest.mark.parametrize(("weight", "day"), [(2, "d1"), (0, "d2")])
def test_track_days(tmp_path: Path, weight: float, day: str) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 100)],
        days={"d1": ["09:00/45", "09:45/45"], "d2": ["09:00/45", "09:45/45"]},
        sessions={
            "x1": {"track": "x", "pin": {"day": "d1"}},
            "x2": {"track": "x", "speakers": ["bob"]},
        },
        speakers={"bob": prefers("d2")},
        weights={"track_days": weight, "speaker_preference": 1, "track_room_changes": 0},
    )
    assert plan_ok(root)["x2"][0] == day


@pytest.mark.parametrize(
    ("audience", "rooms", "weights", "room"),
    [
        (80, [("s", 60), ("m", 100), ("l", 300)], {}, "m"),
        (280, [("s", 60), ("m", 100), ("l", 300)], {}, "l"),
        (10, [("s", 60), ("m", 100), ("l", 300)], {}, "s"),
        # 20 without a seat (40) against 88 tens of empty seats (8.8 or 88)
        (120, [("m", 100), ("xl", 1000)], {}, "xl"),
        (120, [("m", 100), ("xl", 1000)], {"room_empty": 1}, "m"),
    ],
)
def test_room_overflow_and_empty_seats(
    tmp_path: Path, audience: int, rooms: list, weights: dict, room: str
) -> None:
    root = build(tmp_path, rooms=rooms, sessions={"t": {"audience": audience}}, weights=weights)
    assert plan_ok(root)["t"][2] == room


def test_room_sizes_matched_to_audiences(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 50), ("b", 100)],
        days={"d1": ["09:00/45"]},
        sessions={"big": {"audience": 90}, "small": {"audience": 40}},
    )
    agenda = plan_ok(root)
    assert (agenda["big"][2], agenda["small"][2]) == ("b", "a")


def test_speaker_preferred_window(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 100)],
        days={"d1": THREE_SLOTS["d1"], "d2": ["09:00/45"]},
        sessions={"t": {"speakers": ["ann"]}, "u": {"speakers": ["bob"]}},
        speakers={"ann": prefers("d1", "09:30", "11:15")},
    )
    assert plan_ok(root)["t"][:2] in (("d1", "09:45"), ("d1", "10:30"))


@pytest.mark.parametrize(("weight", "room"), [(1000, "small"), (0, "big")])
def test_stability_against_the_previous_plan(tmp_path: Path, weight: float, room: str) -> None:
    # 90 people without a seat cost 180: less than one move (1000)
    root = build(
        tmp_path,
        rooms=[("big", 100), ("small", 10)],
        sessions={"t": {"audience": 100}, "u": {"audience": 10}},
        weights={"stability": weight},
    )
    previous = {"t": placement("d1", "09:00", "small"), "u": placement("d1", "09:45", "small")}
    agenda = plan_ok(root, previous=previous)
    assert agenda["t"] == ("d1", "09:00", room)
    assert agenda["u"][2] == "small"


def test_no_previous_plan_means_no_stability_cost(tmp_path: Path) -> None:
    root = build(tmp_path, rooms=[("big", 100), ("small", 10)], sessions={"t": {"audience": 100}})
    assert plan_ok(root)["t"][2] == "big"


def test_solver_objective_matches_the_measured_goals(tmp_path: Path) -> None:
    """Without tracks the model's objective is exactly the independently measured cost."""
    root = build(
        tmp_path,
        rooms=[("a", 60), ("b", 30)],
        days={"d1": ["09:00/45", "09:45/45"]},
        sessions={
            "t1": {"speakers": ["ann"], "audience": 70},
            "t2": {"speakers": ["bob"], "audience": 50},
            "t3": {"speakers": ["ann"], "audience": 20},
            "t4": {"speakers": ["cat"], "audience": 35},
        },
        speakers={"ann": EARLY, "bob": EARLY, "cat": EARLY},
        interest=[(["t1", "t2", "t4"], 7), (["t3", "t4"], 2)],
    )
    _, result = solve(root)
    assert result.outcome.status == "optimal"
    assert result.outcome.objective == pytest.approx(sum(result.costs.values()), abs=1e-6)


# --- suspected bugs (see the reasons) ------------------------------------------------------


def test_track_room_changes_count_only_extra_rooms(tmp_path: Path) -> None:
    # One room per day is no room change; bob prefers d2 (3). Measured optimum: x2 on d2
    # at cost 0. The model charges 5 per day the track uses, so it keeps x2 on d1 (cost 3).
    root = build(
        tmp_path,
        rooms=[("a", 100)],
        days={"d1": ["09:00/45", "09:45/45"], "d2": ["09:00/45", "09:45/45"]},
        sessions={
            "x1": {"track": "x", "pin": {"day": "d1"}},
            "x2": {"track": "x", "speakers": ["bob"]},
        },
        speakers={"bob": prefers("d2")},
        weights={"track_days": 0, "track_room_changes": 5, "speaker_preference": 3},
    )
    _, result = solve(root)
    assert sum(result.costs.values()) == 0
    assert result.agenda["x2"].day == "d2"


def test_solver_objective_matches_the_measured_goals_with_tracks(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        rooms=[("a", 100), ("b", 100)],
        days={"d1": ["09:00/45", "09:45/45"]},
        sessions={
            "x1": {"track": "x"},
            "x2": {"track": "x"},
            "y1": {"track": "y"},
        },
    )
    _, result = solve(root)
    assert result.outcome.objective == pytest.approx(sum(result.costs.values()), abs=1e-6)
