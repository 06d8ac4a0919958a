"""Why a re-plan moved a session: the rule its old place now breaks, or the session that
had to take its place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.validate import validate


@dataclass(frozen=True)
class Move:
    session: str
    before: Placement
    after: Placement
    reason: str


def _span(content: Content, ident: str, place: Placement) -> tuple[datetime, datetime] | None:
    day = content.day.get(place.day)
    session = content.session.get(ident)
    if day is None or session is None:
        return None
    begin = datetime.combine(day.date, place.start)
    return begin, begin + timedelta(minutes=session.length)


def explain_moves(
    content: Content, previous: Mapping[str, Placement], agenda: Mapping[str, Placement]
) -> list[Move]:
    """Each session placed in both plans whose place changed, with the reason: a rule of the
    content its old place breaks now, else the session that took its old room and time."""
    old_plan = {i: p for i, p in previous.items() if i in content.session}
    broken: dict[str, list[str]] = {}
    for violation in validate(content, old_plan):
        broken.setdefault(violation.session, []).append(violation.message)
    moves = []
    for ident in sorted(agenda):
        before = old_plan.get(ident)
        after = agenda[ident]
        if before is None or before == after:
            continue
        reasons = broken.get(ident, [])
        if reasons:
            reason = "its old place breaks a rule now: " + "; ".join(reasons)
        else:
            reason = _displaced_by(content, ident, before, agenda)
        moves.append(Move(ident, before, after, reason))
    return moves


def _displaced_by(
    content: Content, ident: str, before: Placement, agenda: Mapping[str, Placement]
) -> str:
    span = _span(content, ident, before)
    if span is not None:
        for other in sorted(agenda):
            place = agenda[other]
            if other == ident or place.room != before.room or place.day != before.day:
                continue
            other_span = _span(content, other, place)
            if other_span and other_span[0] < span[1] and span[0] < other_span[1]:
                return f"made room for {other}, which now runs there"
    return "moved so that every rule holds with the fewest moves"
