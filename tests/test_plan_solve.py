"""Running a solver (``solve.py``): what the organiser sees while it runs."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import pulp
from confsite.plan import solve

prob = pulp.LpProblem("knapsack", pulp.LpMaximize)
take = [pulp.LpVariable(f"take_{i}", cat=pulp.LpBinary) for i in range(60)]
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
