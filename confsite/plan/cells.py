"""Conferences planned in blocks: choose the tracks' rooms and the sessions' blocks first.

With planning.yaml's ``one_track_per_block`` a room holds one track's sessions through a
block (a paper session), and the goals of such conferences are about blocks: which track
holds which room when, who is needed in two rooms within a block, which blocks suit a
presenter's time zone. The agenda model decides all of that together with each session's
position in its block, and each (session, start, room) is a variable of its own: on a
conference of a few hundred talks its LP alone takes minutes, and the same talk at
another position or in another room of its track is most of it.

So on large block conferences the planner first solves this smaller model, which has no
positions and no rooms for sessions:

* ``u[t, b, r]`` (0/1): track t holds room r in block b; one track per room and block
  (sessions without a track count as one more track);
* ``s[i, b]`` (0/1): session i is in block b; a track's sessions in a block fit the
  slots of the rooms it holds there (a session of n slots counts n, and a room of L slots
  takes at most L // m sessions of m slots or more), a session that needs certain rooms
  has one of them held for its track, a plenary block's sessions fit it;
* a person's sessions in a block fit its slots; ``after``: a session is in no earlier
  block than the one it follows (a goal with ``order: soft``);
* the goals: every track goal of ``blocks.py`` on u, exactly; the session's own block and
  time-zone penalties; a person (speaker, moderator, chair) or an attendee response
  needing several tracks of one block, which one track per room makes several rooms; the
  session's room penalties and room size at the best room its track could hold.

The agenda model then places each session within its block, in a room its track holds
there: a model of a few positions per session, where every rule and goal is exact (a
track holding two rooms of a block, people within it, attendees' clashes per slot). If
that cannot be planned, the planner plans the whole conference at once.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pulp

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import blocks, lp, solve
from confsite.plan.agenda import AgendaModel, Builder, Progress, moved, summed
from confsite.plan.candidates import Places
from confsite.plan.grid import Timeline
from confsite.plan.hours import PresenterHours
from confsite.plan.rules import Rule
from confsite.plan.score import expected_audience, room_cost

Var = pulp.LpVariable
FEASIBLE_SHARE = 0.25  # of the time limit, at most, for a first choice without the goals
PACKING_SHARE = 0.1  # of the time limit, at most, for packing tracks into rooms and blocks
PACKING_GAP = 0.02  # close to the fewest slots held: a loose packing leaves no slack
Cells = dict[str, tuple[int, tuple[str, ...]]]  # session -> (block index, its rooms there)


class BlocksModel(AgendaModel):
    """The model of this module: ``x`` is keyed (session, block, "") for s, and ``held``
    (group, block, room) for u; ``need`` is the slots each group's sessions take (each at
    its shortest), ``slots`` each block's length."""

    held: dict[tuple[str | None, int, str], Var]
    need: dict[str | None, int]
    slots: dict[int, int]


