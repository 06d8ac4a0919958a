"""Where a session can go: the time grid flattened into slots, start options and room fits.

Times are minutes from midnight of the first conference day, so that comparisons across
days ("ends before the other starts") need no dates. A session starts at a slot start and
covers whole back-to-back slots of its kind (plenary or parallel) until its length is
covered; it never runs across a break.

The planner and the validator both read the grid through these functions, but each applies
the rules on its own: the planner to create variables, the validator to judge a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from confsite.model.common import TimeWindow
from confsite.model.content import Content
from confsite.model.sessions import Session
from confsite.model.speakers import Speaker
from confsite.model.timeslots import Day
from confsite.model.venue import Room

DAY = 24 * 60


def clock(minutes: int) -> str:
    """'HH:MM' of a time of day given in minutes since midnight."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class GridSlot:
    """One slot that holds sessions, with absolute times."""

    key: int  # position in the timeline, in time order
    day: str
    day_index: int
    begin: int  # absolute minutes
    end: int
    plenary: bool

    @property
    def clock(self) -> str:
        return clock(self.begin)

    @property
    def label(self) -> str:
        return f"{self.day} {self.clock}"


@dataclass(frozen=True)
class Start:
    """A place in time for one session: its first slot and every slot it covers."""

    day: str
    slots: tuple[GridSlot, ...]
    length: int

    @property
    def first(self) -> GridSlot:
        return self.slots[0]

    @property
    def begin(self) -> int:
        return self.slots[0].begin

    @property
    def end(self) -> int:
        """When the session itself ends (it may end before its last slot does)."""
        return self.slots[0].begin + self.length

    @property
    def slots_end(self) -> int:
        return self.slots[-1].end

    @property
    def clock(self) -> str:
        return self.slots[0].clock


@dataclass(frozen=True)
class Block:
    """A run of back-to-back slots of one kind between two breaks: a paper session of
    several talks in each room, say. ``index`` is its place in time order."""

    index: int
    day: str
    slots: tuple[GridSlot, ...]

    @property
    def begin(self) -> int:
        return self.slots[0].begin

    @property
    def end(self) -> int:
        return self.slots[-1].end

    @property
    def plenary(self) -> bool:
        return self.slots[0].plenary

    @property
    def label(self) -> str:
        return f"{self.day} {self.slots[0].clock}"


