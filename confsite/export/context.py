"""What one export run works from: content, plan, the site's address and the build time.

The programme and the frab schedule are built at most once per run, on first use, and
shared by every exporter of the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from confsite.export.frab import Schedule, build_schedule
from confsite.export.ical import EventCache
from confsite.export.programme import Programme, build_programme
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.versions import History
from confsite.stamps import build_date


@dataclass(frozen=True, eq=False)
class ExportContext:
    content: Content
    plan: Mapping[str, Placement]
    base_url: str = ""  # the site's absolute address ("https://…/"), or "" when unknown
    stamp: datetime = field(default_factory=build_date)  # DTSTAMP of calendar entries
    lang: str | None = None  # the language of titles and names (default: the first)
    history: History = field(default_factory=History)  # the recorded schedule versions

    @cached_property
    def programme(self) -> Programme:
        return build_programme(
            self.content, self.plan, base_url=self.base_url, lang=self.lang, history=self.history
        )

    @cached_property
    def events(self) -> EventCache:
        return EventCache(self.programme, self.stamp)

    @cached_property
    def schedule(self) -> Schedule:
        return build_schedule(self.content, self.programme)
