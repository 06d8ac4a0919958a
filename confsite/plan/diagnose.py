"""Why no agenda exists, in the organiser's words.

First, sessions with no place at all are explained on their own (length, room needs,
availability, pins). Otherwise the model is rebuilt with slack on every hard rule (each
session placed, one session per room and slot, one place per person, plenary slots, speaker
buffers, order, one track per room and block) and solved for the least total slack. The
rules that still need slack are the conflict; each is told with the numbers that make it
impossible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan import agenda as agenda_model
from confsite.plan import solve
from confsite.plan.candidates import why_nowhere
from confsite.plan.grid import Timeline, clock


@dataclass(frozen=True)
class Conflict:
    kind: str
    sessions: tuple[str, ...]
    message: str


def diagnose(
    content: Content, solver: str, *, time_limit: float = 60, progress=None
) -> list[Conflict]:
    timeline = Timeline(content)
    model = agenda_model.build(content, elastic=True, progress=progress)
    conflicts = [
        Conflict("nowhere", (ident,), why_nowhere(content, timeline, ident))
        for ident in model.nowhere
    ]
    if conflicts:
        return conflicts
    outcome = solve.run(model.prob, solver, time_limit=time_limit, gap=0.0)
    if not outcome.has_plan:
        return [
            Conflict(
                "unknown",
                (),
                "the rules could not be relaxed into any agenda in time; try a longer --time-limit",
            )
        ]
    conflicts = _explain(content, timeline, model)
    if not conflicts:
        conflicts.append(
            Conflict(
                "unknown",
                (),
                "the solver reported no agenda, but every rule can be kept when relaxed; "
                "try again with a longer --time-limit or another --solver",
            )
        )
    return conflicts


def _name(content: Content, person: str) -> str:
    speaker = content.speaker.get(person)
    if speaker is None:
        return person
    name = localize(speaker.name, content.conference.default_language)
    return f"{name} ({person})" if name != person else person


def _explain(content: Content, timeline: Timeline, model) -> list[Conflict]:
    slots = {slot.key: slot for slot in timeline.slots}
    violated: dict[str, list] = defaultdict(list)
    for name, slack in model.slack.items():
        if (slack.varValue or 0) > 1e-6:
            rule = model.rules[name]
            violated[rule.kind].append(rule)
    conflicts: list[Conflict] = []
    people: dict[str, list[int]] = defaultdict(list)
    for rule in violated["person"]:
        people[rule.subject].append(rule.slot)
    for person in sorted(people):
        conflicts.append(_person(content, timeline, model, person, sorted(people[person])))
    for rule in violated["buffer"]:
        first = slots[rule.slot]
        theirs = tuple(i for i in model.sessions if rule.subject in content.session[i].people)
        conflicts.append(
            Conflict(
                "buffer",
                theirs,
                f"{_name(content, rule.subject)} needs {content.planning.speaker_buffer} minutes "
                f"to change rooms, but their sessions can only run back to back around "
                f"{first.label} in different rooms",
            )
        )
    rooms: dict[str, list[int]] = defaultdict(list)
    for rule in violated["room"]:
        rooms[rule.subject].append(rule.slot)
    for room in sorted(rooms):
        conflicts.append(_room(content, model, room, sorted(rooms[room]), slots))
    blocked: dict[str, list[int]] = defaultdict(list)
    for rule in violated["track block"]:
        blocked[rule.subject].append(rule.slot)
    for room in sorted(blocked):
        conflicts.append(_track_block(content, model, room, sorted(blocked[room]), slots))
    if violated["plenary"]:
        conflicts.append(_plenary(content, timeline, model))
    for rule in violated["order"]:
        conflicts.append(_order(content, model, rule.subject, rule.other))
    dropped = sorted(rule.subject for rule in violated["place"])
    if dropped:
        conflicts.append(
            Conflict(
                "place",
                tuple(dropped),
                f"{len(dropped)} session(s) cannot be placed alongside the others: "
                f"{', '.join(dropped)}",
            )
        )
    return conflicts


def _person(content, timeline, model, person: str, keys: list[int]) -> Conflict:
    sessions = [i for i in model.sessions if person in content.session[i].people]
    need = sum(min(len(s.slots) for s in model.places[i].starts) for i in sessions)
    speaker = content.speaker.get(person)
    usable = sorted(
        {slot.key for i in sessions for start in model.places[i].starts for slot in start.slots}
    )
    slots = {slot.key: slot for slot in timeline.slots}
    who = _name(content, person)
    listed = ", ".join(sessions)
    if speaker is not None and (speaker.availability.only or speaker.availability.not_):
        windows = _windows(speaker)
        return Conflict(
            "person",
            tuple(sessions),
            f"speaker {who} is available {windows} ({len(usable)} slots their sessions can "
            f"use) but has {need} slots of sessions: {listed}",
        )
    at = ", ".join(slots[key].label for key in keys[:3])
    return Conflict(
        "person",
        tuple(sessions),
        f"{who} would have to be in two sessions at once ({at}): {listed} can only run then",
    )


def _span(window) -> str:  # type: ignore[no-untyped-def]
    """' 09:00–12:10', ' from 13:00', ' until 11:15', or '' for the whole day."""
    if window.start and window.end:
        return f" {window.start:%H:%M}–{window.end:%H:%M}"
    if window.start:
        return f" from {window.start:%H:%M}"
    if window.end:
        return f" until {window.end:%H:%M}"
    return ""


def _windows(speaker) -> str:  # type: ignore[no-untyped-def]
    only = [f"{w.day}{_span(w)}" for w in speaker.availability.only]
    nots = [f"{w.day}{_span(w)}" for w in speaker.availability.not_]
    parts = []
    if only:
        parts.append("only on " + ", ".join(only))
    if nots:
        parts.append("not on " + ", ".join(nots))
    return "; ".join(parts)


def _room(content, model, room: str, keys: list[int], slots) -> Conflict:
    there = sorted(
        {
            ident
            for (ident, k, r) in model.x
            if r == room
            and (model.x[ident, k, r].varValue or 0) > 0.5
            and any(s.key in keys for s in model.places[ident].starts[k].slots)
        }
    )
    wanting = [
        ident for ident in there if all(rooms == (room,) for rooms in model.places[ident].rooms)
    ]
    at = ", ".join(slots[key].label for key in keys[:3])
    if wanting:
        return Conflict(
            "room",
            tuple(wanting),
            f"room {room} is the only room for {', '.join(wanting)}, and they need more "
            f"time in it than it has (short at {at})",
        )
    demand = sum(
        min(len(s.slots) for s in model.places[i].starts)
        for i in model.sessions
        if not content.session[i].is_plenary
    )
    supply = sum(
        len(model.timeline.rooms_open[slot.day])
        for slot in model.timeline.slots
        if not slot.plenary
    )
    return Conflict(
        "room",
        tuple(there),
        f"not enough room time: the sessions need at least {demand} room-slots and the open "
        f"rooms offer {supply}; room {room} is overbooked at {at}",
    )


def _track_block(content, model, room: str, keys: list[int], slots) -> Conflict:  # type: ignore[no-untyped-def]
    """Tracks that must share a room within a block although one_track_per_block forbids it."""
    blocks = {model.timeline.block_of[key] for key in keys}
    there = sorted(
        {
            ident
            for (ident, k, r), x in model.x.items()
            if r == room
            and (x.varValue or 0) > 0.5
            and model.timeline.block(model.places[ident].starts[k]).index in blocks
        }
    )
    tracks = sorted({content.session[i].track or "(no track)" for i in there})
    at = ", ".join(f"the block of {slots[key].label}" for key in keys[:3])
    return Conflict(
        "track block",
        tuple(there),
        f"room {room} would have to hold tracks {', '.join(tracks)} in {at}, but planning.yaml "
        f"asks for one track per room and block (one_track_per_block): {', '.join(there)} "
        "have no other room or time",
    )


def _plenary(content, timeline, model) -> Conflict:  # type: ignore[no-untyped-def]
    plenary = [i for i in model.sessions if content.session[i].is_plenary]
    units = {i: min(len(s.slots) for s in model.places[i].starts) for i in plenary}
    for day in content.grid.days if len(content.grid.days) > 1 else ():
        bound = [i for i in plenary if all(s.day == day.id for s in model.places[i].starts)]
        need = sum(units[i] for i in bound)
        have = sum(1 for slot in timeline.slots if slot.plenary and slot.day == day.id)
        if need > have:
            return Conflict(
                "plenary",
                tuple(bound),
                f"{', '.join(bound)} can only run on {day.id} (pins, speakers' availability) "
                f"and need {need} plenary slots; {day.id} has {have}",
            )
    need = sum(units.values())
    have = sum(1 for slot in timeline.slots if slot.plenary)
    return Conflict(
        "plenary",
        tuple(plenary),
        f"{len(plenary)} plenary sessions need {need} plenary slots, but the plenary slots "
        f"they can use are too few or taken ({have} plenary slots in timeslots.yaml)",
    )


def _order(content, model, ident: str, before: str) -> Conflict:
    latest = max(s.begin for s in model.places[ident].starts)
    earliest = min(s.end for s in model.places[before].starts)
    day_ends = model.places[before].starts
    first = min(day_ends, key=lambda s: s.end)
    last = max(model.places[ident].starts, key=lambda s: s.begin)
    detail = ""
    if earliest > latest:
        detail = (
            f": {before} ends {first.day} {clock(first.end)} at the earliest, and {ident} "
            f"starts {last.day} {clock(last.begin)} at the latest"
        )
    return Conflict(
        "order",
        (ident, before),
        f"{ident} must come after {before}, which is impossible with their pins, "
        f"availability and slots{detail}",
    )
