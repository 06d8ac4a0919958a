"""What the benchmark scripts share: how a child reports, how numbers and versions print."""

from __future__ import annotations

import json
import platform
from typing import Any


def say(**message: Any) -> None:
    """A child's report to its parent: one JSON line on standard output."""
    print(json.dumps(message), flush=True)


def number(value: float | None, digits: int = 3) -> str:
    """A table cell: ``digits`` significant digits, thousands separated, — for nothing."""
    if value is None:
        return "—"
    if abs(value) >= 10 ** (digits - 1):
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def versions(*packages: str) -> dict[str, str]:
    """Python's version and each package's, for the table's footnote."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in packages:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
