"""The planner's way through large conferences (days chosen first, then a start from the
LP relaxation), exercised on a small generated conference by lowering the threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from confsite.load.loader import load_content
from confsite.plan import planner, solve
from confsite.plan.validate import planned_sessions, validate


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large") / "content"
    generate(folder, 60, 4, 2, 7)
    return folder


def test_a_large_conference_starts_from_the_rounded_relaxation(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    monkeypatch.setattr(planner, "DAY_ROOMS_UP_TO", 0)
    bounds: list[float | None] = []
    relaxation = solve.relaxation

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        status, bound = relaxation(*args, **kwargs)
        bounds.append(bound)
        return status, bound

    monkeypatch.setattr(solve, "relaxation", spy)
    content = load_content(conference)
    said: list[str] = []
    result = planner.plan(content, time_limit=120, gap=0.01, progress=said.append)

    assert "days chosen for every session; planning the days" in said
    assert "solving the relaxation and placing what it leaves open" in said
    assert bounds and bounds[0] is not None
    assert set(result.agenda) == set(planned_sessions(content))
    assert validate(content, result.agenda) == []
    assert result.outcome.has_plan and result.outcome.objective is not None
    # The relaxation bounds its model: the first round's plan cannot beat it.
    assert min(b for b in bounds if b is not None) <= result.outcome.objective + 1e-6


def test_when_the_last_solve_runs_out_of_time_the_plan_it_started_from_is_kept(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solve that improves the rounded relaxation's plan may stop at the time limit
    before it has anything (HiGHS can spend it all in presolve on a large model): the plan
    it was given to start from keeps every rule and is returned, not an error. A
    solver that stops empty-handed cannot be produced on demand on a small conference,
    so the last solve's outcome is replaced by such a stop."""
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    monkeypatch.setattr(planner, "DAY_ROOMS_UP_TO", 0)
    run = solve.run

    def stopped(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = run(*args, **kwargs)
        if kwargs.get("start"):
            return solve.Outcome("none", None, None, None, outcome.seconds, outcome.solver)
        return outcome

    monkeypatch.setattr(solve, "run", stopped)
    content = load_content(conference)
    said: list[str] = []
    result = planner.plan(content, time_limit=120, gap=0.01, progress=said.append)
    assert "no better plan in time; keeping the one it started from" in said
    assert set(result.agenda) == set(planned_sessions(content))
    assert validate(content, result.agenda) == []
    assert result.outcome.status == "feasible" and result.outcome.gap is None


def test_running_out_of_time_says_so_without_trying_a_larger_model(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the days-first plan finds nothing in time, planning the whole conference at
    once (a larger model) would not be quicker: the planner stops with a message that
    names the time given, instead of running past it."""
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    monkeypatch.setattr(planner, "DAY_ROOMS_UP_TO", 0)
    run = solve.run

    def empty(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = run(*args, **kwargs)
        return solve.Outcome("none", None, None, None, outcome.seconds, outcome.solver)

    monkeypatch.setattr(solve, "run", empty)
    monkeypatch.setattr(solve, "relaxation", lambda *a, **k: ("none", None))
    content = load_content(conference)
    said: list[str] = []
    with pytest.raises(planner.OutOfTime, match=r"in the 40 s given: 60 sessions need longer"):
        planner.plan(content, time_limit=40, gap=0.01, progress=said.append)
    assert not any("planning the whole conference at once" in line for line in said)


def test_after_days_first_the_rooms_are_chosen_again_with_every_time_kept(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With time left after the days-first plan, the rooms are chosen again with each
    session's day and start kept: the result keeps every rule, moves no session in time,
    costs no more, and its gap is measured against the first model's bound (which holds
    for it: the first model allowed every plan the second does)."""
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    monkeypatch.setattr(planner, "DAY_ROOMS_UP_TO", 0)
    calls: list[tuple[planner.PlanResult, planner.PlanResult | None]] = []
    rooms_again = planner._Attempt.rooms_again

    def spy(self, homes, pruned, best, limit):  # type: ignore[no-untyped-def]
        result = rooms_again(self, homes, pruned, best, limit)
        calls.append((best, result))
        return result

    monkeypatch.setattr(planner._Attempt, "rooms_again", spy)
    content = load_content(conference)
    said: list[str] = []
    final = planner.plan(content, time_limit=120, gap=0.0, progress=said.append)
    assert "choosing the rooms again, each session keeping its time" in said
    [(before, after)] = calls
    assert validate(content, final.agenda) == []
    assert sum(final.costs.values()) <= sum(before.costs.values()) + 1e-9
    if after is not None:
        for ident, place in after.agenda.items():
            assert (place.day, place.start) == (
                before.agenda[ident].day,
                before.agenda[ident].start,
            )
        assert after.outcome.bound == before.outcome.bound
        assert after.outcome.objective is not None and after.outcome.gap is not None
        assert after.outcome.objective >= (before.outcome.bound or 0) - 1e-6
