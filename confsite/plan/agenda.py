"""The agenda model: binary start and room variables, named constraints, weighted terms.

Formulation, chosen to scale:

* ``y[s,k]`` = session s starts at its k-th allowed start; ``x[s,k,r]`` = and in room r.
  Variables exist only for feasible places (see ``candidates``).
* Clashes are one row per (group, slot), never one per pair: a room holds one session per
  slot, a person is in one session per slot, a plenary slot holds one session. Rows on
  people and plenary slots use the start variables only, so they stay short.
* Soft clashes (attendee interest, one track in parallel) are one row per (group, slot)
  with a continuous excess variable: ``sum of running sessions - 1 <= z``.
* Track cohesion and track days are plain costs on the variables against home rooms
  chosen first by a small model (``homes.py``): exact set-based terms made the LP
  relaxation too weak to prove anything on 100 sessions.
* Rules and goals about blocks (the slots between two breaks: one track per room and
  block, penalties of tracks, rooms and sessions in blocks, people and attendees kept in
  one room through a block, tracks in consecutive blocks) are in ``blocks.py``; they add
  nothing to the model of a conference that does not use them.

Every constraint is registered with a ``Rule`` that says in the organiser's words what it
stands for, so that the diagnosis of an infeasible agenda can name it. With ``elastic``,
the hard rows get slack variables and the objective becomes their sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pulp

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import blocks, lp
from confsite.plan.candidates import Places, places
from confsite.plan.grid import Start, Timeline
from confsite.plan.homes import Homes
from confsite.plan.hours import PresenterHours
from confsite.plan.rules import Rule
from confsite.plan.score import expected_audience, room_cost
from confsite.plan.validate import planned_sessions

Progress = Callable[[str], None]
# In the diagnosis, leaving a session out costs more than bending any rule it collides with,
# so that the rule gets named rather than the session.
DROP_COST = 100.0


@dataclass
class AgendaModel:
    content: Content
    timeline: Timeline
    prob: pulp.LpProblem
    sessions: list[str]
    places: dict[str, Places]
    y: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    x: dict[tuple[str, int, str], pulp.LpVariable] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    slack: dict[str, pulp.LpVariable] = field(default_factory=dict)
    nowhere: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        """(variables, constraints)."""
        return self.prob.numVariables(), self.prob.numConstraints()

    def agenda(self) -> dict[str, Placement]:
        """The placements of the solved model (sessions left out in elastic mode are absent)."""
        agenda = {}
        for (ident, k, room), var in self.x.items():
            if (var.varValue or 0) > 0.5:
                start = self.places[ident].starts[k]
                day = self.content.day[start.day]
                slot_start = next(
                    s.start for s in day.slots if s.start_minutes() == start.begin % (24 * 60)
                )
                agenda[ident] = Placement(day=start.day, start=f"{slot_start:%H:%M}", room=room)
        return agenda


def _expr(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    return lp.linear(pairs)


class Builder:
    def __init__(self, model: AgendaModel, *, elastic: bool) -> None:
        self.model = model
        self.elastic = elastic
        self.objective: list[tuple[pulp.LpVariable, float]] = []
        self.constant = 0.0
        self.broken: dict[str, pulp.LpVariable] = {}  # soft orders: one variable per pair

    def add(self, name: str, rule: Rule, terms: list, sense: int, rhs: float) -> None:
        """Add a named constraint; in elastic mode hard rows get a slack variable."""
        model = self.model
        if self.elastic and rule.kind != "link":
            slack = model.prob.add_variable(f"slack_{name}", 0, None, pulp.LpContinuous)
            model.slack[name] = slack
            terms = [*terms, (slack, 1.0 if sense == pulp.LpConstraintGE else -1.0)]
            if sense == pulp.LpConstraintEQ:
                terms[-1] = (slack, 1.0)
            self.objective.append((slack, DROP_COST if rule.kind == "place" else 1.0))
        lp.add_row(model.prob, name, lp.linear(terms), sense, rhs)
        model.rules[name] = rule


def build(
    content: Content,
    *,
    previous: dict[str, Placement] | None = None,
    elastic: bool = False,
    room_limit: int | None = None,
    homes: Homes | None = None,
    day_of: dict[str, str] | None = None,
    rooms_of: dict[str, tuple[str, ...]] | None = None,
    fixed: dict[str, Placement] | None = None,
    cell_of: dict[str, tuple[int, tuple[str, ...]]] | None = None,
    times: dict[str, Placement] | None = None,
    progress: Progress | None = None,
) -> AgendaModel:
    """The agenda model for ``content``; soft terms are left out when ``elastic``.
    Sessions in ``fixed`` keep that placement (one start, one room); sessions in
    ``cell_of`` stay in that block (its index) and those rooms (all when none are named;
    see ``cells.py``); sessions in ``times`` keep that day and start, in any of their rooms;
    sessions in ``rooms_of`` stay in those rooms.

    ``homes`` (see ``homes.py``) are the tracks' home rooms per day; sessions away from them
    cost ``track_room_changes``, sessions on a day without a home ``track_days``."""
    say = progress or (lambda message: None)
    timeline = Timeline(content)
    sessions = planned_sessions(content)
    home_rooms: dict[str | None, set[str]] = defaultdict(set)
    for (track, _day), rooms in (homes or {}).items():
        home_rooms[track].update(rooms)
    found = {
        ident: places(
            content,
            timeline,
            ident,
            room_limit=room_limit,
            previous=(previous or {}).get(ident),
            keep=home_rooms.get(content.session[ident].track, frozenset()),
        )
        for ident in sessions
    }
    if day_of:
        found = {ident: _on_day(place, day_of.get(ident)) for ident, place in found.items()}
    if rooms_of:
        found = {ident: _in_rooms(place, rooms_of.get(ident)) for ident, place in found.items()}
    if cell_of:
        found = {
            ident: _in_cell(place, timeline, cell_of.get(ident)) for ident, place in found.items()
        }
    if times:
        found = {
            ident: _at_time(place, times[ident], content) if ident in times else place
            for ident, place in found.items()
        }
    if fixed:
        found = {
            ident: _at(place, fixed[ident], content) if ident in fixed else place
            for ident, place in found.items()
        }
    model = AgendaModel(
        content,
        timeline,
        pulp.LpProblem("agenda", pulp.LpMinimize),
        sessions,
        found,
    )
    model.nowhere = [ident for ident in sessions if not found[ident].starts]
    b = Builder(model, elastic=elastic)
    weights = content.planning.weights
    number = {ident: index for index, ident in enumerate(sessions)}
    room_number = {room.id: index for index, room in enumerate(content.venue.rooms)}
    prob = model.prob

    # Variables, and the per-slot lists every clash row is made of.
    say(f"building the model for {len(sessions)} sessions")
    running: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    in_room: dict[tuple[str, int], list] = defaultdict(list)
    person_in_room: dict[tuple[str, int, str], list] = defaultdict(list)
    hours = PresenterHours(content, timeline) if weights.presenter_hours and not elastic else None
    block_cost = weights.session_block and not elastic
    room_cost_per_slot = weights.session_room and not elastic
    for ident in sessions:
        session = content.session[ident]
        i = number[ident]
        place = found[ident]
        prior = (previous or {}).get(ident)
        in_blocks = blocks.session_block_penalties(timeline, session) if block_cost else {}
        for k, start in enumerate(place.starts):
            y = prob.add_variable(f"y_{i}_{k}", 0, 1, pulp.LpBinary)
            model.y[ident, k] = y
            prefer = 0
            for person in session.people:
                speaker = content.speaker.get(person)
                if speaker and timeline.person_prefers(speaker, start.begin, start.end) is False:
                    prefer += 1
            if prefer and weights.speaker_preference and not elastic:
                b.objective.append((y, prefer * weights.speaker_preference))
            per_slot = 0.0
            if hours is not None:
                per_slot += weights.presenter_hours * hours.of(session, timeline.block(start))
            if in_blocks:
                per_slot += weights.session_block * in_blocks.get(
                    timeline.block_of[start.first.key], 0
                )
            if per_slot:
                b.objective.append((y, per_slot * len(start.slots)))
            home = None
            if homes is not None and session.track and not elastic:
                home = homes.get((session.track, start.day))
                if home is None and weights.track_days:
                    b.objective.append((y, weights.track_days))
            for slot in start.slots:
                running[ident][slot.key].append(y)
            links = [(y, -1.0)]
            for room in place.rooms[k]:
                x = prob.add_variable(f"x_{i}_{k}_{room_number[room]}", 0, 1, pulp.LpBinary)
                model.x[ident, k, room] = x
                links.append((x, 1.0))
                if not elastic:
                    overflow, empty = room_cost(
                        expected_audience(content, session), content.room[room].capacity
                    )
                    cost = overflow * weights.room_overflow + empty * weights.room_empty
                    if prior is not None and moved(prior, start, room, content):
                        cost += weights.stability
                    if (
                        home is not None
                        and not session.is_plenary
                        and room not in home
                        and any(r in home for r in place.rooms[k])
                    ):
                        cost += weights.track_room_changes
                    if room_cost_per_slot:
                        cost += (
                            weights.session_room
                            * session.room_penalties.get(room, 0)
                            * len(start.slots)
                        )
                    if cost:
                        b.objective.append((x, cost))
                for slot in start.slots:
                    if not slot.plenary:
                        in_room[room, slot.key].append(x)
                    for person in session.people:
                        person_in_room[person, slot.key, room].append(x)
            b.add(f"link_{i}_{k}", Rule("link", ident), links, pulp.LpConstraintEQ, 0)
        if place.starts:
            b.add(
                f"place_{i}",
                Rule("place", ident),
                [(model.y[ident, k], 1.0) for k in range(len(place.starts))],
                pulp.LpConstraintEQ,
                1,
            )

    say(f"adding rules ({len(model.y)} starts, {len(model.x)} room choices)")
    # A room holds one session per slot (and, with a penalty for using the room in a
    # block, the room's use in that block is counted once).
    used = {}
    if not elastic:
        offered = {(room, timeline.block_of[key]) for room, key in in_room}
        used = blocks.room_use(b, content, timeline, offered, room_number)
    for (room, key), xs in sorted(in_room.items(), key=lambda item: (item[0][1], item[0][0])):
        use = used.get((room, timeline.block_of[key]))
        if use is not None:
            b.add(
                f"room_{room_number[room]}_{key}",
                Rule("room", room, key),
                [(x, 1.0) for x in xs] + [(use, -1.0)],
                pulp.LpConstraintLE,
                0,
            )
        elif len(xs) > 1:
            b.add(
                f"room_{room_number[room]}_{key}",
                Rule("room", room, key),
                [(x, 1.0) for x in xs],
                pulp.LpConstraintLE,
                1,
            )
    # A plenary slot holds one session.
    plenary_running: dict[int, list] = defaultdict(list)
    for ident in sessions:
        for key, ys in running[ident].items():
            if timeline.slots[key].plenary:
                plenary_running[key].extend(ys)
    for key, ys in sorted(plenary_running.items()):
        if len(ys) > 1:
            b.add(
                f"plenary_{key}",
                Rule("plenary", "", key),
                [(y, 1.0) for y in ys],
                pulp.LpConstraintLE,
                1,
            )
    # A person is in one place at a time (speakers and moderators).
    theirs: dict[str, list[str]] = defaultdict(list)
    for ident in sessions:
        for person in content.session[ident].people:
            theirs[person].append(ident)
    person_number = {person: index for index, person in enumerate(sorted(theirs))}
    for person, idents in sorted(theirs.items()):
        if len(idents) < 2:
            continue
        slots: dict[int, list] = defaultdict(list)
        for ident in idents:
            for key, ys in running[ident].items():
                slots[key].extend(ys)
        for key, ys in sorted(slots.items()):
            if len(ys) > 1 and len({id(y) for y in ys}) > 1:
                b.add(
                    f"person_{person_number[person]}_{key}",
                    Rule("person", person, key),
                    [(y, 1.0) for y in ys],
                    pulp.LpConstraintLE,
                    1,
                )
    _buffers(b, content, timeline, theirs, running, person_in_room, person_number, room_number)
    _order(b, content, found, number)
    blocks.add(b, model, room_number, elastic=elastic)
    if not elastic:
        _interest(b, content, sessions, running)
    objective = summed(b.objective)
    objective.constant = b.constant
    prob.setObjective(objective)
    return model


def summed(pairs: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """The sum of ``pairs``, a variable's coefficients added up (an expression made from the
    list itself would keep only a variable's last coefficient)."""
    total: dict[int, tuple[pulp.LpVariable, float]] = {}
    for var, coef in pairs:
        known = total.get(id(var))
        total[id(var)] = (var, coef + known[1]) if known else (var, coef)
    return _expr(list(total.values()))