class Timeline:
    """Every session-holding slot of the conference, in time order."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.day_index = {day.id: index for index, day in enumerate(content.grid.days)}
        self.slots: list[GridSlot] = []
        self.runs: dict[str, list[list[GridSlot]]] = {}
        # Days in order, runs in order within a day: slots come out in time order, so
        # their position is their key.
        for day in content.grid.days:
            offset = self.day_index[day.id] * DAY
            self.runs[day.id] = []
            for run in day.runs():
                refs = []
                for slot in run:
                    ref = GridSlot(
                        key=len(self.slots),
                        day=day.id,
                        day_index=self.day_index[day.id],
                        begin=offset + slot.start_minutes(),
                        end=offset + slot.end_minutes(),
                        plenary=slot.kind == "plenary",
                    )
                    self.slots.append(ref)
                    refs.append(ref)
                self.runs[day.id].append(refs)
        self.blocks: list[Block] = [
            Block(index, day, tuple(run))
            for index, (day, run) in enumerate(
                (day.id, run) for day in content.grid.days for run in self.runs[day.id]
            )
        ]
        self.block_of: dict[int, int] = {
            slot.key: block.index for block in self.blocks for slot in block.slots
        }
        self._block_at = {(block.day, block.begin): block.index for block in self.blocks}
        self.rooms_open: dict[str, tuple[str, ...]] = {
            day.id: day.rooms or tuple(room.id for room in content.venue.rooms)
            for day in content.grid.days
        }
        self._starts: dict[tuple[bool, int], list[Start]] = {}
        self.held: dict[tuple[str, str], tuple[str, ...]] = {}
        for track in content.tracks.tracks:
            for held in track.held_rooms:
                key = (held.day, held.room)
                self.held[key] = (*self.held.get(key, ()), track.id)

    def day_of(self, day_id: str) -> Day:
        return self.content.day[day_id]

    def absolute(self, day_id: str, value: time) -> int:
        return self.day_index[day_id] * DAY + _minutes(value)

    def block_at(self, day_id: str, value: time) -> Block | None:
        """The block whose first slot starts at ``value`` on ``day_id``, if any."""
        if day_id not in self.day_index:
            return None
        index = self._block_at.get((day_id, self.absolute(day_id, value)))
        return None if index is None else self.blocks[index]

    def block(self, start: Start) -> Block:
        return self.blocks[self.block_of[start.first.key]]

    def starts(self, session: Session) -> list[Start]:
        """Every start the session's length and kind allow, ignoring rooms and people."""
        key = (session.is_plenary, session.length)
        if key not in self._starts:
            self._starts[key] = self._find_starts(*key)
        return self._starts[key]

    def _find_starts(self, plenary: bool, length: int) -> list[Start]:
        starts = []
        for day in self.content.grid.days:
            for run in self.runs[day.id]:
                if run[0].plenary != plenary:
                    continue
                for index in range(len(run)):
                    covered = []
                    total = 0
                    for ref in run[index:]:
                        covered.append(ref)
                        total += ref.end - ref.begin
                        if total >= length:
                            break
                    if total >= length:
                        starts.append(Start(day.id, tuple(covered), length))
        return starts

    def cover(self, session: Session, day_id: str, begin: time) -> Start | None:
        """The start of a session at a given time, or None if it cannot start there."""
        at = self.absolute(day_id, begin)
        for start in self.starts(session):
            if start.day == day_id and start.begin == at:
                return start
        return None

    # --- windows ---------------------------------------------------------------------------

    def window(self, window: TimeWindow) -> tuple[int, int]:
        """A time window in absolute minutes; a missing start or end means the whole day."""
        base = self.day_index[window.day] * DAY
        begin = base + (_minutes(window.start) if window.start else 0)
        end = base + (_minutes(window.end) if window.end else DAY)
        return begin, end

    def person_can(self, speaker: Speaker, begin: int, end: int) -> bool:
        availability = speaker.availability
        if availability.only and not any(
            w_begin <= begin and end <= w_end
            for w_begin, w_end in _merged(self._windows(availability.only))
        ):
            return False
        return not any(
            begin < w_end and w_begin < end for w_begin, w_end in self._windows(availability.not_)
        )

    def person_prefers(self, speaker: Speaker, begin: int, end: int) -> bool | None:
        """None when the speaker states no preference."""
        preferred = speaker.availability.preferred
        if not preferred:
            return None
        return any(
            w_begin <= begin and end <= w_end
            for w_begin, w_end in _merged(self._windows(preferred))
        )

    def _windows(self, windows: Iterable[TimeWindow]) -> list[tuple[int, int]]:
        return [self.window(w) for w in windows if w.day in self.day_index]

    # --- rooms -----------------------------------------------------------------------------

    def room_suits(self, session: Session, room: Room) -> bool:
        """Features, seats and the allowed rooms a session asks for (days aside)."""
        needs = session.needs
        if needs.rooms and room.id not in needs.rooms:
            return False
        if session.pin and session.pin.room and session.pin.room != room.id:
            return False
        if needs.capacity and needs.capacity > room.capacity:
            return False
        return set(needs.features) <= set(room.features)

    def room_open(self, session: Session, room: str, day: str, track: str | None) -> bool:
        """The room is open that day and not held for another track."""
        if room not in self.rooms_open[day]:
            return False
        holders = self.held.get((day, room))
        return session.is_plenary or not holders or track in holders


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows that touch or overlap joined into one (09:00-10:00 and 10:00-11:00 make
    09:00-11:00, so a session across the join fits)."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(windows):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged
