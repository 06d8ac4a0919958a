"""plan.yaml: where and when each session runs, as written by ``confsite plan``.

The plan is kept apart from the content it was made from: organisers may edit it by hand,
and ``confsite plan --check`` judges any plan against the content.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import Clock, Record, Slug

PLAN_VERSION = 1


class Placement(Record):
    day: Slug
    start: Clock
    room: Slug


class BudgetPlan(Record):
    """The budget plan's decisions, as written by ``confsite plan`` (private, like
    budget.yaml: never published)."""

    objective: Literal["reach", "attendance", "surplus"]
    venue: Slug
    attendance: Annotated[float, Field(ge=0)]
    reach: float
    surplus: float
    promotion: Annotated[
        dict[Slug, float], Field(default_factory=dict, description="Spend per channel.")
    ]
    sponsors: Annotated[
        dict[Slug, int], Field(default_factory=dict, description="Sponsors to sell per tier.")
    ]
    activities: tuple[Slug, ...] = ()


class PlanFile(Record):
    version: Annotated[Literal[1], Field(description="Format version of the plan file.")]
    conference: Annotated[Slug | None, Field(description="The conference id it was made for.")] = (
        None
    )
    sessions: Annotated[
        dict[Slug, Placement],
        Field(default_factory=dict, description="Session id: day, start and room."),
    ]
    budget: Annotated[
        BudgetPlan | None, Field(description="The budget plan (private; never published).")
    ] = None
