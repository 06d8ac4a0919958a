"""The budget plan: the example solved to a proven optimum, a small instance whose optimum
the test works out itself, duals that mean what the report says, the stress test, and
infeasible budgets explained in money."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from confsite.load.loader import load_content
from confsite.model.budget import Budget
from confsite.plan.budget import build
from confsite.plan.budgeting import BudgetInfeasible, plan_budget
from confsite.plan.solve import run
from tests.conftest import EXAMPLE, confsite

CONTENT = load_content(EXAMPLE)
# Speakers' own honoraria (speaker files) are paid whatever the budget's regions say.
FEES = sum(speaker.honorarium or 0 for _, speaker in CONTENT.speakers)


def with_budget(data: dict) -> object:
    return dataclasses.replace(CONTENT, budget=Budget.model_validate(data))


# Two venues, two channels, one ticket tier, no other costs: small enough to solve by hand.
SMALL = {
    "funds": 1000,
    "objective": "surplus",
    "contingency": 0,
    "limits": {"max_days": 2, "min_area_m2": 0, "min_attendance": 50},
    "venues": [
        {
            "id": "small",
            "name": "S",
            "capacity": 120,
            "area_m2": 300,
            "rooms": 2,
            "price_per_day": 1000,
        },
        {
            "id": "large",
            "name": "L",
            "capacity": 400,
            "area_m2": 900,
            "rooms": 4,
            "price_per_day": 4000,
        },
    ],
    "per_head": {"catering_per_day": 10},
    "tickets": [{"id": "one", "name": "T", "price": 100, "share": 1}],
    "channels": [
        {
            "channel": "website",
            "segments": [
                {"up_to": 1000, "attendees_per_1000": 100},
                {"up_to": 3000, "attendees_per_1000": 40},
            ],
        },
        {"channel": "wechat", "segments": [{"up_to": 2000, "attendees_per_1000": 50}]},
    ],
    "stress": {"attendance_drop": 0, "sponsorship_drop": 0},
}


def small_by_hand(data: dict) -> float:
    """The best surplus of SMALL, by trying every venue and every corner of the spend."""
    days = len(CONTENT.grid.days)
    best = float("-inf")
    site_rate = [(1000, 0.1), (2000, 0.04)]
    chat_rate = [(2000, 0.05)]
    for venue in data["venues"]:
        # The LP's optimum lies where each segment is empty, full, or fills the venue
        # exactly: try them all (in the order the segments fill).
        for a, b, c in itertools.product([0, 0.25, 0.5, 0.75, 1], repeat=3):
            spend = [a * site_rate[0][0], b * site_rate[1][0], c * chat_rate[0][0]]
            if spend[1] > 0 and spend[0] < site_rate[0][0]:
                continue  # later segments fill only after earlier ones
            reached = spend[0] * 0.1 + spend[1] * 0.04 + spend[2] * 0.05
            attendance = min(reached, venue["capacity"])
            if attendance < data["limits"]["min_attendance"]:
                continue
            costs = venue["price_per_day"] * days + 10 * days * attendance + sum(spend) + FEES
            surplus = data["funds"] + 100 * attendance - costs
            if surplus < 0:
                continue
            best = max(best, surplus)
        # and where the venue is exactly full: buy the cheapest reach first
        need = venue["capacity"]
        spend_total, reached = 0.0, 0.0
        for width, rate in sorted([*site_rate, *chat_rate], key=lambda s: -s[1]):
            take = min(width, (need - reached) / rate)
            spend_total += take
            reached += take * rate
            if reached >= need - 1e-9:
                break
        attendance = min(reached, need)
        costs = venue["price_per_day"] * days + 10 * days * attendance + spend_total + FEES
        if attendance >= data["limits"]["min_attendance"]:
            best = max(best, data["funds"] + 100 * attendance - costs)
    return best


def test_small_instance_matches_the_optimum_worked_out_by_hand() -> None:
    content = with_budget(SMALL)
    result = plan_budget(content)
    assert result.outcome.status == "optimal"
    assert result.surplus == pytest.approx(small_by_hand(SMALL), abs=1e-3)
    assert result.venue == "large"  # 400 seats pay for themselves at 100 a ticket
    # Returns diminish: the website's second segment is only used after its first.
    assert result.channels["website"] >= 1000 - 1e-6


def test_the_example_solves_to_a_proven_optimum_and_keeps_every_rule() -> None:
    budget = CONTENT.budget
    result = plan_budget(CONTENT)
    assert result.outcome.status == "optimal" and result.outcome.gap == pytest.approx(0)
    assert result.venue == "xinghe-center"  # the only option free on both days, ≥ 1,000 m²
    assert budget.limits.min_attendance <= result.attendance <= 800
    assert "challenge-prizes" in result.activities  # required
    total = result.costs * (1 + budget.contingency)
    assert total <= budget.funds + result.tickets + result.sponsorship + 1e-6
    assert result.surplus == pytest.approx(
        budget.funds + result.tickets + result.sponsorship - total, abs=1e-3
    )
    assert result.stress_margin >= -1e-6
    assert sum(line.amount for line in result.lines) == pytest.approx(result.costs, abs=1e-3)


def _lp_objective(budget: Budget, fixed: dict[str, float]) -> float:
    model = build(dataclasses.replace(CONTENT, budget=budget), budget, fixed)
    outcome = run(model.prob, "highs", time_limit=30, gap=0)
    assert outcome.status == "optimal"
    return outcome.objective


def test_duals_say_what_relaxing_a_rule_buys() -> None:
    """Each binding rule's value is what the objective gains when the rule is relaxed by
    one unit, with the venue, packages, sponsors and activities kept as chosen (the LP the
    duals come from): checked by solving that LP again with the rule relaxed."""
    from confsite.plan.budgeting import _integer_values

    budget = CONTENT.budget
    result = plan_budget(CONTENT)
    by_rule = {b.rule: b for b in result.binding}
    assert {"capacity", "stress"} <= set(by_rule), by_rule
    for rule in result.binding:
        assert rule.value > 0, f"relaxing {rule.rule} cannot lose"
    model = build(CONTENT, budget)
    run(model.prob, "highs", time_limit=30, gap=0)
    fixed = _integer_values(model)
    base = _lp_objective(budget, fixed)
    assert base == pytest.approx(result.outcome.objective, rel=1e-9)
    # Two more seats in every venue.
    bigger = budget.model_copy(
        update={
            "venues": tuple(
                v.model_copy(update={"capacity": v.capacity + 2}) for v in budget.venues
            )
        }
    )
    assert (_lp_objective(bigger, fixed) - base) / 2 == pytest.approx(
        by_rule["capacity"].value, rel=1e-6
    )
    # 100 more of own funds relax the stress test (and the balance, which has room).
    richer = budget.model_copy(update={"funds": budget.funds + 100})
    assert (_lp_objective(richer, fixed) - base) / 100 == pytest.approx(
        by_rule["stress"].value, rel=1e-6
    )
    assert "balance" not in by_rule  # the example keeps a surplus
    # Planned with CBC, the explanation is the same (solvers disagree on duals' signs).
    assert plan_budget(CONTENT, solver="cbc").binding == result.binding


def test_the_stress_test_holds_and_changes_the_plan() -> None:
    funds = FEES + 1000
    loose = plan_budget(with_budget(dict(SMALL, funds=funds)))
    strict = dict(SMALL, funds=funds, stress={"attendance_drop": 0.5, "sponsorship_drop": 0.5})
    tight = plan_budget(with_budget(strict))
    days = len(CONTENT.grid.days)
    # With half the attendees, their tickets and the funds still pay the venue, the
    # promotion already spent, the speakers and the catering of those who come.
    spend = sum(tight.channels.values())
    venue = next(v for v in SMALL["venues"] if v["id"] == tight.venue)
    hard = venue["price_per_day"] * days + spend + 10 * days * 0.5 * tight.attendance + FEES
    assert funds + 100 * 0.5 * tight.attendance >= hard - 1e-6
    assert tight.stress_margin >= -1e-6
    assert tight.surplus < loose.surplus  # safety costs money


def test_an_impossible_budget_is_explained_in_money() -> None:
    crowd = dict(SMALL, limits={"max_days": 2, "min_area_m2": 0, "min_attendance": 1000})
    with pytest.raises(BudgetInfeasible) as caught:
        plan_budget(with_budget(crowd))
    assert any("largest usable venue seats 400" in r for r in caught.value.reasons)
    poor = dict(SMALL, tickets=[{"id": "one", "name": "T", "price": 1, "share": 1}], funds=0)
    with pytest.raises(BudgetInfeasible) as caught:
        plan_budget(with_budget(poor))
    money = [r for r in caught.value.reasons if "cost CNY" in r]
    assert money and "give CNY" in money[0]


def test_model_rows_are_named_in_the_organisers_words() -> None:
    model = build(CONTENT, CONTENT.budget)
    assert {"balance", "stress", "capacity", "demand", "one_venue"} <= set(model.rules)
    assert "reserve" in model.rules["balance"].label
    outcome = run(model.prob, "highs", time_limit=30, gap=0)
    assert outcome.status == "optimal"


def test_plan_only_budget_keeps_the_agenda_and_report_prints_it(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    before = (content / "plan.yaml").read_text(encoding="utf-8")
    run_ = confsite("plan", "--content", content, "--only", "budget")
    assert run_.returncode == 0, run_.stderr
    after = (content / "plan.yaml").read_text(encoding="utf-8")
    assert (
        after.split("\n# The budget plan")[0].rstrip()
        == before.split("\n# The budget plan")[0].rstrip()
    )
    assert "budget:\n  objective: reach\n  venue: xinghe-center" in after
    assert confsite("plan", "--content", content, "--check").returncode == 0
    report = confsite("report", "budget", "--content", content, "--csv", tmp_path / "b.csv")
    assert report.returncode == 0, report.stderr
    assert "Rules that bind" in report.stdout and "What if" in report.stdout
    assert "out of date" not in report.stderr
    assert (tmp_path / "b.csv").read_text(encoding="utf-8").startswith("group,id,label,amount")


def test_a_fresh_agenda_only_keeps_the_budget_part(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    before = (content / "plan.yaml").read_text(encoding="utf-8")
    budget = before[before.index("\nbudget:") :]
    run_ = confsite("plan", "--content", content, "--only", "agenda", "--fresh", "-q")
    assert run_.returncode == 0, run_.stderr
    after = (content / "plan.yaml").read_text(encoding="utf-8")
    assert after[after.index("\nbudget:") :] == budget
    assert confsite("plan", "--content", content, "--check").returncode == 0


@pytest.mark.parametrize("only", ["agenda", "budget"])
def test_planning_one_part_refuses_a_plan_file_it_cannot_read(tmp_path: Path, only: str) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    broken = "version: 1\nsessions: [\n"
    (content / "plan.yaml").write_text(broken, encoding="utf-8")
    run_ = confsite("plan", "--content", content, "--only", only, "--fresh", "-q")
    assert run_.returncode == 1
    assert "plan.yaml:" in run_.stderr and f"without --only {only}" in run_.stderr
    assert "Traceback" not in run_.stderr
    assert (content / "plan.yaml").read_text(encoding="utf-8") == broken


def test_the_chosen_venue_and_the_agenda_rooms_are_compared() -> None:
    from confsite.plan.budgeting import venue_fit

    assert venue_fit(CONTENT, "xinghe-center", 5) == []
    notes = venue_fit(CONTENT, "binjiang-campus", 6)
    assert any("venue.yaml describes xinghe-center" in note for note in notes)
    assert any("uses 6 rooms but venue binjiang-campus has 5" in note for note in notes)
