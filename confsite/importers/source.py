"""Reading a source file: its size capped, JSON parsed with the parser's position in any
error, and values of the wrong kind refused with the field that holds them.

Readers raise ``SourceProblem`` with what is wrong and where in the document (a line for
syntax errors, a field path for values); ``in_file`` turns it into the ``ImportFailed``
the command prints: ``file:line:column: field: what is wrong (what was expected)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from confsite.importers.limits import (
    MAX_PER_RECORD,
    MAX_SOURCE_BYTES,
    MAX_SOURCE_STRUCTURES,
    megabytes,
)
from confsite.importers.report import ImportFailed


class SourceProblem(ImportFailed):
    """Something in a source that cannot be imported, with its line when known."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def in_file(self, path: Path | str) -> ImportFailed:
        """The problem as the command prints it, led by the file (and line)."""
        where = f"{path}:{self.line}:{self.column}" if self.line else str(path)
        return type(self)(f"{where}: {self.message}")


def check_size(path: Path, size: int | None = None) -> None:
    """Refuse ``path`` when it (or ``size`` bytes read from it) is over MAX_SOURCE_BYTES."""
    try:
        size = path.stat().st_size if size is None else size
    except OSError as err:
        raise ImportFailed(f"{path}: cannot read the file: {err.strerror}") from None
    if size > MAX_SOURCE_BYTES:
        raise ImportFailed(
            f"{path}: the file is {megabytes(size)}, too large to import "
            f"(expected at most {megabytes(MAX_SOURCE_BYTES)})"
        )


def read_source(path: Path) -> bytes:
    """The bytes of ``path``, refused when larger than MAX_SOURCE_BYTES."""
    check_size(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as err:
        raise ImportFailed(f"{path}: cannot read the file: {err.strerror}") from None
    check_size(path, len(data))  # a file that grew, or a device
    return data


def parse_json(data: bytes, expected: str) -> Any:
    """The JSON document in ``data``; ``expected`` says what it should be."""
    # An upper bound (a brace inside a string counts too), found at C speed.
    check_structures(data.count(b"{") + data.count(b"["), "objects and lists", expected)
    try:
        return json.loads(data)
    except json.JSONDecodeError as err:
        raise SourceProblem(
            f"not JSON: {err.msg} (expected {expected})", err.lineno, err.colno
        ) from None
    except UnicodeDecodeError as err:
        raise SourceProblem(
            f"not JSON: invalid UTF-8 at byte {err.start} (expected {expected})"
        ) from None
    except RecursionError:
        raise SourceProblem(
            f"the JSON is nested too deeply to read (expected {expected}, nested a few levels)"
        ) from None


def check_structures(count: int, what: str, expected: str) -> None:
    """Refuse a source with more than MAX_SOURCE_STRUCTURES ``what`` before parsing it."""
    if count > MAX_SOURCE_STRUCTURES:
        raise SourceProblem(
            f"more than {MAX_SOURCE_STRUCTURES:,} {what} (expected at most "
            f"{MAX_SOURCE_STRUCTURES:,} in one file; {expected} has far fewer)"
        )


def describe(value: Any) -> str:
    """A value as a message names it: ``5 is a number``, ``"x" is text``."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, (int, float)):
        kind = "a number"
    elif isinstance(value, str):
        kind = "text"
    else:
        kind = "null"
    shown = json.dumps(value, ensure_ascii=False)
    return f"{shown[:40]}{'…' if len(shown) > 40 else ''} is {kind}"


def as_list(value: Any, where: str, of: str, most: int = MAX_PER_RECORD) -> list[Any]:
    """``value`` when it is a list of at most ``most`` items; [] when absent or empty;
    else SourceProblem."""
    if value is None or value == "" or value is False:
        return []
    if not isinstance(value, list):
        raise SourceProblem(f"{where}: {describe(value)} (expected a list of {of})")
    at_most(len(value), most, of, where)
    return value


def as_dict(value: Any, where: str, what: str) -> dict[str, Any]:
    """``value`` when it is an object; {} when absent; else SourceProblem."""
    if isinstance(value, dict):
        return value
    if value is None:
        return {}
    raise SourceProblem(f"{where}: {describe(value)} (expected {what})")


def at_most(count: int, limit: int, what: str, where: str = "") -> None:
    """Refuse a source with more than ``limit`` of ``what`` (sessions, speakers), in all
    or at ``where``."""
    if count > limit:
        lead = f"{where}: " if where else ""
        raise SourceProblem(f"{lead}more than {limit:,} {what} (expected at most {limit:,})")
