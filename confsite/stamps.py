"""When a build happened, as reproducible builds want it."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_date() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today at 00:00 UTC, so that
    pages, calendars and feeds made the same day agree byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