def build_cells(
    content: Content,
    timeline: Timeline,
    places: dict[str, Places],
    *,
    previous: dict[str, Placement] | None = None,
) -> BlocksModel:
    sessions = list(places)
    model = BlocksModel(
        content, timeline, pulp.LpProblem("blocks", pulp.LpMinimize), sessions, places
    )
    b = Builder(model, elastic=False)
    weights = content.planning.weights
    room_number = {room.id: index for index, room in enumerate(content.venue.rooms)}
    track_number = {track.id: index + 1 for index, track in enumerate(content.tracks.tracks)}
    hours = PresenterHours(content, timeline) if weights.presenter_hours else None

    # Where each session can be: block -> (slots it takes there, rooms it can use there).
    options: dict[str, dict[int, tuple[int, set[str]]]] = {}
    cell_groups: dict[tuple[str | None, int], set[str]] = defaultdict(set)
    for ident in sessions:
        place = places[ident]
        found: dict[int, tuple[int, set[str]]] = {}
        for k, start in enumerate(place.starts):
            block = timeline.block_of[start.first.key]
            size, rooms = found.get(block, (len(start.slots), set()))
            found[block] = (min(size, len(start.slots)), rooms | set(place.rooms[k]))
        options[ident] = found
        group = content.session[ident].track
        for block, (_size, rooms) in found.items():
            if not timeline.blocks[block].plenary:
                for room in rooms:
                    cell_groups[group, block].add(room)

    held: dict[tuple[str | None, int, str], Var] = {}
    for (group, block), rooms in sorted(
        cell_groups.items(), key=lambda item: (item[0][1], track_number.get(item[0][0], 0))
    ):
        for room in sorted(rooms, key=room_number.__getitem__):
            g = track_number.get(group, 0) if group else 0
            held[group, block, room] = model.prob.add_variable(
                f"u_{g}_{block}_{room_number[room]}", 0, 1, pulp.LpBinary
            )
    model.held = held
    model.slots = {block: len(timeline.blocks[block].slots) for _g, block, _r in held}
    model.need = defaultdict(int)
    for ident in sessions:
        sizes = [size for block, (size, _r) in options[ident].items() if block in model.slots]
        if sizes:
            model.need[content.session[ident].track] += min(sizes)

    in_block: dict[str, dict[int, Var]] = {}
    load: dict[tuple[str | None, int], list[tuple[Var, float]]] = defaultdict(list)
    plenary_load: dict[int, list[tuple[Var, float]]] = defaultdict(list)
    person_load: dict[tuple[str, int], list[tuple[Var, float]]] = defaultdict(list)
    for i, ident in enumerate(sessions):
        session = content.session[ident]
        group = session.track
        prior = (previous or {}).get(ident)
        penalties = blocks.session_block_penalties(timeline, session)
        mine: dict[int, Var] = {}
        for block, (size, rooms) in sorted(options[ident].items()):
            s = model.prob.add_variable(f"s_{i}_{block}", 0, 1, pulp.LpBinary)
            mine[block] = s
            model.x[ident, block, ""] = s
            per_slot = weights.session_block * penalties.get(block, 0)
            if hours is not None:
                per_slot += weights.presenter_hours * hours.of(session, timeline.blocks[block])

            cost = per_slot * size + min(_room_cost(content, session, room, size) for room in rooms)
            if prior is not None and not any(
                timeline.block_of[start.first.key] == block
                and not moved(prior, start, room, content)
                for k, start in enumerate(places[ident].starts)
                for room in places[ident].rooms[k]
            ):
                cost += weights.stability
            if cost:
                b.objective.append((s, cost))
            if timeline.blocks[block].plenary:
                plenary_load[block].append((s, float(size)))
            else:
                load[group, block].append((s, float(size)))
                usable = [held[group, block, room] for room in sorted(rooms)]
                if len(usable) < len(cell_groups[group, block]):
                    # It needs certain rooms: one of them is held for its track.
                    b.add(
                        f"needs_{i}_{block}",
                        Rule("room", ident),
                        [(s, 1.0)] + [(u, -1.0) for u in usable],
                        pulp.LpConstraintLE,
                        0,
                    )
            for person in session.people:
                person_load[person, block].append((s, float(size)))
        in_block[ident] = mine
        b.add(
            f"place_{i}",
            Rule("place", ident),
            [(s, 1.0) for s in mine.values()],
            pulp.LpConstraintEQ,
            1,
        )

    # A track's sessions in a block fit the rooms it holds there.
    for (group, block), terms in sorted(
        load.items(), key=lambda item: (item[0][1], track_number.get(item[0][0], 0))
    ):
        size = float(len(timeline.blocks[block].slots))
        us = [held[group, block, room] for room in sorted(cell_groups[group, block])]
        g = track_number.get(group, 0) if group else 0
        b.add(
            f"fits_{g}_{block}",
            Rule("room", group or ""),
            [*terms] + [(u, -size) for u in us],
            pulp.LpConstraintLE,
            0,
        )
        # Slots add up, but sessions also have to pack into rooms: a room of L slots holds
        # at most L // m sessions of m slots or more (three 2-slot talks never fit two rooms
        # of 3 slots, though 6 slots do).
        length = int(size)
        for m in range(2, length + 1):
            long = [(s, 1.0) for s, slots in terms if slots >= m]
            room_holds = length // m
            if long and len(long) > room_holds and room_holds * m < length:
                b.add(
                    f"packs_{g}_{block}_{m}",
                    Rule("room", group or ""),
                    [*long] + [(u, -float(room_holds)) for u in us],
                    pulp.LpConstraintLE,
                    0,
                )
    for block, terms in sorted(plenary_load.items()):
        size = float(len(timeline.blocks[block].slots))
        if sum(coef for _s, coef in terms) > size:
            b.add(f"plenary_{block}", Rule("plenary", ""), terms, pulp.LpConstraintLE, size)
    # One track per room and block; a room with a penalty for being used in a block.
    offered = {(room, block) for _group, block, room in held}
    used = blocks.room_use(b, content, timeline, offered, room_number)
    per_room: dict[tuple[int, str], list[Var]] = defaultdict(list)
    for (_group, block, room), u in held.items():
        per_room[block, room].append(u)
    for (block, room), us in sorted(
        per_room.items(), key=lambda i: (i[0][0], room_number[i[0][1]])
    ):
        use = used.get((room, block))
        terms = [(u, 1.0) for u in us]
        if use is not None:
            b.add(
                f"onetrack_{room_number[room]}_{block}",
                Rule("track block", room),
                [*terms, (use, -1.0)],
                pulp.LpConstraintLE,
                0,
            )
        elif len(us) > 1:
            b.add(
                f"onetrack_{room_number[room]}_{block}",
                Rule("track block", room),
                terms,
                pulp.LpConstraintLE,
                1,
            )
    person_number = {p: n for n, p in enumerate(sorted({p for p, _b in person_load}))}
    for (person, block), terms in sorted(person_load.items()):
        size = float(len(timeline.blocks[block].slots))
        if len(terms) > 1 and sum(coef for _s, coef in terms) > size:
            b.add(
                f"busy_{person_number[person]}_{block}",
                Rule("person", person),
                terms,
                pulp.LpConstraintLE,
                size,
            )
    _block_order(b, content, sessions, in_block)
    blocks.track_goals(b, model, held, room_number)
    present = _present(model, held, track_number)
    if weights.person_block_rooms:
        _people(b, model, in_block, present, weights.person_block_rooms)
    if weights.interest_block_rooms:
        _attendees(b, model, in_block, weights.interest_block_rooms)
    objective = summed(b.objective)
    objective.constant = b.constant
    model.prob.setObjective(objective)
    return model


