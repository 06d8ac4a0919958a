"""What every part of the promotion kit reads: the programme in one language, the
conference's public facts, the font and the build's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from confsite.export.programme import PlaceEntry, Programme, SessionEntry, SpeakerEntry
from confsite.i18n import Texts, clock, date_range, day_label
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.promotion import Channel
from confsite.promo.fonts import FontFile


@dataclass(frozen=True)
class Promo:
    content: Content
    programme: Programme
    lang: str
    font: FontFile
    stamp: datetime
    texts: Texts

    @property
    def root(self) -> Path:
        return self.content.root

    @property
    def name(self) -> str:
        return self.programme.title

    @property
    def short_name(self) -> str:
        conf = self.content.conference
        return localize(conf.short_name, self.lang) or self.name

    @cached_property
    def dates(self) -> str:
        conf = self.content.conference
        return date_range(conf.start, conf.end, self.lang)

    @property
    def city(self) -> str:
        return localize(self.content.conference.city, self.lang)

    @property
    def venue(self) -> str:
        return self.programme.venue_name

    @property
    def site_url(self) -> str:
        """The site's address in this language ("" when conference.yaml has none)."""
        return self.programme.base_url

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).netloc if self.site_url else ""

    @property
    def primary(self) -> str:
        return self.content.conference.branding.primary_colour

    def url(self, page: str) -> str:
        """The absolute address of a site page ("schedule/"), or the page path alone."""
        return self.site_url + page if self.site_url else page

    def when(self, place: PlaceEntry | None) -> str:
        """Fri 18 Jun · 09:00–09:40 · Hall A (or "" before the agenda is planned)."""
        if place is None:
            return ""
        return (
            f"{day_label(place.date, self.lang)} · {clock(place.starts.time(), self.lang)}"
            f"–{clock(place.ends.time(), self.lang)} · {place.room.name}"
        )

    @cached_property
    def sessions(self) -> dict[str, SessionEntry]:
        return {entry.id: entry for entry in self.programme.sessions}

    @cached_property
    def speakers(self) -> dict[str, SpeakerEntry]:
        return {entry.id: entry for entry in self.programme.speakers}

    def channels(self) -> tuple[Channel, ...]:
        """The channels whose posts are written in this language (a channel without a
        language gets posts in every site language)."""
        return tuple(
            channel
            for channel in self.content.promotion.channels
            if channel.language in (None, self.lang)
        )
