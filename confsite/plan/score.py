"""The soft goals of an agenda, measured on the agenda itself.

The planner minimises the weighted sum of these terms; the summary reports each one, and
tests compare the solver's objective with this independent measurement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from confsite.model.common import BlockPenalty
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.sessions import Session
from confsite.plan.grid import Start, Timeline
from confsite.plan.hours import PresenterHours


@dataclass(frozen=True)
class Term:
    name: str  # the weight's name in planning.yaml
    label: str  # how the summary names it
    unit: str
    always: bool = True  # shown even when its weight is 0 (the goals every conference has)


TERMS = (
    Term("interest_clash", "interest clashes", "attendee-slots with two wanted sessions"),
    Term("same_track_parallel", "same-track parallel", "extra sessions of a track at once"),
    Term("track_room_changes", "track room changes", "extra rooms per track and day"),
    Term("track_days", "track days", "extra days per track"),
    Term("room_overflow", "room overflow", "attendees without a seat"),
    Term("room_empty", "empty seats", "tens of empty seats"),
    Term("speaker_preference", "speaker preferences", "sessions outside a preferred time"),
    Term("stability", "moves", "sessions moved from the previous plan"),
    # Blocks of sessions (paper sessions): shown when weighted.
    Term("track_block", "track in block", "track block penalties, per room", False),
    Term("track_room", "track in room", "track room penalties, per block", False),
    Term("room_block", "room in block", "room block penalties of used rooms", False),
    Term("similar_tracks", "similar tracks", "similar-track penalties, per room pair", False),
    Term("track_rooms", "rooms per track", "rooms beyond the first, per track", False),
    Term("track_block_rooms", "track rooms in block", "extra rooms of a track in a block", False),
    Term("track_gaps", "track gaps", "tracks in blocks that are not consecutive", False),
    Term("presenter_hours", "presenter hours", "hours penalties per slot", False),
    Term("order", "order broken", "broken `after` (order: soft)", False),
    Term("session_block", "session in block", "session block penalties per slot", False),
    Term("session_room", "session in room", "session room penalties per slot", False),
    Term("person_block_rooms", "people between rooms", "extra rooms per person and block", False),
    Term(
        "interest_block_rooms", "attendees between rooms", "extra rooms per attendee, block", False
    ),
)


def shown_terms(content: Content) -> tuple[Term, ...]:
    """The terms a summary lists: every conference's, and the others when weighted (the
    order only when it is soft)."""
    weights = content.planning.weights
    soft_order = content.planning.order == "soft"
    return tuple(
        term
        for term in TERMS
        if term.always or (getattr(weights, term.name) and (term.name != "order" or soft_order))
    )


def room_cost(audience: int | None, capacity: int) -> tuple[float, float]:
    """(attendees without a seat, tens of empty seats) for an audience in a room."""
    if audience is None:
        return 0.0, 0.0
    return float(max(0, audience - capacity)), max(0, capacity - audience) / 10


def expected_audience(content: Content, session: Session) -> int | None:
    """The session's ``audience``; a plenary session without one expects everyone, so it
    is sized against the venue's largest room."""
    if session.audience is not None or not session.is_plenary:
        return session.audience
    return max(room.capacity for room in content.venue.rooms)


def measure(
    content: Content,
    agenda: dict[str, Placement],
    previous: dict[str, Placement] | None = None,
) -> dict[str, float]:
    """Each term's amount (before weights) for an agenda that passes validation."""
    timeline = Timeline(content)
    amounts = dict.fromkeys((term.name for term in TERMS), 0.0)
    running: dict[str, list[int]] = {}
    starts: dict[str, Start] = {}
    for ident, place in agenda.items():
        session = content.session.get(ident)
        start = timeline.cover(session, place.day, place.start) if session else None
        if session is None or start is None:
            continue
        running[ident] = [slot.key for slot in start.slots if not slot.plenary]
        room = content.room.get(place.room)
        if room is not None:
            overflow, empty = room_cost(expected_audience(content, session), room.capacity)
            amounts["room_overflow"] += overflow
            amounts["room_empty"] += empty
        for person in session.people:
            speaker = content.speaker.get(person)
            if speaker and timeline.person_prefers(speaker, start.begin, start.end) is False:
                amounts["speaker_preference"] += 1
        if previous and ident in previous and previous[ident] != place:
            amounts["stability"] += 1
        starts[ident] = start

    def clashes(members: list[str]) -> int:
        count: dict[int, int] = defaultdict(int)
        for ident in members:
            for key in running.get(ident, ()):
                count[key] += 1
        return sum(max(0, n - 1) for n in count.values())

    for response in content.interest.responses:
        amounts["interest_clash"] += response.count * clashes(
            list(dict.fromkeys(response.sessions))
        )
    members: dict[str, list[str]] = defaultdict(list)
    for ident in sorted(running):
        track = content.session[ident].track
        if track:
            members[track].append(ident)
    for _track, idents in sorted(members.items()):
        amounts["same_track_parallel"] += clashes(idents)
        rooms: dict[str, set[str]] = defaultdict(set)
        for ident in idents:
            if not content.session[ident].is_plenary:
                rooms[agenda[ident].day].add(agenda[ident].room)
        amounts["track_room_changes"] += sum(len(used) - 1 for used in rooms.values())
        days = {agenda[ident].day for ident in idents}
        amounts["track_days"] += len(days) - 1
    _measure_blocks(content, timeline, agenda, starts, amounts)
    return amounts


