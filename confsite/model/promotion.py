"""promotion.yaml: channels, hashtags, tone and the campaign timeline."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import Date, Language, Record, Slug, Text, Url

ChannelKind = Literal[
    "website",
    "wechat",
    "weibo",
    "zhihu",
    "x",
    "linkedin",
    "mastodon",
    "bilibili",
    "media",
    "email",
    "other",
]

Announcement = Literal[
    "cfp",
    "keynote_reveal",
    "session",
    "agenda_published",
    "tickets",
    "early_bird",
    "last_call",
    "day_of",
    "thank_you",
    "feedback",
    "custom",
]


class Channel(Record):
    id: Slug
    kind: ChannelKind
    name: Text
    handle: str | None = None
    url: Url | None = None
    language: Language | None = None
    max_length: Annotated[
        int | None, Field(gt=0, description="Override the channel's length limit.")
    ] = None


class Campaign(Record):
    id: Slug
    date: Date
    announcement: Announcement
    channels: Annotated[tuple[Slug, ...], Field(min_length=1)]
    subject: Annotated[
        str | None, Field(description="A session or speaker id, for some kinds.")
    ] = None
    note: Text | None = None


class Promotion(Record):
    tone: Text | None = None
    hashtags: tuple[str, ...] = ()
    utm_campaign: str | None = None
    channels: tuple[Channel, ...] = ()
    timeline: tuple[Campaign, ...] = ()
