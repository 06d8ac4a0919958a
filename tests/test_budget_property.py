"""Random budgets: the plan the model returns keeps every rule, checked by an evaluator
written here from budget.yaml's meaning (not from the model), and no single change of one
decision (a venue, an activity, a sponsor, the spend in one segment) does better."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confsite.load.loader import load_content
from confsite.model.budget import Budget
from confsite.model.sponsors import Sponsors, Tier
from confsite.plan.budgeting import BudgetInfeasible, plan_budget
from tests.conftest import EXAMPLE

BASE = load_content(EXAMPLE)
DAYS = len(BASE.grid.days)
SPEAKERS = sum(speaker.honorarium or 0 for _, speaker in BASE.speakers)  # no region costs
EPS = 1e-4


@st.composite
def budgets(draw: st.DrawFn) -> dict[str, Any]:
    venues = [
        {
            "id": f"v{i}",
            "name": f"V{i}",
            "capacity": draw(st.integers(50, 400)),
            "area_m2": 500,
            "rooms": 3,
            "price_per_day": draw(st.integers(0, 5000)),
            "catering_minimum": draw(st.sampled_from([0, 0, 2000])),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    channels = []
    for i in range(draw(st.integers(1, 3))):
        up_to, rate, segments = 0, draw(st.integers(20, 150)), []
        for _ in range(draw(st.integers(1, 3))):
            up_to += draw(st.integers(500, 3000))
            segments.append({"up_to": up_to, "attendees_per_1000": rate})
            rate = max(1, rate // 2)
        channel = {"channel": f"c{i}", "influence": draw(st.integers(0, 3)), "segments": segments}
        if draw(st.booleans()):
            channel["threshold"] = segments[0]["up_to"]
        channels.append(channel)
    return {
        "funds": draw(st.integers(SPEAKERS + 5000, SPEAKERS + 60000)),
        "objective": draw(st.sampled_from(["reach", "attendance", "surplus"])),
        "contingency": draw(st.sampled_from([0, 0.1])),
        "limits": {"max_days": 3, "min_area_m2": 0, "min_attendance": draw(st.integers(0, 40))},
        "venues": venues,
        "per_head": {
            "catering_per_day": draw(st.integers(0, 60)),
            "swag": draw(st.integers(0, 20)),
        },
        "costs": [{"id": "av", "name": "AV", "amount": draw(st.integers(0, 5000)), "hard": True}],
        "tickets": [{"id": "t", "name": "T", "price": draw(st.integers(50, 300)), "share": 1}],
        "sponsors": [
            {"tier": "gold", "expected": draw(st.floats(0, 3)), "fulfilment_cost": 500},
        ],
        "channels": channels,
        "activities": [
            {
                "id": f"a{i}",
                "name": f"A{i}",
                "cost": draw(st.integers(0, 8000)),
                "influence": draw(st.integers(0, 200)),
                "attendees": draw(st.integers(0, 30)),
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "stress": {
            "attendance_drop": draw(st.sampled_from([0, 0.15])),
            "sponsorship_drop": draw(st.sampled_from([0, 0.35])),
        },
    }


GOLD = Tier(id="gold", name="Gold", price=6000, slots=2)


def content_for(data: dict[str, Any]) -> Any:
    return dataclasses.replace(
        BASE, budget=Budget.model_validate(data), sponsors=Sponsors(tiers=(GOLD,))
    )


def demand(data: dict[str, Any], d: dict[str, Any]) -> float:
    """How many attendees the decisions' promotion and activities bring."""
    total = 0.0
    for channel in data["channels"]:
        for amount, segment in zip(
            d["spend"][channel["channel"]], channel["segments"], strict=True
        ):
            total += amount * segment["attendees_per_1000"] / 1000
    return total + sum(a["attendees"] for a in data["activities"] if a["id"] in d["activities"])


