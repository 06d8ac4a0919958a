"""What one export run works from: content, plan, the site's address and the build time.

The programme and the frab schedule are built at most once per run, on first use, and
shared by every exporter of the run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from confsite.export.frab import Schedule, build_schedule
from confsite.export.ical import EventCache
from confsite.export.programme import Programme, build_programme
from confsite.model.content import Content
from confsite.model.plan import Placement


def export_stamp() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today at 00:00 UTC.

    The same rule as the site build's ``build_date``, so feeds and pages agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, eq=False)
class ExportContext:
    content: Content
    plan: Mapping[str, Placement]
    base_url: str = ""  # the site's absolute address ("https://…/"), or "" when unknown
    stamp: datetime = field(default_factory=export_stamp)  # DTSTAMP of calendar entries

    @cached_property
    def programme(self) -> Programme:
        return build_programme(self.content, self.plan, base_url=self.base_url)

    @cached_property
    def events(self) -> EventCache:
        return EventCache(self.programme, self.stamp)

    @cached_property
    def schedule(self) -> Schedule:
        return build_schedule(self.content, self.programme)
