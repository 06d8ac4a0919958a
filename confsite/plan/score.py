"""The soft goals of an agenda, measured on the agenda itself.

The planner minimises the weighted sum of these terms; the summary reports each one, and
tests compare the solver's objective with this independent measurement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.sessions import Session
from confsite.plan.grid import Timeline


@dataclass(frozen=True)
class Term:
    name: str  # the weight's name in planning.yaml
    label: str  # how the summary names it
    unit: str


TERMS = (
    Term("interest_clash", "interest clashes", "attendee-slots with two wanted sessions"),
    Term("same_track_parallel", "same-track parallel", "extra sessions of a track at once"),
    Term("track_room_changes", "track room changes", "extra rooms per track and day"),
    Term("track_days", "track days", "extra days per track"),
    Term("room_overflow", "room overflow", "attendees without a seat"),
    Term("room_empty", "empty seats", "tens of empty seats"),
    Term("speaker_preference", "speaker preferences", "sessions outside a preferred time"),
    Term("stability", "moves", "sessions moved from the previous plan"),
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
    return amounts


def weighted(content: Content, amounts: dict[str, float]) -> dict[str, float]:
    weights = content.planning.weights
    return {name: getattr(weights, name) * amount for name, amount in amounts.items()}
