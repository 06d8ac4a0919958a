"""Read CoSPLib workbooks: a problem instance, a solution and its published evaluation.

CoSPLib (github.com/ahmedkheiri/CoSPLib) stores each conference as an Excel workbook with
the sheets ``parameters``, ``submissions``, ``tracks``, ``sessions``, ``rooms``,
``tracks_sessions|penalty``, ``tracks_rooms|penalty``, ``similar tracks`` and
``sessions_rooms|penalty``. A solution workbook has a ``sol`` sheet (the track of every
session and room, then one row per session time slot naming the submission in each room)
and a ``violations`` sheet (the objective value and each penalty's itemised total).

Names are matched exactly, as CoSPLib does: case and trailing spaces count. Rows and
columns of the penalty matrices are matched by name, not by position. An empty penalty
cell is 0. Anything that cannot be read raises :class:`WorkbookError` naming the file,
the sheet, the cell or row, and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zipfile import BadZipFile, ZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

Row = tuple[Any, ...]
Cell = tuple[str, str]  # (row name, column name) of a penalty matrix

# All parts of a workbook, inflated: the largest CoSPLib instance (OR60F3) needs 1.7 MB.
MAX_INFLATED_BYTES = 8 * 1024 * 1024
# Cells of one sheet, counting the empty ones up to its last row and column (a few bytes
# can place one cell at XFD1048576): OR60F3's largest sheet has some 60,000.
MAX_SHEET_CELLS = 1_000_000

SHEETS = (
    "parameters",
    "submissions",
    "tracks",
    "sessions",
    "rooms",
    "tracks_sessions|penalty",
    "tracks_rooms|penalty",
    "similar tracks",
    "sessions_rooms|penalty",
)

# Weight labels of the parameters sheet (column D), in sheet order, and their field names.
WEIGHT_LABELS = {
    "Tracks_Sessions|Penalty": "tracks_sessions",
    "Tracks_Rooms|Penalty": "tracks_rooms",
    "Sessions_Rooms|Penalty": "sessions_rooms",
    "Similar Tracks": "similar_tracks",
    "Number of Rooms per Track": "rooms_per_track",
    "Parallel Tracks": "parallel_tracks",
    "Consecutive Tracks": "consecutive_tracks",
    "Submissions_Timezones": "submissions_timezones",
    "Submissions Order": "submissions_order",
    "Submissions_Sessions|Penalty": "submissions_sessions",
    "Submissions_Rooms|Penalty": "submissions_rooms",
    "Presenters Conflicts": "presenters_conflicts",
    "Attendees Conflicts": "attendees_conflicts",
    "Chairs Conflicts": "chairs_conflicts",
    "Presenters Conflicts Timeslot Level": "presenters_conflicts_timeslot",
    "Attendees Conflicts Timeslot Level": "attendees_conflicts_timeslot",
}

# Column headers of the published ``violations`` sheet and the penalty each one totals.
REPORT_LABELS = {
    "Evaluate Tracks|Sessions": "tracks_sessions",
    "Evaluate Tracks|Rooms": "tracks_rooms",
    "Evaluate Sessions|Rooms": "sessions_rooms",
    "Evaluate Submissions|Timezones": "submissions_timezones",
    "Evaluate Submissions|Sessions": "submissions_sessions",
    "Evaluate Submissions|Rooms": "submissions_rooms",
    "Evaluate Consecutive Tracks": "consecutive_tracks",
    "Evaluate Similar Tracks": "similar_tracks",
    "Evaluate NumberOfRoomsPerTrack": "rooms_per_track",
    "Evaluate Presenters Conflicts": "presenters_conflicts",
    "Evaluate Chairs Conflicts": "chairs_conflicts",
    "Evaluate Attendees Conflicts": "attendees_conflicts",
}

SUBMISSION_COLUMNS = (
    "Reference",
    "Track",
    "Required Timeslots",
    "Order",
    "Time Zone",
    "Presenters",
    "Attendees",
)

_GMT = re.compile(r"GMT([+-])(\d{1,2})")


class WorkbookError(ValueError):
    """A workbook that cannot be read, with where and what."""

    def __init__(self, file: Path | str, sheet: str, where: str, message: str) -> None:
        self.file = str(file)
        self.sheet = sheet
        self.where = where
        self.message = message
        place = f"sheet '{sheet}'" + (f", {where}" if where else "")
        super().__init__(f"{Path(self.file).name}: {place}: {message}")


@dataclass(frozen=True)
class Weights:
    """The weight of each penalty (parameters sheet, column E); 0 switches it off."""

    tracks_sessions: int
    tracks_rooms: int
    sessions_rooms: int
    similar_tracks: int
    rooms_per_track: int
    parallel_tracks: int
    consecutive_tracks: int
    submissions_timezones: int
    submissions_order: int
    submissions_sessions: int
    submissions_rooms: int
    presenters_conflicts: int
    attendees_conflicts: int
    chairs_conflicts: int
    presenters_conflicts_timeslot: int
    attendees_conflicts_timeslot: int


@dataclass(frozen=True)
class Parameters:
    """Time-zone settings and weights. Times are local times of the presenter."""

    local_time_zone: str
    local_utc_offset: int  # hours
    suitable_from: time
    suitable_to: time
    less_suitable_from: time
    less_suitable_to: time
    less_suitable_penalty: int
    unsuitable_penalty: int
    weights: Weights


@dataclass(frozen=True)
class Submission:
    """A talk (or tutorial, workshop): it needs ``required_timeslots`` consecutive slots."""

    reference: str
    track: str
    required_timeslots: int
    order: int  # position wanted within its track; 0 = any
    time_zone: str
    utc_offset: int  # hours
    presenters: tuple[str, ...]
    attendees: tuple[str, ...]
    session_penalties: Mapping[str, int]  # non-zero ones only
    room_penalties: Mapping[str, int]  # non-zero ones only


@dataclass(frozen=True)
class Track:
    name: str
    chairs: tuple[str, ...]


@dataclass(frozen=True)
class Session:
    """A period of the conference, the same in every room, of ``max_timeslots`` slots."""

    name: str
    max_timeslots: int
    date: date
    start: time
    end: time


@dataclass(frozen=True)
class Instance:
    """One CoSPLib problem. Sequences keep the workbook's order; penalty maps hold the
    non-zero cells only."""

    name: str
    parameters: Parameters
    submissions: tuple[Submission, ...]
    tracks: tuple[Track, ...]
    sessions: tuple[Session, ...]
    rooms: tuple[str, ...]
    tracks_sessions: Mapping[Cell, int]
    tracks_rooms: Mapping[Cell, int]
    sessions_rooms: Mapping[Cell, int]
    similar_tracks: Mapping[Cell, int]  # key: sorted pair of names

    def submission(self, reference: str) -> Submission:
        return self._submissions_by_reference[reference]

    def track(self, name: str) -> Track:
        return self._tracks_by_name[name]

    def similarity(self, first: str, second: str) -> int:
        """Penalty for running two different tracks in parallel."""
        return self.similar_tracks.get(_pair(first, second), 0)

    @cached_property
    def _submissions_by_reference(self) -> dict[str, Submission]:
        return {s.reference: s for s in self.submissions}

    @cached_property
    def _tracks_by_name(self) -> dict[str, Track]:
        return {t.name: t for t in self.tracks}


@dataclass(frozen=True)
class Solution:
    """A schedule: the track in each (session, room) and, per time slot, the submission.

    ``slots[(session, room)]`` has one entry per time slot of the session (None = empty);
    a submission needing several slots appears in each of them.
    """

    tracks: Mapping[Cell, str]
    slots: Mapping[Cell, tuple[str | None, ...]]

    def placements(self) -> Iterator[tuple[str, str, int, str]]:
        """(session, room, time slot, submission) of every filled slot, sorted."""
        for (session, room), refs in sorted(self.slots.items()):
            for slot, ref in enumerate(refs):
                if ref is not None:
                    yield session, room, slot, ref


@dataclass(frozen=True)
class Published:
    """The ``violations`` sheet: objective and each reported penalty's weighted total."""

    objective: int
    totals: Mapping[str, int]  # penalty key -> total
    items: Mapping[str, tuple[tuple[str, int], ...]]


