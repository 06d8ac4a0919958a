"""Score a CoSPLib solution with CoSPLib's objective: the weighted sum of its penalties.

The penalties follow Pylyavskyy, Jacko and Kheiri (2024), "A generic approach to
conference scheduling with integer programming" (EJOR 317(2)), as CoSPLib's solution
checker counts them. Every penalty is computed from the schedule alone, whatever its
weight, as ``weight * raw`` with the weight and the penalty cells of the instance
workbook. Hard constraints (every submission in its track's room, in consecutive slots of
one session) are not penalised but reported by :func:`check_feasibility`.

Which penalties an objective adds up is a :class:`Convention`: all of them (what CoSPLib's
checker scores, :attr:`Evaluation.objective`), or only those the published exact-model
reports have a column for (:attr:`Convention.IP_REPORT`). Each penalty is the same number
under both; only the sum differs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import time
from enum import Enum
from itertools import combinations

from confsite.cosplib.workbook import Instance, Parameters, Session, Solution

Conflicts = Mapping[str, frozenset[str]]

# Penalty key -> what one unit of it means (keys are the fields of Weights, in order).
PENALTIES = {
    "tracks_sessions": "track in a session it should avoid (tracks_sessions penalty)",
    "tracks_rooms": "track in a room it should avoid (tracks_rooms penalty)",
    "sessions_rooms": "room used in a session it should not be (sessions_rooms penalty)",
    "similar_tracks": "two similar tracks in parallel (similar tracks penalty)",
    "rooms_per_track": "each room a track uses beyond its first",
    "parallel_tracks": "each extra room a track has within one session",
    "consecutive_tracks": "track whose sessions are not consecutive",
    "submissions_timezones": "time slot at an unsuitable hour for the presenter",
    "submissions_order": "submission out of its wanted order within its track",
    "submissions_sessions": "time slot of a submission in a session it should avoid",
    "submissions_rooms": "time slot of a submission in a room it should avoid",
    "presenters_conflicts": "pair of conflicting submissions in one session, other rooms",
    "attendees_conflicts": "pair of submissions an attendee wants, in one session",
    "chairs_conflicts": "pair of tracks sharing a chair, in one session",
    "presenters_conflicts_timeslot": "pair of conflicting submissions in one time slot",
    "attendees_conflicts_timeslot": "pair of submissions an attendee wants, in one slot",
}


@dataclass(frozen=True)
class Term:
    """One penalty: ``count`` violations adding up to ``raw`` before weighting."""

    key: str
    weight: int
    count: int
    raw: int

    @property
    def weighted(self) -> int:
        return self.weight * self.raw

    @property
    def description(self) -> str:
        return PENALTIES[self.key]


class Convention(Enum):
    """Which penalties an objective adds up.

    ``CHECKER``: every penalty, weighted: the objective of CoSPLib's solution checker,
    which adds up every penalty with a non-zero weight (Solver/Solution.py @ 13cd493,
    EvaluateSolution). It is :attr:`Evaluation.objective`.

    ``IP_REPORT``: only the penalties in :data:`IP_REPORTED`, the columns of the published
    exact-model reports (Solutions/Exact Model/*Solution.xlsx, sheet ``violations``). They
    are the penalties CoSPLib's README @ 087e9f8 lists for its two integer-programming
    models, which work at session level only. Left out: the submissions order (in neither
    list), the two time-slot-level conflicts, and parallel tracks (0 by construction: both
    models give each track exactly one room, Solver/Optimisation.py @ 13cd493, Eq.3). The
    published objective adds up only these: GECCO20's report has no order column and its
    objective no order term, although the workbook weights the order.
    """

    CHECKER = "checker"
    IP_REPORT = "ip-report"


# The penalties of the published exact-model reports; as the README of CoSPLib @ 087e9f8
# ("Integer Programming") lists the constraints of its exact and extended models.
IP_REPORTED = frozenset(
    {
        "tracks_sessions",
        "tracks_rooms",
        "sessions_rooms",
        "similar_tracks",
        "rooms_per_track",
        "consecutive_tracks",
        "submissions_timezones",
        "submissions_sessions",
        "submissions_rooms",
        "presenters_conflicts",
        "attendees_conflicts",
        "chairs_conflicts",
    }
)


@dataclass(frozen=True)
class Evaluation:
    """Every penalty of a solution, the objective, and any broken hard constraint."""

    terms: tuple[Term, ...]
    infeasibilities: tuple[str, ...]

    @property
    def objective(self) -> int:
        """The objective of CoSPLib's checker (:attr:`Convention.CHECKER`)."""
        return self.objective_for(Convention.CHECKER)

    def terms_for(self, convention: Convention) -> tuple[Term, ...]:
        """The penalties ``convention`` adds up, in the order of :data:`PENALTIES`."""
        if convention is Convention.IP_REPORT:
            return tuple(term for term in self.terms if term.key in IP_REPORTED)
        return self.terms

    def objective_for(self, convention: Convention) -> int:
        return sum(term.weighted for term in self.terms_for(convention))

    def term(self, key: str) -> Term:
        for term in self.terms:
            if term.key == key:
                return term
        raise KeyError(key)


class _Schedule:
    """The solution laid out in the instance's order of sessions, rooms and slots."""

    def __init__(self, instance: Instance, solution: Solution) -> None:
        self.instance = instance
        self.solution = solution
        self.session_names = [s.name for s in instance.sessions]

    def tracks(self) -> Iterator[tuple[Session, str, str]]:
        """(session, room, track) of every (session, room) that has a track."""
        for session in self.instance.sessions:
            for room in self.instance.rooms:
                track = self.solution.tracks.get((session.name, room))
                if track is not None:
                    yield session, room, track

    def placements(self) -> Iterator[tuple[Session, str, int, str]]:
        """(session, room, slot, submission) of every filled slot."""
        for session in self.instance.sessions:
            for room in self.instance.rooms:
                for slot, ref in enumerate(self.solution.slots.get((session.name, room), ())):
                    if ref is not None:
                        yield session, room, slot, ref

    def tracks_by_session(self) -> dict[str, list[str]]:
        """Session name -> tracks in room order (a track twice if it has two rooms)."""
        out: dict[str, list[str]] = {s.name: [] for s in self.instance.sessions}
        for session, _room, track in self.tracks():
            out[session.name].append(track)
        return out


# --- penalties of the track level ------------------------------------------------------


def _cell_penalty(grid: _Schedule, penalty: Callable[[str, str, str], int]) -> tuple[int, int]:
    values = [penalty(session.name, room, track) for session, room, track in grid.tracks()]
    return sum(1 for v in values if v), sum(values)


def _tracks_sessions(grid: _Schedule) -> tuple[int, int]:
    cells = grid.instance.tracks_sessions
    return _cell_penalty(grid, lambda s, r, t: cells.get((t, s), 0))


def _tracks_rooms(grid: _Schedule) -> tuple[int, int]:
    cells = grid.instance.tracks_rooms
    return _cell_penalty(grid, lambda s, r, t: cells.get((t, r), 0))


# Weight x cell per used (session, room), as CoSPLib's Solver/Solution.py @ 13cd493 counts it.
def _sessions_rooms(grid: _Schedule) -> tuple[int, int]:
    cells = grid.instance.sessions_rooms
    return _cell_penalty(grid, lambda s, r, t: cells.get((s, r), 0))


def _similar_tracks(grid: _Schedule) -> tuple[int, int]:
    """Every pair of rooms of a session holding two different, similar tracks; each pair
    costs its cell of the similar-tracks sheet, not 1."""
    # As CoSPLib's Solver/Solution.py @ 13cd493 (EvaluateSimilarTracks) counts it.
    values = [
        grid.instance.similarity(first, second)
        for tracks in grid.tracks_by_session().values()
        for first, second in combinations(tracks, 2)
        if first != second
    ]
    return sum(1 for v in values if v), sum(values)


def _rooms_per_track(grid: _Schedule) -> tuple[int, int]:
    rooms: dict[str, set[str]] = defaultdict(set)
    for _session, room, track in grid.tracks():
        rooms[track].add(room)
    extra = sum(len(used) - 1 for used in rooms.values())
    return extra, extra


def _parallel_tracks(grid: _Schedule) -> tuple[int, int]:
    extra = sum(len(tracks) - len(set(tracks)) for tracks in grid.tracks_by_session().values())
    return extra, extra


def _consecutive_tracks(grid: _Schedule) -> tuple[int, int]:
    """Tracks whose sessions, in the order of the sessions sheet, have a gap: 1 each, so
    the term is the workbook's weight per broken track (no fixed factor)."""
    # As CoSPLib's Solver/Solution.py @ 13cd493 (EvaluateConsecutiveTracks) counts it.
    positions: dict[str, set[int]] = defaultdict(set)
    for session, _room, track in grid.tracks():
        positions[track].add(grid.session_names.index(session.name))
    broken = sum(1 for p in positions.values() if max(p) - min(p) + 1 != len(p))
    return broken, broken


def _chairs_conflicts(grid: _Schedule) -> tuple[int, int]:
    chairs = {t.name: set(t.chairs) for t in grid.instance.tracks}
    pairs = sum(
        1
        for tracks in grid.tracks_by_session().values()
        for first, second in combinations(tracks, 2)
        if first != second and chairs[first] & chairs[second]
    )
    return pairs, pairs


# --- penalties of the submission level ---------------------------------------------------


def _shifted(moment: time, minutes: int) -> time:
    total = (moment.hour * 60 + moment.minute + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def timezone_penalty(parameters: Parameters, session: Session, utc_offset: int) -> int:
    """Penalty of presenting in ``session`` for a presenter at ``utc_offset`` hours.

    The session's start and end are turned into the presenter's local time (date
    dropped). Unsuitable: it starts before the less suitable window opens, or ends after
    it closes or (past midnight) before it opens. Less suitable: it starts before the
    suitable window or ends after it. Otherwise no penalty.
    """
    shift = (utc_offset - parameters.local_utc_offset) * 60
    start, end = _shifted(session.start, shift), _shifted(session.end, shift)
    p = parameters
    if start < p.less_suitable_from or end > p.less_suitable_to or end < p.less_suitable_from:
        return p.unsuitable_penalty
    if start < p.suitable_from or end > p.suitable_to:
        return p.less_suitable_penalty
    return 0


def _slot_penalty(grid: _Schedule, penalty: Callable[[Session, str, str], int]) -> tuple[int, int]:
    """A per-slot penalty: a submission of several slots pays it in each of them."""
    values = [penalty(session, room, ref) for session, room, _slot, ref in grid.placements()]
    return sum(1 for v in values if v), sum(values)


def _submissions_timezones(grid: _Schedule) -> tuple[int, int]:
    parameters = grid.instance.parameters

    def penalty(session: Session, room: str, ref: str) -> int:
        return timezone_penalty(parameters, session, grid.instance.submission(ref).utc_offset)

    return _slot_penalty(grid, penalty)


def _submissions_sessions(grid: _Schedule) -> tuple[int, int]:
    submission = grid.instance.submission
    return _slot_penalty(grid, lambda s, r, ref: submission(ref).session_penalties.get(s.name, 0))


def _submissions_rooms(grid: _Schedule) -> tuple[int, int]:
    submission = grid.instance.submission
    return _slot_penalty(grid, lambda s, r, ref: submission(ref).room_penalties.get(r, 0))


# As CoSPLib's Solver/Solution.py @ 19e5bad (EvaluateSubmissionsOrder) counts it.
def _submissions_order(grid: _Schedule) -> tuple[int, int]:
    """Two parts. (1) Each pair of ordered submissions of one track in the same time slot
    of a session. (2) Each ordered submission whose position in its track differs from
    its order; positions count distinct submissions through sessions, rooms and slots."""
    submission = grid.instance.submission
    by_slot: dict[tuple[str, int], list[str]] = defaultdict(list)
    by_track: dict[str, list[str]] = defaultdict(list)
    for session, room, slot, ref in grid.placements():
        track = grid.solution.tracks.get((session.name, room))
        if track is None:
            continue
        if ref not in by_track[track]:
            by_track[track].append(ref)
        if ref not in by_slot[(session.name, slot)]:
            by_slot[(session.name, slot)].append(ref)
    parallel = sum(
        1
        for refs in by_slot.values()
        for a, b in combinations(refs, 2)
        if submission(a).track == submission(b).track
        and submission(a).order
        and submission(b).order
    )
    misplaced = sum(
        1
        for refs in by_track.values()
        for position, ref in enumerate(refs, start=1)
        if submission(ref).order not in (0, position)
    )
    return parallel + misplaced, parallel + misplaced


def presenter_conflicts(instance: Instance) -> Conflicts:
    """Submissions that cannot run in parallel: they share a presenter, or a presenter of
    one chairs the (other) track of the other."""
    presenters = {s.reference: set(s.presenters) for s in instance.submissions}
    return _conflicts(instance, presenters, presenters)


def attendee_conflicts(instance: Instance) -> Conflicts:
    """Submissions an attendee wants to see both of: they share an attendee, or an
    attendee of one presents the other, or chairs the (other) track of the other."""
    attendees = {s.reference: set(s.attendees) for s in instance.submissions}
    presenters = {s.reference: set(s.presenters) for s in instance.submissions}
    both = {ref: attendees[ref] | presenters[ref] for ref in attendees}
    shared = _conflicts(instance, attendees, both, chairs=False)
    chaired = _conflicts(instance, attendees, {ref: set() for ref in attendees})
    return {ref: shared[ref] | chaired[ref] for ref in shared}


def _conflicts(
    instance: Instance,
    people: Mapping[str, set[str]],
    others: Mapping[str, set[str]],
    chairs: bool = True,
) -> Conflicts:
    """a and b conflict if a person of ``people[a]`` is in ``others[b]`` (or the other
    way round), or, with ``chairs``, chairs b's track and b's track is not a's."""
    holders: dict[str, set[str]] = defaultdict(set)
    for ref in sorted(others):
        for person in others[ref]:
            holders[person].add(ref)
    chaired_tracks: dict[str, set[str]] = defaultdict(set)
    for track in instance.tracks:
        for person in track.chairs:
            chaired_tracks[person].add(track.name)
    by_track: dict[str, set[str]] = defaultdict(set)
    for s in instance.submissions:
        by_track[s.track].add(s.reference)
    found: dict[str, set[str]] = {s.reference: set() for s in instance.submissions}
    for s in instance.submissions:
        for person in sorted(people[s.reference]):
            partners = set(holders[person])
            if chairs:
                for track in chaired_tracks[person] - {s.track}:
                    partners |= by_track[track]
            for partner in partners - {s.reference}:
                found[s.reference].add(partner)
                found[partner].add(s.reference)
    return {ref: frozenset(partners) for ref, partners in found.items()}


def _session_conflicts(grid: _Schedule, conflicts: Conflicts) -> tuple[int, int]:
    """Pairs of conflicting submissions in one session, in different rooms."""
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for session, room, _slot, ref in grid.placements():
        if conflicts[ref] and (ref, room) not in entries[session.name]:
            entries[session.name].append((ref, room))
    pairs = sum(
        1
        for found in entries.values()
        for (a, room_a), (b, room_b) in combinations(found, 2)
        if room_a != room_b and a in conflicts[b]
    )
    return pairs, pairs


def _timeslot_conflicts(grid: _Schedule, conflicts: Conflicts) -> tuple[int, int]:
    """Pairs of conflicting submissions in the same time slot of a session."""
    entries: dict[tuple[str, int], list[str]] = defaultdict(list)
    for session, _room, slot, ref in grid.placements():
        if conflicts[ref] and ref not in entries[(session.name, slot)]:
            entries[(session.name, slot)].append(ref)
    pairs = sum(
        1 for found in entries.values() for a, b in combinations(found, 2) if a in conflicts[b]
    )
    return pairs, pairs


# --- the objective ---------------------------------------------------------------------


def evaluate(instance: Instance, solution: Solution) -> Evaluation:
    """Every penalty of ``solution``, weighted by ``instance``'s parameters."""
    grid = _Schedule(instance, solution)
    problems = check_feasibility(instance, solution)
    if any(p.startswith("unknown") for p in problems):
        raise ValueError("; ".join(problems))
    presenters = presenter_conflicts(instance)
    attendees = attendee_conflicts(instance)
    raw = {
        "tracks_sessions": _tracks_sessions(grid),
        "tracks_rooms": _tracks_rooms(grid),
        "sessions_rooms": _sessions_rooms(grid),
        "similar_tracks": _similar_tracks(grid),
        "rooms_per_track": _rooms_per_track(grid),
        "parallel_tracks": _parallel_tracks(grid),
        "consecutive_tracks": _consecutive_tracks(grid),
        "submissions_timezones": _submissions_timezones(grid),
        "submissions_order": _submissions_order(grid),
        "submissions_sessions": _submissions_sessions(grid),
        "submissions_rooms": _submissions_rooms(grid),
        "presenters_conflicts": _session_conflicts(grid, presenters),
        "attendees_conflicts": _session_conflicts(grid, attendees),
        "chairs_conflicts": _chairs_conflicts(grid),
        "presenters_conflicts_timeslot": _timeslot_conflicts(grid, presenters),
        "attendees_conflicts_timeslot": _timeslot_conflicts(grid, attendees),
    }
    weights = instance.parameters.weights
    terms = tuple(
        Term(key, getattr(weights, key), count, total) for key, (count, total) in raw.items()
    )
    return Evaluation(terms=terms, infeasibilities=problems)


def check_feasibility(instance: Instance, solution: Solution) -> tuple[str, ...]:
    """Broken hard constraints, as sentences; empty when the solution is feasible."""
    sessions = {s.name: s for s in instance.sessions}
    tracks = {t.name for t in instance.tracks}
    problems: list[str] = []
    for (session, room), track in sorted(solution.tracks.items()):
        if session not in sessions or room not in instance.rooms or track not in tracks:
            problems.append(f"unknown session, room or track in {(session, room, track)}")
    where: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for (session, room), refs in sorted(solution.slots.items()):
        if session not in sessions or room not in instance.rooms:
            problems.append(f"unknown session or room {(session, room)}")
            continue
        if len(refs) > sessions[session].max_timeslots:
            limit = sessions[session].max_timeslots
            problems.append(f"{session}/{room} has {len(refs)} slots, the session {limit}")
        for slot, ref in enumerate(refs):
            if ref is not None:
                where[ref].append((session, room, slot))
    known = {s.reference for s in instance.submissions}
    problems += [f"unknown submission {ref!r}" for ref in sorted(set(where) - known)]
    for submission in instance.submissions:
        problems += _placement_problems(solution, submission.reference, where[submission.reference])
        places = {(s, r) for s, r, _ in where[submission.reference]}
        for session, room in sorted(places):
            track = solution.tracks.get((session, room))
            if track != submission.track:
                problems.append(
                    f"{submission.reference} ({submission.track}) is in {session}/{room},"
                    f" which has track {track!r}"
                )
        if len(where[submission.reference]) not in (0, submission.required_timeslots):
            problems.append(
                f"{submission.reference} has {len(where[submission.reference])} slots,"
                f" needs {submission.required_timeslots}"
            )
    return tuple(problems)


def _placement_problems(
    solution: Solution, ref: str, places: list[tuple[str, str, int]]
) -> list[str]:
    if not places:
        return [f"{ref} is not scheduled"]
    if len({(session, room) for session, room, _ in places}) > 1:
        return [f"{ref} is split over several sessions or rooms"]
    slots = sorted(slot for _, _, slot in places)
    if slots != list(range(slots[0], slots[0] + len(slots))):
        return [f"{ref} has slots {slots}, not consecutive"]
    return []
