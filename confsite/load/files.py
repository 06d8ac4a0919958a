"""The files of a content folder: their names, the record each holds, and whether required.

This table is the one place that says what a content folder contains; the loader, the
schema writer, ``confsite init`` and the format reference (docs/pages/reference.md) all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from confsite.model.budget import Budget
from confsite.model.conference import ConferenceInfo
from confsite.model.faq import Faq
from confsite.model.interest import Interest
from confsite.model.pages import NewsPost, Page
from confsite.model.plan import PlanFile
from confsite.model.planning import Planning
from confsite.model.promotion import Promotion
from confsite.model.sessions import Session
from confsite.model.speakers import Speaker
from confsite.model.sponsors import Sponsors
from confsite.model.team import Team
from confsite.model.timeslots import TimeGrid
from confsite.model.tracks import Tracks
from confsite.model.venue import Venue
from confsite.model.versions import ScheduleVersion

Shape = Literal["file", "folder", "markdown"]


@dataclass(frozen=True)
class ContentFile:
    """One entry of a content folder."""

    name: str
    model: type[BaseModel]
    shape: Shape
    required: bool
    summary: str
    field: str

    @property
    def schema_name(self) -> str:
        stem = self.name.rstrip("/").removesuffix(".yaml")
        return f"{stem}.schema.json"


CONTENT_FILES: tuple[ContentFile, ...] = (
    ContentFile(
        "conference.yaml",
        ConferenceInfo,
        "file",
        True,
        "name, dates, time zone, languages, links, branding, goals, audiences, "
        "important dates, after-event links",
        "conference",
    ),
    ContentFile(
        "venue.yaml",
        Venue,
        "file",
        True,
        "address, transport, accessibility, hotels, catering, rooms",
        "venue",
    ),
    ContentFile(
        "timeslots.yaml",
        TimeGrid,
        "file",
        True,
        "days and their slots: sessions, plenary slots, breaks, lunch",
        "grid",
    ),
    ContentFile(
        "tracks.yaml", Tracks, "file", True, "tracks with colours, chairs and held rooms", "tracks"
    ),
    ContentFile(
        "speakers/",
        Speaker,
        "folder",
        True,
        "one file per speaker, named <id>.yaml: bio, photo, links, availability, private contact",
        "speakers",
    ),
    ContentFile(
        "sessions/",
        Session,
        "folder",
        True,
        "one file per session, named <id>.yaml: kind, title, abstract, speakers, "
        "length, track, needs, pins, order",
        "sessions",
    ),
    ContentFile(
        "interest.yaml",
        Interest,
        "file",
        False,
        "optional: which sessions attendees want (survey export)",
        "interest",
    ),
    ContentFile("sponsors.yaml", Sponsors, "file", False, "sponsor tiers and sponsors", "sponsors"),
    ContentFile(
        "team.yaml",
        Team,
        "file",
        False,
        "chair, organising and programme committees, volunteers",
        "team",
    ),
    ContentFile("faq.yaml", Faq, "file", False, "questions and answers in categories", "faq"),
    ContentFile(
        "planning.yaml",
        Planning,
        "file",
        False,
        "optional: agenda planner weights, speaker buffer, solver",
        "planning",
    ),
    ContentFile(
        "budget.yaml",
        Budget,
        "file",
        False,
        "private: funds, venue options, costs, tickets, sponsor demand, channels",
        "budget",
    ),
    ContentFile(
        "promotion.yaml",
        Promotion,
        "file",
        False,
        "channels, hashtags, tone, campaign timeline",
        "promotion",
    ),
    ContentFile(
        "pages/",
        Page,
        "markdown",
        False,
        "free markdown pages (code of conduct, travel guide) with front matter",
        "pages",
    ),
    ContentFile(
        "news/",
        NewsPost,
        "markdown",
        False,
        "news posts: markdown with title and date in front matter",
        "news",
    ),
)

# Files in a content folder that are not content: outputs of later stages.
NOT_CONTENT = ("plan.yaml",)

# Their formats, for schemas only (the loader never reads them as content).
OUTPUT_FILES: tuple[ContentFile, ...] = (
    ContentFile(
        "plan.yaml",
        PlanFile,
        "file",
        False,
        "the agenda written by `confsite plan`: day, start and room of every session",
        "plan",
    ),
    ContentFile(
        "plan-versions/",
        ScheduleVersion,
        "folder",
        False,
        "the schedule versions `confsite plan` records when the agenda changes",
        "versions",
    ),
)
SCHEMA_DIR = "schemas"