# --- reading helpers ------------------------------------------------------------------


class _Sheet:
    """The values of one sheet, with error reporting by cell."""

    def __init__(self, file: Path, name: str, rows: list[Row]) -> None:
        self.file = file
        self.name = name
        self.rows = rows

    def error(self, row: int | None, col: int | None, message: str) -> WorkbookError:
        """``row`` and ``col`` are 0-based indexes into ``rows`` and a row."""
        if row is not None and col is not None:
            where = f"cell {get_column_letter(col + 1)}{row + 1}"
        elif row is not None:
            where = f"row {row + 1}"
        elif col is not None:
            where = f"column {get_column_letter(col + 1)}"
        else:
            where = ""
        return WorkbookError(self.file, self.name, where, message)

    def value(self, row: int, col: int) -> Any:
        values = self.rows[row] if row < len(self.rows) else ()
        return values[col] if col < len(values) else None

    def data_rows(self, start: int = 1) -> Iterator[tuple[int, Row]]:
        """Rows from ``start`` on that are not entirely empty."""
        for index in range(start, len(self.rows)):
            if any(_filled(v) for v in self.rows[index]):
                yield index, self.rows[index]


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _check_inflated(path: Path) -> None:
    """Refuse a workbook whose parts inflate beyond MAX_INFLATED_BYTES, before any is read
    (zipfile never inflates a part beyond the size its directory gives)."""
    try:
        with ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (OSError, BadZipFile) as exc:
        raise WorkbookError(path, "", "", f"not a readable .xlsx workbook ({exc})") from None
    if inflated > MAX_INFLATED_BYTES:
        raise WorkbookError(
            path,
            "",
            "",
            f"the workbook inflates to {inflated / 2**20:.0f} MB "
            f"(expected at most {MAX_INFLATED_BYTES // 2**20} MB of sheets and parts)",
        )