def _room_cost(content: Content, session, room: str, size: int) -> float:  # type: ignore[no-untyped-def]
    """Room size and the session's room penalty in ``room``."""
    weights = content.planning.weights
    overflow, empty = room_cost(expected_audience(content, session), content.room[room].capacity)
    cost = overflow * weights.room_overflow + empty * weights.room_empty
    return cost + weights.session_room * session.room_penalties.get(room, 0) * size


def _present(model, held, track_number) -> dict[tuple[str, int], Var]:  # type: ignore[no-untyped-def]
    """For chairs: q[t, b] >= each u of track t in block b."""
    present: dict[tuple[str, int], Var] = {}
    chaired = {track.id for track in model.content.tracks.tracks if track.chairs}
    for index, ((group, block, _room), u) in enumerate(held.items()):
        if group not in chaired:
            continue
        if (group, block) not in present:
            present[group, block] = model.prob.add_variable(
                f"chaired_{track_number[group]}_{block}", 0, 1, pulp.LpContinuous
            )
        blocks.row(model, f"chairedif_{index}", [(u, 1.0), (present[group, block], -1.0)])
    return present


def _tracks_needed(
    b,
    model,
    name: str,
    members: list[str],
    in_block: dict[str, dict[int, Var]],
    extra: dict[int, dict[str, Var]],
    cost: float,
) -> None:  # type: ignore[no-untyped-def]
    """Tracks beyond the first that ``members`` (and ``extra``: block -> track -> present)
    have in a block: each needs a room of its own."""
    content: Content = model.content
    by_block: dict[int, dict[str, list[Var]]] = defaultdict(lambda: defaultdict(list))
    for ident in members:
        track = content.session[ident].track or ""
        for block, s in in_block.get(ident, {}).items():
            if not model.timeline.blocks[block].plenary:
                by_block[block][track].append(s)
    for block, tracks in extra.items():
        for track, var in tracks.items():
            by_block[block][track].append(var)
    for block, tracks in sorted(by_block.items()):
        if len(tracks) < 2:
            continue
        needs = []
        for n, (_track, holders) in enumerate(sorted(tracks.items())):
            if len(holders) == 1:
                needs.append(holders[0])
                continue
            need = model.prob.add_variable(f"d_{name}_{block}_{n}", 0, 1, pulp.LpContinuous)
            for index, var in enumerate(holders):
                blocks.row(model, f"dif_{name}_{block}_{n}_{index}", [(var, 1.0), (need, -1.0)])
            needs.append(need)
        beyond = model.prob.add_variable(f"e_{name}_{block}", 0, None, pulp.LpContinuous)
        b.objective.append((beyond, cost))
        blocks.row(
            model, f"rooms_{name}_{block}", [(v, 1.0) for v in needs] + [(beyond, -1.0)], rhs=1
        )