def _penalties(timeline: Timeline, entries: tuple[BlockPenalty, ...]) -> dict[int, float]:
    found: dict[int, float] = defaultdict(float)
    for entry in entries:
        block = timeline.block_at(entry.day, entry.start)
        if block is not None:
            found[block.index] += entry.penalty
    return found


def _measure_blocks(
    content: Content,
    timeline: Timeline,
    agenda: dict[str, Placement],
    starts: dict[str, Start],
    amounts: dict[str, float],
) -> None:
    """The goals about blocks, from the placements alone (see ``blocks.py`` for the model)."""
    hours = PresenterHours(content, timeline)
    # (block, room) -> tracks held there; person / response -> block -> rooms
    held: dict[tuple[int, str], set[str]] = defaultdict(set)
    for ident, start in sorted(starts.items()):
        session = content.session[ident]
        block = timeline.block(start)
        room = agenda[ident].room
        slots = len(start.slots)
        amounts["presenter_hours"] += hours.of(session, block) * slots
        amounts["session_block"] += (
            _penalties(timeline, session.block_penalties).get(block.index, 0.0) * slots
        )
        amounts["session_room"] += session.room_penalties.get(room, 0.0) * slots
        if not block.plenary and session.track:
            held[block.index, room].add(session.track)
    tracks = {track.id: track for track in content.tracks.tracks}
    track_blocks: dict[str, set[int]] = defaultdict(set)
    track_rooms: dict[str, set[str]] = defaultdict(set)
    in_block: dict[tuple[str, int], set[str]] = defaultdict(set)
    for (block, room), here in sorted(held.items()):
        for track in sorted(here):
            penalties = _penalties(timeline, tracks[track].block_penalties)
            amounts["track_block"] += penalties.get(block, 0.0)
            amounts["track_room"] += tracks[track].room_penalties.get(room, 0.0)
            track_blocks[track].add(block)
            track_rooms[track].add(room)
            in_block[track, block].add(room)
    used = {
        (room, timeline.block(start).index)
        for ident, start in starts.items()
        for room in (agenda[ident].room,)
    }
    for room in content.venue.rooms:
        for block, penalty in _penalties(timeline, room.block_penalties).items():
            if (room.id, block) in used:
                amounts["room_block"] += penalty
    amounts["track_rooms"] += sum(len(rooms) - 1 for rooms in track_rooms.values())
    amounts["track_block_rooms"] += sum(len(rooms) - 1 for rooms in in_block.values())
    sequence = [block.index for block in timeline.blocks if not block.plenary]
    position = {block: at for at, block in enumerate(sequence)}
    for used_blocks in track_blocks.values():
        positions = sorted(position[block] for block in used_blocks)
        if positions[-1] - positions[0] + 1 != len(positions):
            amounts["track_gaps"] += 1
    similar = {frozenset(pair.tracks): pair.penalty for pair in content.tracks.similar}
    by_block: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for (block, room), here in sorted(held.items()):
        by_block[block].extend((room, track) for track in sorted(here))
    for entries in by_block.values():
        for (room_a, track_a), (room_b, track_b) in combinations(entries, 2):
            if room_a != room_b and track_a != track_b:
                amounts["similar_tracks"] += similar.get(frozenset((track_a, track_b)), 0.0)
    amounts["order"] += sum(
        1
        for ident, start in starts.items()
        for before in content.session[ident].after
        if before in starts and starts[before].end > start.begin
    )

    def spread(members: set[str]) -> int:
        rooms: dict[int, set[str]] = defaultdict(set)
        for ident in members:
            start = starts.get(ident)
            if start is not None and not start.first.plenary:
                rooms[timeline.block(start).index].add(agenda[ident].room)
        return sum(len(here) - 1 for here in rooms.values())

    needed: dict[str, set[str]] = defaultdict(set)
    for ident in starts:
        for person in content.session[ident].people:
            needed[person].add(ident)
    for track in content.tracks.tracks:
        members = {ident for ident in starts if content.session[ident].track == track.id}
        for person in track.chairs:
            needed[person] |= members
    amounts["person_block_rooms"] += sum(spread(members) for members in needed.values())
    for response in content.interest.responses:
        amounts["interest_block_rooms"] += response.count * spread(set(response.sessions))


def weighted(content: Content, amounts: dict[str, float]) -> dict[str, float]:
    weights = content.planning.weights
    return {name: getattr(weights, name) * amount for name, amount in amounts.items()}