def _on_day(place: Places, day: str | None) -> Places:
    if day is None:
        return place
    keep = [k for k, start in enumerate(place.starts) if start.day == day]
    return Places(tuple(place.starts[k] for k in keep), tuple(place.rooms[k] for k in keep))


def _in_rooms(place: Places, rooms: tuple[str, ...] | None) -> Places:
    if rooms is None:
        return place
    starts, per_start = [], []
    for k, start in enumerate(place.starts):
        here = tuple(room for room in place.rooms[k] if room in rooms)
        if here:
            starts.append(start)
            per_start.append(here)
    return Places(tuple(starts), tuple(per_start))


def _in_cell(place: Places, timeline: Timeline, cell: tuple[int, tuple[str, ...]] | None) -> Places:
    if cell is None:
        return place
    block, rooms = cell
    starts, per_start = [], []
    for k, start in enumerate(place.starts):
        here = tuple(r for r in place.rooms[k] if not rooms or r in rooms)
        if timeline.block_of[start.first.key] == block and here:
            starts.append(start)
            per_start.append(here)
    return Places(tuple(starts), tuple(per_start))


def _at(place: Places, placement: Placement, content: Content) -> Places:
    """Only ``placement`` among ``place``'s starts and rooms (nothing if it is not one)."""
    for k, start in enumerate(place.starts):
        if placement.room in place.rooms[k] and not moved(
            placement, start, placement.room, content
        ):
            return Places((start,), ((placement.room,),))
    return Places((), ())


