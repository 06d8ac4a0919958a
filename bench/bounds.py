"""How far the days-and-rooms model's bound is from its best plan, and what would close
it (a research instrument for the planner's speed targets; not run in CI).

    python bench/bounds.py [--sizes 100x5x3] [--seed 1] [--methods lp,rooms,track,day,whole]
                           [--time-limit 600] [--workdir DIR]

A plan is *proven* best when the solver's lower bound meets its cost, so how fast a proof
comes depends on how close the model's bound starts to the optimum. For the generated
instance of each size (``bench/generate.py``, cached as in ``bench/agenda.py``) this builds
the days-and-rooms model (``confsite/plan/dayrooms.py``) exactly as the planner does and
bounds its cost in up to five ways, each with at most ``--time-limit`` seconds:

* ``lp``: the linear relaxation, where the solver's search starts;
* ``rooms``: only the "track t uses room r on day d" choices kept whole (0 or 1), every
  other choice relaxed: how much of the gap is about which rooms each track gets;
* ``track`` and ``day``: Dantzig-Wolfe decompositions. The model's variables are split
  into parts, one per track (its sessions' cells, days and rooms) or one per day; the rows
  that join parts stay in a master linear programme, whose columns are whole plans of one
  part, found by solving that part as a MIP at the prices of the master's duals. Its
  bound is the Lagrangian one (the master's value plus each part's most negative reduced
  cost), valid at every round, and equal to the master's value once no part has a
  cheaper plan. It is the bound a branch-and-price planner built on that split would
  start from;
* ``whole``: the model itself at gap 0: the best plan found and the solver's bound.

It prints one table per size: each way's bound, how far below the best plan found (by
``whole``) it is, whether it finished, and its time.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/bounds.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import highspy
import numpy as np
import pulp

from bench.agenda import DEFAULT_WORKDIR, Size, instance
from bench.common import number
from confsite.load.loader import load_content
from confsite.model.content import Content
from confsite.plan import dayrooms, planner, solve
from confsite.plan.grid import Timeline

METHODS = ("lp", "rooms", "track", "day", "whole")
# A part's variables (as dayrooms.py names them) other than the cells: by the variable's
# first word, which of the name's numbers is its track and which its day.
_TRACK_PART = {"on": 1, "uses": 1, "first": 1, "parallel": 1}
_DAY_PART = {"on": 2, "uses": 2, "first": 2, "parallel": 2, "interest": 2}


@dataclass(frozen=True)
class Bound:
    method: str
    value: float | None  # no plan of the model costs less
    best: float | None  # the best plan found (``whole`` only)
    finished: bool  # the method ran to its end, not to the time limit
    seconds: float
    rounds: int = 0  # a decomposition's rounds of pricing


def model_of(content: Content) -> dayrooms.DayRooms:
    """The days-and-rooms model, as the planner builds it."""
    timeline = Timeline(content)
    places = {
        ident: planner.places(content, timeline, ident)
        for ident in planner.planned_sessions(content)
    }
    return dayrooms.build(content, timeline, places)


def by_track(model: dayrooms.DayRooms) -> dict[str, str | None]:
    """Each variable's part when the model is split by track (None: the master's)."""
    tracks = [track.id for track in model.content.tracks.tracks]
    owner: dict[str, str | None] = {}
    for (ident, _day, _room), var in model.z.items():
        owner[var.name] = model.content.session[ident].track
    for var in model.prob.variables():
        if var.name not in owner:
            words = var.name.split("_")
            at = _TRACK_PART.get(words[0])
            owner[var.name] = tracks[int(words[at])] if at is not None else None
    return owner


def by_day(model: dayrooms.DayRooms) -> dict[str, str | None]:
    """Each variable's part when the model is split by day (None: the master's)."""
    owner: dict[str, str | None] = {}
    for (_ident, day, _room), var in model.z.items():
        owner[var.name] = day
    days = [day.id for day in model.content.grid.days]
    for var in model.prob.variables():
        if var.name in owner:
            continue
        words = var.name.split("_")
        at = _DAY_PART.get(words[0])
        if words[0] == "outside":  # outside_<day> and outside_<room|person>_<day>_<n>
            at = 1 if words[1].isdigit() else 2
        owner[var.name] = days[int(words[at])] if at is not None else None
    return owner


def linear(model: dayrooms.DayRooms, time_limit: float) -> Bound:
    """The model's linear relaxation."""
    began = time.perf_counter()
    status, value = solve.relaxation(model.prob, "highs", time_limit=time_limit)
    return Bound("lp", value, None, status == "optimal", time.perf_counter() - began)


