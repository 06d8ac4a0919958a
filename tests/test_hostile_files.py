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
from tests.test_check_errors import dump, load

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
    "too-many-values": (wide, "more than 100,000 values"),
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


def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    (root / "faq.yaml").unlink()
    import os

    os.mkfifo(root / "faq.yaml")
    result = confsite("check", "--content", root, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert "content/faq.yaml: not a regular file" in result.stderr


def test_values_of_the_wrong_kind_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    session = sorted((root / "sessions").glob("*.yaml"))[0]
    text = session.read_text(encoding="utf-8")
    lines = ["length: true" if line.startswith("length:") else line for line in text.splitlines()]
    session.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 1
    assert "length: true is not a number" in result.stderr


def test_a_long_chain_of_order_constraints(tmp_path: Path) -> None:
    from bench.generate import generate

    root = tmp_path / "content"
    generate(root, 60, 5, 2, seed=3)
    sessions = sorted((root / "sessions").glob("*.yaml"))
    # every session after the next one, and the last after the first: one long cycle
    for this, following in zip(sessions, [*sessions[1:], sessions[0]], strict=True):
        data = load(this)
        data["after"] = [following.stem]
        data.pop("pin", None)
        dump(this, data)
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "order constraints form a cycle" in result.stderr


def _session_list(count: int, fields: int) -> str:
    """``count`` sessions in one file, each sharing one speakers list through an anchor,
    as a YAML dumper writes Python objects that share a list."""
    extra = ", ".join(f"x{n}: {n}" for n in range(fields))
    rows = ["sessions:"]
    for index in range(count):
        speakers = "&people [ada, bo]" if index == 0 else "*people"
        rows.append(f"- {{id: s{index}, title: Talk {index}, {extra}, speakers: {speakers}}}")
    return "\n".join(rows) + "\n"


def test_a_long_list_is_told_the_limit_it_hit_not_blamed_on_aliases() -> None:
    """5,000 sessions in one file: too many values as written, and the message says so
    (it used to ask "anchors and aliases repeated?")."""
    from confsite.load.yamlsource import YamlProblem, parse

    with pytest.raises(YamlProblem) as caught:
        parse(_session_list(5000, 8))
    problem = caught.value
    assert problem.message == "the document holds more than 100,000 values, as written"
    assert problem.line > 4000 and problem.expected.startswith("at most 100,000 values")


def test_aliases_that_take_a_document_over_the_limit_are_named() -> None:
    from confsite.load.yamlsource import YamlProblem, parse

    with pytest.raises(YamlProblem) as caught:
        parse(_session_list(5000, 6))
    message = caught.value.message
    assert "expands to 105,003 values, counting what its aliases" in message
    assert "95,005 as written" in message
    assert "?" not in message
