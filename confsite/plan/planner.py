"""Plan an agenda: build the model, solve it, check the result, measure its soft goals."""

from __future__ import annotations

import time
from dataclasses import dataclass

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import agenda as agenda_model
from confsite.plan import solve
from confsite.plan.diagnose import Conflict, diagnose
from confsite.plan.score import measure, weighted
from confsite.plan.validate import Violation, validate


class Infeasible(Exception):
    """No agenda keeps every hard rule; ``conflicts`` says which rules collide."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(f"{len(conflicts)} conflict(s)")
        self.conflicts = conflicts


class NoPlan(Exception):
    """The solver stopped (time limit) before it found any agenda."""


class BrokenPlan(Exception):
    """The solver's agenda failed validation: a bug, never written to disk."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} violation(s)")
        self.violations = violations


@dataclass(frozen=True)
class PlanResult:
    agenda: dict[str, Placement]
    outcome: solve.Outcome
    amounts: dict[str, float]
    costs: dict[str, float]
    variables: int
    constraints: int
    build_seconds: float
    moved: int


# Above this many rooms, each parallel session considers only its best-sized rooms.
ROOM_LIMIT = 12


def plan(
    content: Content,
    *,
    previous: dict[str, Placement] | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    room_limit: int | None = ROOM_LIMIT,
    progress: agenda_model.Progress | None = None,
    log: bool = False,
) -> PlanResult:
    say = progress or (lambda message: None)
    settings = content.planning
    name = solver or settings.solver or solve.default_solver()
    solve.solver_class(name)  # fail before building when the solver is missing
    limit = float(time_limit if time_limit is not None else settings.time_limit)
    wanted_gap = float(gap if gap is not None else settings.gap)
    started = time.perf_counter()
    pruned = bool(room_limit and len(content.venue.rooms) > room_limit)
    model = agenda_model.build(
        content,
        previous=previous,
        room_limit=room_limit if pruned else None,
        progress=say,
    )
    build_seconds = time.perf_counter() - started
    variables, constraints = model.size
    if model.nowhere:
        raise Infeasible(diagnose(content, name, time_limit=limit, progress=say))
    say(
        f"solving with {name}: {variables} variables, {constraints} constraints "
        f"(time limit {limit:g} s, gap {wanted_gap:g})"
    )
    outcome = solve.run(
        model.prob, name, time_limit=limit, gap=wanted_gap, log=log, progress=progress
    )
    if outcome.status == "infeasible" and pruned:
        say("no agenda with each session's best-sized rooms; trying every suitable room")
        model = agenda_model.build(content, previous=previous, progress=say)
        variables, constraints = model.size
        outcome = solve.run(
            model.prob, name, time_limit=limit, gap=wanted_gap, log=log, progress=progress
        )
    if outcome.status == "infeasible":
        say("no agenda keeps every rule; finding out why")
        raise Infeasible(diagnose(content, name, time_limit=limit, progress=say))
    if not outcome.has_plan:
        raise NoPlan(
            f"{outcome.solver} found no agenda within {limit:g} s; "
            "raise --time-limit or relax the content"
        )
    agenda = model.agenda()
    violations = validate(content, agenda)
    if violations:
        raise BrokenPlan(violations)
    amounts = measure(content, agenda, previous)
    return PlanResult(
        agenda=agenda,
        outcome=outcome,
        amounts=amounts,
        costs=weighted(content, amounts),
        variables=variables,
        constraints=constraints,
        build_seconds=build_seconds,
        moved=int(amounts["stability"]),
    )
