"""Large conferences: choose each session's day first, then plan the days.

With hundreds of sessions, one model over every (session, start, room) is too large to
solve in minutes. Sessions on different days never clash, so once each session has its
day the agenda model falls apart into one independent block per day, a fraction of the
size. This model chooses the days on aggregates that keep every day plannable:

* each session on one of the days it has a place on (availability, pins, rooms open);
* per day: plenary slot-units, parallel room-slot units, and the room-slot units of each
  group of sessions that only fit certain rooms (labs), within what the day offers;
* per person and day: no more slot-units than the slots they can attend;
* ``after``: a session's day is not before the day of the session it follows;
* soft: extra days per track, a track's sessions beyond one per parallel slot of a day,
  and moves against the previous plan.

If a day turns out not to be plannable after all, the planner falls back to the whole
model.
"""

from __future__ import annotations

from collections import defaultdict

import pulp

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import lp, solve
from confsite.plan.candidates import Places
from confsite.plan.grid import Timeline

# Leave some room-time free on every day: held rooms, speakers' buffers and the order of
# sessions within a day use some that the aggregates cannot see.
ROOM_SHARE = 0.85


def assign_days(
    content: Content,
    timeline: Timeline,
    places: dict[str, Places],
    solver: str,
    *,
    time_limit: float,
    previous: dict[str, Placement] | None = None,
) -> dict[str, str] | None:
    """Each session's day, or None when no assignment was found in time."""
    weights = content.planning.weights
    days = [day.id for day in content.grid.days]
    day_number = {day: index for index, day in enumerate(days)}
    prob = pulp.LpProblem("days", pulp.LpMinimize)
    objective: list[tuple[pulp.LpVariable, float]] = []
    on: dict[tuple[str, str], pulp.LpVariable] = {}
    units: dict[str, int] = {}
    idents = sorted(places)
    for index, ident in enumerate(idents):
        place = places[ident]
        if not place.starts:
            return None
        units[ident] = min(len(start.slots) for start in place.starts)
        own = sorted({start.day for start in place.starts}, key=day_number.get)
        for day in own:
            var = prob.add_variable(f"w_{index}_{day_number[day]}", 0, 1, pulp.LpBinary)
            on[ident, day] = var
            prior = (previous or {}).get(ident)
            if prior is not None and prior.day != day:
                objective.append((var, weights.stability))
        lp.add_row(
            prob,
            f"oneday_{index}",
            lp.linear([(on[ident, day], 1.0) for day in own]),
            pulp.LpConstraintEQ,
            1,
        )

    def row(name: str, terms: list[tuple[pulp.LpVariable, float]], bound: float) -> None:
        if terms:
            lp.add_row(prob, name, lp.linear(terms), pulp.LpConstraintLE, bound)

    parallel = {
        day: [slot for slot in timeline.slots if slot.day == day and not slot.plenary]
        for day in days
    }
    plenary = {
        day: [slot for slot in timeline.slots if slot.day == day and slot.plenary] for day in days
    }
    room_sets: dict[frozenset[str], list[str]] = defaultdict(list)
    for ident in idents:
        session = content.session[ident]
        rooms = frozenset(r for rooms in places[ident].rooms for r in rooms)
        if not session.is_plenary:
            room_sets[rooms].append(ident)
    for d_index, day in enumerate(days):
        open_rooms = set(timeline.rooms_open[day])
        row(
            f"plenary_{d_index}",
            [
                (on[i, day], units[i])
                for i in idents
                if content.session[i].is_plenary and (i, day) in on
            ],
            len(plenary[day]),
        )
        for s_index, (rooms, _members) in enumerate(sorted(room_sets.items(), key=_key)):
            inside = [i for group, members in room_sets.items() if group <= rooms for i in members]
            here = [i for i in sorted(inside) if (i, day) in on]
            if not here:
                continue
            # Sessions of several slots only use runs of back-to-back slots long enough.
            shortest = min(units[i] for i in here)
            usable = sum(
                len(run) // shortest * shortest for run in timeline.runs[day] if not run[0].plenary
            )
            row(
                f"rooms_{d_index}_{s_index}",
                [(on[i, day], units[i]) for i in here],
                int(len(rooms & open_rooms) * usable * ROOM_SHARE),
            )
    people: dict[str, list[str]] = defaultdict(list)
    for ident in idents:
        for person in content.session[ident].people:
            people[person].append(ident)
    for p_index, (person, theirs) in enumerate(sorted(people.items())):
        if len(theirs) < 2:
            continue
        speaker = content.speaker.get(person)
        for d_index, day in enumerate(days):
            slots = [*plenary[day], *parallel[day]]
            free = sum(
                1
                for slot in slots
                if speaker is None or timeline.person_can(speaker, slot.begin, slot.end)
            )
            terms = [(on[i, day], units[i]) for i in theirs if (i, day) in on]
            if sum(units[i] for i in theirs if (i, day) in on) > free:
                row(f"person_{p_index}_{d_index}", terms, free)
    for index, ident in enumerate(idents):
        for before in content.session[ident].after:
            if before not in places:
                continue
            terms = [(var, float(day_number[d])) for (i, d), var in on.items() if i == before]
            terms += [(var, -float(day_number[d])) for (i, d), var in on.items() if i == ident]
            row(f"after_{index}_{idents.index(before)}", terms, 0)
    tracks: dict[str, list[str]] = defaultdict(list)
    for ident in idents:
        session = content.session[ident]
        if session.track:
            tracks[session.track].append(ident)
    for t_index, (_track, members) in enumerate(sorted(tracks.items())):
        for d_index, day in enumerate(days):
            here = [i for i in members if (i, day) in on]
            if not here:
                continue
            if weights.track_days:
                used = prob.add_variable(f"v_{t_index}_{d_index}", 0, 1, pulp.LpBinary)
                objective.append((used, weights.track_days))
                for i in here:
                    row(
                        f"used_{t_index}_{d_index}_{idents.index(i)}",
                        [(on[i, day], 1.0), (used, -1.0)],
                        0,
                    )
            crowd = [i for i in here if not content.session[i].is_plenary]
            if weights.same_track_parallel and crowd:
                extra = prob.add_variable(f"e_{t_index}_{d_index}", 0, None)
                objective.append((extra, weights.same_track_parallel))
                row(
                    f"crowd_{t_index}_{d_index}",
                    [(on[i, day], units[i]) for i in crowd] + [(extra, -1.0)],
                    len(parallel[day]),
                )
    prob.setObjective(lp.linear(objective))
    outcome = solve.run(prob, solver, time_limit=time_limit, gap=0.01)
    if not outcome.has_plan:
        return None
    chosen = {}
    for (ident, day), var in on.items():
        if (var.varValue or 0) > 0.5:
            chosen[ident] = day
    return chosen if len(chosen) == len(idents) else None


def _key(item: tuple[frozenset[str], list[str]]) -> tuple[int, list[str]]:
    return len(item[0]), sorted(item[0])
