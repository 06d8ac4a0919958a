"""How long the budget plan takes (not run in CI).

    python bench/budget.py [--venues 20] [--channels 30] [--segments 5] [--tiers 6]
                           [--activities 20] [--seed 1] [--solvers highs,cbc]

Solves the example's budget and a generated large one (the example conference with many
venue options, channels of several spend segments each, sponsor tiers and optional
activities), with each solver: the MILP alone, and the whole explanation (`plan_budget`:
the MILP, the LP with the integer choices fixed for the duals, and three what-if lines).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import number, versions  # noqa: E402
from confsite.load.loader import load_content  # noqa: E402
from confsite.model.budget import Budget  # noqa: E402
from confsite.model.sponsors import Sponsors, Tier  # noqa: E402
from confsite.plan.budget import build  # noqa: E402
from confsite.plan.budgeting import plan_budget  # noqa: E402
from confsite.plan.solve import run  # noqa: E402


def large(
    content, venues: int, channels: int, segments: int, tiers: int, activities: int, seed: int
):  # type: ignore[no-untyped-def]
    """The example conference with a large, random but feasible budget."""
    rng = random.Random(seed)
    dates = [day.date.isoformat() for day in content.grid.days]
    budget = {
        "funds": 80000,
        "objective": "reach",
        "contingency": 0.1,
        "limits": {"max_days": 3, "min_area_m2": 800, "min_attendance": 400},
        "venues": [
            {
                "id": f"v{i}",
                "name": f"Venue {i}",
                "capacity": rng.randrange(300, 1500, 50),
                "area_m2": rng.randrange(600, 3000, 10),
                "rooms": rng.randrange(3, 12),
                "price_per_day": rng.randrange(20000, 90000, 1000),
                "catering_minimum": rng.choice([0, 0, 20000, 50000]),
                "dates": dates if rng.random() < 0.8 else dates[:1],
            }
            for i in range(venues)
        ],
        "per_head": {"catering_per_day": 100, "badge": 6, "swag": 35},
        "costs": [
            {
                "id": f"c{i}",
                "name": f"Cost {i}",
                "amount": rng.randrange(2000, 40000, 500),
                "hard": rng.random() < 0.7,
            }
            for i in range(10)
        ],
        "tickets": [
            {"id": "early", "name": "Early", "price": 399, "share": 0.5},
            {"id": "regular", "name": "Regular", "price": 699, "share": 0.3, "free": 10},
            {"id": "student", "name": "Student", "price": 99, "share": 0.2, "free": 20},
        ],
        "sponsors": [
            {
                "tier": f"t{i}",
                "expected": rng.uniform(0.5, 6),
                "fulfilment_cost": rng.randrange(500, 20000, 500),
            }
            for i in range(tiers)
        ],
        "channels": [],
        "activities": [
            {
                "id": f"a{i}",
                "name": f"Activity {i}",
                "cost": rng.randrange(5000, 60000, 1000),
                "influence": rng.randrange(0, 800),
                "attendees": rng.randrange(0, 60),
                "required": i == 0,
            }
            for i in range(activities)
        ],
    }
    for i in range(channels):
        rate = rng.uniform(20, 80)
        up_to = 0
        parts = []
        for _ in range(segments):
            up_to += rng.randrange(1000, 10000, 500)
            parts.append({"up_to": up_to, "attendees_per_1000": round(rate, 2)})
            rate *= rng.uniform(0.4, 0.9)
        channel = {
            "channel": f"ch{i}",
            "influence": round(rng.uniform(0.5, 3), 2),
            "segments": parts,
        }
        if rng.random() < 0.2:
            channel["threshold"] = parts[0]["up_to"]
        budget["channels"].append(channel)
    sponsor_tiers = tuple(
        Tier(
            id=f"t{i}",
            name=f"Tier {i}",
            price=rng.randrange(10000, 200000, 5000),
            slots=rng.randrange(1, 8),
        )
        for i in range(tiers)
    )
    return dataclasses.replace(
        content, budget=Budget.model_validate(budget), sponsors=Sponsors(tiers=sponsor_tiers)
    )


def measure(content, solver: str) -> dict:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    model = build(content, content.budget)
    built = time.perf_counter() - began
    outcome = run(model.prob, solver, time_limit=600, gap=0.0)
    began = time.perf_counter()
    result = plan_budget(content, solver=solver, time_limit=600)
    explained = time.perf_counter() - began
    return {
        "variables": model.prob.numVariables(),
        "constraints": model.prob.numConstraints(),
        "integers": len(model.integers),
        "build": built,
        "milp": outcome.seconds,
        "status": outcome.status,
        "objective": outcome.objective,
        "explained": explained,
        "binding": len(result.binding),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venues", type=int, default=20)
    parser.add_argument("--channels", type=int, default=30)
    parser.add_argument("--segments", type=int, default=5)
    parser.add_argument("--tiers", type=int, default=6)
    parser.add_argument("--activities", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solvers", default="highs,cbc")
    args = parser.parse_args(argv)
    example = load_content(ROOT / "content")
    instances = [
        ("example", example),
        (
            f"{args.venues} venues, {args.channels}×{args.segments} channels, "
            f"{args.tiers} tiers, {args.activities} activities",
            large(
                example,
                args.venues,
                args.channels,
                args.segments,
                args.tiers,
                args.activities,
                args.seed,
            ),
        ),
    ]
    columns = (
        "instance",
        "solver",
        "variables",
        "constraints",
        "integers",
        "MILP s",
        "status",
        "objective",
        "plan_budget s (MILP + duals + 3 what-ifs)",
        "binding rules",
    )
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for name, content in instances:
        for solver in args.solvers.split(","):
            row = measure(content, solver)
            cells = (
                name,
                solver,
                str(row["variables"]),
                str(row["constraints"]),
                str(row["integers"]),
                number(row["milp"]),
                row["status"],
                number(row["objective"], 6),
                number(row["explained"]),
                str(row["binding"]),
            )
            print("| " + " | ".join(cells) + " |")
    found = ", ".join(f"{k} {v}" for k, v in versions("confsite", "pulp", "highspy").items())
    print(f"\n{found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
