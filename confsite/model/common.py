"""Building blocks shared by every content record: immutable records, ids, bilingual text.

Every record is frozen and refuses unknown keys, so a typo in a content file is reported
instead of silently ignored. Lists are read into tuples so loaded content cannot change.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

LANGUAGES = ("zh", "en")
Language = Literal["zh", "en"]


class Record(BaseModel):
    """Base of every content record: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="A stable id: lower-case letters, digits, '-' and '_'."),
]

Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="A colour as #rrggbb."),
]


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://|mailto:)[^\s<>\"]+$", value):
        raise ValueError("not a web address (https://…)")
    return value


Url = Annotated[
    str,
    AfterValidator(_check_url),
    Field(description="An absolute https:// (or http://, mailto:) address."),
]

FilePath = Annotated[
    str,
    StringConstraints(min_length=1),
    Field(description="A file inside the content folder, relative to it (e.g. media/logo.png)."),
]


def _clock(value: Any) -> time:
    """Only "H:MM" or "HH:MM" text: no seconds, no zones, no numbers."""
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
    raise ValueError(f'{value!r} is not a time of day; expected "HH:MM" in quotes, as "09:30"')


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number")
    if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
        raise ValueError(f"{value} is not a finite number")
    return value


def _calendar_date(value: Any) -> Any:
    if isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a date (write YYYY-MM-DD)")
    return value


Int = Annotated[int, BeforeValidator(_number)]
Number = Annotated[float, BeforeValidator(_number)]
Date = Annotated[date, BeforeValidator(_calendar_date)]


Clock = Annotated[
    time,
    BeforeValidator(_clock),
    # Editors' JSON Schema "time" format wants seconds and a zone; content writes "09:30".
    WithJsonSchema({"type": "string", "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}),
    Field(description='A time of day, "HH:MM" (24-hour).'),
]

# The longest a duration (a session, a slot) may be: a day.
MAX_MINUTES = 24 * 60
Minutes = Annotated[
    int,
    BeforeValidator(_number),
    Field(gt=0, le=MAX_MINUTES, description="A duration in minutes."),
]


class LangText(Record):
    """Text in both conference languages; either may be left out."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> LangText:
        if not (self.zh or "").strip() and not (self.en or "").strip():
            raise ValueError("give the text in at least one language (zh or en)")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to the other language."""
        primary = getattr(self, lang, None)
        if primary:
            return primary
        return self.zh or self.en or ""


Text = Annotated[
    Annotated[str, StringConstraints(min_length=1, pattern=r"\S")] | LangText,
    Field(description="Text: a plain string, or {zh: …, en: …} for both languages."),
]


def localize(text: str | LangText | None, lang: str) -> str:
    """Resolve bilingual text for one language (plain strings are the same in both)."""
    if text is None:
        return ""
    if isinstance(text, LangText):
        return text.get(lang)
    return text


class Link(Record):
    """A public link: website, social profile, repository, slides."""

    url: Url
    kind: Annotated[
        str,
        Field(
            description="What the link is: website, github, x, linkedin, mastodon, weibo, "
            "zhihu, wechat, blog, slides, video, …"
        ),
    ] = "website"
    label: Text | None = None


class PrivateContact(Record):
    """Contact details for the organisers only. Never published on the site or in feeds."""

    email: str | None = None
    phone: str | None = None
    wechat: str | None = None
    notes: str | None = None


class TimeWindow(Record):
    """A stretch of time on one conference day; without start/end it covers the whole day."""

    day: Slug
    start: Clock | None = None
    end: Clock | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: time | None, info: ValidationInfo) -> time | None:
        start = info.data.get("start")
        if start is not None and end is not None and end <= start:
            raise ValueError(f"end must be after start ({start:%H:%M})")
        return end


_UTC_OFFSET = re.compile(r"(?:UTC|GMT)(?:([+-])(\d{1,2})(?::(\d{2}))?)?")


def utc_offset(value: str) -> int | None:
    """Minutes east of UTC of a fixed offset written ``UTC+02:00``, ``UTC-4`` or ``GMT+5:30``;
    None when ``value`` is not written that way (an IANA name, say)."""
    match = _UTC_OFFSET.fullmatch(value.strip())
    if match is None:
        return None
    if match[1] is None:
        return 0
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    return (hours * 60 + minutes) * (-1 if match[1] == "-" else 1)


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _zone_name(value: str) -> str:
    if utc_offset(value) is None and value not in known_zones():
        raise ValueError(
            f"unknown time zone {value!r}; expected an IANA time zone such as Europe/Berlin, "
            "or a UTC offset such as UTC+02:00"
        )
    return value


ZoneName = Annotated[
    str,
    AfterValidator(_zone_name),
    Field(description="An IANA time zone (Europe/Berlin) or a UTC offset (UTC+02:00)."),
]


class BlockPenalty(Record):
    """A penalty for one block: the run of back-to-back slots between two breaks that
    starts at ``start`` on ``day`` (a paper session of several talks, say)."""

    day: Slug
    start: Annotated[Clock, Field(description="When the block's first slot starts.")]
    penalty: Annotated[Number, Field(ge=0)]


Penalty = Annotated[Number, Field(ge=0)]
