"""Solving the budget model and explaining the result: the allocation table, revenue and
surplus, the rules that bind and what one more unit of each buys, and what-if lines.

What one more unit buys comes from the duals of an LP: the MILP's integer choices (venue,
packages, sponsors, activities) are fixed and the model is solved again without them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pulp

from confsite.model.budget import Budget
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan.budget import BudgetModel, NoBudget, build, constants
from confsite.plan.solve import Outcome, run

BINDING = 1e-6
DUALS_SOLVER = "highs"


class BudgetInfeasible(Exception):
    """No allocation keeps every rule; ``reasons`` say why, in money."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class Line:
    group: str  # venue, catering, per head, costs, speakers, promotion, activities, sponsors
    id: str
    label: str
    amount: float
    note: str = ""


@dataclass(frozen=True)
class Binding:
    rule: str
    label: str
    value: float  # objective change per unit of the right-hand side (the dual)
    unit: str


@dataclass(frozen=True)
class WhatIf:
    label: str
    objective: float | None
    surplus: float | None
    attendance: float | None
    note: str = ""


@dataclass(frozen=True)
class BudgetResult:
    objective_kind: str
    outcome: Outcome
    currency: str
    venue: str
    attendance: float
    reach: float
    lines: tuple[Line, ...]
    costs: float
    reserve: float
    tickets: float
    sponsorship: float
    funds: float
    surplus: float
    stress_margin: float
    channels: dict[str, float]  # spend per channel
    reached: dict[str, float]
    sponsors: dict[str, int]
    activities: tuple[str, ...]
    binding: tuple[Binding, ...]
    whatifs: tuple[WhatIf, ...]


def _value(expr: pulp.LpAffineExpression | pulp.LpVariable | float) -> float:
    value = pulp.value(expr)
    return float(value) if value is not None else 0.0


def _integer_values(model: BudgetModel) -> dict[str, float]:
    return {name: round(_value(var)) for name, var in model.integers.items()}


def _solve(model: BudgetModel, solver: str, time_limit: float) -> Outcome:
    """Solve; for the attendance objective, then the largest surplus at that attendance
    (a second solve: a tiny surplus term in one objective drowns in solver tolerances)."""
    outcome = run(model.prob, solver, time_limit=time_limit, gap=0.0)
    if model.objective_kind != "attendance" or not outcome.has_plan:
        return outcome
    best = _value(model.attendance)
    model.prob.addConstraint(model.attendance >= best - 1e-6, "keep_attendance")
    model.prob.setObjective(model.terms["surplus"])
    second = run(model.prob, solver, time_limit=time_limit, gap=0.0)
    if not second.has_plan:  # pragma: no cover - the first plan is still feasible
        return outcome
    return dataclasses.replace(
        second, objective=best, bound=outcome.bound, seconds=outcome.seconds + second.seconds
    )


def why_not(content: Content, budget: Budget) -> list[str]:
    """Why no allocation exists, in money: the cheapest way to hold the conference at the
    minimum attendance against the most money there can be."""
    known = constants(content, budget)
    reasons = []
    for option, reason in sorted(known.refused.items()):
        reasons.append(f"venue {option} cannot be chosen: {reason}")
    if not known.free_venues:
        return [*reasons, "no venue option is free on every conference day with enough area"]
    minimum = budget.limits.min_attendance
    biggest = max(v.capacity for v in budget.venues if v.id in known.free_venues)
    if minimum > biggest:
        reasons.append(
            f"min_attendance is {minimum:,} but the largest usable venue seats {biggest:,}"
        )
    # Cheapest venue and costs for the minimum attendance, against funds + best revenue.
    days = known.days
    per_head = budget.per_head
    cheapest = None
    for option in budget.venues:
        if option.id not in known.free_venues:
            continue
        catering = max(per_head.catering_per_day * days * minimum, option.catering_minimum * days)
        cost = option.price_per_day * days + catering
        if cheapest is None or cost < cheapest[0]:
            cheapest = (cost, option)
    assert cheapest is not None
    fixed = sum(item.amount for item in budget.costs) + sum(known.speaker_costs.values())
    required = sum(a.cost for a in budget.activities if a.required)
    head = (per_head.badge + per_head.swag + per_head.other) * minimum
    need = (cheapest[0] + fixed + required + head) * (1 + budget.contingency)
    tickets = sum(t.price * (t.share * minimum - t.free) for t in budget.tickets)
    sponsorship = sum(
        known.tier_price.get(d.tier, 0)
        * min(known.tier_slots.get(d.tier, 0), int(d.expected + 1e-9))
        for d in budget.sponsors
    )
    have = budget.funds + tickets + sponsorship
    currency = budget.currency
    reasons.append(
        f"the cheapest venue ({cheapest[1].id}) with catering for {minimum:,} people for "
        f"{days} day(s), the fixed and speaker costs, the required activities and the "
        f"{budget.contingency:.0%} reserve cost {currency} {need:,.0f}; own funds, "
        f"{minimum:,} attendees' tickets and every expected sponsor give {currency} "
        f"{have:,.0f}"
        + ("" if need > have else " (before promotion, which must reach those attendees)")
    )
    return reasons


