"""The planner's way through large conferences (days chosen first, then a start from the
LP relaxation), exercised on a small generated conference by lowering the threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from confsite.load.loader import load_content
from confsite.plan import planner, solve
from confsite.plan.validate import planned_sessions, validate


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large") / "content"
    generate(folder, 60, 4, 2, 7)
    return folder


def test_a_large_conference_starts_from_the_rounded_relaxation(
    conference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planner, "SPLIT_DAYS_AT", 1)
    bounds: list[float | None] = []
    relaxation = solve.relaxation

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        status, bound = relaxation(*args, **kwargs)
        bounds.append(bound)
        return status, bound

    monkeypatch.setattr(solve, "relaxation", spy)
    content = load_content(conference)
    said: list[str] = []
    result = planner.plan(content, time_limit=120, gap=0.01, progress=said.append)

    assert "days chosen for every session; planning the days" in said
    assert "solving the relaxation and placing what it leaves open" in said
    assert bounds and bounds[0] is not None
    assert set(result.agenda) == set(planned_sessions(content))
    assert validate(content, result.agenda) == []
    assert result.outcome.has_plan and result.outcome.objective is not None
    # The relaxation bounds its model: the first round's plan cannot beat it.
    assert min(b for b in bounds if b is not None) <= result.outcome.objective + 1e-6