def _read_sheets(path: Path, names: Sequence[str]) -> dict[str, _Sheet]:
    _check_inflated(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:
        raise WorkbookError(path, "", "", f"not a readable .xlsx workbook ({exc})") from None
    except SyntaxError as exc:  # xml.etree's ParseError: a part that is not plain XML
        raise WorkbookError(path, "", "", f"a part is not well-formed XML ({exc})") from None
    try:
        sheets = {}
        for name in names:
            if name not in book.sheetnames:
                raise WorkbookError(path, name, "", "sheet missing")
            sheets[name] = _Sheet(path, name, _rows(path, book[name], name))
        return sheets
    finally:
        book.close()


def _rows(path: Path, sheet: Any, name: str) -> list[Row]:
    rows: list[Row] = []
    cells = 0
    try:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_SHEET_CELLS:
                raise WorkbookError(
                    path,
                    name,
                    f"row {len(rows) + 1}",
                    f"more than {MAX_SHEET_CELLS:,} cells, counting the empty ones up to the "
                    f"last row and column (expected at most {MAX_SHEET_CELLS:,})",
                )
            rows.append(row)
    except SyntaxError as exc:  # xml.etree's ParseError: a DTD, an entity, broken XML
        raise WorkbookError(path, name, "", f"not well-formed XML ({exc})") from None
    return rows


def _name(sheet: _Sheet, row: int, col: int, what: str) -> str:
    value = sheet.value(row, col)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise sheet.error(row, col, f"{what} must be a name, found {value!r}")
    text = str(value)
    if not text.strip():
        raise sheet.error(row, col, f"{what} is empty")
    return text


def _int(sheet: _Sheet, row: int, col: int, what: str, minimum: int | None = 0) -> int:
    """A whole number; an empty cell is 0."""
    value = sheet.value(row, col)
    if value is None or (isinstance(value, str) and not value.strip()):
        number = 0
    elif isinstance(value, bool):
        raise sheet.error(row, col, f"{what} must be a whole number, found {value!r}")
    elif isinstance(value, int):
        number = value
    elif _whole(value):
        number = int(value)
    else:
        raise sheet.error(row, col, f"{what} must be a whole number, found {value!r}")
    if minimum is not None and number < minimum:
        raise sheet.error(row, col, f"{what} must be at least {minimum}, found {number}")
    return number


def _whole(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value) is not None


def _time(sheet: _Sheet, row: int, col: int, what: str) -> time:
    value = sheet.value(row, col)
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::00)?\s*", value)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
    raise sheet.error(row, col, f"{what} must be a time of day (HH:MM), found {value!r}")


