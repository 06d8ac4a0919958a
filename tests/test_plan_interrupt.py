"""Ctrl-C or SIGTERM during `confsite plan`: the command stops within seconds, fails, and
leaves the plan file, the schedule versions and no solver process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bench.generate import generate
from tests.conftest import confsite

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 100-session conference with a first, quick plan and its version."""
    root = tmp_path_factory.mktemp("interrupt") / "content"
    generate(root, 100, 5, 3, 1)
    run = confsite("plan", "--content", root, "--time-limit", "20", "--gap", "0.5", timeout=300)
    assert run.returncode == 0, run.stderr
    assert (root / "plan.yaml").is_file() and (root / "plan-versions").is_dir()
    return root


@pytest.mark.parametrize(
    ("solver", "sent"),
    [("highs", signal.SIGTERM), ("highs", signal.SIGINT), ("cbc", signal.SIGTERM)],
    ids=["highs-sigterm", "highs-sigint", "cbc-sigterm"],
)
def test_an_interrupted_plan_stops_and_changes_nothing(
    planned: Path, solver: str, sent: signal.Signals
) -> None:
    before = _files(planned)
    command = ["plan", "--content", str(planned), "--fresh", "--solver", solver, "--gap", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "confsite", *command, "--time-limit", "600"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert process.stderr is not None
    seen = []
    # Interrupt while the solver works: after the first plan HiGHS reports, or a moment
    # into CBC's days-and-rooms model (it reports nothing while it runs; about 50 s here).
    wanted = "a plan with objective" if solver == "highs" else "choosing each session's day"
    for line in process.stderr:
        seen.append(line)
        if wanted in line:
            break
    else:
        pytest.fail("the planner ended before the solver ran:\n" + "".join(seen))
    if solver == "cbc":
        time.sleep(2)
    solvers = [p for p in psutil.Process(process.pid).children(recursive=True)]
    interrupted = time.perf_counter()
    process.send_signal(sent)
    try:
        _out, rest = process.communicate(timeout=15)
        code = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the planner did not stop within 15 s of the interrupt")
    waited = time.perf_counter() - interrupted
    assert waited < 10, f"stopped {waited:.1f} s after the interrupt"
    assert code != 0, rest
    assert "Traceback" not in rest, rest
    assert _files(planned) == before  # plan.yaml and plan-versions/ as they were
    if solver == "cbc":
        assert solvers, "CBC did not run as a process of its own"
    # No solver process outlives the command (CBC used to run on as an orphan): every
    # process the planner had started when it was interrupted is gone.
    time.sleep(0.5)
    for child in solvers:
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE, child
