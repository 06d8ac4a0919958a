"""tracks.yaml: the themes that group sessions, with their colours."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import Colour, Record, Slug, Text


class HeldRoom(Record):
    """Keep one room for this track on one day (asked of the agenda planner)."""

    day: Slug
    room: Slug


class Track(Record):
    id: Slug
    name: Text
    colour: Colour
    description: Text | None = None
    chairs: Annotated[tuple[Slug, ...], Field(description="Speaker ids of the track chairs.")] = ()
    held_rooms: tuple[HeldRoom, ...] = ()


class Tracks(Record):
    tracks: Annotated[tuple[Track, ...], Field(min_length=1)]
