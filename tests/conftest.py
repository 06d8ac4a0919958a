"""Shared fixtures: the example content, and running the real ``confsite`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def confsite(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> Run:
    """Run the installed command line as a user would, in a separate process."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "confsite", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def run_confsite():
    return confsite


@pytest.fixture(scope="session")
def example() -> Path:
    return EXAMPLE
