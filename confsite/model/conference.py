"""conference.yaml: who, when, where online, and what the conference is for."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from confsite.model.common import (
    Colour,
    Date,
    FilePath,
    Int,
    Language,
    Link,
    Number,
    Record,
    Slug,
    Text,
    Url,
)


def _zone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"unknown time zone {value!r}")
    return value


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


TimeZone = Annotated[
    str, AfterValidator(_zone), Field(description="An IANA time zone, e.g. Asia/Shanghai.")
]

AudienceKind = Literal[
    "developers", "researchers", "companies", "investors", "media", "students", "community"
]


class Branding(Record):
    logo: FilePath | None = None
    logo_dark: FilePath | None = None
    favicon: FilePath | None = None
    primary_colour: Colour = "#3f51b5"
    accent_colour: Colour = "#ff4081"
    font: Annotated[str | None, Field(description="Font file or family for generated images.")] = (
        None
    )


class Tickets(Record):
    url: Url | None = None
    registration_url: Url | None = None
    label: Text | None = None
    price_from: Annotated[Number | None, Field(ge=0)] = None
    currency: str = "CNY"


class Audience(Record):
    kind: AudienceKind
    description: Text | None = None
    target: Annotated[Int | None, Field(ge=0, description="Expected number of people.")] = None


ImportantDateKind = Literal[
    "cfp_open",
    "cfp_close",
    "notification",
    "agenda_published",
    "early_bird_end",
    "registration_close",
    "conference",
    "other",
]


class ImportantDate(Record):
    kind: ImportantDateKind
    date: Date
    label: Text | None = None


CommunityKind = Literal[
    "mailing_list", "wechat_group", "forum", "discord", "slack", "telegram", "qq_group", "other"
]


class CommunityLink(Record):
    kind: CommunityKind
    name: Text
    url: Url | None = None
    qr: Annotated[FilePath | None, Field(description="QR code image (e.g. a WeChat group).")] = None


class AfterEvent(Record):
    """What attendees get after the event: feedback survey, archives, community."""

    feedback_url: Url | None = None
    feedback_closes: Date | None = None
    archive_url: Url | None = None
    photos_url: Url | None = None
    community: tuple[CommunityLink, ...] = ()


class ConferenceInfo(Record):
    """The conference itself."""

    id: Annotated[Slug, Field(description="Stable id used in feed ids and calendar UIDs.")]
    name: Text
    short_name: Text | None = None
    edition: Text | None = None
    tagline: Text | None = None
    description: Text | None = None
    start: Date
    end: Date
    timezone: TimeZone
    languages: Annotated[
        tuple[Language, ...], Field(min_length=1, description="Site languages; first is default.")
    ] = ("zh",)
    url: Url | None = None
    city: Text | None = None
    organiser: Text | None = None
    public_email: Annotated[
        str | None, Field(description="The organisers' public contact address (published).")
    ] = None
    branding: Branding = Branding()
    tickets: Tickets = Tickets()
    goals: tuple[Text, ...] = ()
    audiences: tuple[Audience, ...] = ()
    important_dates: tuple[ImportantDate, ...] = ()
    social: tuple[Link, ...] = ()
    after: AfterEvent = AfterEvent()

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"end is before start ({start})")
        return end

    @property
    def default_language(self) -> str:
        return self.languages[0]
