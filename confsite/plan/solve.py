"""Choosing a PuLP solver and running it: time limit, gap, and what came back.

``cbc`` and ``highs`` name the free solvers under whatever class this PuLP version offers
(CBC is ``COIN_CMD`` running the binary that ``pulp[cbc]`` installs, on PuLP 3.3 and 4
alike; HiGHS comes from ``highspy``). Any other name is passed to PuLP as a solver name,
so organisers with Gurobi or CPLEX can use them.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pulp

from confsite.plan import lp
from confsite.plan.stop import Stop

FREE = {"highs": ("HiGHS", "HiGHS_CMD"), "cbc": ("COIN_CMD", "PULP_CBC_CMD")}
CBC = ("COIN_CMD", "PULP_CBC_CMD")
DEFAULT = "highs"  # see bench/agenda.py: HiGHS solves our model faster at every size


# The agenda model's LP bound is tight, and a presolve restart after the first heuristic
# solution costs more than it saves (bench/README.md, "Settings and their figures").
HIGHS_OPTIONS: dict = {"mip_allow_restart": False}


class SolverError(Exception):
    """No usable solver, or the solver failed."""


def available() -> list[str]:
    found = set(pulp.listSolvers(onlyAvailable=True))
    if lp.cbc_path() is not None:
        found.add("COIN_CMD")
    return sorted(found)


_SHOWN = {"PULP_CBC_CMD": "CBC", "COIN_CMD": "CBC", "HiGHS": "HiGHS", "HiGHS_CMD": "HiGHS"}


def shown(solver: str) -> str:
    """A PuLP solver class as organisers know the solver (``PULP_CBC_CMD`` is CBC)."""
    return _SHOWN.get(solver, solver.removesuffix("_CMD").removesuffix("_PY"))


def solver_class(name: str) -> str:
    """The PuLP solver class for a name given by the organiser."""
    present = available()
    wanted = name.lower()
    for candidate in FREE.get(wanted, ()):
        if candidate in present:
            return candidate
    for candidate in present:
        if candidate.lower() == wanted:
            return candidate
    names = ", ".join(["cbc", "highs", *present])
    raise SolverError(
        f"solver {name!r} is not available here (installed: {names}); "
        "`pip install highspy` brings HiGHS"
    )


def default_solver() -> str:
    for name in (DEFAULT, "cbc"):
        try:
            solver_class(name)
        except SolverError:
            continue
        return name
    raise SolverError("no solver is installed: `pip install highspy` brings HiGHS")


@dataclass(frozen=True)
class Outcome:
    status: str  # optimal, feasible, infeasible, none (no plan found in time)
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    solver: str

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible")


def gap_of(objective: float, bound: float, *, maximise: bool = False) -> float:
    """How far a plan of value ``objective`` is from a ``bound`` no plan can beat (below it
    for a cost, above it for a maximised value), as a share of its value (0 for a plan
    whose value is 0)."""
    if abs(objective) <= 1e-9:
        return 0.0
    beyond = bound - objective if maximise else objective - bound
    return max(0.0, beyond) / abs(objective)


def run(
    prob: pulp.LpProblem,
    name: str,
    *,
    time_limit: float,
    gap: float,
    threads: int | None = None,
    log: bool = False,
    progress: Callable[[str], None] | None = None,
    start: dict[pulp.LpVariable, float] | None = None,
) -> Outcome:
    """Solve ``prob``; with a time limit, the best plan found so far and its gap."""
    cls = solver_class(name)
    options: dict = {"msg": log, "timeLimit": time_limit, "gapRel": gap}
    stop = Stop()
    log_path = None
    scratch = None  # CBC's files (model, start, solution, log), removed however it ends
    if cls in CBC:
        scratch = tempfile.TemporaryDirectory(prefix="confsite-cbc-")
        log_path = os.path.join(scratch.name, "cbc.log")
        options["logPath"] = log_path
        if threads:
            options["threads"] = threads
    elif cls == "HiGHS":
        if threads:
            options["threads"] = threads
        options.update(HIGHS_OPTIONS)
        options.update(stop.highs_callback(_highs_progress(progress) if progress else None))
    solver = _solver(cls, options)
    if scratch is not None:
        solver.tmpDir = scratch.name
    if start:
        if cls == "HiGHS":
            solver = _with_start(solver, start)
        elif cls in CBC:
            for var, value in start.items():
                var.varValue = value
            solver.optionsDict["warmStart"] = True
    started = time.perf_counter()
    try:
        with stop, _quiet(not log), _whole_objective(prob):
            solved = lp.solve(prob, solver)
        seconds = time.perf_counter() - started
        maximise = prob.sense == pulp.LpMaximize
        bound = None
        if cls == "HiGHS":
            bound = _highs_bound(prob, objective_of(prob), maximise)
        elif log_path:
            bound = _cbc_bound(log_path, objective_of(prob), maximise)
    except pulp.PulpSolverError as err:
        raise SolverError(f"{cls} failed: {err}") from None
    finally:
        if scratch is not None:
            scratch.cleanup()
    objective = objective_of(prob)
    if solved.infeasible:
        status = "infeasible"
    elif not solved.found:
        status = "none"
    else:
        status = "optimal" if solved.proven else "feasible"
    if objective is None or not solved.found:
        objective = None
    result_gap = None
    if objective is not None and bound is not None and math.isfinite(bound):
        result_gap = gap_of(objective, bound, maximise=maximise)
        if result_gap <= gap + 1e-9 and status == "feasible":
            status = "optimal"
    elif status == "optimal":
        result_gap = 0.0
    return Outcome(status, objective, bound, result_gap, seconds, cls)


def objective_of(prob: pulp.LpProblem) -> float | None:
    """The objective's value at the variables' values."""
    return pulp.value(prob.objective) if prob.objective is not None else None


def relaxation(prob: pulp.LpProblem, name: str, *, time_limit: float) -> tuple[str, float | None]:
    """Solve ``prob`` with its integer variables relaxed: the variables hold the relaxed
    values afterwards. Returns the status (``optimal``; ``infeasible``, when no agenda can
    keep the rules either; ``none`` when time ran out) and the relaxation's objective, a
    bound on every plan's."""
    cls = solver_class(name)
    options: dict = {"msg": False, "timeLimit": time_limit, "mip": False}
    stop = Stop()
    if cls == "HiGHS":
        options.update(HIGHS_OPTIONS)
        options.update(stop.highs_callback())
    solver = _solver(cls, options)
    try:
        with stop, _quiet(True):
            solved = lp.solve(prob, solver)
    except pulp.PulpSolverError as err:
        raise SolverError(f"{cls} failed: {err}") from None
    if solved.infeasible:
        return "infeasible", None
    if not solved.proven:
        return "none", None
    return "optimal", pulp.value(prob.objective) if prob.objective is not None else 0.0


