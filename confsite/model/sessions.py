"""sessions/<id>.yaml: one file per session; the file name is the session's id."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from confsite.model.common import (
    BlockPenalty,
    Clock,
    Int,
    Language,
    Minutes,
    Penalty,
    Record,
    Slug,
    Text,
    Url,
    ZoneName,
)

SessionKind = Literal[
    "keynote",
    "ceremony",
    "talk",
    "workshop",
    "case_study",
    "panel",
    "competition",
    "lightning",
    "break",
    "social",
]
Level = Literal["beginner", "intermediate", "advanced", "all"]
Status = Literal["confirmed", "tentative", "cancelled"]


class RoomNeeds(Record):
    features: tuple[Slug, ...] = ()
    capacity: Annotated[Int | None, Field(gt=0, description="Seats needed at least.")] = None
    rooms: Annotated[tuple[Slug, ...], Field(description="Only these rooms will do.")] = ()


class Pin(Record):
    """Fix the session in place; any part may be left to the planner."""

    day: Slug | None = None
    start: Clock | None = None
    room: Slug | None = None

    @model_validator(mode="after")
    def _start_needs_day(self) -> Pin:
        if self.start is not None and self.day is None:
            raise ValueError("a pinned start needs a day")
        return self


class SessionLinks(Record):
    slides: Url | None = None
    video: Url | None = None
    recording: Url | None = None
    repository: Url | None = None
    feedback: Url | None = None
    registration: Url | None = None


# Kinds of session that are plenary unless they say otherwise.
PLENARY_KINDS = ("keynote", "ceremony")


class Session(Record):
    kind: SessionKind
    title: Text
    subtitle: Text | None = None
    abstract: Annotated[Text | None, Field(description="Markdown.")] = None
    speakers: Annotated[tuple[Slug, ...], Field(description="Speaker ids.")] = ()
    moderators: Annotated[tuple[Slug, ...], Field(description="Speaker ids.")] = ()
    length: Minutes
    track: Slug | None = None
    level: Level = "all"
    language: Language = "zh"
    tags: tuple[str, ...] = ()
    audience: Annotated[Int | None, Field(ge=0, description="Expected number of attendees.")] = None
    plenary: Annotated[
        bool | None,
        Field(
            description="Runs alone for everyone in a plenary slot "
            "(default: keynotes and ceremonies)."
        ),
    ] = None
    needs: RoomNeeds = RoomNeeds()
    pin: Pin | None = None
    after: Annotated[
        tuple[Slug, ...], Field(description="Sessions that must end before this one starts.")
    ] = ()
    status: Status = "confirmed"
    timezone: Annotated[
        ZoneName | None,
        Field(
            description="The time zone it is presented from, when not its speakers' own "
            "(planning.yaml presenter_hours)."
        ),
    ] = None
    block_penalties: Annotated[
        tuple[BlockPenalty, ...],
        Field(
            description="Penalties for placing it in these blocks, per slot it takes "
            "(planning.yaml weights.session_block)."
        ),
    ] = ()
    room_penalties: Annotated[
        dict[Slug, Penalty],
        Field(
            default_factory=dict,
            description="Room id: penalty for placing it in that room, per slot it takes "
            "(weights.session_room).",
        ),
    ]
    links: SessionLinks = SessionLinks()
    notes: Annotated[str | None, Field(description="Private: reviewer and organiser notes.")] = None

    @property
    def is_plenary(self) -> bool:
        if self.plenary is None:
            return self.kind in PLENARY_KINDS
        return self.plenary

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone who must be in the room: speakers and moderators."""
        return tuple(dict.fromkeys((*self.speakers, *self.moderators)))
