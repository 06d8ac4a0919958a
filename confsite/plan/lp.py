"""The PuLP calls whose form differs between PuLP 3.3 and PuLP 4, written once.

Python 3.11 gets PuLP 3.3 (the newest there) and Python 3.12 and later get PuLP 4, whose
core is new: an expression is made from (variable, coefficient) pairs with ``from_list``,
a constraint is an expression with a sense, and ``solve`` returns what the solver did
instead of setting ``status`` and ``sol_status`` on the problem. The models in plan/ use
the calls both versions share (``add_variable``, ``addConstraint``, ``constraints()``,
``variables()``, ``varValue``, ``setObjective``) and these helpers for the rest.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

import pulp

Pairs = Iterable[tuple[pulp.LpVariable, float]]

# PuLP 4 builds expressions with a class method; PuLP 3.3's constructor takes the pairs.
_FROM_LIST = getattr(pulp.LpAffineExpression, "from_list", None)
PULP4 = _FROM_LIST is not None


def linear(pairs: Pairs, constant: float = 0.0) -> pulp.LpAffineExpression:
    """The expression sum(coefficient * variable) + constant. Under PuLP 3.3 a variable
    listed twice keeps its last coefficient; callers that repeat variables sum them
    first (``agenda.summed``)."""
    if _FROM_LIST is not None:
        return _FROM_LIST(list(pairs), constant)
    return pulp.LpAffineExpression(list(pairs), constant)


def add_row(
    prob: pulp.LpProblem,
    name: str,
    expression: pulp.LpAffineExpression,
    sense: int,
    rhs: float,
) -> None:
    """Add the row ``expression (<=, >= or ==) rhs`` to ``prob`` under ``name``."""
    if not PULP4:
        # PuLP 3.3's own constructor takes the expression as it is (a comparison copies it).
        prob.addConstraint(pulp.LpConstraint(expression, sense, name, rhs))
        return
    if sense == pulp.LpConstraintLE:
        prob.addConstraint(expression <= rhs, name)
    elif sense == pulp.LpConstraintGE:
        prob.addConstraint(expression >= rhs, name)
    else:
        prob.addConstraint(expression == rhs, name)


def copy_variable(prob: pulp.LpProblem, var: pulp.LpVariable) -> pulp.LpVariable:
    """A variable of ``prob`` with ``var``'s name, bounds and kind (PuLP 4 reports a
    missing bound as infinite but takes only None for one)."""

    def finite(bound: float | None) -> float | None:
        return bound if bound is not None and math.isfinite(bound) else None

    return prob.add_variable(var.name, finite(var.lowBound), finite(var.upBound), var.cat)


@dataclass(frozen=True)
class Solved:
    """What a solver run gave back, in words both PuLP versions can say."""

    found: bool  # a plan came back (optimal, or the best found when the solver stopped)
    proven: bool  # the solver proved it optimal
    infeasible: bool  # the solver proved that no plan exists


def solve(prob: pulp.LpProblem, solver: pulp.LpSolver) -> Solved:
    """Run ``solver`` on ``prob``; the variables hold its values afterwards."""
    returned = prob.solve(solver)
    if PULP4:
        status = pulp.LpSolveStatus
        return Solved(
            found=bool(returned.has_solution),
            proven=returned.status == status.Optimal and bool(returned.has_solution),
            infeasible=returned.status == status.Infeasible,
        )
    return Solved(
        found=prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible),
        proven=prob.sol_status == pulp.LpSolutionOptimal,
        infeasible=prob.status == pulp.LpStatusInfeasible,
    )


def cbc_path() -> str | None:
    """The CBC binary that ``pulp[cbc]`` installs (the cbcbox package), for PuLP 3.3,
    whose ``COIN_CMD`` looks only on PATH (PuLP 4 finds cbcbox itself; its own
    ``PULP_CBC_CMD``, the copy of CBC in PuLP 3.3's wheel, is deprecated)."""
    try:
        import cbcbox
    except ImportError:
        return None
    try:
        path = cbcbox.cbc_bin_path()
    except Exception:  # cbcbox without a binary for this machine
        return None
    return path if os.path.isfile(path) else None


def columns(prob: pulp.LpProblem) -> dict[str, int]:
    """Each variable's column in the model a solver was handed (by name): PuLP 4 hands
    over the variables that appear in a row or the objective, PuLP 3.3 all of them."""
    exported = getattr(prob, "exported_variables", None)
    if exported is not None:
        return {var.name: j for j, var in enumerate(exported())}
    return {var.name: var.index for var in prob.variables()}
