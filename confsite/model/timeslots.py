"""timeslots.yaml: the time grid of every day: slots, breaks and plenary slots."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import Field

from confsite.model.common import Clock, Date, Minutes, Record, Slug, Text

SlotKind = Literal["session", "plenary", "break", "lunch", "social"]
BREAK_KINDS = ("break", "lunch", "social")


class Slot(Record):
    """A stretch of the day: sessions start at slot starts and cover whole slots."""

    start: Clock
    length: Minutes
    kind: Annotated[
        SlotKind,
        Field(
            description="session: parallel sessions; plenary: one session for all rooms "
            "(keynotes); break, lunch, social: no sessions."
        ),
    ] = "session"
    name: Text | None = None

    def end_minutes(self) -> int:
        return self.start.hour * 60 + self.start.minute + self.length

    def start_minutes(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def holds_sessions(self) -> bool:
        return self.kind in ("session", "plenary")


class Day(Record):
    id: Slug
    date: Date
    name: Text | None = None
    opens: Clock | None = None
    closes: Clock | None = None
    rooms: Annotated[
        tuple[Slug, ...], Field(description="Rooms open this day (default: all).")
    ] = ()
    slots: Annotated[tuple[Slot, ...], Field(min_length=1)]

    def slot_at(self, start_minutes: int) -> Slot | None:
        for slot in self.slots:
            if slot.start_minutes() == start_minutes:
                return slot
        return None

    def runs(self) -> list[list[Slot]]:
        """Maximal runs of back-to-back slots of one kind that hold sessions."""
        runs: list[list[Slot]] = []
        for slot in sorted(self.slots, key=Slot.start_minutes):
            if not slot.holds_sessions:
                runs.append([])
                continue
            if (
                runs
                and runs[-1]
                and runs[-1][-1].end_minutes() == slot.start_minutes()
                and runs[-1][-1].kind == slot.kind
            ):
                runs[-1].append(slot)
            else:
                runs.append([slot])
        return [run for run in runs if run]

    def at(self, minutes: int) -> datetime:
        return datetime.combine(self.date, datetime.min.time()) + timedelta(minutes=minutes)


class TimeGrid(Record):
    days: Annotated[tuple[Day, ...], Field(min_length=1)]