def _people(b, model, in_block, present, weight: float) -> None:  # type: ignore[no-untyped-def]
    content: Content = model.content
    own: dict[str, list[str]] = defaultdict(list)
    for ident in model.sessions:
        for person in content.session[ident].people:
            own[person].append(ident)
    chaired: dict[str, list[str]] = defaultdict(list)
    for track in content.tracks.tracks:
        for person in track.chairs:
            chaired[person].append(track.id)
    for index, person in enumerate(sorted(set(own) | set(chaired))):
        extra: dict[int, dict[str, Var]] = defaultdict(dict)
        for track in chaired.get(person, ()):
            for (t, block), var in present.items():
                if t == track:
                    extra[block][track] = var
        _tracks_needed(b, model, f"person{index}", own.get(person, []), in_block, extra, weight)


def _attendees(b, model, in_block, weight: float) -> None:  # type: ignore[no-untyped-def]
    for index, response in enumerate(model.content.interest.responses):
        members = [ident for ident in dict.fromkeys(response.sessions) if ident in in_block]
        if len(members) > 1:
            _tracks_needed(b, model, f"want{index}", members, in_block, {}, weight * response.count)


def _block_order(b, content, sessions, in_block) -> None:  # type: ignore[no-untyped-def]
    """``after`` between blocks: a session in block β or earlier needs the one it follows
    in block β or earlier (broken at ``weights.order`` each when the order is soft)."""
    soft = content.planning.order == "soft"
    weight = content.planning.weights.order
    if soft and not weight:
        return
    number = {ident: index for index, ident in enumerate(sessions)}
    for ident in sessions:
        for before in content.session[ident].after:
            if before not in in_block or before == ident:
                continue
            mine, theirs = in_block[ident], in_block[before]
            broken = None
            if soft:
                broken = b.model.prob.add_variable(
                    f"z_order_{number[ident]}_{number[before]}", 0, 1, pulp.LpContinuous
                )
                b.objective.append((broken, weight))
            for bound in sorted(mine):
                lhs = [(s, 1.0) for blk, s in mine.items() if blk <= bound]
                rhs = [(s, -1.0) for blk, s in theirs.items() if blk <= bound]
                name = f"order_{number[ident]}_{number[before]}_{bound}"
                if broken is not None:
                    blocks.row(b.model, name, [*lhs, *rhs, (broken, -1.0)])
                else:
                    b.add(
                        name, Rule("order", ident, None, before), lhs + rhs, pulp.LpConstraintLE, 0
                    )


