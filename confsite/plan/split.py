"""A model that falls apart into independent parts is solved part by part.

Once every session has its day (``days.py``), no rule or goal of the agenda model joins
two days: clashes, rooms, people and buffers are per slot, orders across days are kept by
the days themselves, and tracks' homes are per day. HiGHS does not see that: it searches
the whole model at once, and its search for a first good plan on 400 sessions took about
40 s where each day alone is a model of the size it plans in seconds. ``parts`` finds the
parts from the constraints themselves, so a rule that does join days simply keeps them in
one part; ``run`` solves each part with its share of the time and adds up the outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pulp

from confsite.plan import lp, solve


@dataclass(frozen=True)
class Part:
    problem: pulp.LpProblem
    label: str  # what its variables are labelled with (a day), or "" when unlabelled
    # The whole problem's variable each of the part's stands for, by name; empty when the
    # part is the whole problem. (A PuLP 4 variable belongs to one problem, so a part has
    # variables of its own, and ``run`` hands their values back.)
    whole: dict[str, pulp.LpVariable] = field(default_factory=dict)


def parts(prob: pulp.LpProblem, labels: dict[str, str] | None = None) -> list[Part]:
    """``prob`` as independent problems, one per connected group of variables (the
    constraints link them, and so does a common label in ``labels``, variable name ->
    label); variables in no constraint join the first. A single problem when nothing
    splits. Each part has its own copies of its variables and rows, under their names."""
    labels = labels or {}
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        root = name
        while parent[root] != root:
            root = parent[root]
        while parent[name] != root:
            parent[name], name = root, parent[name]
        return root

    def join(names: list[str]) -> None:
        first = find(names[0])
        for name in names[1:]:
            other = find(name)
            if other != first:
                parent[other] = first

    variables = prob.variables()
    for var in variables:
        parent[var.name] = var.name
    by_label: dict[str, list[str]] = {}
    for var in variables:
        if var.name in labels:
            by_label.setdefault(labels[var.name], []).append(var.name)
    for names in by_label.values():
        join(names)
    constraints = prob.constraints()
    for constraint in constraints:
        names = [var.name for var, _coefficient in constraint.items()]
        if names:
            join(names)
    order: dict[str, int] = {}  # root -> part number, in the order of the constraints
    for constraint in constraints:
        for var, _coefficient in constraint.items():
            order.setdefault(find(var.name), len(order))
            break
    if len(order) <= 1:
        return [Part(prob, ", ".join(sorted(by_label)))]
    problems = [pulp.LpProblem(f"{prob.name}_{index}", prob.sense) for index in range(len(order))]
    copies: dict[str, pulp.LpVariable] = {}
    wholes: list[dict[str, pulp.LpVariable]] = [{} for _ in problems]
    for var in variables:
        index = order.get(find(var.name), 0)
        copies[var.name] = lp.copy_variable(problems[index], var)
        wholes[index][var.name] = var
    for constraint in constraints:
        terms = [(copies[var.name], coefficient) for var, coefficient in constraint.items()]
        index = order[find(terms[0][0].name)] if terms else 0
        lp.add_row(
            problems[index],
            constraint.name,
            lp.linear(terms),
            constraint.sense,
            -constraint.constant,
        )
    objectives: list[list[tuple[pulp.LpVariable, float]]] = [[] for _ in problems]
    costs = dict(prob.objective.items()) if prob.objective is not None else {}
    found: list[set[str]] = [set() for _ in problems]
    for var in variables:
        index = order.get(find(var.name), 0)
        objectives[index].append((copies[var.name], costs.get(var, 0.0)))
        if var.name in labels:
            found[index].add(labels[var.name])
    for index, (problem, terms) in enumerate(zip(problems, objectives, strict=True)):
        constant = prob.objective.constant if index == 0 and prob.objective is not None else 0.0
        problem.setObjective(lp.linear(terms, constant))
    return [
        Part(problem, ", ".join(sorted(found[index])), wholes[index])
        for index, problem in enumerate(problems)
    ]


def run(
    pieces: list[Part],
    name: str,
    *,
    time_limit: float,
    gap: float,
    log: bool = False,
    progress: Callable[[str], None] | None = None,
    start: dict[pulp.LpVariable, float] | None = None,
) -> solve.Outcome:
    """Solve each of ``pieces`` (from ``parts``) in turn, each with a share of the time
    left in proportion to its variables, and add up their outcomes: optimal when every
    part is within ``gap`` (then so is the sum), the objectives and bounds summed."""
    if len(pieces) == 1:
        return solve.run(
            pieces[0].problem,
            name,
            time_limit=time_limit,
            gap=gap,
            log=log,
            progress=progress,
            start=start,
        )
    say = progress or (lambda message: None)
    began = time.perf_counter()
    deadline = began + time_limit
    sizes = [piece.problem.numVariables() for piece in pieces]
    outcomes: list[solve.Outcome] = []
    for index, piece in enumerate(pieces):
        problem = piece.problem
        left = max(1.0, deadline - time.perf_counter())
        share = left * sizes[index] / max(1, sum(sizes[index:]))
        say(
            f"planning {piece.label or 'part'} ({index + 1} of {len(pieces)}): "
            f"{sizes[index]:,} variables, up to {share:.0f} s"
        )
        own = None
        if start:
            wanted = {var.name: value for var, value in start.items()}
            own = {var: wanted[var.name] for var in problem.variables() if var.name in wanted}
        outcome = solve.run(
            problem,
            name,
            time_limit=max(1.0, share),
            gap=gap,
            log=log,
            start=own,
        )
        if outcome.status == "none" and own:
            # Out of time on this part: the plan it started from keeps every rule.
            say("no better plan in time; keeping the one it started from")
            # Its objective is not known: the start holds the sessions' places only.
            for var in problem.variables():
                var.varValue = own.get(var, 0.0)
            outcome = solve.Outcome("feasible", None, None, None, outcome.seconds, outcome.solver)
        for var in problem.variables():
            if var.name in piece.whole:
                piece.whole[var.name].varValue = var.varValue
        outcomes.append(outcome)
        if not outcome.has_plan:
            break
    seconds = time.perf_counter() - began
    last = outcomes[-1]  # the loop stops at the first part without a plan
    if not last.has_plan:
        return solve.Outcome(last.status, None, None, None, seconds, last.solver)
    values = [outcome.objective for outcome in outcomes]
    if None in values:
        return solve.Outcome("feasible", None, None, None, seconds, last.solver)
    objective = sum(value for value in values if value is not None)
    bounds = [outcome.bound for outcome in outcomes]
    bound = sum(b for b in bounds if b is not None) if None not in bounds else None
    result_gap = None
    if bound is not None:
        result_gap = solve.gap_of(objective, bound)
    optimal = all(outcome.status == "optimal" for outcome in outcomes)
    if result_gap is None and optimal:
        result_gap = max(outcome.gap or 0.0 for outcome in outcomes)
    return solve.Outcome(
        "optimal" if optimal else "feasible", objective, bound, result_gap, seconds, last.solver
    )