def _duals(content: Content, budget: Budget, model: BudgetModel) -> tuple[Binding, ...]:
    """The binding rules of the LP with the integer choices fixed, and their duals."""
    fixed = build(content, budget, _integer_values(model))
    # The LP is solved with HiGHS (a dependency), whatever solved the MILP.
    run(fixed.prob, DUALS_SOLVER, time_limit=60, gap=0.0)
    binding = []
    for name, rule in fixed.rules.items():
        constraint = fixed.prob.get_constraint_by_name(name)
        if constraint is None or constraint.pi is None:
            continue
        slack = constraint.slack if constraint.slack is not None else 0.0
        if abs(slack) > BINDING or abs(constraint.pi) < 1e-9:
            continue
        if constraint.sense == pulp.LpConstraintEQ:
            continue
        # A dual's size is what one unit more of the rule's right-hand side changes; its
        # sign is a convention that differs between solvers and between PuLP 3.3 (which
        # hands HiGHS a maximisation negated) and PuLP 4. Relaxing a binding rule of a
        # maximising model never loses, so the gain is the size.
        gain = abs(constraint.pi)
        binding.append(Binding(name, rule.label, gain, rule.unit))
    binding.sort(key=lambda b: (-abs(b.value), b.rule))
    return tuple(binding)


def _what_if(
    content: Content,
    budget: Budget,
    solver: str,
    label: str,
    *,
    funds: float | None = None,
    attendance_scale: float = 1.0,
) -> WhatIf:
    model = build(content, budget, funds=funds, attendance_scale=attendance_scale)
    outcome = _solve(model, solver, 60)
    if not outcome.has_plan:
        return WhatIf(label, None, None, None, "no allocation keeps every rule")
    return WhatIf(
        label,
        outcome.objective,
        _value(model.terms["surplus"]),
        _value(model.attendance),
    )


