"""schedule.csv: one row per session, for spreadsheets."""

from __future__ import annotations

import csv
import io

from confsite.export.context import ExportContext
from confsite.export.exporter import SingleFileExporter
from confsite.export.programme import SessionEntry

COLUMNS = (
    "id",
    "title",
    "kind",
    "track",
    "day",
    "date",
    "start",
    "end",
    "room",
    "speakers",
    "language",
    "level",
    "url",
    "status",
)

# A cell starting with one of these is a formula to a spreadsheet: such text gets a leading
# apostrophe, so a title like "=HYPERLINK(…)" is shown, not run.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def session_row(session: SessionEntry) -> tuple[str, ...]:
    place = session.place
    return (
        session.id,
        session.title,
        session.kind,
        session.track.name if session.track else "",
        place.day if place else "",
        place.date.isoformat() if place else "",
        f"{place.starts:%H:%M}" if place else "",
        f"{place.ends:%H:%M}" if place else "",
        place.room.name if place else "",
        "; ".join(person.name for person in session.people),
        session.language,
        session.level,
        session.url or session.page,
        session.status,
    )


def sessions_csv(sessions: tuple[SessionEntry, ...]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte order mark, so spreadsheet programs read Chinese."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for session in sessions:
        writer.writerow([spreadsheet_cell(cell) for cell in session_row(session)])
    return buffer.getvalue().encode("utf-8-sig")


class ScheduleCsv(SingleFileExporter):
    """Every session, scheduled ones first in time order, then the rest."""

    identifier = "schedule.csv"
    path = "schedule.csv"
    extension = "csv"
    media_type = "text/csv"
    public = True
    label = "Sessions as a spreadsheet (CSV)"

    def render_file(self, context: ExportContext) -> bytes:
        return sessions_csv(context.programme.sessions)
