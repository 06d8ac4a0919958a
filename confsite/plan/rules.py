"""What each constraint of the agenda model stands for, in the organiser's terms."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """What a constraint means: its kind, whom it is about, and the slot if any.

    Kinds: place, room, plenary, person, buffer, order and track block (the hard rules,
    which the diagnosis relaxes), and link (rows that only tie variables together)."""

    kind: str
    subject: str  # session, room or person id
    slot: int | None = None  # slot key (for a track block: the block's first slot)
    other: str = ""  # second session (order) or slot key pair (buffer)