def rooms_whole(model: dayrooms.DayRooms, time_limit: float) -> Bound:
    """The model with every integer variable relaxed but the rooms each track uses."""
    for var in model.prob.variables():
        if var.cat == pulp.LpInteger and not var.name.startswith("uses_"):
            var.cat = pulp.LpContinuous
    began = time.perf_counter()
    outcome = solve.run(model.prob, "highs", time_limit=time_limit, gap=0.0)
    return Bound(
        "rooms", outcome.bound, None, outcome.status == "optimal", time.perf_counter() - began
    )


def _row_bounds(row: pulp.LpConstraint) -> tuple[float, float]:
    rhs = -row.constant
    if row.sense == pulp.LpConstraintLE:
        return -highspy.kHighsInf, rhs
    if row.sense == pulp.LpConstraintGE:
        return rhs, highspy.kHighsInf
    return rhs, rhs


def _limits(var: pulp.LpVariable) -> tuple[float, float]:
    low = -highspy.kHighsInf if var.lowBound is None else float(var.lowBound)
    high = highspy.kHighsInf if var.upBound is None else float(var.upBound)
    return low, high


def _silent_highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


def decomposed(
    prob: pulp.LpProblem,
    owner: dict[str, str | None],
    *,
    time_limit: float,
    progress: Callable[[str], None] = lambda line: None,
) -> Bound:
    """The Dantzig-Wolfe bound of ``prob`` split into the parts ``owner`` names."""
    began = time.perf_counter()
    deadline = began + time_limit
    variables = prob.variables()
    cost = {var.name: coefficient for var, coefficient in prob.objective.items()}
    constant = float(prob.objective.constant or 0.0)
    inside: dict[str, list[pulp.LpConstraint]] = defaultdict(list)
    linking: list[pulp.LpConstraint] = []
    for row in sorted(prob.constraints(), key=lambda row: row.name):
        parts = {owner[var.name] for var in row}
        if len(parts) == 1 and None not in parts:
            inside[str(parts.pop())].append(row)
        else:
            linking.append(row)
    rows_of: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for k, row in enumerate(linking):
        for var, coefficient in row.items():
            rows_of[var.name].append((k, coefficient))
    parts = sorted({part for part in owner.values() if part is not None})

    master = _silent_highs()
    nothing = np.array([], dtype=np.int32)
    for row in linking:
        master.addRow(*_row_bounds(row), 0, nothing, np.array([]))
    convexity = {}
    for part in parts:
        convexity[part] = master.getNumRow()
        master.addRow(1.0, 1.0, 0, nothing, np.array([]))
    # Every row may be broken, at a price well above any one choice's cost, so the master
    # always has a solution; its bound stays a bound (breaking rows only adds solutions).
    # A higher price only makes the first rounds slower.
    penalty = 100.0 * max([1.0, *(abs(c) for c in cost.values())])
    for k in range(master.getNumRow()):
        for sign in (1.0, -1.0):
            master.addCol(penalty, 0.0, highspy.kHighsInf, 1, np.array([k], np.int32), [sign])
    for var in variables:
        if owner[var.name] is None:
            entries = rows_of.get(var.name, [])
            master.addCol(
                cost.get(var.name, 0.0),
                *_limits(var),
                len(entries),
                np.array([k for k, _c in entries], dtype=np.int32),
                np.array([c for _k, c in entries], dtype=float),
            )

    pricing: dict[str, tuple[highspy.Highs, list[pulp.LpVariable]]] = {}
    integer: dict[str, bool] = {}
    for part in parts:
        h = _silent_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        mine = [var for var in variables if owner[var.name] == part]
        index = {var.name: j for j, var in enumerate(mine)}
        for j, var in enumerate(mine):
            h.addCol(0.0, *_limits(var), 0, nothing, np.array([]))
            if var.cat == pulp.LpInteger:
                h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
        for row in inside[part]:
            entries = list(row.items())
            h.addRow(
                *_row_bounds(row),
                len(entries),
                np.array([index[var.name] for var, _c in entries], dtype=np.int32),
                np.array([c for _var, c in entries], dtype=float),
            )
        pricing[part] = (h, mine)
        integer[part] = any(var.cat == pulp.LpInteger for var in mine)

    best = -math.inf
    rounds = 0
    finished = False
    while time.perf_counter() < deadline:
        rounds += 1
        master.run()
        value = master.getInfo().objective_function_value
        duals = master.getSolution().row_dual
        lagrange = value
        added = 0
        out_of_time = False
        for part in parts:
            h, mine = pricing[part]
            reduced = [
                cost.get(var.name, 0.0) - sum(duals[k] * c for k, c in rows_of.get(var.name, []))
                for var in mine
            ]
            h.changeColsCost(len(mine), np.arange(len(mine), dtype=np.int32), np.array(reduced))
            h.setOptionValue("time_limit", max(1.0, deadline - time.perf_counter()))
            h.run()
            info = h.getInfo()
            proven = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            out_of_time = out_of_time or not proven
            # The least reduced cost a plan of this part can have: the solver's bound
            # (its plan's cost once proven).
            least = info.mip_dual_bound if integer[part] else info.objective_function_value
            lagrange += min(0.0, least - duals[convexity[part]])
            if info.objective_function_value - duals[convexity[part]] < -1e-6:
                solution = h.getSolution().col_value
                plan = [
                    round(x) if var.cat == pulp.LpInteger else x
                    for var, x in zip(mine, solution, strict=True)
                ]
                entries: dict[int, float] = defaultdict(float)
                for var, x in zip(mine, plan, strict=True):
                    for k, c in rows_of.get(var.name, []):
                        entries[k] += c * x
                entries[convexity[part]] += 1.0
                plan_cost = sum(
                    cost.get(var.name, 0.0) * x for var, x in zip(mine, plan, strict=True)
                )
                keys = sorted(k for k, c in entries.items() if abs(c) > 1e-12)
                master.addCol(
                    plan_cost,
                    0.0,
                    highspy.kHighsInf,
                    len(keys),
                    np.array(keys, dtype=np.int32),
                    np.array([entries[k] for k in keys]),
                )
                added += 1
        best = max(best, lagrange)
        progress(
            f"round {rounds}: master {value + constant:.2f}, bound {best + constant:.2f}, "
            f"{added} new plans, {time.perf_counter() - began:.0f} s"
        )
        if not added and not out_of_time:
            best = max(best, value)
            finished = True
            break
    seconds = time.perf_counter() - began
    value = best + constant if best > -math.inf else None
    return Bound("split", value, None, finished, seconds, rounds)


