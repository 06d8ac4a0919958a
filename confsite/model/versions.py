"""A schedule version: the agenda as published at one moment, kept in the plan's folder
(``plan-versions/0003.yaml``) by ``confsite plan`` whenever the agenda changes.

A version holds what attendees saw, not just the placements: titles, lengths, room names
and speakers as they were, so that a later version can say what was renamed, moved or
cancelled even after the session's file has been deleted.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import Clock, Date, Minutes, Record, Slug, Text
from confsite.model.sessions import SessionKind


class VersionSession(Record):
    title: Text
    kind: SessionKind = "talk"
    day: Slug
    date: Date
    start: Clock
    length: Minutes
    room: Slug
    room_name: Text
    speakers: Annotated[tuple[Slug, ...], Field(description="Speakers and moderators.")] = ()


class ScheduleVersion(Record):
    version: Annotated[int, Field(ge=1, description="The version's number, from 1.")]
    date: Annotated[Date, Field(description="When it was recorded.")]
    name: Annotated[str | None, Field(description="A release name (--release).")] = None
    conference: Slug | None = None
    people: Annotated[
        dict[Slug, Text], Field(default_factory=dict, description="Speaker id: name as it was.")
    ]
    sessions: Annotated[
        dict[Slug, VersionSession],
        Field(default_factory=dict, description="Every placed session, as it was."),
    ]
