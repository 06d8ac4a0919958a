"""tracks.yaml: the themes that group sessions, with their colours, chairs and what the
agenda planner should know about them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from confsite.model.common import BlockPenalty, Colour, Penalty, Record, Slug, Text


class HeldRoom(Record):
    """Keep one room for this track on one day (asked of the agenda planner)."""

    day: Slug
    room: Slug


class Track(Record):
    id: Slug
    name: Text
    colour: Colour
    description: Text | None = None
    chairs: Annotated[
        tuple[Slug, ...],
        Field(
            description="Speaker ids of the track chairs (with weights.person_block_rooms "
            "they are needed wherever the track runs)."
        ),
    ] = ()
    held_rooms: tuple[HeldRoom, ...] = ()
    block_penalties: Annotated[
        tuple[BlockPenalty, ...],
        Field(
            description="Penalties for holding the track in these blocks, per room "
            "(planning.yaml weights.track_block)."
        ),
    ] = ()
    room_penalties: Annotated[
        dict[Slug, Penalty],
        Field(
            default_factory=dict,
            description="Room id: penalty for holding the track in that room, per block "
            "(weights.track_room).",
        ),
    ]


class SimilarTracks(Record):
    """Two tracks that share their audience: running them in one block costs
    ``penalty`` per pair of rooms (planning.yaml weights.similar_tracks)."""

    tracks: Annotated[tuple[Slug, ...], Field(min_length=2, max_length=2)]
    penalty: Penalty = 1.0

    @field_validator("tracks")
    @classmethod
    def _two(cls, tracks: tuple[str, ...]) -> tuple[str, ...]:
        if len(tracks) == 2 and tracks[0] == tracks[1]:
            raise ValueError("a track is not similar to itself; expected two different track ids")
        return tracks


class Tracks(Record):
    tracks: Annotated[tuple[Track, ...], Field(min_length=1)]
    similar: Annotated[
        tuple[SimilarTracks, ...],
        Field(description="Pairs of tracks that should not run in the same block."),
    ] = ()