def _date(sheet: _Sheet, row: int, col: int, what: str) -> date:
    value = sheet.value(row, col)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%m/%d/%Y").date()
        except ValueError:
            pass
    raise sheet.error(row, col, f"{what} must be a date (MM/DD/YYYY), found {value!r}")


def _utc_offset(sheet: _Sheet, row: int, col: int, what: str) -> tuple[str, int]:
    value = sheet.value(row, col)
    match = _GMT.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match or int(match[2]) > 12:
        raise sheet.error(row, col, f"{what} must be GMT-12 ... GMT+12, found {value!r}")
    hours = int(match[2])
    return value.strip(), -hours if match[1] == "-" else hours


def _people(value: Any) -> tuple[str, ...]:
    """A cell listing people, separated by commas."""
    if value is None:
        return ()
    return tuple(p.strip() for p in str(value).split(",") if p.strip())


def _header_index(sheet: _Sheet, start: int, known: Sequence[str], what: str) -> dict[str, int]:
    """Column of each name in ``known`` in row 1 from column ``start`` on. Columns with an
    empty header must be empty; every known name must appear exactly once."""
    header = sheet.rows[0] if sheet.rows else ()
    columns: dict[str, int] = {}
    for col in range(start, len(header)):
        title = header[col]
        if not _filled(title):
            if any(_filled(sheet.value(r, col)) for r in range(1, len(sheet.rows))):
                raise sheet.error(0, col, "column has values but no header")
            continue
        title = str(title)
        if title not in known:
            raise sheet.error(0, col, f"unknown {what} {title!r}")
        if title in columns:
            raise sheet.error(0, col, f"{what} {title!r} appears twice")
        columns[title] = col
    missing = [name for name in known if name not in columns]
    if missing:
        raise sheet.error(0, None, f"no column for {what} {', '.join(map(repr, missing))}")
    return columns


def _row_index(sheet: _Sheet, known: Sequence[str], what: str) -> dict[str, int]:
    """Row of each name in ``known`` in column A (below the header)."""
    rows: dict[str, int] = {}
    for index, _values in sheet.data_rows():
        title = _name(sheet, index, 0, what)
        if title not in known:
            raise sheet.error(index, 0, f"unknown {what} {title!r}")
        if title in rows:
            raise sheet.error(index, 0, f"{what} {title!r} appears twice")
        rows[title] = index
    missing = [name for name in known if name not in rows]
    if missing:
        raise sheet.error(None, 0, f"no row for {what} {', '.join(map(repr, missing))}")
    return rows


def _names_column(sheet: _Sheet, title: str, what: str) -> list[str]:
    if sheet.value(0, 0) != title:
        raise sheet.error(0, 0, f"expected the header {title!r}, found {sheet.value(0, 0)!r}")
    names: list[str] = []
    for index, _values in sheet.data_rows():
        name = _name(sheet, index, 0, what)
        if name in names:
            raise sheet.error(index, 0, f"{what} {name!r} appears twice")
        names.append(name)
    if not names:
        raise sheet.error(None, None, f"no {what}s")
    return names


# --- the instance sheets --------------------------------------------------------------


