"""Running a solver (``solve.py``): what the organiser sees while it runs."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pulp
import pytest

from confsite.plan import solve

SCRIPT = """
import pulp
from confsite.plan import solve

prob = pulp.LpProblem("knapsack", pulp.LpMaximize)
take = [prob.add_variable(f"take_{i}", 0, 1, pulp.LpBinary) for i in range(60)]
prob += pulp.lpSum(((i * 53) % 31 + 3) * x for i, x in enumerate(take))
prob += pulp.lpSum(((i * 37) % 23 + 5) * x for i, x in enumerate(take)) <= 200, "weight"
prob += pulp.lpSum(((i * 17) % 19 + 4) * x for i, x in enumerate(take)) <= 180, "volume"
outcome = solve.run(prob, "highs", time_limit=60, gap=0.0, progress=print)
print("status", outcome.status)
"""


def test_progress_printed_to_standard_output_is_shown_and_the_solver_banner_is_not() -> None:
    # In a process of its own: the solver's banner is kept off the real standard output
    # (file descriptor 1), which pytest's capture would hide.
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )
    assert "status optimal" in run.stdout
    assert "a plan with objective" in run.stdout
    assert "HiGHS" not in run.stdout


def _tiny() -> pulp.LpProblem:
    prob = pulp.LpProblem("tiny", pulp.LpMinimize)
    x = prob.add_variable("x", 0, 3, pulp.LpInteger)
    prob += x
    prob += x >= 1.5, "at_least"
    return prob


def test_cbc_leaves_no_files_behind_whether_it_works_or_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for variable in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(variable, str(scratch))

    outcome = solve.run(_tiny(), "cbc", time_limit=10, gap=0.0)
    assert outcome.status == "optimal" and outcome.objective == 2
    assert list(scratch.iterdir()) == []

    # A CBC that fails once it has been handed the model's files.
    real = pulp.getSolver

    def failing(cls: str, **options: object) -> pulp.LpSolver:
        solver = real(cls, **options)
        solver.path = "/bin/false"
        return solver

    monkeypatch.setattr(pulp, "getSolver", failing)
    with pytest.raises(solve.SolverError, match="failed"):
        solve.run(_tiny(), "cbc", time_limit=10, gap=0.0)
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_the_solver_stops_at_the_plans_gap_not_its_own(tmp_path: Path, solver: str) -> None:
    # The days-and-rooms model of a generated conference has a negative constant (each
    # track's first day is free), which solvers leave out of the objective: HiGHS, asked
    # for 1%, stopped on this one at 0.98% of its own objective, 1.07% of the plan's, and
    # the planner then spent seconds trying to close a gap it had asked the solver to close.
    from bench.generate import generate
    from confsite.load.loader import load_content
    from confsite.plan import dayrooms, planner
    from confsite.plan.grid import Timeline

    generate(tmp_path / "content", 100, 5, 3, 2)
    content = load_content(tmp_path / "content")
    timeline = Timeline(content)
    places = {
        ident: planner.places(content, timeline, ident)
        for ident in planner.planned_sessions(content)
    }
    model = dayrooms.build(content, timeline, places)
    constant = model.prob.objective.constant
    terms = dict(model.prob.objective.items())
    assert constant < 0

    outcome = solve.run(model.prob, solver, time_limit=120, gap=0.01)

    assert outcome.status == "optimal"
    assert outcome.objective is not None and outcome.bound is not None
    assert outcome.gap is not None and outcome.gap <= 0.01 + 1e-9
    assert outcome.gap == pytest.approx(solve.gap_of(outcome.objective, outcome.bound))
    # The model is handed back as it came: same constant, same terms.
    assert model.prob.objective.constant == constant
    assert dict(model.prob.objective.items()) == terms
    assert outcome.objective == pytest.approx(pulp.value(model.prob.objective))


def test_a_constant_objective_term_counts_in_the_plans_value() -> None:
    prob = pulp.LpProblem("constant", pulp.LpMinimize)
    x = prob.add_variable("x", 0, 3, pulp.LpInteger)
    prob += 2 * x - 10
    prob += x >= 1.5, "at_least"
    outcome = solve.run(prob, "highs", time_limit=30, gap=0.0)
    assert outcome.objective == pytest.approx(-6.0)
    assert outcome.bound == pytest.approx(-6.0)
    assert prob.objective.constant == -10
    again = solve.run(prob, "cbc", time_limit=30, gap=0.0)  # the same problem, solved again
    assert again.objective == pytest.approx(-6.0)
    assert again.bound == pytest.approx(-6.0)
