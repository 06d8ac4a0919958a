"""Problems found in content, and the exception that carries them to the CLI.

A problem names the file, the line and column, the field path and what is wrong, so that
the organiser can go straight to the mistake. Loading collects every problem before
stopping; the CLI prints them all and exits with status 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one content file."""

    file: str
    line: int
    column: int
    field: str
    message: str
    expected: str = ""
    severity: Severity = field(default="error", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.field}: {self.message}" if self.field else self.message
        if self.expected:
            what += f" (expected {self.expected})"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a field path the way an organiser reads it: ``slots[2].start``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class ContentError(click.ClickException):
    """Content that cannot be used; carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{errors} error(s) in the content")

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {self.message}", err=True)
