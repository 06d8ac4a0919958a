"""Where a CoSPLib instance goes in a content folder: ids, days, blocks and slots.

Both ``confsite import cosplib`` (which writes the folder) and ``solution_from_plan``
(which reads a plan of it back into a CoSPLib solution) work from this layout, so the two
agree without storing anything beside the content.

* A CoSPLib *session* (a period with the same time slots in every room) is a block of the
  time grid: a run of back-to-back slots on its date from its start time, one slot per
  CoSPLib time slot, with nothing right before or after it.
* Every slot is ``slot_minutes`` long: the sessions' own slot length when all sessions
  share one (whole minutes), otherwise the shortest one, rounded down. Then a submission of
  n time slots (a session of n x ``slot_minutes`` minutes) takes exactly n slots in any
  block, as in CoSPLib; blocks with longer slots end early in the grid.
* A session that would overlap or touch one placed before it on its date (OR60F2 and
  OR60F3 give 8 and 24 sessions the same time as Thu3) moves to the next date where its
  hours are free, so that every session stays a block of its own.
* Ids are slugs of the workbook's names, made unique in workbook order; days are named by
  their date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from confsite.cosplib.workbook import Instance
from confsite.slugs import Ids

DAY = 24 * 60


@dataclass(frozen=True)
class Block:
    """Where one CoSPLib session is in the grid."""

    session: str  # the CoSPLib session's name
    date: date
    start: int  # minutes after midnight
    slots: int
    moved_from: date | None = None  # its date in the workbook, when it had to move

    @property
    def day(self) -> str:
        return self.date.isoformat()

    def clock(self, slot_minutes: int, slot: int = 0) -> str:
        minutes = self.start + slot * slot_minutes
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Layout:
    slot_minutes: int
    uniform: bool  # every session's slots are slot_minutes long in the workbook too
    blocks: tuple[Block, ...]  # in workbook order
    tracks: dict[str, str]  # CoSPLib name -> content id
    rooms: dict[str, str]
    submissions: dict[str, str]  # reference -> session id
    people: dict[str, str]  # presenter or chair name -> speaker id

    def block(self, session: str) -> Block:
        return next(block for block in self.blocks if block.session == session)

    def place(self, day: str, minutes: int) -> tuple[Block, int] | None:
        """The block and slot that start at ``minutes`` on ``day`` (None: no slot there)."""
        for block in self.blocks:
            offset = minutes - block.start
            inside = 0 <= offset < block.slots * self.slot_minutes
            if block.day == day and inside and offset % self.slot_minutes == 0:
                return block, offset // self.slot_minutes
        return None


def _minutes_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def slot_lengths(instance: Instance) -> list[float]:
    """Each CoSPLib session's slot length in minutes, as the workbook times it."""
    lengths = []
    for session in instance.sessions:
        begin = datetime.combine(session.date, session.start)
        end = datetime.combine(session.date, session.end)
        lengths.append(_minutes_between(begin, end) / session.max_timeslots)
    return lengths


def layout(instance: Instance) -> Layout:
    lengths = slot_lengths(instance)
    uniform = len(set(lengths)) == 1 and lengths[0].is_integer()
    slot_minutes = max(1, math.floor(min(lengths)))
    taken: dict[date, list[tuple[int, int]]] = {}
    blocks = []
    for session in instance.sessions:
        start = session.start.hour * 60 + session.start.minute
        span = session.max_timeslots * slot_minutes
        day = session.date
        # Touching counts as taken: two blocks back to back would be one run of slots.
        while any(start <= end and begin <= start + span for begin, end in taken.get(day, [])):
            day += timedelta(days=1)
        taken.setdefault(day, []).append((start, start + span))
        moved = session.date if day != session.date else None
        blocks.append(Block(session.name, day, start, session.max_timeslots, moved))
    tracks = Ids("track")
    rooms = Ids("room")
    submissions = Ids("session")
    people = Ids("speaker")
    names = sorted(
        {p for s in instance.submissions for p in s.presenters}
        | {c for t in instance.tracks for c in t.chairs},
        key=lambda name: _first_seen(instance, name),
    )
    return Layout(
        slot_minutes=slot_minutes,
        uniform=uniform,
        blocks=tuple(blocks),
        tracks={t.name: tracks.make(t.name, str(i + 1)) for i, t in enumerate(instance.tracks)},
        rooms={name: rooms.make(name, str(i + 1)) for i, name in enumerate(instance.rooms)},
        submissions={
            s.reference: submissions.make(s.reference, str(i + 1))
            for i, s in enumerate(instance.submissions)
        },
        people={name: people.make(name, str(i + 1)) for i, name in enumerate(names)},
    )


def _first_seen(instance: Instance, name: str) -> tuple[int, int]:
    """People in workbook order: presenters by submission, then chairs by track."""
    for index, submission in enumerate(instance.submissions):
        if name in submission.presenters:
            return (0, index)
    for index, track in enumerate(instance.tracks):
        if name in track.chairs:
            return (1, index)
    return (2, 0)
