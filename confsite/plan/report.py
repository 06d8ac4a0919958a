"""What `confsite plan` prints: a short summary a person can read at a glance."""

from __future__ import annotations

from confsite.model.content import Content
from confsite.plan import solve
from confsite.plan.planner import PlanResult
from confsite.plan.score import shown_terms


def terms_table(content: Content, amounts: dict[str, float]) -> list[str]:
    weights = content.planning.weights
    lines = [f"  {'soft goal':<22}{'amount':>9}{'weight':>9}{'cost':>10}   measured in"]
    total = 0.0
    for term in shown_terms(content):
        amount = amounts.get(term.name, 0.0)
        weight = getattr(weights, term.name)
        cost = amount * weight
        total += cost
        lines.append(f"  {term.label:<22}{amount:>9g}{weight:>9g}{cost:>10.1f}   {term.unit}")
    lines.append(f"  {'total':<40}{total:>10.1f}")
    return lines


def summary(content: Content, result: PlanResult) -> list[str]:
    outcome = result.outcome
    days = len({place.day for place in result.agenda.values()})
    rooms = len({place.room for place in result.agenda.values()})
    gap = f", gap {outcome.gap:.2%}" if outcome.gap is not None else ""
    lines = [
        f"Planned {len(result.agenda)} sessions over {days} day(s) in {rooms} room(s): "
        f"{outcome.status}{gap} ({solve.shown(outcome.solver)}, {result.seconds:.1f} s in "
        f"{result.rounds} round(s); last model {result.variables:,} variables, "
        f"{result.constraints:,} constraints)",
    ]
    for what, chosen, then in (
        ("blocks and rooms", result.blocks_outcome, "within its block and room"),
        ("days and rooms", result.chosen_first, "at a time; the gap is against its bound"),
    ):
        if chosen is not None:
            gap = f", gap {chosen.gap:.2%}" if chosen.gap is not None else ""
            bound = f", bound {chosen.bound:.1f}" if chosen.bound is not None else ""
            lines.append(
                f"  {what} chosen first: {chosen.status}{gap}{bound} ({chosen.seconds:.1f} s); "
                f"then each session placed {then}"
            )
    lines += terms_table(content, result.amounts)
    return lines