def _solver(cls: str, options: dict) -> pulp.LpSolver:
    if cls == "COIN_CMD" and "path" not in options:
        path = lp.cbc_path()
        if path is not None:
            options = {**options, "path": path}
    return pulp.getSolver(cls, **options)


def _with_start(solver: pulp.LpSolver, start: dict[pulp.LpVariable, float]) -> pulp.LpSolver:
    """Hand HiGHS a (partial) plan to start from; it completes and improves it."""
    import numpy

    call = solver.callSolver

    def call_with_start(prob: pulp.LpProblem) -> None:
        column = lp.columns(prob)
        pairs = sorted(
            (column[var.name], value) for var, value in start.items() if var.name in column
        )
        if pairs:
            index = numpy.array([i for i, _ in pairs], dtype=numpy.int32)
            value = numpy.array([v for _, v in pairs], dtype=numpy.float64)
            prob.solverModel.setSolution(len(pairs), index, value)
        call(prob)

    solver.callSolver = call_with_start  # type: ignore[method-assign]
    return solver


@contextlib.contextmanager
def _whole_objective(prob: pulp.LpProblem) -> Iterator[None]:
    """Hand the solver the objective's constant as the cost of a variable fixed at 1.

    Solvers leave a constant out of the objective (PuLP passes none), so the relative gap
    a solver stopped at was not the plan's: with the days-and-rooms model's constant (each
    track's first day is free) HiGHS, asked for 1%, stopped on a plan 1.07% from its bound.
    The variable stays in the problem, held by a row of its own (PuLP writes a CBC model
    that CBC refuses when a variable is in no row and not in the objective); the objective
    is handed back as it came.
    """
    objective = prob.objective
    constant = float(objective.constant or 0.0) if objective is not None else 0.0
    if objective is None or not constant:
        yield
        return
    one: pulp.LpVariable | None = getattr(prob, "_confsite_one", None)
    if one is None:
        one = prob.add_variable("objective_constant", 1, 1, pulp.LpContinuous)
        lp.add_row(prob, "objective_constant", lp.linear([(one, 1.0)]), pulp.LpConstraintEQ, 1)
        prob._confsite_one = one  # type: ignore[attr-defined]
    terms = list(objective.items())
    prob.setObjective(lp.linear([*terms, (one, constant)]))
    try:
        yield
    finally:
        prob.setObjective(objective)


