"""Which (start, room) places each session may take, and why a session has none.

Only feasible places become variables in the model: the start must fit the session's length
and kind, every speaker and moderator must be available for the whole session, the room
must have the features and seats asked for and be open (and not held for another track)
that day, and pins narrow all of this down.
"""

from __future__ import annotations

from dataclasses import dataclass

from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.sessions import Session
from confsite.plan.grid import Start, Timeline
from confsite.plan.score import expected_audience, room_cost


@dataclass(frozen=True)
class Places:
    """The places of one session: its allowed starts, each with its allowed rooms."""

    starts: tuple[Start, ...]
    rooms: tuple[tuple[str, ...], ...]  # rooms[k] for starts[k]


def _pinned(session: Session, start: Start, timeline: Timeline) -> bool:
    pin = session.pin
    if pin is None:
        return True
    if pin.day is not None and pin.day != start.day:
        return False
    return pin.start is None or timeline.absolute(start.day, pin.start) == start.begin


def _available(content: Content, timeline: Timeline, session: Session, start: Start) -> bool:
    for person in session.people:
        speaker = content.speaker.get(person)
        if speaker is not None and not timeline.person_can(speaker, start.begin, start.end):
            return False
    return True


def suitable_rooms(content: Content, timeline: Timeline, session: Session) -> list[str]:
    return [room.id for room in content.venue.rooms if timeline.room_suits(session, room)]


def _ranked_rooms(
    content: Content,
    session: Session,
    rooms: list[str],
    limit: int | None,
    keep: set[str],
) -> list[str]:
    """At most ``limit`` rooms, the best-sized first; rooms in ``keep`` always stay."""
    if limit is None or len(rooms) <= limit:
        return rooms
    weights = content.planning.weights
    order = {room.id: index for index, room in enumerate(content.venue.rooms)}
    track = content.track.get(session.track) if session.track else None
    # With one track per room and block, rooms that fit equally well are taken in an order
    # that starts at a different room for each track, so that the tracks spread over the
    # venue and each track's sessions share their rooms.
    turn = 0
    if track is not None and content.planning.one_track_per_block:
        turn = [t.id for t in content.tracks.tracks].index(track.id) * limit % len(order)

    def cost(room: str) -> tuple[float, int]:
        overflow, empty = room_cost(
            expected_audience(content, session), content.room[room].capacity
        )
        value = overflow * weights.room_overflow + empty * weights.room_empty
        value += weights.session_room * session.room_penalties.get(room, 0)
        if track is not None:
            value += weights.track_room * track.room_penalties.get(room, 0)
        return value, (order[room] - turn) % len(order)

    best = sorted(rooms, key=cost)[:limit]
    chosen = set(best) | (keep & set(rooms))
    return [room for room in rooms if room in chosen]


def places(
    content: Content,
    timeline: Timeline,
    ident: str,
    *,
    room_limit: int | None = None,
    previous: Placement | None = None,
    keep: set[str] | frozenset[str] = frozenset(),
) -> Places:
    """The session's places; with ``room_limit`` only its best-sized rooms, plus the rooms
    in ``keep``, its track's held rooms and its room in the previous plan."""
    session = content.session[ident]
    rooms = suitable_rooms(content, timeline, session)
    track = content.track.get(session.track) if session.track else None
    keep = set(keep) | ({held.room for held in track.held_rooms} if track else set())
    if previous is not None:
        keep.add(previous.room)
    if not session.is_plenary:
        rooms = _ranked_rooms(content, session, rooms, room_limit, keep)
    starts: list[Start] = []
    per_start: list[tuple[str, ...]] = []
    for start in timeline.starts(session):
        if not _pinned(session, start, timeline):
            continue
        if not _available(content, timeline, session, start):
            continue
        here = [r for r in rooms if timeline.room_open(session, r, start.day, session.track)]
        if here:
            starts.append(start)
            per_start.append(tuple(here))
    return Places(tuple(starts), tuple(per_start))


def why_nowhere(content: Content, timeline: Timeline, ident: str) -> str:
    """In the organiser's words: why a session has no place at all."""
    session = content.session[ident]
    lang = content.conference.default_language
    kind = "plenary" if session.is_plenary else "parallel-session"
    what = f"{session.kind.replace('_', ' ')} {ident} ({session.length} minutes)"
    starts = timeline.starts(session)
    if not starts:
        return f"{what} is longer than any run of back-to-back {kind} slots"
    pinned = [s for s in starts if _pinned(session, s, timeline)]
    if not pinned:
        return f"{what} is pinned to a time where no {kind} run of {session.length} minutes starts"
    rooms = suitable_rooms(content, timeline, session)
    if not rooms:
        needs = session.needs
        asks = []
        if needs.features:
            asks.append("with " + ", ".join(needs.features))
        if needs.capacity:
            asks.append(f"with {needs.capacity} seats")
        if needs.rooms:
            asks.append("among " + ", ".join(needs.rooms))
        if session.pin and session.pin.room:
            asks.append(f"pinned to {session.pin.room}")
        return f"{what} needs a room {' and '.join(asks)}; no room is like that"
    blockers = []
    for person in session.people:
        speaker = content.speaker.get(person)
        if speaker is None:
            continue
        if not any(timeline.person_can(speaker, s.begin, s.end) for s in pinned):
            name = localize(speaker.name, lang)
            blockers.append(f"{name} ({person})" if name != person else person)
    if blockers:
        return (
            f"{what}: {', '.join(blockers)} {'is' if len(blockers) == 1 else 'are'} not available "
            f"for {session.length} minutes at any {kind} slot"
        )
    can = [s for s in pinned if _available(content, timeline, session, s)]
    if not can:
        return f"{what}: its speakers have no {kind} slot of {session.length} minutes in common"
    days = sorted({s.day for s in can})
    return (
        f"{what} needs one of the rooms {', '.join(rooms)}, but none is open (or free of other "
        f"tracks' held rooms) on {', '.join(days)}, the days its speakers can come"
    )