def _at_time(place: Places, placement: Placement, content: Content) -> Places:
    """Only ``placement``'s start among ``place``'s, with every room of it."""
    for k, start in enumerate(place.starts):
        # Compared with its own room, only the day and the time can differ.
        if not moved(placement, start, placement.room, content):
            return Places((start,), (place.rooms[k],))
    return Places((), ())


def moved(prior: Placement, start: Start, room: str, content: Content) -> bool:
    day = content.day[start.day]
    minutes = start.begin % (24 * 60)
    at = prior.start.hour * 60 + prior.start.minute
    return prior.day != day.id or at != minutes or prior.room != room


def _buffers(
    b, content, timeline, theirs, running, person_in_room, person_number, room_number
) -> None:
    """A person going from one room to another needs ``speaker_buffer`` minutes between."""
    buffer = content.planning.speaker_buffer
    if not buffer:
        return
    close = [
        (a, c)
        for a in timeline.slots
        for c in timeline.slots
        if a.day == c.day and 0 <= c.begin - a.end < buffer
    ]
    rooms_at: dict[tuple[str, int], list[str]] = defaultdict(list)
    for who, key, room in sorted(person_in_room):
        rooms_at[who, key].append(room)
    for person, idents in sorted(theirs.items()):
        if len(idents) < 2:
            continue
        busy = {key for ident in idents for key in running[ident]}
        for first, second in close:
            if first.key not in busy or second.key not in busy:
                continue
            rooms = rooms_at.get((person, first.key), [])
            later = [y for ident in idents for y in running[ident].get(second.key, ())]
            for room in rooms:
                here = person_in_room[person, first.key, room]
                same = person_in_room.get((person, second.key, room), [])
                terms: dict[int, tuple] = {}
                for var in here:
                    terms[id(var)] = (var, 1.0)
                for var in later:
                    coef = terms.get(id(var), (var, 0.0))[1] + 1.0
                    terms[id(var)] = (var, coef)
                for var in same:
                    coef = terms.get(id(var), (var, 0.0))[1] - 1.0
                    terms[id(var)] = (var, coef)
                pairs = [(var, coef) for var, coef in terms.values() if coef]
                if len(pairs) < 2:
                    continue
                b.add(
                    f"buffer_{person_number[person]}_{first.key}_{second.key}_{room_number[room]}",
                    Rule("buffer", person, first.key, f"{second.key}:{room}"),
                    pairs,
                    pulp.LpConstraintLE,
                    1,
                )


