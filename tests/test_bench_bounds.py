"""bench/bounds.py: every way it bounds the days-and-rooms model is a bound, and the
decompositions split the model where they say they do."""

from __future__ import annotations

import pulp
import pytest

from bench import bounds
from bench.generate import generate
from confsite.load.loader import load_content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("bounds") / "content"
    generate(folder, 36, 3, 2, 5)
    return load_content(folder)


def _linking(model, owner) -> set[str]:  # type: ignore[no-untyped-def]
    """The first word of every row that joins two parts (or a part and the master)."""
    found = set()
    for row in model.prob.constraints():
        parts = {owner[var.name] for var in row}
        if len(parts) > 1 or None in parts:
            found.add(row.name.split("_")[0])
    return found


def test_split_by_day_leaves_only_the_one_cell_rule_and_orders_between_days(content) -> None:  # type: ignore[no-untyped-def]
    model = bounds.model_of(content)
    owner = bounds.by_day(model)
    for (_ident, day, _room), var in model.z.items():
        assert owner[var.name] == day
    assert {owner[var.name] for var in model.prob.variables()} == {
        day.id for day in content.grid.days
    }
    assert _linking(model, owner) <= {"place", "after"}


def test_split_by_track_keeps_a_tracks_days_and_rooms_inside_it(content) -> None:  # type: ignore[no-untyped-def]
    model = bounds.model_of(content)
    owner = bounds.by_track(model)
    for (ident, _day, _room), var in model.z.items():
        assert owner[var.name] == content.session[ident].track
    linking = _linking(model, owner)
    assert not linking & {"on", "uses", "holds", "first", "day", "parallel"}
    assert "room" in linking  # rooms are shared between tracks


@pytest.mark.slow
def test_every_way_bounds_the_best_plan_and_the_splits_beat_the_relaxation(content) -> None:  # type: ignore[no-untyped-def]
    found = {
        method: bounds.bound(content, method, time_limit=120)
        for method in ("lp", "rooms", "track", "day", "whole")
    }
    assert all(b.finished for b in found.values()), found
    best = found["whole"].best
    assert best is not None and found["whole"].value == pytest.approx(best, abs=1e-6)
    lp = found["lp"].value
    assert lp is not None
    for method in ("rooms", "track", "day"):
        value = found[method].value
        assert value is not None
        assert lp - 1e-6 <= value <= best + 1e-6, (method, lp, value, best)
    # A decomposition's bound is its master's value once it finishes; that is at least the
    # relaxation's and, here, strictly more for the split by day.
    assert found["day"].value > lp + 1e-3


def test_an_unknown_way_is_refused(content) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="expected one of"):
        bounds.bound(content, "guess", time_limit=1)


def test_a_split_bound_is_the_best_over_whole_plans_of_each_part() -> None:
    # Part "one" takes at most 1.5 of x1 + x2 (so, whole, at most 1); part "two" is one
    # fraction y; a shared row: x1 + x2 + 2y <= 2. The relaxation reaches -1.75 (x 1.5, y
    # 0.25); with part one's plans whole the best is -1.5 (x 1, y 0.5), and so is the split.
    prob = pulp.LpProblem("tiny", pulp.LpMinimize)
    x1 = prob.add_variable("x1", 0, 1, pulp.LpBinary)
    x2 = prob.add_variable("x2", 0, 1, pulp.LpBinary)
    y = prob.add_variable("y", 0, 1, pulp.LpContinuous)
    prob += -1.0 * x1 - 1.0 * x2 - 1.0 * y
    prob += x1 + x2 <= 1.5, "inside"
    prob += x1 + x2 + 2 * y <= 2, "shared"
    result = bounds.decomposed(prob, {"x1": "one", "x2": "one", "y": "two"}, time_limit=30)
    assert result.finished
    assert result.value == pytest.approx(-1.5, abs=1e-6)
