"""`confsite plan` on the example conference: the plan it writes, and the plan we ship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from confsite.load.loader import load_content
from confsite.plan.validate import planned_sessions
from tests.conftest import EXAMPLE, confsite


def test_the_shipped_plan_keeps_every_rule() -> None:
    result = confsite("plan", "--content", EXAMPLE, "--check")
    assert result.returncode == 0, result.stderr
    assert "every rule kept" in result.stdout
    assert "interest clashes" in result.stdout


def test_the_shipped_plan_places_every_session_once() -> None:
    content = load_content(EXAMPLE)
    plan = yaml.safe_load((EXAMPLE / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["version"] == 1
    assert plan["conference"] == content.conference.id
    assert sorted(plan["sessions"]) == sorted(planned_sessions(content))


@pytest.mark.slow
def test_planning_the_example_writes_a_plan_that_check_accepts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    (content / "plan.yaml").unlink()
    result = confsite("plan", "--content", content, "--time-limit", "90", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Planned 53 sessions" in result.stdout
    assert "soft goal" in result.stdout
    assert "… solving with" in result.stderr  # progress goes to stderr
    check = confsite("plan", "--content", content, "--check")
    assert check.returncode == 0, check.stderr


def test_a_broken_previous_plan_is_reported_not_overwritten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    broken = 'version: 1\nsessions:\n  opening: {day: day1, start: "09:00"}\n'
    (content / "plan.yaml").write_text(broken, encoding="utf-8")
    result = confsite("plan", "--content", content)
    assert result.returncode == 1
    assert "plan.yaml:3:" in result.stderr
    assert "--fresh" in result.stderr
    assert "Traceback" not in result.stderr
    assert (content / "plan.yaml").read_text(encoding="utf-8") == broken
