"""Reading and writing plan.yaml: stable order, a format version, atomic replacement."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from confsite import atomic
from confsite.load.loader import Loaded, Located, read_record
from confsite.model.content import Content
from confsite.model.plan import PLAN_VERSION, BudgetPlan, Placement, PlanFile
from confsite.plan.validate import Violation, validate
from confsite.problems import Problem

HEADER = """\
# yaml-language-server: $schema=schemas/plan.schema.json
# The agenda: the day, start and room of every session.
# Written by `confsite plan`. You may edit it by hand; `confsite plan --check` lists
# anything in it that breaks a rule of the content (rooms, speakers, pins, order).
"""


def read_plan(path: Path) -> tuple[Located | None, list[Problem]]:
    """The plan in ``path`` (``located.record`` is a PlanFile) with every problem in its
    format; rules of the content are checked by ``validate``."""
    loaded = Loaded(path.parent)
    located = read_record(path, path.parent, PlanFile, loaded)
    return located, loaded.problems


def violation_problems(located: Located, violations: list[Violation]) -> list[Problem]:
    """Violations as problems at the line of the session's entry in the plan file."""
    problems = []
    for violation in violations:
        path = ("sessions", violation.session)
        line, column = located.sources.locate(path, key=True)
        problems.append(
            Problem(located.file, line, column, f"sessions.{violation.session}", violation.message)
        )
    return problems


def stale_plan(content: Content, path: Path) -> list[Problem]:
    """Warnings for a plan file that no longer fits the content (after an edit), so that
    `confsite check` says so before the agenda is published; none when there is no plan."""
    if not path.is_file():
        return []
    located, problems = read_plan(path)
    if located is None:
        return [dataclasses.replace(p, severity="warning") for p in problems]
    violations = validate(content, dict(located.record.sessions))  # type: ignore[attr-defined]
    return [
        dataclasses.replace(
            p, severity="warning", message=f"{p.message} (re-plan with `confsite plan`)"
        )
        for p in violation_problems(located, violations)
    ]


def _order(content: Content, agenda: dict[str, Placement]) -> list[tuple[str, Placement]]:
    days = {day.id: index for index, day in enumerate(content.grid.days)}
    rooms = {room.id: index for index, room in enumerate(content.venue.rooms)}
    return sorted(
        agenda.items(),
        key=lambda item: (
            days.get(item[1].day, len(days)),
            item[1].start,
            rooms.get(item[1].room, len(rooms)),
            item[0],
        ),
    )


def _scalar(word: str) -> str:
    """An id as YAML reads it back: quoted only when bare it would be a number, bool, …"""
    return word if yaml.safe_load(word) == word else f'"{word}"'


def _budget_lines(budget: BudgetPlan) -> list[str]:
    def mapping(values: dict) -> str:
        inner = ", ".join(f"{_scalar(k)}: {v:g}" for k, v in values.items())
        return "{" + inner + "}"

    return [
        "",
        "# The budget plan (private, like budget.yaml; `confsite report budget` explains it).",
        "budget:",
        f"  objective: {budget.objective}",
        f"  venue: {_scalar(budget.venue)}",
        f"  attendance: {budget.attendance:g}",
        f"  reach: {budget.reach:.2f}",
        f"  surplus: {budget.surplus:.2f}",
        f"  promotion: {mapping(budget.promotion)}",
        f"  sponsors: {mapping(budget.sponsors)}",
        f"  activities: [{', '.join(_scalar(a) for a in budget.activities)}]",
    ]


def render(content: Content, agenda: dict[str, Placement], budget: BudgetPlan | None = None) -> str:
    """The plan file's text: sessions in agenda order (day, start, room), one per line,
    then the budget plan when there is one."""
    lines = [HEADER, f"version: {PLAN_VERSION}", f"conference: {_scalar(content.conference.id)}"]
    tail = _budget_lines(budget) if budget is not None else []
    if not agenda:
        lines.append("sessions: {}")
        return "\n".join([*lines, *tail]) + "\n"
    lines.append("sessions:")
    current = None
    for ident, place in _order(content, agenda):
        if place.day != current:
            current = place.day
            day = content.day.get(place.day)
            lines.append(f"  # {place.day}" + (f" · {day.date.isoformat()}" if day else ""))
        lines.append(
            f"  {_scalar(ident)}: {{day: {_scalar(place.day)}, "
            f'start: "{place.start:%H:%M}", room: {_scalar(place.room)}}}'
        )
    return "\n".join([*lines, *tail]) + "\n"


def write_plan(
    path: Path,
    content: Content,
    agenda: dict[str, Placement],
    budget: BudgetPlan | None = None,
) -> None:
    atomic.write_text(path, render(content, agenda, budget))
