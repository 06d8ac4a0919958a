"""planning.yaml (optional): how the agenda planner trades off soft goals.

The weights after ``stability`` are for conferences of paper sessions (a block between two
breaks holds several talks of one track in each room, as CoSPLib's conferences do). They
are 0 by default: a conference that does not set them is planned as before.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from confsite.model.common import Clock, Number, Record

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
    # --- blocks of sessions (paper sessions) ---------------------------------------------
    track_block: Annotated[
        Weight,
        Field(description="Times a track's block_penalties entry, per room it holds in the block."),
    ] = 0.0
    track_room: Annotated[
        Weight,
        Field(description="Times a track's room_penalties entry, per block it holds the room."),
    ] = 0.0
    room_block: Annotated[
        Weight, Field(description="Times a room's block_penalties entry, when the room is used.")
    ] = 0.0
    similar_tracks: Annotated[
        Weight,
        Field(
            description="Times tracks.yaml similar penalty, per pair of rooms holding two "
            "similar tracks in one block."
        ),
    ] = 0.0
    track_rooms: Annotated[
        Weight, Field(description="Per room a track uses beyond its first, over the conference.")
    ] = 0.0
    track_block_rooms: Annotated[
        Weight, Field(description="Per room a track holds beyond its first within one block.")
    ] = 0.0
    track_gaps: Annotated[
        Weight,
        Field(
            description="Per track whose blocks are not consecutive (another block comes "
            "between two of them)."
        ),
    ] = 0.0
    presenter_hours: Annotated[
        Weight,
        Field(
            description="Times presenter_hours' penalty of a session's block in its "
            "presenter's local time, per slot the session takes."
        ),
    ] = 0.0
    order: Annotated[
        Weight, Field(description="Per `after` broken, when planning.yaml's order is soft.")
    ] = 100.0
    session_block: Annotated[
        Weight,
        Field(description="Times a session's block_penalties entry, per slot it takes."),
    ] = 0.0
    session_room: Annotated[
        Weight,
        Field(description="Times a session's room_penalties entry, per slot it takes."),
    ] = 0.0
    person_block_rooms: Annotated[
        Weight,
        Field(
            description="Per room beyond the first a speaker, moderator or track chair is "
            "needed in within one block."
        ),
    ] = 0.0
    interest_block_rooms: Annotated[
        Weight,
        Field(
            description="Per attendee and room beyond the first that their wanted sessions "
            "take within one block."
        ),
    ] = 0.0


class Hours(Record):
    """Hours of the day, in the presenter's own time."""

    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if self.end <= self.start:
            raise ValueError(f"end must be after start ({self.start:%H:%M})")
        return self


class PresenterHours(Record):
    """Which local hours suit presenters in other time zones (weights.presenter_hours). A
    block is judged by its start and end in the presenter's time: within ``suitable``
    costs nothing, within ``less_suitable`` costs ``less_suitable_penalty``, otherwise
    (or across local midnight) ``unsuitable_penalty``."""

    suitable: Hours = Hours(start="09:00", end="21:00")  # type: ignore[arg-type]
    less_suitable: Hours = Hours(start="07:00", end="23:00")  # type: ignore[arg-type]
    less_suitable_penalty: Annotated[Number, Field(ge=0)] = 1.0
    unsuitable_penalty: Annotated[Number, Field(ge=0)] = 10.0


class Planning(Record):
    solver: Literal["cbc", "highs"] | None = None
    time_limit: Annotated[Number, Field(gt=0)] = 120
    gap: Annotated[Number, Field(ge=0, le=1)] = 0.01
    speaker_buffer: Annotated[
        int, Field(ge=0, description="Minutes a speaker needs between sessions in different rooms.")
    ] = 0
    one_track_per_block: Annotated[
        bool,
        Field(
            description="A room holds sessions of one track only within a block (the slots "
            "between two breaks), as paper sessions do."
        ),
    ] = False
    order: Annotated[
        Literal["hard", "soft"],
        Field(description="hard: every `after` is kept; soft: breaking one costs weights.order."),
    ] = "hard"
    presenter_hours: PresenterHours = PresenterHours()
    weights: Weights = Weights()
    changed_badge_days: Annotated[
        int,
        Field(
            ge=0,
            description="Days the site marks the sessions the latest schedule version "
            "changed with a 'changed' badge.",
        ),
    ] = 7
