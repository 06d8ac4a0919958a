"""The whole conference as loaded: one immutable bundle handed to every later stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from confsite.model.budget import Budget
from confsite.model.conference import ConferenceInfo
from confsite.model.faq import Faq
from confsite.model.interest import Interest
from confsite.model.pages import Document, NewsPost, Page
from confsite.model.planning import Planning
from confsite.model.promotion import Promotion
from confsite.model.sessions import Session
from confsite.model.speakers import Speaker
from confsite.model.sponsors import Sponsors
from confsite.model.team import Team
from confsite.model.timeslots import Day, TimeGrid
from confsite.model.tracks import Track, Tracks
from confsite.model.venue import Room, Venue


@dataclass(frozen=True)
class Content:
    """Everything in a content folder. Speakers and sessions are keyed by id, sorted."""

    root: Path
    conference: ConferenceInfo
    venue: Venue
    grid: TimeGrid
    tracks: Tracks
    speakers: tuple[tuple[str, Speaker], ...]
    sessions: tuple[tuple[str, Session], ...]
    interest: Interest = field(default_factory=Interest)
    sponsors: Sponsors = field(default_factory=Sponsors)
    team: Team = field(default_factory=Team)
    faq: Faq = field(default_factory=Faq)
    planning: Planning = field(default_factory=Planning)
    budget: Budget | None = None
    promotion: Promotion = field(default_factory=Promotion)
    pages: tuple[tuple[Document, Page], ...] = field(default=())
    news: tuple[tuple[Document, NewsPost], ...] = field(default=())

    @cached_property
    def speaker(self) -> dict[str, Speaker]:
        return dict(self.speakers)

    @cached_property
    def session(self) -> dict[str, Session]:
        return dict(self.sessions)

    @cached_property
    def room(self) -> dict[str, Room]:
        return {room.id: room for room in self.venue.rooms}

    @cached_property
    def day(self) -> dict[str, Day]:
        return {day.id: day for day in self.grid.days}

    @cached_property
    def track(self) -> dict[str, Track]:
        return {track.id: track for track in self.tracks.tracks}