def bound(
    content: Content,
    method: str,
    *,
    time_limit: float,
    progress: Callable[[str], None] | None = None,
) -> Bound:
    """One way's bound on the days-and-rooms model of ``content``."""
    model = model_of(content)
    if method == "lp":
        return linear(model, time_limit)
    if method == "rooms":
        return rooms_whole(model, time_limit)
    if method in ("track", "day"):
        owner = by_track(model) if method == "track" else by_day(model)
        found = decomposed(
            model.prob, owner, time_limit=time_limit, progress=progress or (lambda line: None)
        )
        return Bound(method, found.value, None, found.finished, found.seconds, found.rounds)
    if method == "whole":
        began = time.perf_counter()
        outcome = solve.run(model.prob, "highs", time_limit=time_limit, gap=0.0)
        return Bound(
            method,
            outcome.bound,
            outcome.objective,
            outcome.status == "optimal",
            time.perf_counter() - began,
        )
    raise ValueError(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")


def table(label: str, bounds: list[Bound]) -> str:
    plans = [b.best for b in bounds if b.best is not None]
    best = min(plans) if plans else None
    lines = [
        f"### {label}" + (f" (best plan found: {best:.2f})" if best is not None else ""),
        "",
        "| method | bound | below the best plan | finished | rounds | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for b in bounds:
        below = "—"
        if best is not None and b.value is not None:
            below = f"{100 * solve.gap_of(best, b.value):.2f}%"
        value = "—" if b.value is None else f"{b.value:.2f}"
        lines.append(
            f"| {b.method} | {value} | {below} | {'yes' if b.finished else 'no (time)'} "
            f"| {b.rounds or '—'} | {number(b.seconds)} |"
        )
    return "\n".join(lines)


def _methods(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in METHODS:
            raise argparse.ArgumentTypeError(f"{name}: expected one of {', '.join(METHODS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python bench/bounds.py",
        description="Bound the days-and-rooms model in several ways (see the docstring).",
    )
    p.add_argument("--sizes", default="100x5x3", help="SESSIONSxROOMSxDAYS, comma-separated")
    p.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    p.add_argument(
        "--methods", type=_methods, default=list(METHODS), help=",".join(METHODS) + " (all)"
    )
    p.add_argument("--time-limit", type=float, default=600.0, help="per method, seconds (600)")
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="instance cache")
    args = p.parse_args(argv)

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    for text in args.sizes.split(","):
        size = Size.parse(text.strip())
        folder, _notes = instance(args.workdir, size, args.seed)
        content = load_content(folder)
        found = []
        for method in args.methods:
            say(f"{size.label} seed {args.seed}: {method}")
            found.append(bound(content, method, time_limit=args.time_limit, progress=say))
        print(table(f"{size.label}, seed {args.seed}", found), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
