"""Days and rooms first (``dayrooms.py``): the track goals exact, and a bound that holds for
every agenda, so that the plan's gap is the true one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from confsite.load.loader import load_content
from confsite.plan import dayrooms, planner
from confsite.plan.report import summary
from confsite.plan.validate import planned_sessions, validate
from tests.planbuild import build


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dayrooms") / "content"
    generate(folder, 36, 3, 2, 5)
    return folder


def test_the_plan_is_proven_best_against_a_bound_every_agenda_keeps(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = load_content(conference)
    assert dayrooms.suits(content)
    said: list[str] = []
    best = planner.plan(content, solver="highs", time_limit=120, gap=0.0, progress=said.append)

    assert any(line.startswith("choosing each session's day and room") for line in said)
    assert best.chosen_first is not None and best.rounds == 1
    assert set(best.agenda) == set(planned_sessions(content))
    assert validate(content, best.agenda) == []
    cost = sum(best.costs.values())
    assert best.outcome.objective == pytest.approx(cost, abs=1e-6)
    assert best.outcome.bound is not None and best.outcome.bound <= cost + 1e-6
    assert best.outcome.status == "optimal" and best.outcome.gap == pytest.approx(0, abs=1e-9)
    assert "days and rooms chosen first: optimal" in "\n".join(summary(content, best))

    # The home-room way plans the same conference; the bound holds for its agenda too, and
    # the proven best is no worse.
    monkeypatch.setattr(dayrooms, "suits", lambda content: False)
    homes = planner.plan(content, solver="highs", time_limit=120, gap=0.0)
    assert homes.chosen_first is None
    assert validate(content, homes.agenda) == []
    assert best.outcome.bound <= sum(homes.costs.values()) + 1e-6
    assert cost <= sum(homes.costs.values()) + 1e-6


def _tight_buffer(tmp_path: Path) -> Path:
    """Ann gives two talks, each only possible in its own room. Day 1 has two back-to-back
    slots, too close for her 30-minute walk between rooms; day 2 has room for the walk.
    Ann prefers day 1, so the cells model, which knows nothing of walks, picks day 1."""
    return build(
        tmp_path,
        rooms=[("a", 100), ("b", 100)],
        days={
            "d1": ["09:00/45", "09:45/45"],
            "d2": ["09:00/45", "09:45/45", "10:30/45"],
        },
        sessions={
            "t1": {"speakers": ["ann"], "track": "x", "needs": {"rooms": ["a"]}},
            "t2": {"speakers": ["ann"], "track": "x", "needs": {"rooms": ["b"]}},
        },
        speakers={"ann": {"availability": {"preferred": [{"day": "d1"}]}}},
        planning={"speaker_buffer": 30},
    )


def test_when_no_times_fit_the_chosen_cells_it_plans_with_home_rooms(tmp_path: Path) -> None:
    content = load_content(_tight_buffer(tmp_path))
    assert dayrooms.suits(content)
    said: list[str] = []
    result = planner.plan(content, solver="highs", time_limit=60, gap=0.0, progress=said.append)

    assert "no times fit those rooms; placing each session on its day in any room" in said
    assert "planning with home rooms per track instead" in said
    assert validate(content, result.agenda) == []
    # The best left: one talk on each day (a second day 2, one talk away from Ann's day 10),
    # not both on day 2 (a second room 5, both away 20).
    assert {place.day for place in result.agenda.values()} == {"d1", "d2"}
    assert sum(result.costs.values()) == pytest.approx(12)
    # The cells' bound still holds, and the gap against it is the plan's true gap.
    assert result.chosen_first is not None and result.outcome.bound == pytest.approx(5)
    assert result.outcome.status == "feasible"
    assert result.outcome.gap == pytest.approx((12 - 5) / 12)


@pytest.mark.parametrize(
    ("weights", "planning"),
    [
        ({"track_room_changes": 0, "track_days": 0}, {}),
        ({"presenter_hours": 1}, {}),
        ({}, {"order": "soft"}),
    ],
    ids=["no track goal", "a goal of blocks", "soft orders"],
)
def test_conferences_whose_goals_it_does_not_count_plan_as_before(
    tmp_path: Path, weights: dict, planning: dict
) -> None:
    folder = build(
        tmp_path,
        sessions={"t1": {"track": "x"}, "t2": {"track": "x"}},
        weights=weights,
        planning=planning,
    )
    content = load_content(folder)
    assert not dayrooms.suits(content)
    result = planner.plan(content, solver="highs", time_limit=30, gap=0.0)
    assert result.chosen_first is None
    assert validate(content, result.agenda) == []


@pytest.mark.parametrize(
    ("sessions", "window_end"),
    [
        ({"t1": {}, "t2": {}}, "09:45"),
        ({"t1": {}, "w": {"kind": "workshop", "length": 90}}, "10:30"),
    ],
    ids=["two talks, one liked slot", "a talk and a workshop, two liked slots"],
)
def test_sessions_competing_for_their_speakers_liked_times_are_counted_in_the_bound(
    tmp_path: Path, sessions: dict, window_end: str
) -> None:
    """Ann likes only the first slot(s) of the day; each of her sessions alone could start
    there, both together cannot: one is outside her time whatever the agenda. Counted, the
    bound meets the plan and proves it; a cell alone would count nothing."""
    folder = build(
        tmp_path,
        rooms=[("a", 100)],
        days={"d1": ["09:00/45", "09:45/45", "10:30/45", "11:15/45"]},
        sessions={
            ident: {"speakers": ["ann"], "track": "x", **fields}
            for ident, fields in sessions.items()
        },
        speakers={"ann": {"availability": {"preferred": [{"day": "d1", "end": window_end}]}}},
    )
    content = load_content(folder)
    result = planner.plan(content, solver="highs", time_limit=60, gap=0.0)

    assert result.chosen_first is not None
    assert result.amounts["speaker_preference"] == 1
    assert result.outcome.bound == pytest.approx(sum(result.costs.values()))
    assert result.outcome.status == "optimal"


def test_sessions_of_several_slots_fit_the_runs_between_breaks(tmp_path: Path) -> None:
    """Each day has six 30-minute slots, three before a break and three after: six slots
    but room for only two one-hour workshops. Counting slots alone, the cells model would
    put all three on one day (no extra day), where no times fit."""
    day = ["09:00/30", "09:30/30", "10:00/30", "10:30/30 break", "11:00/30", "11:30/30", "12:00/30"]
    folder = build(
        tmp_path,
        rooms=[("a", 100)],
        days={"d1": day, "d2": day},
        sessions={f"w{n}": {"kind": "workshop", "length": 60, "track": "x"} for n in range(1, 4)},
    )
    content = load_content(folder)
    said: list[str] = []
    result = planner.plan(content, solver="highs", time_limit=60, gap=0.0, progress=said.append)

    assert not any(line.startswith("no times fit") for line in said)
    assert validate(content, result.agenda) == []
    assert result.amounts["track_days"] == 1
    assert result.outcome.status == "optimal"
    assert result.outcome.bound == pytest.approx(sum(result.costs.values()))


@pytest.mark.slow
def test_a_plan_further_from_the_bound_than_asked_gets_its_days_and_rooms_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "content"
    generate(folder, 100, 5, 3, 2)
    content = load_content(folder)
    choose = dayrooms.choose
    gaps: list[float] = []

    def loose_at_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not gaps:
            kwargs["gap"] = 0.3  # the first days and rooms stop far from their best
        gaps.append(kwargs["gap"])
        return choose(*args, **kwargs)

    monkeypatch.setattr(dayrooms, "choose", loose_at_first)
    said: list[str] = []
    again = planner.plan(content, solver="highs", time_limit=300, gap=0.0, progress=said.append)

    assert gaps == [0.3, 0.0]
    assert "days and rooms again, to the best there is, from those chosen" in said
    assert validate(content, again.agenda) == []
    cost = sum(again.costs.values())
    assert again.outcome.objective == pytest.approx(cost, abs=1e-6)
    chosen = again.chosen_first
    assert chosen is not None and chosen.bound is not None
    assert again.outcome.bound == chosen.bound <= cost + 1e-6
    assert again.outcome.gap == pytest.approx((cost - chosen.bound) / cost, abs=1e-9)

    # As good as planning to the best days and rooms from the start.
    monkeypatch.setattr(dayrooms, "choose", choose)
    straight = planner.plan(content, solver="highs", time_limit=300, gap=0.0)
    assert cost == pytest.approx(sum(straight.costs.values()), abs=1e-6)
