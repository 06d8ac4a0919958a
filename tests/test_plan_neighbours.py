"""Improving a days-and-rooms plan a part at a time (``neighbours.py``)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pulp
import pytest

from bench.generate import generate
from confsite.load.loader import load_content
from confsite.plan import dayrooms, lp, neighbours, planner, solve
from confsite.plan.grid import Timeline
from confsite.plan.validate import validate


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("neighbours") / "content"
    generate(folder, 60, 4, 3, 3)
    return load_content(folder)


@pytest.mark.slow
@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_a_poor_plan_gets_better_and_the_model_is_left_as_it_was(content, solver: str) -> None:  # type: ignore[no-untyped-def]
    timeline = Timeline(content)
    places = {
        ident: planner.places(content, timeline, ident)
        for ident in planner.planned_sessions(content)
    }
    model = dayrooms.build(content, timeline, places)
    best = solve.run(model.prob, "highs", time_limit=60, gap=0.0)
    assert best.status == "optimal" and best.objective is not None
    bounds = {cell: (var.lowBound, var.upBound) for cell, var in model.z.items()}
    # A poor start: the plan that makes every cell's own cost (rooms against audiences,
    # preferred times) as large as it can be, with every rule kept.
    goal = model.prob.objective
    cells = set(model.z.values())
    model.prob.setObjective(lp.linear([(var, -cost) for var, cost in goal.items() if var in cells]))
    assert solve.run(model.prob, solver, time_limit=30, gap=0.05).has_plan
    model.prob.setObjective(goal)
    start = pulp.value(model.prob.objective)
    assert start > best.objective + 10

    improved = neighbours.improve(
        content,
        model.prob,
        model.z,
        solver,
        objective=start,
        good_enough=float("-inf"),
        deadline=time.perf_counter() + 10,
    )

    assert improved.parts >= 1 and improved.better >= 1
    assert improved.objective < start / 2  # from about 3,900 to 231-233 in seconds here
    assert improved.objective >= best.objective - 1e-6  # no better than the best there is
    # The model holds the improved plan: one cell per session, costing what was said, and
    # every bound is back.
    assert pulp.value(model.prob.objective) == pytest.approx(improved.objective, abs=1e-6)
    held = Counter(ident for (ident, _d, _r), var in model.z.items() if var.varValue > 0.5)
    assert set(held) == set(places) and set(held.values()) == {1}
    assert {cell: (var.lowBound, var.upBound) for cell, var in model.z.items()} == bounds
    assert model.prob.valid(1e-6)


@pytest.mark.slow
def test_when_the_whole_model_stops_short_the_plan_is_improved_and_its_gap_is_true(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "content"
    generate(folder, 100, 5, 3, 1)
    content = load_content(folder)
    monkeypatch.setattr(dayrooms, "WHOLE_SHARE", 0.01)  # a second on the whole model
    said: list[str] = []
    result = planner.plan(content, solver="highs", time_limit=30, gap=0.0, progress=said.append)

    assert "improving that plan a part of the conference at a time" in said
    assert result.chosen_first is not None
    assert validate(content, result.agenda) == []
    cost = sum(result.costs.values())
    assert result.outcome.objective == pytest.approx(cost, abs=1e-6)
    bound = result.outcome.bound
    assert bound is not None and bound <= cost + 1e-6
    assert result.outcome.gap == pytest.approx((cost - bound) / cost, abs=1e-9)
    chosen = result.chosen_first
    assert chosen.objective is not None and chosen.bound == bound
    assert chosen.gap == pytest.approx((chosen.objective - bound) / chosen.objective, abs=1e-9)