def _highs_progress(progress: Callable[[str], None]) -> Callable[..., None]:
    """Report each better plan HiGHS finds (its callback's output), with bound and gap."""

    def improved(out) -> None:  # type: ignore[no-untyped-def]
        gap = out.mip_gap
        shown = f", gap {gap:.1%}" if math.isfinite(gap) and gap < 1e6 else ""
        with _loud():  # a caller may print progress to standard output
            progress(
                f"{out.running_time:.1f} s: a plan with objective "
                f"{out.objective_function_value:.1f}"
                f" (bound {out.mip_dual_bound:.1f}{shown})"
            )

    return improved


@contextlib.contextmanager
def _quiet(active: bool) -> Iterator[None]:
    """Keep a solver's banner off our standard output (HiGHS prints one even when asked
    for silence); its own log is shown with ``log``."""
    if not active:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    _MUTED.append(saved)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        _MUTED.pop()
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


_MUTED: list[int] = []  # standard output as it was, while ``_quiet`` holds it


@contextlib.contextmanager
def _loud() -> Iterator[None]:
    """Standard output back for a moment inside ``_quiet``, for a progress message."""
    if not _MUTED:
        yield
        return
    sys.stdout.flush()
    muted = os.dup(1)
    os.dup2(_MUTED[-1], 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(muted, 1)
        os.close(muted)


def _highs_bound(prob: pulp.LpProblem, objective: float | None, maximise: bool) -> float | None:
    """HiGHS's best bound, in the problem's own sense (for a maximisation, no plan is
    above it). PuLP 3.3 hands HiGHS a maximisation as the minimisation of the negated
    objective, PuLP 4 as it is; the objective HiGHS reports tells which, and shifting by
    the difference between ours and its own keeps the bound the same distance away."""
    model = getattr(prob, "solverModel", None)
    if model is None:
        return None
    try:
        info = model.getInfo()
        bound = float(info.mip_dual_bound)
        reported = float(info.objective_function_value)
    except (AttributeError, TypeError, ValueError):
        return None
    if not math.isfinite(bound):
        return None
    return _ours(bound, reported, objective, maximise)


def _ours(bound: float, reported: float | None, objective: float | None, maximise: bool) -> float:
    """A solver's bound in our objective's terms: mirrored when the solver was handed the
    negated objective (its objective then has the other sign from ours), and shifted by
    whatever else separates its objective from ours."""
    if objective is None or reported is None or not math.isfinite(reported):
        return bound
    if maximise and abs(objective + reported) < abs(objective - reported):
        bound, reported = -bound, -reported
    return bound + objective - reported


def _cbc_bound(path: str, objective: float | None, maximise: bool) -> float | None:
    """CBC ends its log with ``Objective value: X`` and, when stopped early, ``Lower bound:
    Y``; the bound is put in our objective's terms as for HiGHS."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return None
    values = re.findall(r"Objective value:\s*(-?[0-9.eE+]+)", text)
    reported = float(values[-1]) if values else None
    found = re.findall(r"Lower bound:\s*(-?[0-9.eE+]+)", text)
    if found:
        bound = float(found[-1])
    elif "Optimal solution found" in text and reported is not None:
        bound = reported
    else:
        return None
    return _ours(bound, reported, objective, maximise)
