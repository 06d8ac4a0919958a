"""`confsite plan` as an organiser runs it: plan files, --check, conflicts and re-planning."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import confsite
from tests.planbuild import build

SPEAKERS = ("ann", "bob", "cat", "dan")
SOLVE = ("--solver", "highs", "--time-limit", "10", "--quiet")
PROBLEM = re.compile(r"^plan\.yaml:(\d+):(\d+): sessions\.([a-z0-9_-]+): (.+)$")


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small conference, planned once by the command line (copy it before changing it)."""
    root = build(
        tmp_path_factory.mktemp("cli"),
        rooms=[("a", 100), ("b", 60)],
        days={"d1": ["09:00/45", "09:45/45", "10:30/45"], "d2": ["09:00/45", "09:45/45"]},
        sessions={
            f"t{i}": {"speakers": [SPEAKERS[i % 4]], "audience": 40 + 10 * i} for i in range(8)
        },
        interest=[(["t0", "t1"], 5), (["t2", "t3", "t4"], 3)],
    )
    result = confsite("plan", "--content", root, *SOLVE)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {root / 'plan.yaml'}" in result.stdout
    return root


def _copy(planned: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(planned, tmp_path / "content"))


def _placements(path: Path) -> dict[str, tuple[str, str, str]]:
    sessions = yaml.safe_load(path.read_text(encoding="utf-8"))["sessions"]
    return {ident: (p["day"], p["start"], p["room"]) for ident, p in sessions.items()}


def _entry_line(path: Path, ident: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"  {ident}:"))


def test_plan_writes_a_plan_that_check_accepts(planned: Path) -> None:
    plan = _placements(planned / "plan.yaml")
    assert sorted(plan) == [f"t{i}" for i in range(8)]
    result = confsite("plan", "--content", planned, "--check")
    assert result.returncode == 0, result.stderr
    assert "8 sessions, every rule kept" in result.stdout
    assert "interest clashes" in result.stdout