def evaluate(data: dict[str, Any], d: dict[str, Any]) -> tuple[bool, tuple[float, float]]:
    """Whether decisions ``d`` keep every rule of budget.yaml ``data``, and their objective
    (for attendance: attendance, then surplus)."""
    venue = next(v for v in data["venues"] if v["id"] == d["venue"])
    n = d["attendance"]
    reached = {}
    for channel in data["channels"]:
        spent, total, previous = d["spend"][channel["channel"]], 0.0, 0
        if channel.get("threshold") and EPS < sum(spent) < channel["threshold"] - EPS:
            return False, (0.0, 0.0)
        for amount, segment in zip(spent, channel["segments"], strict=True):
            width = segment["up_to"] - previous
            previous = segment["up_to"]
            if amount < -EPS or amount > width + EPS:
                return False, (0.0, 0.0)
            total += amount * segment["attendees_per_1000"] / 1000
        reached[channel["channel"]] = total
    chosen = [a for a in data["activities"] if a["id"] in d["activities"]]
    demand = sum(reached.values()) + sum(a["attendees"] for a in chosen)
    limits = data["limits"]
    sold = d["sponsors"]
    gold = data["sponsors"][0]
    if not (0 <= sold <= min(GOLD.slots, math.floor(gold["expected"] + 1e-9))):
        return False, (0.0, 0.0)
    if n < limits["min_attendance"] - EPS or n > min(venue["capacity"], demand) + EPS:
        return False, (0.0, 0.0)
    ph = data["per_head"]
    spend = sum(sum(v) for v in d["spend"].values())
    fixed = sum(c["amount"] for c in data["costs"])
    activities = sum(a["cost"] for a in chosen)
    sponsorship = GOLD.price * sold

    def costs(people: float, stressed: bool) -> float:
        catering = max(ph["catering_per_day"] * DAYS * people, venue["catering_minimum"] * DAYS)
        return (
            venue["price_per_day"] * DAYS
            + catering
            + ph.get("swag", 0) * people
            + fixed
            + SPEAKERS
            + spend
            + activities
            + gold["fulfilment_cost"] * sold
        )

    price = data["tickets"][0]["price"]
    total = costs(n, False) * (1 + data["contingency"])
    if total > data["funds"] + price * n + sponsorship + EPS:
        return False, (0.0, 0.0)
    drop = data["stress"]["attendance_drop"]
    cut = data["stress"]["sponsorship_drop"]
    if (
        costs((1 - drop) * n, True)
        > data["funds"] + price * (1 - drop) * n + (1 - cut) * sponsorship + EPS
    ):
        return False, (0.0, 0.0)
    surplus = data["funds"] + price * n + sponsorship - total
    if data["objective"] == "reach":
        influence = {c["channel"]: c["influence"] for c in data["channels"]}
        value = n + sum(influence[k] * v for k, v in reached.items())
        value += sum(a["influence"] for a in chosen) + sponsorship / 1000
    elif data["objective"] == "attendance":
        return True, (n, surplus)
    else:
        value = surplus
    return True, (value, 0.0)


def decisions(result: Any, data: dict[str, Any]) -> dict[str, Any]:
    spend = {}
    for channel in data["channels"]:
        left, previous, parts = result.channels[channel["channel"]], 0, []
        for segment in channel["segments"]:
            width = segment["up_to"] - previous
            previous = segment["up_to"]
            parts.append(min(width, left))
            left -= parts[-1]
        spend[channel["channel"]] = parts
    return {
        "venue": result.venue,
        "attendance": result.attendance,
        "spend": spend,
        "sponsors": result.sponsors.get("gold", 0),
        "activities": set(result.activities),
    }


def neighbours(data: dict[str, Any], d: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Every plan one decision away, with the best attendance for it."""
    for venue in data["venues"]:
        if venue["id"] != d["venue"]:
            yield {**d, "venue": venue["id"]}
    for activity in data["activities"]:
        yield {**d, "activities": d["activities"] ^ {activity["id"]}}
    for step in (-1, 1):
        yield {**d, "sponsors": d["sponsors"] + step}
    for channel, parts in d["spend"].items():
        for index in range(len(parts)):
            for delta in (-100.0, 100.0):
                changed = [*parts]
                changed[index] += delta
                yield {**d, "spend": {**d["spend"], channel: changed}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets())
def test_random_budgets_keep_every_rule_and_no_single_change_does_better(data) -> None:  # type: ignore[no-untyped-def]
    try:
        result = plan_budget(content_for(data))
    except BudgetInfeasible as err:
        assert err.reasons  # said why
        return
    mine = decisions(result, data)
    kept, value = evaluate(data, mine)
    assert kept, "the model's plan breaks a rule of budget.yaml"
    assert value[0] == pytest.approx(result.outcome.objective, rel=1e-6, abs=1e-4)
    if data["objective"] == "attendance":
        assert value[1] == pytest.approx(result.surplus, rel=1e-6, abs=1e-3)
    for other in neighbours(data, mine):
        # Attendance follows the other decisions: try its extremes (the objective is
        # linear in it, so one of them is best).
        venue = next(v for v in data["venues"] if v["id"] == other["venue"])
        most = min(venue["capacity"], demand(data, other))
        for attendance in (data["limits"]["min_attendance"], mine["attendance"], most):
            ok, better = evaluate(data, {**other, "attendance": min(attendance, most)})
            if not ok:
                continue
            tolerance = (1e-6 * max(1, abs(value[0])), 1e-6 * max(1, abs(value[1])))
            assert better[0] <= value[0] + tolerance[0], (other, better, value)
            if better[0] >= value[0] - tolerance[0]:
                assert better[1] <= value[1] + tolerance[1], (other, better, value)
