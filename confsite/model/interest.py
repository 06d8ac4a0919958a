"""interest.yaml (optional): which sessions anonymous attendees want to see.

Typically a registration-survey export. The agenda planner avoids running sessions in
parallel that many of the same people want.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import Int, Record, Slug


class Response(Record):
    sessions: Annotated[tuple[Slug, ...], Field(min_length=1)]
    count: Annotated[Int, Field(ge=1, description="How many attendees gave this answer.")] = 1


class Interest(Record):
    source: str | None = None
    responses: tuple[Response, ...] = ()
