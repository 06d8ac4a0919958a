"""speakers/<id>.yaml: one file per speaker; the file name is the speaker's id."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import (
    FilePath,
    Link,
    Number,
    PrivateContact,
    Record,
    Text,
    TimeWindow,
    ZoneName,
    localize,
)

Region = Literal["local", "domestic", "international", "remote"]


class Origin(Record):
    """Where the speaker travels from (drives travel costs in the budget)."""

    city: Text | None = None
    country: Text | None = None
    region: Region = "domestic"


class Availability(Record):
    """When the speaker can present. Empty means always."""

    only: Annotated[
        tuple[TimeWindow, ...],
        Field(description="If given, the speaker can present only within these windows."),
    ] = ()
    not_: Annotated[
        tuple[TimeWindow, ...],
        Field(alias="not", description="Windows when the speaker cannot present."),
    ] = ()
    preferred: Annotated[
        tuple[TimeWindow, ...], Field(description="Windows the speaker would like best.")
    ] = ()


class Speaker(Record):
    name: Annotated[Text, Field(description="Name as written in the conference language.")]
    name_latin: Annotated[
        str | None, Field(description="Name in Latin script, e.g. pinyin, for English pages.")
    ] = None
    pronouns: str | None = None
    affiliation: Text | None = None
    title: Annotated[Text | None, Field(description="Job title or position.")] = None
    bio: Annotated[Text | None, Field(description="Markdown.")] = None
    photo: FilePath | None = None
    links: tuple[Link, ...] = ()
    featured: Annotated[
        bool, Field(description="Shown among keynote speakers on the home page.")
    ] = False
    availability: Availability = Availability()
    timezone: Annotated[
        ZoneName | None,
        Field(
            description="The speaker's own time zone when presenting remotely, an IANA name "
            "(Europe/Berlin) or a UTC offset (UTC+02:00); planning.yaml presenter_hours "
            "judges their sessions' hours in it."
        ),
    ] = None
    origin: Origin = Origin()
    honorarium: Annotated[Number | None, Field(ge=0)] = None
    contact: Annotated[PrivateContact, Field(description="Private: never published.")] = (
        PrivateContact()
    )
    notes: Annotated[str | None, Field(description="Private organiser notes.")] = None

    def display_name(self, lang: str) -> str:
        """The name as the conference writes it; in English the Latin spelling, if any."""
        name = localize(self.name, lang)
        if lang == "en" and self.name_latin and self.name_latin != name:
            return self.name_latin
        return name
