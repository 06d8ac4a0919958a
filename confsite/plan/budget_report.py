"""How the budget plan reads: a terminal table, a CSV for spreadsheets, an SVG chart for
the organisers' page, and the plan file's record of the decisions."""

from __future__ import annotations

import csv
import io
from itertools import groupby

from confsite.model.plan import BudgetPlan
from confsite.plan import solve
from confsite.plan.budgeting import BudgetResult

OBJECTIVES = {
    "reach": "reach R = N·I + S (attendees weighted by influence, plus sponsorship per 1,000)",
    "attendance": "attendance at break-even",
    "surplus": "surplus",
}


def record(result: BudgetResult) -> BudgetPlan:
    return BudgetPlan(
        objective=result.objective_kind,  # type: ignore[arg-type]
        venue=result.venue,
        attendance=round(result.attendance, 2),
        reach=round(result.reach, 2),
        surplus=round(result.surplus, 2),
        promotion={k: round(v, 2) for k, v in result.channels.items() if v > 0.005},
        sponsors={k: v for k, v in result.sponsors.items() if v},
        activities=result.activities,
    )


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (Chinese characters take two)."""
    import unicodedata

    shown = []
    used = 0
    for char in text:
        wide = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + wide > width:
            break
        shown.append(char)
        used += wide
    return "".join(shown) + " " * (width - used)


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def table(result: BudgetResult) -> list[str]:
    """The allocation, revenue, surplus, binding rules and what-if lines, for a terminal."""
    cur = result.currency
    total = result.costs + result.reserve
    out = [
        f"Budget plan: {result.outcome.status} ({solve.shown(result.outcome.solver)}, "
        f"{result.outcome.seconds:.2f} s), maximising {OBJECTIVES[result.objective_kind]}",
        f"Venue {result.venue}, attendance {result.attendance:,.0f}, reach {result.reach:,.1f}",
        "",
        f"  {'line item':<58}{cur:>12}{'share':>8}  note",
    ]
    for group, lines in groupby(result.lines, key=lambda line: line.group):
        out.append(f"  {group}")
        for line in lines:
            share = line.amount / total if total else 0
            out.append(
                f"    {_pad(line.label, 56)}{_money(line.amount):>12}{share:>8.1%}  {line.note}"
            )
    out += [
        f"  {'reserve (contingency)':<58}{_money(result.reserve):>12}"
        f"{(result.reserve / total if total else 0):>8.1%}",
        f"  {'total costs and reserve':<58}{_money(total):>12}",
        "",
        f"  {'own funds':<58}{_money(result.funds):>12}",
        f"  {'tickets':<58}{_money(result.tickets):>12}",
        f"  {'sponsorship':<58}{_money(result.sponsorship):>12}",
        f"  {'surplus':<58}{_money(result.surplus):>12}",
        f"  {'stress test margin':<58}{_money(result.stress_margin):>12}"
        "  (revenue left over in the stress test)",
        "",
    ]
    if result.binding:
        out.append("Rules that bind, and what relaxing each by one unit buys:")
        for rule in result.binding:
            out.append(f"  - {rule.label}: +{rule.value:.4g} per {rule.unit}  [{rule.rule}]")
    else:
        out.append("No rule binds: the plan has room in every direction.")
    out.append("")
    out.append("What if:")
    for line in result.whatifs:
        if line.objective is None:
            out.append(f"  - {line.label}: {line.note}")
        else:
            out.append(
                f"  - {line.label}: objective {line.objective:,.1f}, attendance "
                f"{line.attendance:,.0f}, surplus {_money(line.surplus or 0)}"
            )
    return out


def csv_text(result: BudgetResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", "id", "label", "amount", "share", "note"])
    total = result.costs + result.reserve
    for line in result.lines:
        share = line.amount / total if total else 0
        writer.writerow(
            [line.group, line.id, line.label, f"{line.amount:.2f}", f"{share:.4f}", line.note]
        )
    writer.writerow(
        ["reserve", "contingency", "reserve (contingency)", f"{result.reserve:.2f}", "", ""]
    )
    for name, amount in (
        ("funds", result.funds),
        ("tickets", result.tickets),
        ("sponsorship", result.sponsorship),
        ("surplus", result.surplus),
    ):
        writer.writerow(
            ["revenue" if name != "surplus" else "result", name, name, f"{amount:.2f}", "", ""]
        )
    return buffer.getvalue()


def svg_chart(result: BudgetResult, width: int = 640) -> str:
    """A horizontal bar per cost group, drawn by confsite (no script, no font download)."""
    from xml.sax.saxutils import escape

    groups: dict[str, float] = {}
    for line in result.lines:
        groups[line.group] = groups.get(line.group, 0.0) + line.amount
    groups["reserve"] = result.reserve
    biggest = max(groups.values(), default=1.0) or 1.0
    bar = 22
    height = bar * len(groups) + 10
    label_width = 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="budget allocation">'
    ]
    for index, (group, amount) in enumerate(groups.items()):
        y = 5 + index * bar
        length = (width - label_width - 90) * amount / biggest
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12" fill="currentColor">{escape(group)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{bar - 6}" '
            f'fill="#4f46e5"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="12" '
            f'fill="currentColor">{_money(amount)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