def _order(b, content, found, number) -> None:
    """``after``: the session starts no earlier than the other one ends. With planning.yaml's
    ``order: soft`` each broken ``after`` costs ``weights.order`` instead (one 0..1 variable
    per pair, pushed to 1 by any of the pair's rows)."""
    soft = content.planning.order == "soft"
    weight = content.planning.weights.order
    if soft and (b.elastic or not weight):
        return
    for ident, session in content.sessions:
        if ident not in found:
            continue
        for before in session.after:
            if before not in found or before == ident:
                continue
            mine, theirs = found[ident], found[before]
            model = b.model
            begins = sorted({start.begin for start in mine.starts})
            # Once every start of the other session has ended, the row says nothing more
            # (it starts exactly once): leaving it out keeps sessions on different days
            # out of each other's rows, so the model of chosen days splits by day.
            done = max((s.end for s in theirs.starts), default=None)
            for n, when in enumerate(begins):
                if done is not None and when >= done and not b.elastic:
                    continue
                lhs = [
                    (model.y[ident, k], 1.0) for k, s in enumerate(mine.starts) if s.begin <= when
                ]
                rhs = [
                    (model.y[before, k], -1.0) for k, s in enumerate(theirs.starts) if s.end <= when
                ]
                if soft:
                    name = f"order_{number[ident]}_{number[before]}"
                    broken = b.broken.get(name)
                    if broken is None:
                        broken = model.prob.add_variable(f"z_{name}", 0, 1, pulp.LpContinuous)
                        b.broken[name] = broken
                        b.objective.append((broken, weight))
                    lp.add_row(
                        model.prob,
                        f"{name}_{n}",
                        lp.linear([*lhs, *rhs, (broken, -1.0)]),
                        pulp.LpConstraintLE,
                        0,
                    )
                    continue
                b.add(
                    f"order_{number[ident]}_{number[before]}_{n}",
                    Rule("order", ident, None, before),
                    lhs + rhs,
                    pulp.LpConstraintLE,
                    0,
                )


