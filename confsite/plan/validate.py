"""Judge any agenda, solver-made or hand-edited, against the rules of the content.

This module does not look at the optimisation model: it takes each rule as the organiser
states it (rooms, seats, features, people, availability, buffers, pins, order, one track
per room and block) and checks
the placements directly, so a bug in the model cannot hide behind a bug in the check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.grid import GridSlot, Start, Timeline, clock


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule; ``session`` is where the plan file should be read."""

    session: str
    rule: str
    message: str
    others: tuple[str, ...] = ()  # the other sessions of a clash (any of them could move)


# Rules broken by sessions together (a clash, an order): moving any one of them mends it.
GROUP_RULES = frozenset(
    {"plenary", "room clash", "speaker clash", "buffer", "order", "track block"}
)


def planned_sessions(content: Content) -> list[str]:
    """The sessions the agenda must place: every one that is not cancelled."""
    return [ident for ident, session in content.sessions if session.status != "cancelled"]


class _Judge:
    def __init__(self, content: Content, agenda: dict[str, Placement]) -> None:
        self.content = content
        self.agenda = agenda
        self.lang = content.conference.default_language
        self.timeline = Timeline(content)
        self.found: list[Violation] = []
        self.starts: dict[str, Start] = {}

    def add(self, session: str, rule: str, message: str, others: tuple[str, ...] = ()) -> None:
        self.found.append(Violation(session, rule, message, others))

    def person(self, ident: str) -> str:
        speaker = self.content.speaker.get(ident)
        name = localize(speaker.name, self.lang) if speaker else ident
        return f"{name} ({ident})" if name != ident else ident

    def when(self, start: Start | GridSlot) -> str:
        return f"{start.day} {start.clock}"

    # --- each placement on its own ---------------------------------------------------------

    def place_each(self) -> None:
        content = self.content
        for ident in planned_sessions(content):
            if ident not in self.agenda:
                self.add(ident, "placed", "is not in the plan (every session must be placed)")
        for ident, place in sorted(self.agenda.items()):
            session = content.session.get(ident)
            if session is None:
                self.add(ident, "unknown", "no such session in the content")
                continue
            if session.status == "cancelled":
                self.add(ident, "cancelled", "is cancelled but still in the plan")
                continue
            if place.day not in content.day:
                self.add(ident, "day", f"no day {place.day!r} in timeslots.yaml")
                continue
            room = content.room.get(place.room)
            if room is None:
                self.add(ident, "room", f"no room {place.room!r} in venue.yaml")
                continue
            start = self.timeline.cover(session, place.day, place.start)
            if start is None:
                kind = "plenary" if session.is_plenary else "parallel-session"
                self.add(
                    ident,
                    "time",
                    f"cannot start at {place.day} {place.start:%H:%M}: {session.length} minutes "
                    f"need back-to-back {kind} slots from a slot start, before the next break",
                )
                continue
            self.starts[ident] = start
            self.room_rules(ident, place, start)
            self.pin_rules(ident, place)
            self.availability(ident, start)

    def room_rules(self, ident: str, place: Placement, start: Start) -> None:
        session = self.content.session[ident]
        room = self.content.room[place.room]
        timeline = self.timeline
        if place.room not in timeline.rooms_open[place.day]:
            self.add(ident, "room", f"room {place.room} is not open on {place.day}")
        holders = timeline.held.get((place.day, place.room))
        if holders and not session.is_plenary and session.track not in holders:
            self.add(
                ident,
                "held",
                f"room {place.room} is held for track {', '.join(holders)} on {place.day}",
            )
        needs = session.needs
        if needs.rooms and place.room not in needs.rooms:
            self.add(ident, "room", f"must be in one of {', '.join(needs.rooms)}")
        if needs.capacity and needs.capacity > room.capacity:
            self.add(
                ident,
                "seats",
                f"needs {needs.capacity} seats; {place.room} has {room.capacity}",
            )
        missing = sorted(set(needs.features) - set(room.features))
        if missing:
            self.add(ident, "features", f"needs {', '.join(missing)}; {place.room} has none")

    def pin_rules(self, ident: str, place: Placement) -> None:
        pin = self.content.session[ident].pin
        if pin is None:
            return
        for field in ("day", "start", "room"):
            wanted = getattr(pin, field)
            if wanted is not None and wanted != getattr(place, field):
                shown = f"{wanted:%H:%M}" if field == "start" else wanted
                self.add(ident, "pin", f"is pinned to {field} {shown}")

    def availability(self, ident: str, start: Start) -> None:
        session = self.content.session[ident]
        for person in session.people:
            speaker = self.content.speaker.get(person)
            if speaker and not self.timeline.person_can(speaker, start.begin, start.end):
                self.add(
                    ident,
                    "availability",
                    f"{self.person(person)} is not available {start.day} "
                    f"{clock(start.begin)}–{clock(start.end)}",
                )

    # --- placements together ---------------------------------------------------------------

    def together(self) -> None:
        by_slot: dict[int, list[str]] = defaultdict(list)
        for ident, start in sorted(self.starts.items()):
            for slot in start.slots:
                by_slot[slot.key].append(ident)
        slots = {slot.key: slot for slot in self.timeline.slots}
        for key in sorted(by_slot):
            running = by_slot[key]
            slot = slots[key]
            if slot.plenary and len(running) > 1:
                self.add(
                    running[1],
                    "plenary",
                    f"plenary slot {slot.label} holds {len(running)} sessions: "
                    f"{', '.join(running)} (one session for everyone)",
                    tuple(i for i in running if i != running[1]),
                )
            rooms: dict[str, list[str]] = defaultdict(list)
            for ident in running:
                rooms[self.agenda[ident].room].append(ident)
            for room, here in sorted(rooms.items()):
                if len(here) > 1 and not slot.plenary:
                    self.add(
                        here[1],
                        "room clash",
                        f"room {room} holds {', '.join(here)} at {slot.label}",
                        tuple(i for i in here if i != here[1]),
                    )
            people: dict[str, list[str]] = defaultdict(list)
            for ident in running:
                for person in self.content.session[ident].people:
                    people[person].append(ident)
            for person, theirs in sorted(people.items()):
                if len(theirs) > 1:
                    self.add(
                        theirs[1],
                        "speaker clash",
                        f"{self.person(person)} is in {', '.join(theirs)} at {slot.label}",
                        tuple(i for i in theirs if i != theirs[1]),
                    )
        self.buffers()
        self.order()
        self.track_blocks()

    def buffers(self) -> None:
        buffer = self.content.planning.speaker_buffer
        if not buffer:
            return
        mine: dict[str, list[str]] = defaultdict(list)
        for ident in sorted(self.starts):
            for person in self.content.session[ident].people:
                mine[person].append(ident)
        for person, theirs in sorted(mine.items()):
            for first, second in combinations(theirs, 2):
                a, b = self.starts[first], self.starts[second]
                if a.day != b.day or self.agenda[first].room == self.agenda[second].room:
                    continue
                if b.begin < a.begin:
                    (first, a), (second, b) = (second, b), (first, a)
                gap = b.begin - a.slots_end
                if 0 <= gap < buffer:
                    self.add(
                        second,
                        "buffer",
                        f"{self.person(person)} has {gap} minutes from {first} "
                        f"({self.agenda[first].room}) to {second} ({self.agenda[second].room}); "
                        f"planning.yaml asks for {buffer}",
                        (first,),
                    )

    def track_blocks(self) -> None:
        """planning.yaml one_track_per_block: a room holds one track's sessions per block
        (sessions without a track count as one more track)."""
        if not self.content.planning.one_track_per_block:
            return
        held: dict[tuple[int, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for ident, start in sorted(self.starts.items()):
            block = self.timeline.block(start)
            if block.plenary:
                continue
            track = self.content.session[ident].track or "(no track)"
            held[block.index, self.agenda[ident].room][track].append(ident)
        for (index, room), tracks in sorted(held.items()):
            if len(tracks) < 2:
                continue
            label = self.timeline.blocks[index].label
            first, *others = sorted(tracks)
            shown = "; ".join(f"{t}: {', '.join(tracks[t])}" for t in sorted(tracks))
            for other in others:
                for ident in tracks[other]:
                    self.add(
                        ident,
                        "track block",
                        f"room {room} holds {len(tracks)} tracks in the block of {label} "
                        f"({shown}); planning.yaml asks for one track per room and block",
                        tuple(tracks[first]),
                    )

    def order(self) -> None:
        if self.content.planning.order == "soft":
            return  # a goal then (score.measure counts the broken ones)
        for ident, start in sorted(self.starts.items()):
            for before in self.content.session[ident].after:
                other = self.starts.get(before)
                if other is not None and other.end > start.begin:
                    self.add(
                        ident,
                        "order",
                        f"starts {self.when(start)} before {before} ends "
                        f"({other.day} {clock(other.end)}); it must come after {before}",
                        (before,),
                    )


def validate(content: Content, agenda: dict[str, Placement]) -> list[Violation]:
    """Every rule of the content the agenda breaks, sorted by session."""
    judge = _Judge(content, agenda)
    judge.place_each()
    judge.together()
    return sorted(set(judge.found))