def _parameters(sheet: _Sheet) -> Parameters:
    expected = {(1, 0): "Local time zone", (3, 0): "From", (4, 0): "To", (6, 0): "From"}
    expected |= {(7, 0): "To", (8, 0): "Penalty", (10, 0): "Penalty"}
    for (row, col), label in expected.items():
        if str(sheet.value(row, col) or "").strip().rstrip(":") != label:
            found = sheet.value(row, col)
            raise sheet.error(row, col, f"expected the label {label + ':'!r}, found {found!r}")
    zone, offset = _utc_offset(sheet, 1, 1, "local time zone")
    weights: dict[str, int] = {}
    for index, _values in sheet.data_rows(0):
        label = sheet.value(index, 3)
        if not _filled(label) or index == 0:
            continue
        key = WEIGHT_LABELS.get(str(label).strip().rstrip(":"))
        if key is None:
            raise sheet.error(index, 3, f"unknown weight {label!r}")
        if key in weights:
            raise sheet.error(index, 3, f"weight {label!r} appears twice")
        weights[key] = _int(sheet, index, 4, f"weight {label!r}")
    missing = [label for label, key in WEIGHT_LABELS.items() if key not in weights]
    if missing:
        raise sheet.error(None, 3, f"no weight for {', '.join(map(repr, missing))}")
    return Parameters(
        local_time_zone=zone,
        local_utc_offset=offset,
        suitable_from=_time(sheet, 3, 1, "suitable from"),
        suitable_to=_time(sheet, 4, 1, "suitable to"),
        less_suitable_from=_time(sheet, 6, 1, "less suitable from"),
        less_suitable_to=_time(sheet, 7, 1, "less suitable to"),
        less_suitable_penalty=_int(sheet, 8, 1, "less suitable penalty"),
        unsuitable_penalty=_int(sheet, 10, 1, "unsuitable penalty"),
        weights=Weights(**weights),
    )


def _tracks(sheet: _Sheet) -> list[Track]:
    names = _names_column(sheet, "Tracks", "track")
    chairs = [_people(row[1] if len(row) > 1 else None) for _i, row in sheet.data_rows()]
    return [Track(name, people) for name, people in zip(names, chairs, strict=True)]


def _sessions(sheet: _Sheet) -> list[Session]:
    names = _names_column(sheet, "Sessions", "session")
    sessions = []
    for name, (index, _values) in zip(names, sheet.data_rows(), strict=True):
        start = _time(sheet, index, 3, "start time")
        end = _time(sheet, index, 4, "end time")
        if end <= start:
            raise sheet.error(index, 4, f"session {name!r} ends before it starts")
        slots = _int(sheet, index, 1, "max number of timeslots", minimum=1)
        minutes = (end.hour - start.hour) * 60 + end.minute - start.minute
        if slots > minutes:
            raise sheet.error(
                index, 1, f"{slots} time slots in {minutes} minutes (expected at most one a minute)"
            )
        sessions.append(
            Session(
                name=name,
                max_timeslots=slots,
                date=_date(sheet, index, 2, "date"),
                start=start,
                end=end,
            )
        )
    return sessions


