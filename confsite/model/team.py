"""team.yaml: the people who run the conference."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import FilePath, Link, PrivateContact, Record, Slug, Text

Role = Literal["chair", "organising", "programme", "volunteer", "advisor"]


class Member(Record):
    id: Slug
    name: Text
    name_latin: str | None = None
    role: Role
    position: Annotated[Text | None, Field(description="e.g. 'programme chair, AI track'.")] = None
    affiliation: Text | None = None
    photo: FilePath | None = None
    bio: Text | None = None
    links: tuple[Link, ...] = ()
    speaker: Annotated[Slug | None, Field(description="Their speaker id, if they also speak.")] = (
        None
    )
    contact: Annotated[PrivateContact, Field(description="Private.")] = PrivateContact()


class Team(Record):
    members: tuple[Member, ...] = ()
