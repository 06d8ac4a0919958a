"""The budget plan: a MILP that picks the venue, the attendance target, the promotion spend
per channel, the sponsors to sell and the optional activities, within the money there is.

Every row has a name and a label in the organiser's words, so that the explanation (which
rows bind, what one more unit of each buys) speaks of "own funds" and "venue capacity",
not of ``_C12``. Variables and rows are made in the order of budget.yaml.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pulp

from confsite.model.budget import Budget, ChannelBudget
from confsite.model.common import localize
from confsite.model.content import Content

PER_THOUSAND = 1000.0


class NoBudget(Exception):
    """The content has no budget.yaml."""


@dataclass(frozen=True)
class Rule:
    """What a named row means, for the explanation."""

    label: str  # "own funds and revenue cover every cost and the reserve"
    unit: str  # what one more unit of the right-hand side is: "¥1 of own funds"


@dataclass
class BudgetModel:
    prob: pulp.LpProblem
    rules: dict[str, Rule]
    venue: dict[str, pulp.LpVariable]
    attendance: pulp.LpVariable
    catering: pulp.LpVariable
    stress_catering: pulp.LpVariable
    segments: dict[tuple[str, int], pulp.LpVariable]
    uses: dict[str, pulp.LpVariable]  # threshold channels: used at all
    sponsors: dict[str, pulp.LpVariable]
    activities: dict[str, pulp.LpVariable]
    integers: dict[str, pulp.LpVariable] = field(default_factory=dict)  # by our own names
    objective_kind: str = "reach"
    terms: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)


@dataclass(frozen=True)
class Constants:
    """What the budget needs from the rest of the content, worked out once."""

    days: int
    speaker_costs: dict[str, float]  # region -> total for its speakers
    speakers: dict[str, int]  # region -> speakers
    tier_price: dict[str, float]
    tier_slots: dict[str, int]
    free_venues: tuple[str, ...]  # options free on every conference day with enough area
    refused: dict[str, str]  # option -> why it cannot be chosen


def constants(content: Content, budget: Budget) -> Constants:
    days = len(content.grid.days)
    dates = sorted(day.date for day in content.grid.days)
    by_region = {cost.region: cost for cost in budget.speakers}
    counts: Counter[str] = Counter()
    totals: dict[str, float] = {}
    for _, speaker in content.speakers:
        region = speaker.origin.region
        counts[region] += 1
        cost = by_region.get(region)
        amount = 0.0
        if cost is not None:
            honorarium = cost.honorarium if speaker.honorarium is None else speaker.honorarium
            amount = cost.travel + cost.hotel_per_night * cost.nights + honorarium
        elif speaker.honorarium is not None:
            amount = speaker.honorarium
        totals[region] = totals.get(region, 0.0) + amount
    refused = {}
    for option in budget.venues:
        busy = [day for day in dates if option.dates and day not in option.dates]
        if busy:
            refused[option.id] = f"not free on {', '.join(map(str, busy))}"
        elif option.area_m2 < budget.limits.min_area_m2:
            refused[option.id] = (
                f"{option.area_m2:,.0f} m² is below the {budget.limits.min_area_m2:,.0f} m² needed"
            )
    if days > budget.limits.max_days:
        for option in budget.venues:
            refused.setdefault(option.id, f"the conference has {days} days, more than max_days")
    return Constants(
        days=days,
        speaker_costs=dict(sorted(totals.items())),
        speakers=dict(sorted(counts.items())),
        tier_price={tier.id: tier.price for tier in content.sponsors.tiers},
        tier_slots={tier.id: tier.slots for tier in content.sponsors.tiers},
        free_venues=tuple(v.id for v in budget.venues if v.id not in refused),
        refused=refused,
    )


def _widths(channel: ChannelBudget) -> list[tuple[float, float]]:
    """(width in money, attendees per unit of money) of each spend segment."""
    out = []
    previous = 0.0
    for segment in channel.segments:
        out.append((segment.up_to - previous, segment.attendees_per_1000 / PER_THOUSAND))
        previous = segment.up_to
    return out


def build(
    content: Content,
    budget: Budget,
    fixed: dict[str, float] | None = None,
    *,
    funds: float | None = None,
    attendance_scale: float = 1.0,
) -> BudgetModel:
    """The model. ``fixed`` pins variables by name (the LP re-solve for duals); ``funds``
    and ``attendance_scale`` are for what-if lines."""
    known = constants(content, budget)
    sense = pulp.LpMaximize
    prob = pulp.LpProblem("budget", sense)
    rules: dict[str, Rule] = {}
    integers: dict[str, pulp.LpVariable] = {}
    fixed = fixed or {}

    def integer(name: str, low: float, high: float, cat: str) -> pulp.LpVariable:
        if name in fixed:
            return prob.add_variable(name, lowBound=fixed[name], upBound=fixed[name])
        var = prob.add_variable(name, lowBound=low, upBound=high, cat=cat)
        integers[name] = var
        return var

    def row(name: str, constraint: pulp.LpConstraint, label: str, unit: str) -> None:
        name = name.replace("-", "_")  # as PuLP would write it
        prob.addConstraint(constraint, name)
        rules[name] = Rule(label, unit)

    days = known.days
    currency = budget.currency
    money_unit = f"1 {currency}"

    # The venue: exactly one option that is free and large enough.
    venue = {
        option.id: integer(
            f"venue_{option.id}", 0, 1 if option.id in known.free_venues else 0, pulp.LpInteger
        )
        for option in budget.venues
    }
    row(
        "one_venue",
        pulp.lpSum(venue.values()) == 1,
        "one venue is chosen",
        "venue",
    )
    venue_cost = pulp.lpSum(o.price_per_day * days * venue[o.id] for o in budget.venues)
    capacity = pulp.lpSum(o.capacity * venue[o.id] for o in budget.venues)
    minimum_catering = pulp.lpSum(o.catering_minimum * days * venue[o.id] for o in budget.venues)

    attendance = prob.add_variable("attendance", lowBound=0)
    row("capacity", attendance <= capacity, "attendance fits the venue", "seat")
    if budget.limits.max_attendance is not None:
        row(
            "max_attendance",
            attendance <= budget.limits.max_attendance,
            "attendance stays within max_attendance",
            "attendee",
        )
    row(
        "min_attendance",
        attendance >= budget.limits.min_attendance,
        "attendance reaches min_attendance",
        "attendee",
    )

    # Promotion: spend by segment with falling returns; a channel with a minimum package
    # is either not used or gets at least that much.
    segments: dict[tuple[str, int], pulp.LpVariable] = {}
    uses: dict[str, pulp.LpVariable] = {}
    reached: dict[str, pulp.LpAffineExpression] = {}
    spend: dict[str, pulp.LpAffineExpression] = {}
    for channel in budget.channels:
        parts = []
        for index, (width, _) in enumerate(_widths(channel)):
            segments[(channel.channel, index)] = prob.add_variable(
                f"spend_{channel.channel}_{index}", lowBound=0, upBound=width
            )
            parts.append(segments[(channel.channel, index)])
        spend[channel.channel] = pulp.lpSum(parts)
        reached[channel.channel] = pulp.lpSum(
            rate * segments[(channel.channel, index)]
            for index, (_, rate) in enumerate(_widths(channel))
        )
        if channel.threshold > 0:
            use = integer(f"use_{channel.channel}", 0, 1, pulp.LpInteger)
            uses[channel.channel] = use
            total_width = sum(width for width, _ in _widths(channel))
            row(
                f"package_{channel.channel}",
                spend[channel.channel] >= channel.threshold * use,
                f"{channel.channel} is bought as a package of at least "
                f"{channel.threshold:,.0f} {currency} or not at all",
                money_unit,
            )
            row(
                f"only_if_used_{channel.channel}",
                spend[channel.channel] <= total_width * use,
                f"nothing is spent on {channel.channel} unless the package is bought",
                money_unit,
            )

    # Optional activities (required ones are fixed on).
    activities = {
        activity.id: integer(
            f"activity_{activity.id}", 1 if activity.required else 0, 1, pulp.LpInteger
        )
        for activity in budget.activities
    }
    drawn = pulp.lpSum(a.attendees * activities[a.id] for a in budget.activities)
    row(
        "demand",
        attendance <= (pulp.lpSum(reached.values()) + drawn) * attendance_scale,
        "attendance comes from promotion and activities",
        "attendee reached",
    )

    # Sponsors sold per tier: at most the tier's places and the expected demand.
    sponsors = {}
    for demand in budget.sponsors:
        most = min(known.tier_slots.get(demand.tier, 0), math.floor(demand.expected + 1e-9))
        sponsors[demand.tier] = integer(f"sponsors_{demand.tier}", 0, most, pulp.LpInteger)
    sponsorship = pulp.lpSum(
        known.tier_price.get(d.tier, 0) * sponsors[d.tier] for d in budget.sponsors
    )
    fulfilment = pulp.lpSum(d.fulfilment_cost * sponsors[d.tier] for d in budget.sponsors)

    # Tickets: each tier's share of attendees pays its price, minus the free tickets.
    for tier in budget.tickets:
        if tier.free:
            row(
                f"free_{tier.id}",
                tier.share * attendance >= tier.free,
                f"{localize(tier.name, 'en')}: the free tickets fit in the tier's share",
                "attendee",
            )
    tickets = pulp.lpSum(
        tier.price * (tier.share * attendance - tier.free) for tier in budget.tickets
    )
    tickets_stressed = pulp.lpSum(
        tier.price * (tier.share * (1 - budget.stress.attendance_drop) * attendance - tier.free)
        for tier in budget.tickets
    )

    # Catering: per head and day, but never below the venue's minimum spend.
    per_head = budget.per_head
    catering = prob.add_variable("catering", lowBound=0)
    row(
        "catering_per_head",
        catering >= per_head.catering_per_day * days * attendance,
        "catering is paid per attendee and day",
        money_unit,
    )
    row(
        "catering_minimum",
        catering >= minimum_catering,
        "catering reaches the venue's minimum spend",
        money_unit,
    )
    head = per_head.badge + per_head.swag + per_head.other
    fixed_items = sum(item.amount for item in budget.costs)
    # In the stress test soft items are dropped and hard ones renegotiated to their minimum.
    hard_items = sum(
        item.amount if item.min is None else item.min for item in budget.costs if item.hard
    )
    speakers = sum(known.speaker_costs.values())
    promotion = pulp.lpSum(spend.values())
    activity_cost = pulp.lpSum(a.cost * activities[a.id] for a in budget.activities)
    costs = (
        venue_cost
        + catering
        + head * attendance
        + fixed_items
        + speakers
        + promotion
        + activity_cost
        + fulfilment
    )
    own = budget.funds if funds is None else funds
    row(
        "balance",
        (1 + budget.contingency) * costs <= own + tickets + sponsorship,
        f"own funds and revenue cover every cost and the {budget.contingency:.0%} reserve",
        f"{money_unit} of own funds",
    )

    # The stress test: with attendance and sponsorship down, revenue still covers the
    # costs that cannot be cut (soft cost items are dropped, hard ones cost their `min`).
    stress_catering = prob.add_variable("stress_catering", lowBound=0)
    drop = 1 - budget.stress.attendance_drop
    row(
        "stress_catering_per_head",
        stress_catering >= per_head.catering_per_day * days * drop * attendance,
        "in the stress test catering is paid for the attendees who come",
        money_unit,
    )
    row(
        "stress_catering_minimum",
        stress_catering >= minimum_catering,
        "in the stress test catering still reaches the venue's minimum",
        money_unit,
    )
    hard_costs = (
        venue_cost
        + stress_catering
        + head * drop * attendance
        + hard_items
        + speakers
        + promotion
        + activity_cost
        + fulfilment
    )
    row(
        "stress",
        hard_costs <= own + tickets_stressed + (1 - budget.stress.sponsorship_drop) * sponsorship,
        f"with {budget.stress.attendance_drop:.0%} fewer attendees and "
        f"{budget.stress.sponsorship_drop:.0%} less sponsorship, revenue still covers the "
        "costs that cannot be cut",
        f"{money_unit} of own funds",
    )

    influence = (
        budget.base_influence * attendance
        + pulp.lpSum(c.influence * reached[c.channel] for c in budget.channels)
        + pulp.lpSum(a.influence * activities[a.id] for a in budget.activities)
        + sponsorship / PER_THOUSAND
    )
    surplus = own + tickets + sponsorship - (1 + budget.contingency) * costs
    if budget.objective == "reach":
        prob += influence
    elif budget.objective == "attendance":
        prob += attendance  # then the larger surplus among those (see budgeting._solve)
    else:
        prob += surplus
    model = BudgetModel(
        prob=prob,
        rules=rules,
        venue=venue,
        attendance=attendance,
        catering=catering,
        stress_catering=stress_catering,
        segments=segments,
        uses=uses,
        sponsors=sponsors,
        activities=activities,
        integers=integers,
        objective_kind=budget.objective,
    )
    model.terms = {
        "reach": influence,
        "surplus": surplus,
        "tickets": tickets,
        "sponsorship": sponsorship,
        "costs": costs,
        "venue": venue_cost,
        "per_head": head * attendance,
        "promotion": promotion,
        "activities": activity_cost,
        "fulfilment": fulfilment,
        "hard_costs": hard_costs,
        "stress_revenue": own
        + tickets_stressed
        + (1 - budget.stress.sponsorship_drop) * sponsorship,
    }
    for channel in budget.channels:
        model.terms[f"spend:{channel.channel}"] = spend[channel.channel]
        model.terms[f"reached:{channel.channel}"] = reached[channel.channel]
    return model