def _submissions(
    sheet: _Sheet, tracks: Sequence[str], sessions: Sequence[Session], rooms: Sequence[str]
) -> list[Submission]:
    for col, title in enumerate(SUBMISSION_COLUMNS):
        if sheet.value(0, col) != title:
            found = sheet.value(0, col)
            raise sheet.error(0, col, f"expected the header {title!r}, found {found!r}")
    most = max(session.max_timeslots for session in sessions)
    names = [session.name for session in sessions]
    columns = _header_index(sheet, len(SUBMISSION_COLUMNS), [*names, *rooms], "session/room")
    submissions: list[Submission] = []
    seen: set[str] = set()
    for index, row in sheet.data_rows():
        reference = _name(sheet, index, 0, "reference")
        if reference in seen:
            raise sheet.error(index, 0, f"reference {reference!r} appears twice")
        seen.add(reference)
        track = _name(sheet, index, 1, "track")
        if track not in tracks:
            raise sheet.error(index, 1, f"track {track!r} is not in the tracks sheet")
        zone, offset = _utc_offset(sheet, index, 4, "time zone")
        penalties = {
            name: _int(sheet, index, columns[name], f"penalty for {name!r}")
            for name in [*names, *rooms]
        }
        required = _int(sheet, index, 2, "required timeslots", minimum=1)
        if required > most:
            raise sheet.error(
                index,
                2,
                f"{required} required timeslots (expected at most {most}, the most a session has)",
            )
        submissions.append(
            Submission(
                reference=reference,
                track=track,
                required_timeslots=required,
                order=_int(sheet, index, 3, "order"),
                time_zone=zone,
                utc_offset=offset,
                presenters=_people(row[5] if len(row) > 5 else None),
                attendees=_people(row[6] if len(row) > 6 else None),
                session_penalties=_nonzero({s: penalties[s] for s in names}),
                room_penalties=_nonzero({r: penalties[r] for r in rooms}),
            )
        )
    if not submissions:
        raise sheet.error(None, None, "no submissions")
    return submissions


def _matrix(sheet: _Sheet, rows: Sequence[str], columns: Sequence[str]) -> dict[Cell, int]:
    """Non-zero cells of a penalty matrix, keyed by (row name, column name)."""
    row_at = _row_index(sheet, rows, "row name")
    col_at = _header_index(sheet, 1, columns, "column name")
    cells: dict[Cell, int] = {}
    for row_name in rows:
        for col_name in columns:
            value = _int(sheet, row_at[row_name], col_at[col_name], "penalty")
            if value:
                cells[(row_name, col_name)] = value
    return cells


def _pair(first: str, second: str) -> Cell:
    return (first, second) if first <= second else (second, first)


def _similar(sheet: _Sheet, tracks: Sequence[str]) -> dict[Cell, int]:
    """The symmetric similar-tracks penalties. CoSPLib fills one triangle; a pair given in
    both triangles must have the same value. The diagonal has no meaning and is ignored."""
    cells = _matrix(sheet, tracks, tracks)
    row_at = _row_index(sheet, tracks, "track")
    col_at = _header_index(sheet, 1, tracks, "track")
    pairs: dict[Cell, int] = {}
    for (first, second), value in sorted(cells.items()):
        if first == second:
            continue
        pair = _pair(first, second)
        if pairs.get(pair, value) != value:
            raise sheet.error(
                row_at[first],
                col_at[second],
                f"{first!r} and {second!r} are given two different penalties",
            )
        pairs[pair] = value
    return pairs


def _nonzero(values: Mapping[Any, int]) -> Mapping[Any, int]:
    return MappingProxyType({k: v for k, v in values.items() if v})


def read_instance(path: Path | str) -> Instance:
    """Read a CoSPLib instance workbook."""
    path = Path(path)
    sheets = _read_sheets(path, SHEETS)
    tracks = _tracks(sheets["tracks"])
    sessions = _sessions(sheets["sessions"])
    rooms = _names_column(sheets["rooms"], "Rooms", "room")
    track_names = [t.name for t in tracks]
    session_names = [s.name for s in sessions]
    submissions = _submissions(sheets["submissions"], track_names, sessions, rooms)
    return Instance(
        name=path.stem,
        parameters=_parameters(sheets["parameters"]),
        submissions=tuple(submissions),
        tracks=tuple(tracks),
        sessions=tuple(sessions),
        rooms=tuple(rooms),
        tracks_sessions=_nonzero(
            _matrix(sheets["tracks_sessions|penalty"], track_names, session_names)
        ),
        tracks_rooms=_nonzero(_matrix(sheets["tracks_rooms|penalty"], track_names, rooms)),
        sessions_rooms=_nonzero(_matrix(sheets["sessions_rooms|penalty"], session_names, rooms)),
        similar_tracks=_nonzero(_similar(sheets["similar tracks"], track_names)),
    )


# --- solution workbooks ---------------------------------------------------------------


