"""Home rooms: which room(s) each track takes on which day, decided before the agenda.

Keeping a track in one room per day ("extra rooms per track and day") and on few days
("extra days per track") are goals about sets of placements: written exactly into the
agenda model they need products of variables, whose LP relaxation is so weak that even
100-session agendas could not be proven good in minutes. So they are split off:

1. This small model gives each track its home rooms per day. It works on slot-units: a
   track needs as many room-slots as its parallel sessions cover, a room offers its
   day's parallel slots, each home used costs ``track_room_changes`` beyond the first of
   the day, each day beyond the first costs ``track_days``, and seats against the track's
   typical audience cost as in the agenda.
2. The agenda model then charges ``track_room_changes`` for each session away from its
   track's home room that day and ``track_days`` for each session on a day its track has no
   home: plain costs on variables, which the solver handles well.

The summary measures the goals on the final agenda itself (see ``score``).
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

import pulp

from confsite.model.content import Content
from confsite.plan import lp, solve
from confsite.plan.candidates import Places
from confsite.plan.score import room_cost

Homes = dict[tuple[str, str], tuple[str, ...]]  # (track, day) -> home rooms


def choose_homes(
    content: Content,
    places: dict[str, Places],
    solver: str,
    *,
    time_limit: float,
) -> Homes:
    weights = content.planning.weights
    if not (weights.track_room_changes or weights.track_days):
        return {}
    demand: dict[str, float] = defaultdict(float)
    by_day: dict[tuple[str, str], float] = defaultdict(float)
    audiences: dict[str, list[int]] = defaultdict(list)
    for ident, place in sorted(places.items()):
        session = content.session[ident]
        if not session.track or session.is_plenary or not place.starts:
            continue
        units = min(len(start.slots) for start in place.starts)
        demand[session.track] += units
        for day in sorted({start.day for start in place.starts}):
            by_day[session.track, day] += units
        if session.audience is not None:
            audiences[session.track].append(session.audience)
    if not demand:
        return {}
    days = [day.id for day in content.grid.days]
    capacity: dict[tuple[str, str], int] = {}
    open_rooms: dict[str, list[str]] = {}
    rooms_of_day: dict[str, list[str]] = {}
    for day in content.grid.days:
        slots = sum(1 for run in day.runs() for slot in run if slot.kind == "session")
        rooms_of_day[day.id] = list(day.rooms or [room.id for room in content.venue.rooms])
        for room in rooms_of_day[day.id]:
            capacity[day.id, room] = slots
        open_rooms[day.id] = rooms_of_day[day.id]
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for track in content.tracks.tracks:
        for h in track.held_rooms:
            held[h.day, h.room].add(track.id)
    prob = pulp.LpProblem("homes", pulp.LpMinimize)
    objective: list[tuple[pulp.LpVariable, float]] = []
    constant = 0.0
    homes: dict[tuple[str, str, str], pulp.LpVariable] = {}
    units: dict[tuple[str, str, str], pulp.LpVariable] = {}
    tracks = sorted(demand)
    for t_index, track in enumerate(tracks):
        typical = round(mean(audiences[track])) if audiences[track] else None
        constant -= weights.track_days
        for d_index, day in enumerate(days):
            if by_day[track, day] <= 0:
                continue
            on = prob.add_variable(f"v_{t_index}_{d_index}", 0, 1, pulp.LpBinary)
            objective.append((on, weights.track_days - weights.track_room_changes))
            here = []
            for r_index, room in enumerate(open_rooms[day]):
                holders = held.get((day, room))
                if holders and track not in holders:
                    continue
                a = prob.add_variable(f"a_{t_index}_{d_index}_{r_index}", 0, 1, pulp.LpBinary)
                q = prob.add_variable(f"q_{t_index}_{d_index}_{r_index}", 0, None)
                homes[track, day, room] = a
                units[track, day, room] = q
                here.append(a)
                objective.append((a, weights.track_room_changes))
                overflow, empty = room_cost(typical, content.room[room].capacity)
                seat = overflow * weights.room_overflow + empty * weights.room_empty
                if seat:
                    objective.append((q, seat))
                cap = capacity[day, room]
                lp.add_row(
                    prob,
                    f"home_{t_index}_{d_index}_{r_index}",
                    lp.linear([(q, 1.0), (a, -float(cap))]),
                    pulp.LpConstraintLE,
                    0,
                )
                lp.add_row(
                    prob,
                    f"onday_{t_index}_{d_index}_{r_index}",
                    lp.linear([(a, 1.0), (on, -1.0)]),
                    pulp.LpConstraintLE,
                    0,
                )
            if here:
                lp.add_row(
                    prob,
                    f"someroom_{t_index}_{d_index}",
                    lp.linear([(on, 1.0)] + [(a, -1.0) for a in here]),
                    pulp.LpConstraintLE,
                    0,
                )
                lp.add_row(
                    prob,
                    f"dayunits_{t_index}_{d_index}",
                    lp.linear(
                        [
                            (units[track, day, room], 1.0)
                            for room in open_rooms[day]
                            if (track, day, room) in units
                        ]
                    ),
                    pulp.LpConstraintLE,
                    by_day[track, day],
                )
        # Demand the rooms cannot hold is left out at a price (it will sit away from home).
        short = prob.add_variable(f"short_{t_index}", 0, None)
        objective.append((short, weights.track_room_changes + weights.track_days + 1.0))
        lp.add_row(
            prob,
            f"demand_{t_index}",
            lp.linear(
                [(q, 1.0) for (t, _d, _r), q in sorted(units.items()) if t == track]
                + [(short, 1.0)]
            ),
            pulp.LpConstraintGE,
            demand[track],
        )
    for d_index, day in enumerate(days):
        for r_index, room in enumerate(open_rooms[day]):
            shared = [(q, 1.0) for (t, d, r), q in sorted(units.items()) if d == day and r == room]
            if shared:
                lp.add_row(
                    prob,
                    f"roomday_{d_index}_{r_index}",
                    lp.linear(shared),
                    pulp.LpConstraintLE,
                    capacity[day, room],
                )
    expression = lp.linear(objective)
    expression.constant = constant
    prob.setObjective(expression)
    outcome = solve.run(prob, solver, time_limit=time_limit, gap=0.01)
    if not outcome.has_plan:
        return {}
    chosen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (track, day, room), a in sorted(homes.items()):
        if (a.varValue or 0) > 0.5:
            chosen[track, day].append(room)
    return {key: tuple(rooms) for key, rooms in sorted(chosen.items())}