def _excess_rows(b, name, members, running, cost) -> None:
    """One row per slot: sessions of ``members`` running then, beyond one, cost ``cost``."""
    slots: dict[int, list] = defaultdict(list)
    for ident in members:
        for key, ys in running[ident].items():
            if not b.model.timeline.slots[key].plenary:
                slots[key].append(ys)
    for key, groups in sorted(slots.items()):
        if len(groups) < 2:
            continue
        excess = b.model.prob.add_variable(f"z_{name}_{key}", 0, None, pulp.LpContinuous)
        b.objective.append((excess, cost))
        terms = [(y, 1.0) for ys in groups for y in ys] + [(excess, -1.0)]
        lp.add_row(b.model.prob, f"{name}_{key}", lp.linear(terms), pulp.LpConstraintLE, 1)


def _interest(b, content, sessions, running) -> None:
    weights = content.planning.weights
    known = set(sessions)
    if weights.interest_clash:
        for index, response in enumerate(content.interest.responses):
            members = [s for s in dict.fromkeys(response.sessions) if s in known]
            if len(members) > 1:
                _excess_rows(
                    b, f"want{index}", members, running, response.count * weights.interest_clash
                )
    if weights.same_track_parallel:
        by_track: dict[str, list[str]] = defaultdict(list)
        for ident in sessions:
            if content.session[ident].track:
                by_track[content.session[ident].track].append(ident)
        for t_index, (_track, members) in enumerate(sorted(by_track.items())):
            _excess_rows(b, f"track{t_index}", members, running, weights.same_track_parallel)
