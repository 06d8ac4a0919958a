"""Blocks of sessions in the agenda model: who holds a room for a whole block.

A block is a run of back-to-back slots between two breaks (``grid.Block``). Conferences of
paper sessions plan in blocks: a room holds talks of one track through a block, chairs and
speakers stay in one room through it, attendees pick one room per block. The rules and
goals here say so, each one only when planning.yaml asks for it, so that a conference
that uses none of them gets exactly the model it had before.

Variables, all created only where a session can really be (the x variables say where):

* ``u[g, b, r]`` (0/1): group g (a track; with one_track_per_block also the sessions
  without one) holds room r in block b. One row per (group, room, slot): the group's
  sessions running in r then are at most u. One track per room and block is then one row
  per (room, block): the u's sum to at most 1.
* ``v[P, b, r]`` (0..1): a person, or the wanted sessions of an attendee response, is
  needed in room r during block b; one row per (group, room, slot), as for u, and
  ``e[P, b] >= sum_r v - 1`` counts the rooms beyond the first.
* per track: ``p[t, b]`` the track runs in block b, ``w[t, r]`` it ever uses room r,
  ``q`` similar tracks in one block, and a 0/1 ``g[t]`` for a track whose blocks are not
  consecutive (the runs of blocks it starts, beyond one, are at most (blocks - 1) g[t]).

The similar-tracks term counts, per block, rooms(t1) + rooms(t2) - 1 for two similar
tracks present together: the number of room pairs whenever one of the two holds a single
room there, a lower bound when both hold several; ``score.measure`` counts the pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pulp

from confsite.model.common import BlockPenalty
from confsite.model.content import Content
from confsite.model.sessions import Session
from confsite.plan import lp
from confsite.plan.grid import Timeline
from confsite.plan.rules import Rule

Var = pulp.LpVariable


def block_penalties(timeline: Timeline, entries: Iterable[BlockPenalty]) -> dict[int, float]:
    """Block index -> penalty, for entries that name a block (``confsite check`` reports
    the others)."""
    found: dict[int, float] = {}
    for entry in entries:
        block = timeline.block_at(entry.day, entry.start)
        if block is not None:
            found[block.index] = found.get(block.index, 0.0) + entry.penalty
    return found


def session_block_penalties(timeline: Timeline, session: Session) -> dict[int, float]:
    return block_penalties(timeline, session.block_penalties)


@dataclass(frozen=True)
class Cell:
    """One room choice of one session: its variable, block, room and the slots it covers
    (``keys``; empty in the blocks-first model of ``cells.py``, which has no positions
    and counts ``slots`` against the block's length instead)."""

    ident: str
    x: Var
    block: int
    room: str
    keys: tuple[int, ...]
    slots: int


def _cells(model) -> list[Cell]:  # type: ignore[no-untyped-def]
    """Every room choice of a parallel session, in the model's order."""
    timeline = model.timeline
    cells = []
    for (ident, k, room), x in model.x.items():
        start = model.places[ident].starts[k]
        if start.first.plenary:
            continue
        cells.append(
            Cell(
                ident,
                x,
                timeline.block_of[start.first.key],
                room,
                tuple(s.key for s in start.slots),
                len(start.slots),
            )
        )
    return cells


def row(
    model,
    name: str,
    terms: list[tuple[Var, float]],
    sense: int = pulp.LpConstraintLE,
    rhs: float = 0,
) -> None:  # type: ignore[no-untyped-def]
    """A row that only ties variables together (no rule of the organiser's)."""
    lp.add_row(model.prob, name, lp.linear(terms), sense, rhs)


def room_use(
    b,
    content: Content,
    timeline: Timeline,
    offered: set[tuple[str, int]],
    room_number: dict[str, int],
) -> dict[tuple[str, int], Var]:  # type: ignore[no-untyped-def]
    """A 0..1 variable per (room, block) in ``offered`` that has a penalty for being used
    (rooms' ``block_penalties`` times ``weights.room_block``); the rows that hold the room's
    sessions push it to 1."""
    weight = content.planning.weights.room_block
    if not weight:
        return {}
    used: dict[tuple[str, int], Var] = {}
    for room in content.venue.rooms:
        for index, penalty in sorted(block_penalties(timeline, room.block_penalties).items()):
            if penalty and (room.id, index) in offered:
                var = b.model.prob.add_variable(
                    f"roomuse_{room_number[room.id]}_{index}", 0, 1, pulp.LpContinuous
                )
                b.objective.append((var, weight * penalty))
                used[room.id, index] = var
    return used


def add(
    b, model, room_number: dict[str, int], *, elastic: bool, cells: list[Cell] | None = None
) -> None:  # type: ignore[no-untyped-def]
    """The block rules and goals planning.yaml asks for (goals only when not ``elastic``),
    on the agenda model's x variables, or on ``cells`` without positions (``cells.py``)."""
    content: Content = model.content
    planning = content.planning
    weights = planning.weights
    soft = not elastic
    track_terms = soft and any(
        (
            weights.track_block,
            weights.track_room,
            weights.similar_tracks,
            weights.track_rooms,
            weights.track_block_rooms,
            weights.track_gaps,
        )
    )
    people = soft and bool(weights.person_block_rooms)
    chairs = people and any(track.chairs for track in content.tracks.tracks)
    interest = soft and bool(weights.interest_block_rooms) and bool(content.interest.responses)
    rule = planning.one_track_per_block
    if not (rule or track_terms or people or interest):
        return
    if cells is None:
        cells = _cells(model)
    held: dict[tuple[str | None, int, str], Var] = {}
    if rule or track_terms or chairs:
        held = _track_rooms(
            b, model, cells, room_number, rule, exact=soft and weights.track_gaps > 0
        )
    if track_terms:
        track_goals(b, model, held, room_number)
    if people:
        _people(b, model, cells, held, room_number)
    if interest:
        _attendees(b, model, cells, room_number)


# --- tracks holding rooms ----------------------------------------------------------------


def _track_rooms(b, model, cells, room_number, rule: bool, *, exact: bool):  # type: ignore[no-untyped-def]
    """u[g, b, r] with its rows; with ``rule`` one group per room and block."""
    content: Content = model.content
    track_number = {track.id: index + 1 for index, track in enumerate(content.tracks.tracks)}
    by_slot: dict[tuple[str | None, int, str, int], list[Var]] = defaultdict(list)
    by_cell: dict[tuple[str | None, int, str], list[Var]] = defaultdict(list)
    length: dict[tuple[str | None, int, str], list[tuple[Var, float]]] = defaultdict(list)
    for cell in cells:
        group = content.session[cell.ident].track
        if group is None and not rule:
            continue
        for key in cell.keys:
            by_slot[group, cell.block, cell.room, key].append(cell.x)
        by_cell[group, cell.block, cell.room].append(cell.x)
        if not cell.keys:
            length[group, cell.block, cell.room].append((cell.x, float(cell.slots)))
    held: dict[tuple[str | None, int, str], Var] = {}
    for group, block, room in by_cell:
        g = track_number.get(group, 0) if group else 0
        held[group, block, room] = model.prob.add_variable(
            f"u_{g}_{block}_{room_number[room]}", 0, 1, pulp.LpBinary
        )
    for (group, block, room, key), xs in by_slot.items():
        g = track_number.get(group, 0) if group else 0
        name = f"trackroom_{g}_{room_number[room]}_{key}"
        b.add(
            name,
            Rule("link", room, key),
            [(x, 1.0) for x in xs] + [(held[group, block, room], -1.0)],
            pulp.LpConstraintLE,
            0,
        )
    for (group, block, room), terms in length.items():
        # Without positions: the group's sessions fit the block when the group holds it.
        g = track_number.get(group, 0) if group else 0
        size = len(model.timeline.blocks[block].slots)
        b.add(
            f"trackfits_{g}_{block}_{room_number[room]}",
            Rule("link", room),
            [*terms, (held[group, block, room], -float(size))],
            pulp.LpConstraintLE,
            0,
        )
    if exact:
        for (group, block, room), xs in by_cell.items():
            g = track_number.get(group, 0) if group else 0
            b.add(
                f"trackroomused_{g}_{block}_{room_number[room]}",
                Rule("link", room),
                [(held[group, block, room], 1.0)] + [(x, -1.0) for x in xs],
                pulp.LpConstraintLE,
                0,
            )
    if rule:
        per_room: dict[tuple[int, str], list[Var]] = defaultdict(list)
        for (_group, block, room), var in held.items():
            per_room[block, room].append(var)
        timeline = model.timeline
        for (block, room), us in sorted(
            per_room.items(), key=lambda item: (item[0][0], room_number[item[0][1]])
        ):
            if len(us) > 1:
                b.add(
                    f"onetrack_{room_number[room]}_{block}",
                    Rule("track block", room, timeline.blocks[block].slots[0].key),
                    [(u, 1.0) for u in us],
                    pulp.LpConstraintLE,
                    1,
                )
    return held


def track_goals(b, model, held, room_number) -> None:  # type: ignore[no-untyped-def]
    content: Content = model.content
    weights = content.planning.weights
    timeline: Timeline = model.timeline
    tracks = {track.id: track for track in content.tracks.tracks}
    track_number = {track.id: index + 1 for index, track in enumerate(content.tracks.tracks)}
    rooms_of: dict[str, dict[int, list[tuple[str, Var]]]] = defaultdict(lambda: defaultdict(list))
    for (group, block, room), u in held.items():
        if group is not None:
            rooms_of[group][block].append((room, u))
    in_blocks = {
        ident: block_penalties(timeline, tracks[ident].block_penalties) for ident in rooms_of
    }
    for track, by_block in sorted(rooms_of.items()):
        t = track_number[track]
        room_penalties = tracks[track].room_penalties
        for block, pairs in sorted(by_block.items()):
            for room, u in pairs:
                cost = weights.track_block * in_blocks[track].get(block, 0.0)
                cost += weights.track_room * room_penalties.get(room, 0.0)
                if cost:
                    b.objective.append((u, cost))
        if weights.track_rooms:
            uses: dict[str, Var] = {}
            for block, pairs in sorted(by_block.items()):
                for room, u in pairs:
                    if room not in uses:
                        uses[room] = model.prob.add_variable(
                            f"w_{t}_{room_number[room]}", 0, 1, pulp.LpContinuous
                        )
                        b.objective.append((uses[room], weights.track_rooms))
                    row(
                        model,
                        f"trackuses_{t}_{block}_{room_number[room]}",
                        [(u, 1.0), (uses[room], -1.0)],
                        pulp.LpConstraintLE,
                        0,
                    )
            b.constant -= weights.track_rooms  # the first room is free
    present = _present(b, model, rooms_of, track_number, room_number)
    if weights.track_gaps:
        _gaps(b, model, present, track_number)
    if weights.similar_tracks:
        for index, pair in enumerate(content.tracks.similar):
            first, second = pair.tracks
            if not pair.penalty or first not in rooms_of or second not in rooms_of:
                continue
            for block in sorted(set(rooms_of[first]) & set(rooms_of[second])):
                both = model.prob.add_variable(
                    f"similar_{index}_{block}", 0, None, pulp.LpContinuous
                )
                b.objective.append((both, weights.similar_tracks * pair.penalty))
                terms = [(u, 1.0) for _room, u in rooms_of[first][block]]
                terms += [(u, 1.0) for _room, u in rooms_of[second][block]]
                row(
                    model,
                    f"similar_{index}_{block}",
                    [*terms, (both, -1.0)],
                    pulp.LpConstraintLE,
                    1,
                )


def _present(b, model, rooms_of, track_number, room_number) -> dict[str, dict[int, Var]]:  # type: ignore[no-untyped-def]
    """p[t, b]: the track runs in block b (exactly, when track_gaps needs it; ≤ otherwise),
    and the cost of its rooms beyond the first in a block."""
    weights = model.content.planning.weights
    if not (weights.track_block_rooms or weights.track_gaps):
        return {}
    present: dict[str, dict[int, Var]] = defaultdict(dict)
    for track, by_block in sorted(rooms_of.items()):
        t = track_number[track]
        for block, pairs in sorted(by_block.items()):
            if len(pairs) == 1 and not weights.track_gaps:
                continue  # one room possible: never more than one
            p = model.prob.add_variable(f"p_{t}_{block}", 0, 1, pulp.LpContinuous)
            present[track][block] = p
            row(
                model,
                f"present_{t}_{block}",
                [(p, 1.0)] + [(u, -1.0) for _r, u in pairs],
                pulp.LpConstraintLE,
                0,
            )
            if weights.track_gaps:
                for room, u in pairs:
                    row(
                        model,
                        f"presentif_{t}_{block}_{room_number[room]}",
                        [(u, 1.0), (p, -1.0)],
                        pulp.LpConstraintLE,
                        0,
                    )
            if weights.track_block_rooms and len(pairs) > 1:
                b.objective.extend((u, weights.track_block_rooms) for _r, u in pairs)
                b.objective.append((p, -weights.track_block_rooms))
    return present


def _gaps(b, model, present, track_number) -> None:  # type: ignore[no-untyped-def]
    """A track broken into several runs of consecutive blocks costs weights.track_gaps."""
    weight = model.content.planning.weights.track_gaps
    sequence = [block.index for block in model.timeline.blocks if not block.plenary]
    for track, by_block in sorted(present.items()):
        if len(by_block) < 2:
            continue
        t = track_number[track]
        starts = []
        before: Var | None = None
        for block in sequence:
            p = by_block.get(block)
            if p is not None:
                begins = model.prob.add_variable(f"run_{t}_{block}", 0, 1, pulp.LpContinuous)
                terms = [(p, 1.0), (begins, -1.0)]
                if before is not None:
                    terms.append((before, -1.0))
                row(model, f"run_{t}_{block}", terms, pulp.LpConstraintLE, 0)
                starts.append(begins)
            before = p
        broken = model.prob.add_variable(f"gap_{t}", 0, 1, pulp.LpBinary)
        b.objective.append((broken, weight))
        row(
            model,
            f"gaps_{t}",
            [(s, 1.0) for s in starts] + [(broken, -float(len(starts) - 1))],
            pulp.LpConstraintLE,
            1,
        )


# --- people and attendees in one room per block ------------------------------------------


def _spread(
    b,
    model,
    name: str,
    members: set[str],
    cells_of: dict[str, list[Cell]],
    extra: dict[tuple[int, str], list[Var]],
    room_number: dict[str, int],
    cost: float,
) -> None:  # type: ignore[no-untyped-def]
    """Rooms beyond the first that ``members`` (and ``extra`` holders) take in a block."""
    by_slot: dict[int, dict[tuple[str, int], list[Var]]] = defaultdict(lambda: defaultdict(list))
    rooms: dict[int, set[str]] = defaultdict(set)
    single: dict[int, list[tuple[str, Var]]] = defaultdict(list)
    for ident in sorted(members):
        for cell in cells_of.get(ident, ()):
            for key in cell.keys:
                by_slot[cell.block][cell.room, key].append(cell.x)
            if not cell.keys:  # no positions: each choice on its own
                single[cell.block].append((cell.room, cell.x))
            rooms[cell.block].add(cell.room)
    for block, room in extra:
        rooms[block].add(room)
    for block, here in sorted(rooms.items()):
        if len(here) < 2:
            continue
        need = {
            room: model.prob.add_variable(
                f"v_{name}_{block}_{room_number[room]}", 0, 1, pulp.LpContinuous
            )
            for room in sorted(here, key=room_number.__getitem__)
        }
        for (room, key), xs in by_slot[block].items():
            row(
                model,
                f"need_{name}_{room_number[room]}_{key}",
                [(x, 1.0) for x in xs] + [(need[room], -1.0)],
                pulp.LpConstraintLE,
                0,
            )
        for index, (room, x) in enumerate(single[block]):
            row(
                model,
                f"needc_{name}_{block}_{index}",
                [(x, 1.0), (need[room], -1.0)],
                pulp.LpConstraintLE,
                0,
            )
        for (blk, room), holders in extra.items():
            if blk != block:
                continue
            for index, var in enumerate(holders):
                row(
                    model,
                    f"needs_{name}_{block}_{room_number[room]}_{index}",
                    [(var, 1.0), (need[room], -1.0)],
                    pulp.LpConstraintLE,
                    0,
                )
        beyond = model.prob.add_variable(f"e_{name}_{block}", 0, None, pulp.LpContinuous)
        b.objective.append((beyond, cost))
        row(
            model,
            f"rooms_{name}_{block}",
            [(v, 1.0) for v in need.values()] + [(beyond, -1.0)],
            pulp.LpConstraintLE,
            1,
        )


def _cells_of(cells: list[Cell]) -> dict[str, list[Cell]]:
    found: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        found[cell.ident].append(cell)
    return found


def _people(b, model, cells, held, room_number) -> None:  # type: ignore[no-untyped-def]
    """Speakers, moderators and track chairs needed in two rooms within a block."""
    content: Content = model.content
    weight = content.planning.weights.person_block_rooms
    cells_of = _cells_of(cells)
    own: dict[str, set[str]] = defaultdict(set)
    for ident in sorted(cells_of):
        for person in content.session[ident].people:
            own[person].add(ident)
    chaired: dict[str, list[str]] = defaultdict(list)
    for track in content.tracks.tracks:
        for person in track.chairs:
            chaired[person].append(track.id)
    for index, person in enumerate(sorted(set(own) | set(chaired))):
        extra: dict[tuple[int, str], list[Var]] = defaultdict(list)
        for track in chaired.get(person, ()):
            for (group, block, room), u in held.items():
                if group == track:
                    extra[block, room].append(u)
        if len(own.get(person, ())) < 2 and not extra:
            continue
        _spread(
            b, model, f"person{index}", own.get(person, set()), cells_of, extra, room_number, weight
        )


def _attendees(b, model, cells, room_number) -> None:  # type: ignore[no-untyped-def]
    """Attendees whose wanted sessions take two rooms within a block."""
    content: Content = model.content
    weight = content.planning.weights.interest_block_rooms
    cells_of = _cells_of(cells)
    for index, response in enumerate(content.interest.responses):
        members = {ident for ident in response.sessions if ident in cells_of}
        if len(members) > 1:
            _spread(
                b,
                model,
                f"want{index}",
                members,
                cells_of,
                {},
                room_number,
                weight * response.count,
            )
