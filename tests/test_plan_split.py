"""A model whose sessions have their days falls apart into one part per day, and solving
the parts one by one gives what solving it whole gives."""

from __future__ import annotations

import pulp
import pytest

from bench.generate import generate
from confsite.load.loader import load_content
from confsite.model.content import Content
from confsite.plan import agenda as agenda_model
from confsite.plan import lp, planner, solve, split
from confsite.plan.candidates import places
from confsite.plan.days import assign_days
from confsite.plan.grid import Timeline
from confsite.plan.validate import planned_sessions, validate


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = tmp_path_factory.mktemp("split") / "content"
    generate(folder, 24, 3, 2, 5)
    return load_content(folder)


@pytest.fixture(scope="module")
def day_of(content: Content) -> dict[str, str]:
    timeline = Timeline(content)
    everywhere = {ident: places(content, timeline, ident) for ident in planned_sessions(content)}
    chosen = assign_days(content, timeline, everywhere, "highs", time_limit=60)
    assert chosen
    return chosen


def test_a_model_with_days_chosen_splits_by_day(content: Content, day_of: dict[str, str]) -> None:
    model = agenda_model.build(content, day_of=day_of)
    problems = [part.problem for part in split.parts(model.prob)]
    days_of_part = []
    for problem in problems:
        names = {var.name for var in problem.variables()}
        days = {
            model.places[ident].starts[k].day
            for (ident, k, _room), var in model.x.items()
            if var.name in names
        }
        days_of_part.append(days)
    # No part mixes days (a part can be less than a day: a session that shares no room,
    # person or slot with others, such as a keynote in a plenary slot, is one alone).
    with_sessions = [days for days in days_of_part if days]
    assert len(with_sessions) >= len(content.grid.days)
    assert all(len(days) == 1 for days in with_sessions)
    assert set().union(*with_sessions) == {day.id for day in content.grid.days}
    # Labelled with their days, the parts are the days.
    labelled = split.parts(model.prob, planner._days_of(model))
    assert [part.label for part in labelled] == [day.id for day in content.grid.days]
    # Every variable and constraint is in exactly one part.
    assert sum(problem.numVariables() for problem in problems) == model.prob.numVariables()
    assert sum(problem.numConstraints() for problem in problems) == (model.prob.numConstraints())


def test_solving_the_parts_gives_the_optimum_of_the_whole(
    content: Content, day_of: dict[str, str]
) -> None:
    whole = agenda_model.build(content, day_of=day_of)
    alone = solve.run(whole.prob, "highs", time_limit=120, gap=0.0)
    assert alone.status == "optimal" and alone.objective is not None

    model = agenda_model.build(content, day_of=day_of)
    outcome = split.run(split.parts(model.prob), "highs", time_limit=120, gap=0.0)
    assert outcome.status == "optimal" and outcome.objective is not None
    assert outcome.objective == pytest.approx(alone.objective, abs=1e-6)
    assert outcome.bound == pytest.approx(outcome.objective, abs=1e-6)
    agenda = model.agenda()
    assert set(agenda) == set(planned_sessions(content))
    assert validate(content, agenda) == []
    assert {agenda[ident].day for ident in agenda} == set(day_of.values())
    assert all(agenda[ident].day == day for ident, day in day_of.items())


def test_a_constraint_across_parts_keeps_them_together() -> None:
    prob = pulp.LpProblem("joined", pulp.LpMinimize)
    a, b, c, d = (prob.add_variable(n, 0, 1, pulp.LpBinary) for n in "abcd")
    lonely = prob.add_variable("lonely", 0, 1, pulp.LpBinary)

    def row(name: str, terms: list[tuple[pulp.LpVariable, float]], rhs: float) -> None:
        lp.add_row(prob, name, lp.linear(terms), pulp.LpConstraintGE, rhs)

    row("ab", [(a, 1.0), (b, 1.0)], 1)
    row("cd", [(c, 1.0), (d, 1.0)], 1)
    prob.setObjective(lp.linear([(a, 1.0), (b, 2.0), (c, 3.0), (d, 4.0), (lonely, -1.0)], 10.0))
    apart = split.parts(prob)
    assert [sorted(v.name for v in p.problem.variables()) for p in apart] == [
        ["a", "b", "lonely"],
        ["c", "d"],
    ]
    outcome = split.run(apart, "highs", time_limit=10, gap=0.0)
    assert outcome.objective == pytest.approx(10 + 1 + 3 - 1)
    assert (a.varValue, b.varValue, c.varValue, d.varValue, lonely.varValue) == (1, 0, 1, 0, 1)

    row("bc", [(b, 1.0), (c, 1.0)], 0)  # now one problem
    assert len(split.parts(prob)) == 1


def test_the_planner_plans_a_large_conference_day_by_day(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    monkeypatch.setattr(planner, "DAY_ROOMS_UP_TO", 0)
    said: list[str] = []
    result = planner.plan(content, time_limit=120, gap=0.01, progress=said.append)
    days = sorted(day.id for day in content.grid.days)
    planned = [m for m in said if m.startswith("planning day-")]
    assert [m.split(" (")[0].removeprefix("planning ") for m in planned[: len(days)]] == days
    assert all(f"of {len(days)}): " in m for m in planned)
    assert validate(content, result.agenda) == []
    assert set(result.agenda) == set(planned_sessions(content))


def test_an_order_between_days_does_not_join_them(content: Content, day_of: dict[str, str]) -> None:
    """``after`` rows are left out once the earlier session has surely ended: with the two
    sessions on different days, the days stay apart."""
    ident, before = next(
        (ident, session.after[0]) for ident, session in content.sessions if session.after
    )
    first, last = content.grid.days[0].id, content.grid.days[-1].id
    days = dict(day_of) | {ident: last, before: first}
    model = agenda_model.build(content, day_of=days)
    assert not model.nowhere
    for part in split.parts(model.prob):
        names = {var.name for var in part.problem.variables()}
        on = {
            model.places[i].starts[k].day
            for (i, k, _room), var in model.x.items()
            if var.name in names
        }
        assert len(on) <= 1
    outcome = split.run(split.parts(model.prob), "highs", time_limit=60, gap=0.01)
    assert outcome.has_plan
    agenda = model.agenda()
    assert (agenda[before].day, agenda[ident].day) == (first, last)
    assert validate(content, agenda) == []
