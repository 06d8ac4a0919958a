"""planning.yaml (optional): how the agenda planner trades off soft goals."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import Number, Record

Weight = Annotated[Number, Field(ge=0)]


class Weights(Record):
    interest_clash: Annotated[
        Weight, Field(description="Per attendee who wants two sessions running in parallel.")
    ] = 1.0
    same_track_parallel: Weight = 20.0
    track_room_changes: Annotated[
        Weight, Field(description="Per extra room a track uses on a day.")
    ] = 5.0
    track_days: Annotated[
        Weight,
        Field(
            description="Per extra day a track runs on (keeps a track together for "
            "one-day visitors)."
        ),
    ] = 2.0
    room_overflow: Annotated[Weight, Field(description="Per expected attendee without a seat.")] = (
        2.0
    )
    room_empty: Annotated[Weight, Field(description="Per empty seat (per 10 seats).")] = 0.1
    speaker_preference: Weight = 10.0
    stability: Annotated[Weight, Field(description="Per session moved from the previous plan.")] = (
        1000.0
    )


class Planning(Record):
    solver: Literal["cbc", "highs"] | None = None
    time_limit: Annotated[Number, Field(gt=0)] = 120
    gap: Annotated[Number, Field(ge=0, le=1)] = 0.01
    speaker_buffer: Annotated[
        int, Field(ge=0, description="Minutes a speaker needs between sessions in different rooms.")
    ] = 0
    weights: Weights = Weights()
    changed_badge_days: Annotated[
        int,
        Field(
            ge=0,
            description="Days the site marks the sessions the latest schedule version "
            "changed with a 'changed' badge.",
        ),
    ] = 7