def _packing(model: BlocksModel, solver: str, time_limit: float) -> dict[Var, float] | None:
    """Values of ``model.held`` from a smaller model: each track (and the sessions without
    one) holds rooms in blocks whose slots cover its sessions', one track per room and
    block, with the fewest slots held. Nothing else is asked, so it is quick, and the
    blocks model completes it quickly where its own search for a first plan did not end
    (ISF22: 311 talks in 360 room-slots for 49 tracks; nothing in 480 s with HiGHS, and a
    first plan 3.5 s after the packing). None when it finds nothing in time."""
    if not model.held:
        return None
    packing = pulp.LpProblem("packing", pulp.LpMinimize)
    chosen = {
        key: packing.add_variable(f"v_{n}", 0, 1, pulp.LpBinary) for n, key in enumerate(model.held)
    }
    per_cell: dict[tuple[int, str], list[Var]] = defaultdict(list)
    per_group: dict[str | None, list[tuple[Var, float]]] = defaultdict(list)
    for (group, block, room), v in chosen.items():
        per_cell[block, room].append(v)
        per_group[group].append((v, float(model.slots[block])))
    for n, (_cell, vs) in enumerate(sorted(per_cell.items())):
        if len(vs) > 1:
            packing.addConstraint(pulp.lpSum(vs) <= 1, f"cell_{n}")
    for n, group in enumerate(sorted(model.need, key=lambda g: (g is not None, g or ""))):
        packing.addConstraint(lp.linear(per_group.get(group, [])) >= model.need[group], f"need_{n}")
    packing.setObjective(
        lp.linear([(v, float(model.slots[b])) for (_g, b, _r), v in chosen.items()])
    )
    outcome = solve.run(packing, solver, time_limit=time_limit, gap=PACKING_GAP)
    if not outcome.has_plan:
        return None
    return {model.held[key]: 1.0 for key, v in chosen.items() if (v.varValue or 0) > 0.5}


def choose_cells(
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
) -> tuple[Cells | None, solve.Outcome]:
    """Each session's block and the rooms its track holds there, or None when the model
    found nothing in time."""
    model = build_cells(content, timeline, places, previous=previous)
    say = progress or (lambda message: None)
    variables, constraints = model.size
    say(
        f"choosing the tracks' rooms and the sessions' blocks: {variables} variables, "
        f"{constraints} constraints (time limit {time_limit:.0f} s)"
    )
    # Any plan first (no objective: CBC finds none with the goals in minutes on GECCO19,
    # and finds one in seconds without them), from the tracks packed into rooms and blocks
    # by their slots alone; then the goals from there.
    began = time.perf_counter()
    packed = _packing(model, solver, max(1.0, PACKING_SHARE * time_limit))
    if packed:
        say(f"tracks packed into rooms and blocks in {time.perf_counter() - began:.1f} s")
    objective = model.prob.objective
    # Not an empty objective: PuLP would add a dummy column that breaks CBC's warm start.
    anything = next(iter(model.x.values()))
    model.prob.setObjective(lp.linear([(anything, 0.0)]))
    first = solve.run(
        model.prob,
        solver,
        time_limit=max(1.0, FEASIBLE_SHARE * time_limit - (time.perf_counter() - began)),
        gap=1.0,
        start=packed,
    )
    start = None
    if first.has_plan:
        start = {var: var.varValue for var in model.prob.variables() if var.varValue is not None}
        say(f"a first choice that keeps the rules in {first.seconds:.1f} s; improving it")
    model.prob.setObjective(objective)
    left = max(1.0, time_limit - (time.perf_counter() - began))
    outcome = solve.run(
        model.prob, solver, time_limit=left, gap=gap, log=log, progress=say, start=start
    )
    if not outcome.has_plan:
        return None, outcome
    rooms: dict[tuple[str | None, int], list[str]] = defaultdict(list)
    for (group, block, room), u in model.held.items():
        if (u.varValue or 0) > 0.5:
            rooms[group, block].append(room)
    chosen: Cells = {}
    for (ident, block, _), s in model.x.items():
        if (s.varValue or 0) > 0.5:
            group = content.session[ident].track
            chosen[ident] = (block, tuple(rooms.get((group, block), ())))
    return chosen, outcome
