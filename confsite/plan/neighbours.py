"""Improving a days-and-rooms solution a part at a time (large neighbourhood search).

On 400 sessions the solver's search over the whole days-and-rooms model improves its
plans slowly: after its first plan it spends minutes on the bound. Freeing a part of the
conference, with everything else held where it is, gives it small models it solves in a
second or so, each as good as the plan it starts from or better:

* some rooms, on every day: the sessions in them may change day and room among them;
* half the rooms on two days: the sessions there may swap days and rooms;
* two tracks: their sessions may go anywhere there is room left.

The parts are drawn by a generator seeded with a constant, so a run that is not stopped by
time makes the same choices. The bound of the whole model is untouched (these models only
find plans), so the caller keeps the bound it had.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import pulp

from confsite.model.content import Content
from confsite.plan import solve

Cell = tuple[str, str, str]  # (session, day, room)

PART_SECONDS = 4.0  # the longest one part may take
GIVE_UP = 30  # parts in a row that found nothing better


@dataclass(frozen=True)
class Improved:
    objective: float
    parts: int  # how many parts were solved
    better: int  # and how many of them improved the plan


def improve(
    content: Content,
    prob: pulp.LpProblem,
    z: dict[Cell, pulp.LpVariable],
    solver: str,
    *,
    objective: float,
    good_enough: float,
    deadline: float,
    progress: Callable[[str], None] | None = None,
) -> Improved:
    """Improve the solution held in the variables of ``prob`` (of cost ``objective``) until
    ``deadline``, a cost of ``good_enough``, or ``GIVE_UP`` parts in a row without gain.
    Leaves the best solution in the variables and every bound as it was."""
    say = progress or (lambda message: None)
    variables = prob.variables()
    best = {var: var.varValue for var in variables}
    bounds = {var: (var.lowBound, var.upBound) for var in z.values()}
    rooms = sorted({room for _ident, _day, room in z})
    days = sorted({day for _ident, day, _room in z})
    tracks = sorted({content.session[ident].track or "" for ident, _day, _room in z})
    draw = random.Random(0)
    kinds = ("rooms", "days", "tracks")
    parts = better = failed = 0
    try:
        while failed < GIVE_UP and objective > good_enough + 1e-9:
            left = deadline - time.perf_counter()
            if left < 1.0:
                break
            kind = kinds[parts % len(kinds)]
            held = {cell for cell, var in z.items() if (best[var] or 0.0) > 0.5}
            free = _part(kind, draw, held, rooms, days, tracks, content)
            if free is None:
                parts += 1
                failed += 1
                continue
            moving = {ident for ident, day, room in held if free(ident, day, room)}
            for cell, var in z.items():
                if cell[0] in moving and free(*cell):
                    var.lowBound, var.upBound = bounds[var]
                else:
                    fixed = 1 if cell in held else 0
                    var.lowBound = var.upBound = fixed
            start = {var: value for var, value in best.items() if value is not None}
            outcome = solve.run(
                prob, solver, time_limit=min(PART_SECONDS, left), gap=0.0, start=start
            )
            parts += 1
            if outcome.objective is not None and outcome.objective < objective - 1e-6:
                objective = outcome.objective
                best = {var: var.varValue for var in variables}
                better += 1
                failed = 0
                say(f"a plan with objective {objective:.1f} (freeing {len(moving)} sessions)")
            else:
                failed += 1
    finally:
        for var, (low, up) in bounds.items():
            var.lowBound, var.upBound = low, up
        for var, value in best.items():
            var.varValue = value
    return Improved(objective, parts, better)


def _part(
    kind: str,
    draw: random.Random,
    held: set[Cell],
    rooms: list[str],
    days: list[str],
    tracks: list[str],
    content: Content,
) -> Callable[[str, str, str], bool] | None:
    """Which cells are free in this part (a session moves when it is in one of them)."""
    if kind == "rooms":
        if len(rooms) < 2:
            return None
        chosen = frozenset(draw.sample(rooms, max(2, round(0.3 * len(rooms)))))
        return lambda ident, day, room: room in chosen
    if kind == "days":
        if len(days) < 2 or len(rooms) < 2:
            return None
        on = frozenset(draw.sample(days, 2))
        within = frozenset(draw.sample(rooms, max(2, len(rooms) // 2)))
        return lambda ident, day, room: day in on and room in within
    if len(tracks) < 2:
        return None
    picked = frozenset(draw.sample(tracks, 2))
    return lambda ident, day, room: (content.session[ident].track or "") in picked