def plan_budget(content: Content, *, solver: str = "highs", time_limit: float = 60) -> BudgetResult:
    """Solve the budget model of the content, explain it, and try the what-if lines."""
    budget = content.budget
    if budget is None:
        raise NoBudget("there is no budget.yaml in the content folder")
    model = build(content, budget)
    outcome = _solve(model, solver, time_limit)
    if not outcome.has_plan:
        raise BudgetInfeasible(why_not(content, budget))
    known = constants(content, budget)
    lang = content.conference.default_language
    venue = next(v for v in budget.venues if _value(model.venue[v.id]) > 0.5)
    attendance = _value(model.attendance)
    days = known.days
    lines: list[Line] = [
        Line(
            "venue",
            venue.id,
            localize(venue.name, lang),
            venue.price_per_day * days,
            f"{days} day(s) × {venue.price_per_day:,.0f}",
        ),
        Line(
            "catering",
            "catering",
            "catering",
            _value(model.catering),
            f"at least {venue.catering_minimum:,.0f} a day" if venue.catering_minimum else "",
        ),
        Line(
            "per head",
            "per-head",
            "badges, swag and other per head",
            _value(model.terms["per_head"]),
        ),
    ]
    for item in budget.costs:
        note = ""
        if item.min is not None or item.max is not None:
            note = f"quoted range {item.min or item.amount:,.0f}–{item.max or item.amount:,.0f}"
        lines.append(Line("costs", item.id, localize(item.name, lang), item.amount, note))
    for region, amount in known.speaker_costs.items():
        lines.append(
            Line(
                "speakers",
                region,
                f"speakers ({region})",
                amount,
                f"{known.speakers[region]} people",
            )
        )
    channels = {}
    reached = {}
    for channel in budget.channels:
        amount = _value(model.terms[f"spend:{channel.channel}"])
        amount = amount if abs(amount) > 1e-6 else 0.0  # solver noise, not a spend
        channels[channel.channel] = amount
        reached[channel.channel] = _value(model.terms[f"reached:{channel.channel}"])
        if amount > 0.5:
            lines.append(
                Line(
                    "promotion",
                    channel.channel,
                    channel.channel,
                    amount,
                    f"reaches {reached[channel.channel]:,.0f} attendees",
                )
            )
    chosen = []
    for activity in budget.activities:
        if _value(model.activities[activity.id]) > 0.5:
            chosen.append(activity.id)
            lines.append(
                Line("activities", activity.id, localize(activity.name, lang), activity.cost)
            )
    sponsors = {}
    for demand in budget.sponsors:
        sold = round(_value(model.sponsors[demand.tier]))
        sponsors[demand.tier] = sold
        if sold:
            lines.append(
                Line(
                    "sponsors",
                    demand.tier,
                    f"fulfilling {demand.tier} sponsorships",
                    sold * demand.fulfilment_cost,
                    f"{sold} sold",
                )
            )
    costs = _value(model.terms["costs"])
    reserve = costs * budget.contingency
    stress_margin = _value(model.terms["stress_revenue"]) - _value(model.terms["hard_costs"])
    dearer = budget.model_copy(
        update={
            "costs": tuple(
                item.model_copy(update={"amount": item.max}) if item.max is not None else item
                for item in budget.costs
            )
        }
    )
    whatifs = (
        _what_if(content, budget, solver, "own funds +10%", funds=budget.funds * 1.1),
        _what_if(content, budget, solver, "own funds −10%", funds=budget.funds * 0.9),
        _what_if(content, budget, solver, "attendance demand −15%", attendance_scale=0.85),
        _what_if(content, dearer, solver, "every cost item at its quoted maximum"),
    )
    return BudgetResult(
        objective_kind=budget.objective,
        outcome=outcome,
        currency=budget.currency,
        venue=venue.id,
        attendance=attendance,
        reach=_value(model.terms["reach"]),
        lines=tuple(lines),
        costs=costs,
        reserve=reserve,
        tickets=_value(model.terms["tickets"]),
        sponsorship=_value(model.terms["sponsorship"]),
        funds=budget.funds,
        surplus=_value(model.terms["surplus"]),
        stress_margin=stress_margin,
        channels=channels,
        reached=reached,
        sponsors=sponsors,
        activities=tuple(chosen),
        binding=_duals(content, budget, model),
        whatifs=whatifs,
    )


def venue_fit(content: Content, venue: str, rooms_used: int) -> list[str]:
    """How the budget's venue and the agenda fit together: the agenda is planned in the
    rooms of venue.yaml, so say when the budget chose another option or fewer rooms."""
    budget = content.budget
    if budget is None:
        return []
    chosen = next((v for v in budget.venues if v.id == venue), None)
    described = next((v for v in budget.venues if v.venue), None)
    notes = []
    if chosen is None:
        return notes
    if described is not None and described.id != chosen.id:
        notes.append(
            f"the budget plan chose venue {chosen.id} but venue.yaml describes {described.id}: "
            "the agenda is planned in venue.yaml's rooms; describe the chosen venue there "
            "(and mark it venue: true) to plan the agenda in its rooms"
        )
    if rooms_used > chosen.rooms:
        notes.append(f"the agenda uses {rooms_used} rooms but venue {chosen.id} has {chosen.rooms}")
    return notes
