"""`confsite plan` on the example conference: the plan it writes, and the plan we ship."""

from __future__ import annotations

import re
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


def test_check_warns_when_an_edit_breaks_the_plan_and_replanning_mends_it(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    speaker = content / "speakers" / "han-zhiqiang.yaml"
    text = speaker.read_text(encoding="utf-8")
    assert "  only:\n    - {day: day2}" in text
    speaker.write_text(text.replace("{day: day2}", "{day: day1}"), encoding="utf-8")

    check = confsite("check", "--content", content, cwd=tmp_path)
    assert check.returncode == 0, check.stderr  # the content is fine; the plan is stale
    assert re.search(
        r"content/plan\.yaml:\d+:3: warning: sessions\.cs-grid-inspection: 韩志强 "
        r"\(han-zhiqiang\) is not available day2 \d\d:\d\d–\d\d:\d\d "
        r"\(re-plan with `confsite plan`\)",
        check.stderr,
    ), check.stderr

    replan = confsite("plan", "--content", content, "--time-limit", "60", cwd=tmp_path)
    assert replan.returncode == 0, replan.stderr
    assert "Moved 1 of 53 sessions" in replan.stdout
    again = confsite("check", "--content", content, cwd=tmp_path)
    assert "plan.yaml" not in again.stderr


def test_a_keynote_speaker_losing_their_day_is_explained(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    speaker = content / "speakers" / "david-okafor.yaml"
    text = speaker.read_text(encoding="utf-8")
    speaker.write_text(text.replace("{day: day1}", "{day: day2}"), encoding="utf-8")
    before = (content / "plan.yaml").read_bytes()
    result = confsite("plan", "--content", content, "--time-limit", "60", "-q")
    assert result.returncode == 1
    assert (
        "closing, keynote-agent-engineering, keynote-inference-at-scale, keynote-open-science "
        "can only run on day2 (pins, speakers' availability) and need 4 plenary slots; "
        "day2 has 3"
    ) in result.stderr
    assert (content / "plan.yaml").read_bytes() == before
