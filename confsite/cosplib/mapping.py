"""A confsite plan of an imported CoSPLib instance, as a CoSPLib solution.

``confsite import cosplib`` lays the instance out as ``confsite.cosplib.layout`` says; this
reads a plan of that content back through the same layout: each placement's day and start
give the CoSPLib session and time slot, its room the CoSPLib room, and the track of each
(session, room) is the track of the submissions there. ``confsite.cosplib.evaluate`` then
scores the plan with CoSPLib's objective, without looking at confsite's model.
"""

from __future__ import annotations

from types import MappingProxyType

from confsite.cosplib.layout import layout
from confsite.cosplib.workbook import Instance, Solution
from confsite.model.plan import Placement


class NotInLayout(ValueError):
    """A placement that has no place in the instance (another content, or a hand edit)."""


def solution_from_plan(instance: Instance, agenda: dict[str, Placement]) -> Solution:
    """The CoSPLib solution of ``agenda``, a plan of ``instance`` as imported."""
    plan = layout(instance)
    reference = {ident: ref for ref, ident in plan.submissions.items()}
    room_name = {ident: name for name, ident in plan.rooms.items()}
    slots: dict[tuple[str, str], list[str | None]] = {
        (block.session, room): [None] * block.slots
        for block in plan.blocks
        for room in instance.rooms
    }
    tracks: dict[tuple[str, str], str] = {}
    for ident, place in sorted(agenda.items()):
        if ident not in reference or place.room not in room_name:
            raise NotInLayout(
                f"{ident} in {place.room}: not a submission or room of {instance.name}"
            )
        found = plan.place(place.day, place.start.hour * 60 + place.start.minute)
        if found is None:
            raise NotInLayout(f"{ident} starts {place.day} {place.start:%H:%M}: no time slot there")
        block, first = found
        submission = instance.submission(reference[ident])
        cell = (block.session, room_name[place.room])
        for slot in range(first, first + submission.required_timeslots):
            if slot >= block.slots:
                raise NotInLayout(f"{ident} runs past the end of {block.session}")
            slots[cell][slot] = submission.reference
        tracks.setdefault(cell, submission.track)
    return Solution(
        tracks=MappingProxyType(tracks),
        slots=MappingProxyType({cell: tuple(refs) for cell, refs in slots.items()}),
    )


def plan_from_solution(instance: Instance, solution: Solution) -> dict[str, Placement]:
    """A CoSPLib solution as a plan of the imported content (each submission at its first
    time slot), so that confsite can judge and measure it like its own plans."""
    plan = layout(instance)
    agenda: dict[str, Placement] = {}
    for session, room, slot, ref in solution.placements():
        ident = plan.submissions[ref]
        block = plan.block(session)
        placement = Placement(
            day=block.day, start=block.clock(plan.slot_minutes, slot), room=plan.rooms[room]
        )
        if ident not in agenda or (placement.day, placement.start) < (
            agenda[ident].day,
            agenda[ident].start,
        ):
            agenda[ident] = placement
    return agenda