def test_check_reports_a_hand_edited_clash(planned: Path, tmp_path: Path) -> None:
    root = _copy(planned, tmp_path)
    target = root / "plan.yaml"
    plan = _placements(target)
    # put t1 where t2 is (different speakers): one room, two sessions
    day, start, room = plan["t2"]
    text = target.read_text(encoding="utf-8")
    old = re.search(r"^  t1: \{.*\}$", text, re.MULTILINE)
    assert old is not None
    new = f'  t1: {{day: {day}, start: "{start}", room: {room}}}'
    target.write_text(text.replace(old.group(0), new), encoding="utf-8")
    before = target.read_bytes()

    # run inside the content folder: problems name the file relative to it
    result = confsite("plan", "--content", ".", "--check", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [PROBLEM.match(line) for line in result.stderr.splitlines()]
    found = [match for match in problems if match]
    assert found, result.stderr
    for match in found:
        line, column, ident, _ = match.groups()
        assert int(line) == _entry_line(target, ident)
        assert int(column) == 3
    messages = {match.group(3): match.group(4) for match in found}
    assert any(
        f"room {room} holds t1, t2 at {day} {start}" in message for message in messages.values()
    ), result.stderr
    assert target.read_bytes() == before  # --check changes nothing


def test_check_reports_rule_breaks_of_a_plan_file(planned: Path, tmp_path: Path) -> None:
    root = _copy(planned, tmp_path)
    target = root / "plan.yaml"
    text = target.read_text(encoding="utf-8")
    old = re.search(r"^  t3: \{.*\}$", text, re.MULTILINE)
    assert old is not None
    text = text.replace(old.group(0), '  t3: {day: d1, start: "09:10", room: b}')
    text = re.sub(r"^  t5: .*\n", "", text, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    result = confsite("plan", "--content", ".", "--check", cwd=root)
    assert result.returncode == 1
    line = _entry_line(target, "t3")
    assert f"plan.yaml:{line}:3: sessions.t3: cannot start at d1 09:10" in result.stderr
    assert "sessions.t5: is not in the plan (every session must be placed)" in result.stderr


def test_infeasible_content_keeps_the_plan_file(planned: Path, tmp_path: Path) -> None:
    root = _copy(planned, tmp_path)
    before = (root / "plan.yaml").read_bytes()
    never = {"name": "ann", "availability": {"not": [{"day": "d1"}, {"day": "d2"}]}}
    (root / "speakers" / "ann.yaml").write_text(yaml.safe_dump(never), encoding="utf-8")
    result = confsite("plan", "--content", root, *SOLVE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "talk t0 (45 minutes): ann is not available for 45 minutes at any" in result.stderr
    assert "talk t4 (45 minutes): ann is not available" in result.stderr
    assert "no agenda keeps every rule" in result.stderr
    assert "was left as it was" in result.stderr
    assert "Wrote" not in result.stdout
    assert (root / "plan.yaml").read_bytes() == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".plan")) == []


def test_unknown_solver_is_a_clear_error(planned: Path, tmp_path: Path) -> None:
    root = _copy(planned, tmp_path)
    before = (root / "plan.yaml").read_bytes()
    result = confsite("plan", "--content", root, "--solver", "nosuch", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "solver 'nosuch' is not available here" in result.stderr
    assert "highs" in result.stderr
    assert (root / "plan.yaml").read_bytes() == before


def test_planning_is_deterministic(planned: Path, tmp_path: Path) -> None:
    root = _copy(planned, tmp_path)
    first = planned / "plan.yaml"
    for name in ("again.yaml", "fresh.yaml"):
        result = confsite("plan", "--content", root, "--plan", root / name, "--fresh", *SOLVE)
        assert result.returncode == 0, result.stderr
        assert (root / name).read_bytes() == first.read_bytes()
    # planning over the existing plan (stability against it) changes nothing either
    result = confsite("plan", "--content", root, *SOLVE)
    assert result.returncode == 0, result.stderr
    assert "Moved 0 of 8 sessions from the previous plan." in result.stdout
    assert (root / "plan.yaml").read_bytes() == first.read_bytes()


def test_replanning_after_a_speaker_loses_a_day_moves_few_sessions(
    planned: Path, tmp_path: Path
) -> None:
    root = _copy(planned, tmp_path)
    before = _placements(root / "plan.yaml")
    # bob (t1, t5) can no longer come on the day of his first talk
    lost = before["t1"][0]
    theirs = [ident for ident in ("t1", "t5") if before[ident][0] == lost]
    bob = {"name": "bob", "availability": {"not": [{"day": lost}]}}
    (root / "speakers" / "bob.yaml").write_text(yaml.safe_dump(bob), encoding="utf-8")
    result = confsite("plan", "--content", root, *SOLVE)
    assert result.returncode == 0, result.stderr
    after = _placements(root / "plan.yaml")
    moved = sorted(ident for ident in before if before[ident] != after[ident])
    assert all(after[ident][0] != lost for ident in ("t1", "t5"))
    assert set(theirs) <= set(moved)
    assert len(moved) <= len(theirs) + 1, moved
    assert f"Moved {len(moved)} of 8 sessions from the previous plan." in result.stdout
    check = confsite("plan", "--content", root, "--check")
    assert check.returncode == 0, check.stderr


def test_a_second_writing_command_waits_its_turn(planned: Path, tmp_path: Path) -> None:
    # Two plans at once both recorded the same schedule version and one was lost.
    from confsite.lock import holding

    root = _copy(planned, tmp_path)
    before = (root / "plan.yaml").read_bytes()
    with holding(root):  # another confsite (this test) is writing to the folder
        for command in (("plan", *SOLVE), ("build", "--no-promo")):
            result = confsite(*command, "--content", root, cwd=tmp_path)
            assert result.returncode == 1, result.stdout
            assert "Traceback" not in result.stderr
            assert f"another confsite is running on {root} (pid {os.getpid()})" in result.stderr
        # Reading is never refused.
        assert confsite("plan", "--check", "--content", root).returncode == 0
    assert (root / "plan.yaml").read_bytes() == before
    assert not (tmp_path / "site").exists()
    assert confsite("plan", "--content", root, *SOLVE).returncode == 0  # free again
    # The lock file is the loader's business no more than any dot file.
    check = confsite("check", "--content", root)
    assert check.returncode == 0 and ".confsite.lock" not in check.stderr


def test_a_corrupt_schedule_history_is_reported_before_planning(
    planned: Path, tmp_path: Path
) -> None:
    root = _copy(planned, tmp_path)
    before = (root / "plan.yaml").read_bytes()
    version = sorted((root / "plan-versions").glob("*.yaml"))[0]
    version.write_text("version: [not, a, number\n", encoding="utf-8")
    result = confsite("plan", "--content", root, *SOLVE[:-1])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"plan-versions/{version.name}" in result.stderr
    assert "Planned" not in result.stdout  # reported before any planning
    assert (root / "plan.yaml").read_bytes() == before
