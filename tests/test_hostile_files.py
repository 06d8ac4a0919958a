"""Hostile or broken files: each gives one clear error and no traceback.

Their speed (each well under 2 s) is measured by bench/check_speed.py, not asserted here;
the timeout only keeps a hang from blocking the suite.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, confsite

BOMB = (
    "\n".join(
        [f'a0: &a0 ["{"lol"}"]']
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    )
    + "\n"
)


def binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def huge(path: Path) -> None:
    with path.open("wb") as handle:
        line = b"name: " + b"x" * 1017 + b"\n"
        for _ in range(50 * 1024):
            handle.write(line)


def bomb(path: Path) -> None:
    path.write_text(BOMB, encoding="utf-8")


def deep_flow(path: Path) -> None:
    path.write_text("name: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")


def deep_block(path: Path) -> None:
    path.write_text("".join(" " * i + "k:\n" for i in range(1500)), encoding="utf-8")


def wide(path: Path) -> None:
    path.write_text("name: [" + ",".join(["1"] * 300_000) + "]\n", encoding="utf-8")


def invalid_utf8(path: Path) -> None:
    path.write_bytes("name: 大会\n".encode() + b"address: \xe4\xbd\n")


def empty(path: Path) -> None:
    path.write_text("", encoding="utf-8")


def recursive(path: Path) -> None:
    path.write_text("name: &a [*a]\n", encoding="utf-8")


def python_tag(path: Path) -> None:
    path.write_text("name: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "binary": (binary, "binary file"),
    "50MB": (huge, "too large"),
    "alias-bomb": (bomb, "expands to"),
    "deep-flow": (deep_flow, "nest"),
    "deep-block": (deep_block, "nesting is too deep"),
    "too-many-values": (wide, "too many values"),
    "invalid-utf8": (invalid_utf8, "invalid UTF-8"),
    "empty": (empty, "missing required field"),
    "recursive-alias": (recursive, "refers to itself"),
    "python-tag": (python_tag, "tag"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file(name: str, tmp_path: Path) -> None:
    make, words = CASES[name]
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    make(root / "venue.yaml")
    result = confsite("check", "--content", root, cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/venue.yaml")]
    assert lines, result.stderr
    assert any(words in line for line in lines), result.stderr
    assert "hacked" not in result.stdout + result.stderr
