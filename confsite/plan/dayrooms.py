"""Each session's day and room first, then its time: a plan with a proof.

The goals about a track's rooms and days ("extra rooms per track and day", "extra days per
track") are about sets of placements. The agenda model charges them through home rooms
chosen beforehand (``homes.py``), so its optimum is the best plan *for those home rooms*,
not the best plan: on generated 100-session conferences the best plan found that way cost
4-31% more than the one below, and nothing said how far from the best it was.

This model decides only where each session goes: its day and its room, not its time. That
is a few cells per session instead of a few hundred places, small enough for the track
goals to be written exactly:

* ``z[i, d, r]`` (0/1): session i is held on day d in room r; only cells with a place of
  the session (``candidates.py``) exist;
* a room's parallel sessions of a day fit its slots that day, and those of m slots or
  more its runs of m slots between breaks; the plenary sessions of a day fit its plenary
  slots; a speaker's (or moderator's) sessions of a day fit the slots
  they could be at that day; with hard orders, a session is on no earlier day than the one
  it follows;
* ``h[t, d, r]`` (0/1): track t uses room r on day d, and ``on[t, d]``: track t is on day
  d; their sums cost ``track_room_changes`` and ``track_days`` exactly as ``score.py``
  measures them.

Every other goal is counted at the least it could cost in the cell: the room's size against
the audience (exact), the fewest speakers outside their preferred times over the cell's
starts (and, when sessions of one room or one speaker compete for the few times that suit
them, those that cannot all have one), a move when the previous place is not in the cell,
and a track's (or an attendee response's) sessions of a day beyond the day's parallel
slots, which must run in parallel.

Every agenda has cells, and in them costs at least what this model counts: so its bound
is a bound on every agenda's measured cost. The agenda model then places each session on
its day at a time, in one of the rooms its track has that day (so the rooms goal can only
fall): a handful of places each, solved in well under a second on 100 sessions, every rule
and goal exact. When that agenda costs what the cells did, it is proven the best there is;
either way the gap against the bound is the true gap of the plan.

On large conferences the solver finds its first plan of this model late and improves it
slowly; the last part of the time then goes to improving it a part of the conference at a
time (``neighbours.py``), the bound staying the one the solver proved.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict
from dataclasses import dataclass

import pulp

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import lp, neighbours, solve
from confsite.plan.agenda import Progress, moved, summed
from confsite.plan.candidates import Places
from confsite.plan.grid import Timeline
from confsite.plan.score import expected_audience, room_cost

Var = pulp.LpVariable
Cell = tuple[str, str, str]  # (session, day, room)

# Goals this model counts (exactly or at their least); with any other goal weighted the
# planner does not take this way (see ``suits``).
COUNTED = frozenset(
    {
        "interest_clash",
        "same_track_parallel",
        "track_room_changes",
        "track_days",
        "room_overflow",
        "room_empty",
        "speaker_preference",
        "stability",
    }
)


def suits(content: Content) -> bool:
    """Whether this way fits the conference: its goals are the ones this model counts,
    with a track goal among them and sessions in tracks (else the agenda model alone is
    exact), and its orders are hard."""
    weights = content.planning.weights
    if content.planning.one_track_per_block or content.planning.order != "hard":
        return False
    if not (weights.track_room_changes or weights.track_days):
        return False
    if not any(
        session.track and session.status != "cancelled" for _ident, session in content.sessions
    ):
        return False
    # (``order`` weighs broken orders only when they are soft.)
    return all(
        name in COUNTED or name == "order" or not getattr(weights, name)
        for name in type(weights).model_fields
    )


def cells(places: dict[str, Places]) -> int:
    """How many (session, day, room) choices the model would have."""
    return sum(
        len({(start.day, room) for k, start in enumerate(place.starts) for room in place.rooms[k]})
        for place in places.values()
    )


@dataclass(frozen=True)
class DayRooms:
    """The model: ``z[session, day, room]`` is 1 when the session is held there."""

    content: Content
    prob: pulp.LpProblem
    z: dict[Cell, Var]

    def chosen(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """Each session's day in the solution, and the rooms it may take that day: those its
        track uses that day (the rooms goal can only fall), its own when it is plenary or
        has no track."""
        day_of: dict[str, str] = {}
        room_of: dict[str, str] = {}
        for (ident, day, room), var in self.z.items():
            if (var.varValue or 0.0) > 0.5:
                day_of[ident], room_of[ident] = day, room
        used: dict[tuple[str, str], set[str]] = defaultdict(set)
        for ident, room in room_of.items():
            session = self.content.session[ident]
            if session.track and not session.is_plenary:
                used[session.track, day_of[ident]].add(room)
        rooms_of: dict[str, tuple[str, ...]] = {}
        for ident, room in room_of.items():
            session = self.content.session[ident]
            if session.track and not session.is_plenary:
                rooms_of[ident] = tuple(sorted(used[session.track, day_of[ident]]))
            else:
                rooms_of[ident] = (room,)
        return day_of, rooms_of


def build(
    content: Content,
    timeline: Timeline,
    places: dict[str, Places],
    *,
    previous: dict[str, Placement] | None = None,
) -> DayRooms:
    weights = content.planning.weights
    prob = pulp.LpProblem("days_and_rooms", pulp.LpMinimize)
    objective: list[tuple[Var, float]] = []
    constant = 0.0
    sessions = list(places)
    number = {ident: index for index, ident in enumerate(sessions)}
    room_number = {room.id: index for index, room in enumerate(content.venue.rooms)}
    day_number = {day.id: index for index, day in enumerate(content.grid.days)}

    # What each cell offers: the fewest slots the session takes there and the fewest of
    # its speakers outside a preferred time; and which slots each room, plenary run and
    # person could use on each day.
    cells: dict[str, dict[tuple[str, str], tuple[int, int, bool]]] = {}
    room_slots: dict[tuple[str, str], set[int]] = defaultdict(set)
    plenary_slots: dict[str, set[int]] = defaultdict(set)
    parallel_slots: dict[str, set[int]] = defaultdict(set)
    person_slots: dict[tuple[str, str], set[int]] = defaultdict(set)
    # (session, day, room) -> the slots of its starts there that suit every speaker, when
    # only some do
    liked: dict[Cell, frozenset[int]] = {}
    for ident in sessions:
        session = content.session[ident]
        place = places[ident]
        prior = (previous or {}).get(ident)
        found: dict[tuple[str, str], tuple[int, int, bool]] = {}
        spans: dict[tuple[str, str], dict[int, set[int]]] = defaultdict(dict)
        for k, start in enumerate(place.starts):
            # The slots it takes of its kind (a parallel session's, or a plenary one's).
            taken = sum(1 for slot in start.slots if slot.plenary == session.is_plenary)
            against = 0
            for person in session.people:
                speaker = content.speaker.get(person)
                if speaker and timeline.person_prefers(speaker, start.begin, start.end) is False:
                    against += 1
            for room in place.rooms[k]:
                # The slots of its starts there, by how many speakers each leaves out of
                # their preferred times.
                spans[start.day, room].setdefault(against, set()).update(
                    slot.key for slot in start.slots
                )
                stays = prior is not None and not moved(prior, start, room, content)
                size, least, kept = found.get((start.day, room), (taken, against, False))
                found[start.day, room] = (
                    min(size, taken),
                    min(least, against),
                    kept or stays,
                )
            for slot in start.slots:
                if slot.plenary:
                    plenary_slots[start.day].add(slot.key)
                else:
                    parallel_slots[start.day].add(slot.key)
                    for room in place.rooms[k]:
                        room_slots[start.day, room].add(slot.key)
                for person in session.people:
                    person_slots[person, start.day].add(slot.key)
        cells[ident] = found
        for cell, by_against in spans.items():
            if 0 in by_against and len(by_against) > 1:
                liked[ident, *cell] = frozenset(by_against[0])

    z: dict[Cell, Var] = {}
    size_of: dict[Cell, int] = {}
    days_of: dict[str, list[tuple[Var, float]]] = {}  # session -> (z, its day's number)
    for ident in sessions:
        session = content.session[ident]
        i = number[ident]
        audience = expected_audience(content, session)
        for (day, room), (size, against, kept) in sorted(
            cells[ident].items(), key=lambda item: (day_number[item[0][0]], room_number[item[0][1]])
        ):
            var = prob.add_variable(
                f"z_{i}_{day_number[day]}_{room_number[room]}", 0, 1, pulp.LpBinary
            )
            z[ident, day, room] = var
            size_of[ident, day, room] = size
            overflow, empty = room_cost(audience, content.room[room].capacity)
            cost = overflow * weights.room_overflow + empty * weights.room_empty
            cost += against * weights.speaker_preference
            if previous and ident in previous and not kept:
                cost += weights.stability
            if cost:
                objective.append((var, cost))
            days_of.setdefault(ident, []).append((var, float(day_number[day])))
        lp.add_row(
            prob,
            f"place_{i}",
            summed([(var, 1.0) for var, _day in days_of.get(ident, [])]),
            pulp.LpConstraintEQ,
            1,
        )

    by_session_day: dict[tuple[str, str], list[Var]] = defaultdict(list)
    load_room: dict[tuple[str, str], list[tuple[Var, float]]] = defaultdict(list)
    load_plenary: dict[str, list[tuple[Var, float]]] = defaultdict(list)
    for (ident, day, room), var in z.items():
        by_session_day[ident, day].append(var)
        size = float(size_of[ident, day, room])
        if content.session[ident].is_plenary:
            load_plenary[day].append((var, size))
        else:
            load_room[day, room].append((var, size))

    def fit(name: str, load: list[tuple[Var, float]], slots: int) -> None:
        if sum(size for _var, size in load) > slots:
            lp.add_row(prob, name, summed(load), pulp.LpConstraintLE, slots)

    # A room's sessions of a day fit its slots; the plenary sessions fit the plenary slots.
    for (day, room), load in sorted(
        load_room.items(), key=lambda item: (day_number[item[0][0]], room_number[item[0][1]])
    ):
        r, d = room_number[room], day_number[day]
        fit(f"room_{r}_{d}", load, len(room_slots[day, room]))
        # A session of m slots or more takes m slots in a row within one block (between
        # breaks): a block of L slots holds at most L // m of them.
        usable = frozenset(room_slots[day, room])
        for least in sorted({int(size) for _var, size in load if size >= 2}):
            longer = [(var, 1.0) for var, size in load if size >= least]
            fit(f"room_{r}_{d}_{least}", longer, _runs(timeline, usable, least))
    if weights.speaker_preference:
        _liked_times(prob, objective, timeline, z, size_of, liked, day_number, room_number)
    for day, load in sorted(load_plenary.items(), key=lambda item: day_number[item[0]]):
        fit(f"plenary_{day_number[day]}", load, len(plenary_slots[day]))
    # A person's sessions of a day fit the slots they could be at.
    theirs: dict[str, list[str]] = defaultdict(list)
    for ident in sessions:
        for person in content.session[ident].people:
            theirs[person].append(ident)
    for p, (person, idents) in enumerate(sorted(theirs.items())):
        if len(idents) < 2:
            continue
        for day in day_number:
            load = [
                (var, float(size_of[ident, day, room]))
                for ident in idents
                for room in sorted(content.room)
                if (var := z.get((ident, day, room))) is not None
            ]
            fit(f"person_{p}_{day_number[day]}", load, len(person_slots[person, day]))
    # A session is on no earlier day than the one it follows (planning.yaml: order hard).
    for ident in sessions:
        for before in content.session[ident].after:
            if before not in cells:
                continue
            terms = days_of.get(before, []) + [(var, -day) for var, day in days_of.get(ident, [])]
            lp.add_row(
                prob,
                f"after_{number[ident]}_{number[before]}",
                summed(terms),
                pulp.LpConstraintLE,
                0,
            )

    # The tracks: days, rooms per day, and sessions beyond a day's parallel slots.
    members: dict[str, list[str]] = defaultdict(list)
    for ident in sessions:
        track = content.session[ident].track
        if track:
            members[track].append(ident)
    track_number = {track.id: index for index, track in enumerate(content.tracks.tracks)}
    for track, idents in sorted(members.items(), key=lambda item: track_number[item[0]]):
        t = track_number[track]
        parallel = [ident for ident in idents if not content.session[ident].is_plenary]
        if weights.track_days:
            constant -= weights.track_days
        for day, d in day_number.items():
            present = [ident for ident in idents if by_session_day.get((ident, day))]
            if not present:
                continue
            on = prob.add_variable(f"on_{t}_{d}", 0, 1, pulp.LpBinary)
            if weights.track_days:
                objective.append((on, weights.track_days))
            for ident in present:
                lp.add_row(
                    prob,
                    f"on_{t}_{d}_{number[ident]}",
                    summed([(var, 1.0) for var in by_session_day[ident, day]] + [(on, -1.0)]),
                    pulp.LpConstraintLE,
                    0,
                )
            here = [ident for ident in parallel if by_session_day.get((ident, day))]
            if not here:
                continue
            load = [
                (z[ident, day, room], float(size_of[ident, day, room]))
                for ident in here
                for room in sorted(content.room, key=room_number.__getitem__)
                if (ident, day, room) in z
            ]
            if weights.same_track_parallel:
                beyond = prob.add_variable(f"parallel_{t}_{d}", 0, None, pulp.LpContinuous)
                objective.append((beyond, weights.same_track_parallel))
                # Slots beyond the day's parallel slots run in parallel (none off the day).
                lp.add_row(
                    prob,
                    f"parallel_{t}_{d}",
                    summed([*load, (on, -float(len(parallel_slots[day]))), (beyond, -1.0)]),
                    pulp.LpConstraintLE,
                    0,
                )
            if weights.track_room_changes:
                used = []
                for room in sorted(content.room, key=room_number.__getitem__):
                    inside = [
                        (z[i, day, room], float(size_of[i, day, room]))
                        for i in here
                        if (i, day, room) in z
                    ]
                    if not inside:
                        continue
                    r = room_number[room]
                    uses = prob.add_variable(f"uses_{t}_{d}_{r}", 0, 1, pulp.LpBinary)
                    used.append(uses)
                    for var, _size in inside:
                        lp.add_row(
                            prob,
                            f"uses_{t}_{d}_{r}_{var.name}",
                            summed([(var, 1.0), (uses, -1.0)]),
                            pulp.LpConstraintLE,
                            0,
                        )
                    # The same, in the track's slots there: tighter when sessions are split.
                    most = min(len(room_slots[day, room]), sum(size for _v, size in inside))
                    lp.add_row(
                        prob,
                        f"holds_{t}_{d}_{r}",
                        summed([*inside, (uses, -float(most))]),
                        pulp.LpConstraintLE,
                        0,
                    )
                # The first room of the day is free: ``first`` is 1 at most, and only when
                # the track uses a room that day (and so is on it: without this row the
                # relaxation took a whole free room on a day it held a track 0.4 of).
                first = prob.add_variable(f"first_{t}_{d}", 0, 1, pulp.LpContinuous)
                lp.add_row(
                    prob,
                    f"first_{t}_{d}",
                    summed([(first, 1.0)] + [(u, -1.0) for u in used]),
                    pulp.LpConstraintLE,
                    0,
                )
                lp.add_row(
                    prob, f"day_{t}_{d}", summed([(first, 1.0), (on, -1.0)]), pulp.LpConstraintLE, 0
                )
                objective += [(u, weights.track_room_changes) for u in used]
                objective.append((first, -weights.track_room_changes))
    if weights.interest_clash:
        for n, response in enumerate(content.interest.responses):
            wanted = [ident for ident in dict.fromkeys(response.sessions) if ident in cells]
            for day, d in day_number.items():
                load = [
                    (var, float(size_of[ident, day, room]))
                    for ident in wanted
                    if not content.session[ident].is_plenary
                    for room in sorted(content.room, key=room_number.__getitem__)
                    if (var := z.get((ident, day, room))) is not None
                ]
                if sum(size for _var, size in load) <= len(parallel_slots[day]):
                    continue
                beyond = prob.add_variable(f"interest_{n}_{d}", 0, None, pulp.LpContinuous)
                objective.append((beyond, weights.interest_clash * response.count))
                lp.add_row(
                    prob,
                    f"interest_{n}_{d}",
                    summed([*load, (beyond, -1.0)]),
                    pulp.LpConstraintLE,
                    len(parallel_slots[day]),
                )
    expression = summed(objective)
    expression.constant = constant
    prob.setObjective(expression)
    return DayRooms(content, prob, z)


@dataclass(frozen=True)
class Choice:
    day_of: dict[str, str]
    rooms_of: dict[str, tuple[str, ...]]
    outcome: solve.Outcome  # its bound holds for every agenda's measured cost
    cells: frozenset[Cell]  # the (session, day, room) of each session


def choose(
    content: Content,
    timeline: Timeline,
    places: dict[str, Places],
    solver: str,
    *,
    time_limit: float,
    gap: float,
    previous: dict[str, Placement] | None = None,
    log: bool = False,
    progress: Progress | None = None,
    start: frozenset[Cell] | None = None,
) -> Choice | None:
    """Each session's day and room, or None when the solver found none in time (or there
    is none: then no agenda keeps the rules either); from the cells ``start`` when given
    (a choice made before)."""
    model = build(content, timeline, places, previous=previous)
    first = None
    if start is not None:
        first = {var: 1.0 if cell in start else 0.0 for cell, var in model.z.items()}
    say = progress or (lambda message: None)
    say(
        f"choosing each session's day and room: {len(model.z):,} choices, "
        f"{model.prob.numConstraints():,} constraints"
    )
    began = time.perf_counter()
    deadline = began + time_limit

    def whole(limit: float) -> solve.Outcome:
        return solve.run(
            model.prob, solver, time_limit=limit, gap=gap, log=log, progress=progress, start=first
        )

    outcome = whole(max(1.0, WHOLE_SHARE * time_limit))
    left = deadline - time.perf_counter()
    if not outcome.has_plan and outcome.status != "infeasible" and left >= 1.0:
        outcome = whole(left)  # no plan yet: the rest of the time, on the whole model
    if not outcome.has_plan:
        return None
    bound = outcome.bound
    if (
        outcome.objective is not None
        and (outcome.gap is None or outcome.gap > gap + 1e-9)
        and deadline - time.perf_counter() >= 2.0
    ):
        say("improving that plan a part of the conference at a time")
        good_enough = -math.inf  # without a bound, until time is up
        if bound is not None:
            good_enough = bound / (1.0 - gap) if gap < 1.0 and bound > 0 else bound
        improved = neighbours.improve(
            content,
            model.prob,
            model.z,
            solver,
            objective=outcome.objective,
            good_enough=good_enough,
            deadline=deadline,
            progress=progress,
        )
        cost = improved.objective
        found_gap = solve.gap_of(cost, bound) if bound is not None else None
        outcome = dataclasses.replace(
            outcome,
            status="optimal" if found_gap is not None and found_gap <= gap + 1e-9 else "feasible",
            objective=cost,
            gap=found_gap,
            seconds=time.perf_counter() - began,
        )
    day_of, rooms_of = model.chosen()
    cells = frozenset(cell for cell, var in model.z.items() if (var.varValue or 0.0) > 0.5)
    return Choice(day_of, rooms_of, outcome, cells)


# Of the time for this model, the share the solver has on the whole of it; when that ends
# without a plan within the gap, the rest goes to improving its plan a part at a time
# (``neighbours.py``), which on 400 sessions found better plans sooner.
WHOLE_SHARE = 0.65


def _liked_times(
    prob: pulp.LpProblem,
    objective: list[tuple[Var, float]],
    timeline: Timeline,
    z: dict[Cell, Var],
    size_of: dict[Cell, int],
    liked: dict[Cell, frozenset[int]],
    day_number: dict[str, int],
    room_number: dict[str, int],
) -> None:
    """Sessions that only certain times suit compete for those times: in one room on one
    day, and a speaker's sessions on one day (who gives one at a time). When more of them
    are held there than the times have room for, the rest cost a speaker outside a
    preferred time each, which a cell alone (having a suitable start) does not count.

    A day's sessions counted by room are distinct sessions, and by speaker distinct
    (speaker, session) pairs: each count is at most what the day costs, not their sum."""
    content = timeline.content
    weight = content.planning.weights.speaker_preference
    # group key -> [(its cells' z, the session's smallest size, the slots that suit it)]
    groups: dict[tuple[str, str, str], list[tuple[list[Var], int, frozenset[int]]]] = {}
    by_room: dict[tuple[str, str], list[tuple[list[Var], int, frozenset[int]]]] = defaultdict(list)
    by_person: dict[tuple[str, str], dict[str, tuple[list[Var], int, frozenset[int]]]] = (
        defaultdict(dict)
    )
    for (ident, day, room), keys in sorted(liked.items()):
        var = z.get((ident, day, room))
        if var is None:
            continue
        size = size_of[ident, day, room]
        by_room[day, room].append(([var], size, keys))
        for person in content.session[ident].people:
            known = by_person[person, day].get(ident)
            if known is None:
                by_person[person, day][ident] = ([var], size, keys)
            else:
                by_person[person, day][ident] = (
                    [*known[0], var],
                    min(known[1], size),
                    known[2] | keys,
                )
    for (day, room), entries in by_room.items():
        groups["room", day, room] = entries
    for (person, day), sessions in by_person.items():
        groups["person", day, person] = list(sessions.values())
    counted: dict[str, dict[str, list[Var]]] = defaultdict(lambda: defaultdict(list))
    for (kind, day, what), entries in sorted(groups.items()):
        if len(entries) < 2:
            continue
        outside = None
        for window in sorted({keys for _vars, _size, keys in entries}, key=sorted):
            inside = [(xs, size) for xs, size, keys in entries if keys <= window]
            # (sessions, coefficient, what fits): of m slots or more, at most the runs of m
            # in the window; and all of them, in slots: each one outside frees at most the
            # longest one's slots.
            rows = [
                ([(xs, 1.0) for xs, size in inside if size >= least], 1.0, fit)
                for least in sorted({size for _xs, size in inside})
                for fit in (_runs(timeline, window, least),)
            ]
            longest = max(size for _xs, size in inside)
            rows.append(([(xs, float(size)) for xs, size in inside], longest, len(window)))
            for members, per_outside, fit in rows:
                if sum(coefficient for _xs, coefficient in members) <= fit:
                    continue
                if outside is None:
                    number = room_number[what] if kind == "room" else len(counted[day][kind])
                    outside = prob.add_variable(
                        f"outside_{kind}_{day_number[day]}_{number}", 0, None, pulp.LpInteger
                    )
                    counted[day][kind].append(outside)
                lp.add_row(
                    prob,
                    f"{outside.name}_{prob.numConstraints()}",
                    summed(
                        [(x, coefficient) for xs, coefficient in members for x in xs]
                        + [(outside, -float(per_outside))]
                    ),
                    pulp.LpConstraintLE,
                    fit,
                )
    for day, kinds in sorted(counted.items(), key=lambda item: day_number[item[0]]):
        least_cost = prob.add_variable(f"outside_{day_number[day]}", 0, None, pulp.LpContinuous)
        objective.append((least_cost, weight))
        for kind, outs in sorted(kinds.items()):
            lp.add_row(
                prob,
                f"outside_{kind}_{day_number[day]}",
                summed([(least_cost, 1.0)] + [(out, -1.0) for out in outs]),
                pulp.LpConstraintGE,
                0,
            )


def _runs(timeline: Timeline, keys: frozenset[int], size: int) -> int:
    """How many sessions of ``size`` slots fit in ``keys`` without sharing a slot, each in
    back-to-back slots of one block."""
    fit = 0
    run = 0
    last: tuple[int, int] | None = None  # (block, key) of the previous slot
    for key in sorted(keys):
        block = timeline.block_of[key]
        run = run + 1 if last == (block, key - 1) else 1
        last = (block, key)
        if run % size == 0:
            fit += 1
    return fit
