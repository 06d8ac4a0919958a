"""venue.yaml: the place, its rooms, and what attendees need around it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import (
    SLUG_PATTERN,
    BlockPenalty,
    FilePath,
    Int,
    Number,
    Record,
    Slug,
    Text,
    Url,
)

Feature = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        description="A room feature: projector, lab_desks, recording, streaming, "
        "interpretation, stage, whiteboard, power_outlets, …",
    ),
]


class Room(Record):
    id: Slug
    name: Text
    capacity: Annotated[Int, Field(gt=0)]
    area_m2: Annotated[Number | None, Field(gt=0)] = None
    floor: str | None = None
    features: tuple[Feature, ...] = ()
    description: Text | None = None
    accessible: bool = True
    public: Annotated[bool, Field(description="Shown on the site's venue page.")] = True
    block_penalties: Annotated[
        tuple[BlockPenalty, ...],
        Field(
            description="Penalties for using the room in these blocks "
            "(planning.yaml weights.room_block)."
        ),
    ] = ()


class Coordinates(Record):
    lat: Annotated[Number, Field(ge=-90, le=90)]
    lon: Annotated[Number, Field(ge=-180, le=180)]


class Hotel(Record):
    id: Slug
    name: Text
    address: Text | None = None
    url: Url | None = None
    distance: Text | None = None
    price: Text | None = None
    booking_code: str | None = None
    note: Text | None = None


MealKind = Literal["breakfast", "coffee", "lunch", "dinner", "reception", "snacks"]


class Meal(Record):
    day: Slug
    kind: MealKind
    description: Text | None = None


class Catering(Record):
    description: Text | None = None
    dietary: tuple[Text, ...] = ()
    meals: tuple[Meal, ...] = ()


class Venue(Record):
    name: Text
    address: Text
    city: Text | None = None
    country: Text | None = None
    map_url: Url | None = None
    coordinates: Coordinates | None = None
    photo: FilePath | None = None
    transport: Annotated[Text | None, Field(description="How to get there (markdown).")] = None
    accessibility: Annotated[Text | None, Field(description="Markdown.")] = None
    hotels: tuple[Hotel, ...] = ()
    catering: Catering = Catering()
    rooms: Annotated[tuple[Room, ...], Field(min_length=1)]