def read_solution(path: Path | str, instance: Instance) -> Solution:
    """Read the ``sol`` sheet of a solution workbook for ``instance``.

    The sheet has the rooms across row 1; then one row per session (column A) naming the
    track in each room; an empty row; then one row per time slot, labelled with its
    session, naming the submission in each room. Names are checked against the instance.
    """
    sheet = _read_sheets(Path(path), ["sol"])["sol"]
    rooms = _header_index(sheet, 1, instance.rooms, "room")
    sessions = {s.name: s for s in instance.sessions}
    tracks = {t.name for t in instance.tracks}
    references = {s.reference for s in instance.submissions}

    row = 1
    assigned: dict[Cell, str] = {}
    seen_sessions: list[str] = []
    while row < len(sheet.rows) and _filled(sheet.value(row, 0)):
        session = _known(sheet, row, 0, sessions, "session")
        if session in seen_sessions:
            raise sheet.error(row, 0, f"session {session!r} has two track rows")
        seen_sessions.append(session)
        for room, col in rooms.items():
            if _filled(sheet.value(row, col)):
                assigned[(session, room)] = _known(sheet, row, col, tracks, "track")
        row += 1
    if sorted(seen_sessions) != sorted(sessions):
        missing = sorted(set(sessions) - set(seen_sessions))
        raise sheet.error(row, 0, f"no track row for session(s) {', '.join(missing)}")

    slots: dict[Cell, list[str | None]] = {}
    for index, _values in sheet.data_rows(row):
        session = _known(sheet, index, 0, sessions, "session")
        for room, col in rooms.items():
            cell = slots.setdefault((session, room), [])
            if len(cell) >= sessions[session].max_timeslots:
                limit = sessions[session].max_timeslots
                raise sheet.error(index, 0, f"session {session!r} has more than {limit} slots")
            value = sheet.value(index, col)
            cell.append(_known(sheet, index, col, references, "submission") if value else None)
    return Solution(
        tracks=MappingProxyType(assigned),
        slots=MappingProxyType({key: tuple(refs) for key, refs in slots.items()}),
    )


def _known(sheet: _Sheet, row: int, col: int, known: Any, what: str) -> str:
    name = _name(sheet, row, col, what)
    if name not in known:
        raise sheet.error(row, col, f"unknown {what} {name!r}")
    return name


def read_published(path: Path | str) -> Published:
    """Read the ``violations`` sheet: ``Objective Value = N`` in A2, then per penalty a
    pair of columns (item, weighted penalty) ending with the item ``Total``."""
    sheet = _read_sheets(Path(path), ["violations"])["violations"]
    text = str(sheet.value(1, 0) or "")
    match = re.fullmatch(r"\s*(?:Objective Value|Final Objective)\s*=\s*(-?\d+)\s*", text)
    if not match:
        raise sheet.error(1, 0, f"expected 'Objective Value = <number>', found {text!r}")
    totals: dict[str, int] = {}
    items: dict[str, tuple[tuple[str, int], ...]] = {}
    header = sheet.rows[0]
    for col in range(1, len(header), 2):
        if not _filled(header[col]):
            continue
        key = REPORT_LABELS.get(str(header[col]).strip())
        if key is None:
            raise sheet.error(0, col, f"unknown penalty {header[col]!r}")
        entries = _report_column(sheet, col)
        if not entries or entries[-1][0] != "Total":
            raise sheet.error(None, col, f"{header[col]!r} has no 'Total' item")
        totals[key] = entries[-1][1]
        items[key] = tuple(entries[:-1])
    return Published(
        objective=int(match[1]),
        totals=MappingProxyType(totals),
        items=MappingProxyType(items),
    )


def _report_column(sheet: _Sheet, col: int) -> list[tuple[str, int]]:
    entries = []
    for index in range(1, len(sheet.rows)):
        label = sheet.value(index, col)
        if _filled(label):
            entries.append((str(label), _int(sheet, index, col + 1, "penalty", minimum=None)))
    return entries
