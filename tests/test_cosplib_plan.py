"""CoSPLib's real conferences through confsite: every workbook imports into content that
checks clean; the published solutions, read into plans, keep every rule and measure as
CoSPLib's evaluator scores them; N2OR is planned, read back into a CoSPLib solution that
is feasible and scores no worse than the published one, and built into a site; every
published solution, written as a plan, builds into a site.

The workbooks are in ../shared/realdata/cosplib (see tests/test_cosplib.py); without them
these tests are skipped. Planning the large instances is bench/cosplib.py's job.
"""

from __future__ import annotations

import shutil
from datetime import time
from functools import cache
from pathlib import Path

import pytest

from confsite.cosplib import (
    Convention,
    check_feasibility,
    evaluate,
    read_instance,
    read_solution,
)
from confsite.cosplib.layout import layout
from confsite.cosplib.mapping import plan_from_solution, solution_from_plan
from confsite.importers.cosplib import import_cosplib
from confsite.load.loader import check_folder, load_content
from confsite.model.content import Content
from confsite.plan.grid import Timeline
from confsite.plan.planfile import read_plan, write_plan
from confsite.plan.score import measure, weighted
from confsite.plan.validate import validate
from confsite.site.build import build_site
from tests.conftest import confsite
from tests.test_cosplib import COSPLIB, INSTANCES, SOLVED

# CoSPLib penalty -> the planning.yaml weight it became (confsite.importers.cosplib).
AS_OURS = {
    "tracks_sessions": "track_block",
    "tracks_rooms": "track_room",
    "sessions_rooms": "room_block",
    "similar_tracks": "similar_tracks",
    "rooms_per_track": "track_rooms",
    "parallel_tracks": "track_block_rooms",
    "consecutive_tracks": "track_gaps",
    "submissions_timezones": "presenter_hours",
    "submissions_sessions": "session_block",
    "submissions_rooms": "session_room",
    "attendees_conflicts": "interest_block_rooms",
    "attendees_conflicts_timeslot": "interest_clash",
}


def _workbook(name: str) -> Path:
    path = COSPLIB / "instances" / f"{name}.xlsx"
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    return path


@cache
def _imported(name: str, root: Path) -> Content:
    folder = root / name
    if not folder.is_dir():
        import_cosplib(_workbook(name), folder)
    return load_content(folder)


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cosplib")


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_every_instance_imports_and_checks_clean(name: str, imports: Path) -> None:
    source = _workbook(name)
    folder = imports / name
    report = import_cosplib(source, folder)
    instance = read_instance(source)
    assert report.sessions == len(instance.submissions) == len(list(folder.glob("sessions/*")))
    assert report.rooms == len(instance.rooms) and report.tracks == len(instance.tracks)
    content, problems = check_folder(folder)
    assert content is not None
    assert [p for p in problems if p.severity == "error"] == []
    # Only talks without presenters are worth a warning (GECCO23 has six).
    assert {p.message for p in problems} <= {"a talk without speakers"}
    weights = content.planning.weights
    cosplib = instance.parameters.weights
    for theirs, ours in AS_OURS.items():
        assert getattr(weights, ours) == getattr(cosplib, theirs), ours
    assert weights.person_block_rooms == cosplib.presenters_conflicts
    assert weights.order == cosplib.submissions_order
    assert content.planning.one_track_per_block and content.planning.order == "soft"
    # Every CoSPLib session is one block of its own, of its number of slots.
    plan = layout(instance)
    timeline = Timeline(content)
    for block, session in zip(plan.blocks, instance.sessions, strict=True):
        found = timeline.block_at(block.day, time(block.start // 60, block.start % 60))
        assert found is not None and len(found.slots) == session.max_timeslots
    assert len(timeline.blocks) == len(instance.sessions)


def test_importing_again_keeps_edited_files(tmp_path: Path) -> None:
    source = _workbook("N2OR")
    import_cosplib(source, tmp_path / "n2or")
    edited = tmp_path / "n2or" / "planning.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    report = import_cosplib(source, tmp_path / "n2or")
    assert report.kept == ["planning.yaml"] and not report.written
    report = import_cosplib(source, tmp_path / "n2or", force=True)
    assert report.written == ["planning.yaml"]


@pytest.mark.parametrize("name", SOLVED)
def test_a_published_solution_is_a_valid_plan_measured_as_cosplib_scores_it(
    name: str, imports: Path
) -> None:
    """The published solution, read into a plan of the imported content, keeps every rule
    of it, and confsite's own measurement of each goal equals the evaluator's penalty
    (score.py and evaluate.py are written independently). The order is counted
    differently (broken `after` against submissions off their position) and not compared;
    people in two rooms of a block (presenters, chairs) are 0 in both."""
    instance = read_instance(_workbook(name))
    solution = read_solution(COSPLIB / "solutions-exact" / f"{name}Solution.xlsx", instance)
    content = _imported(name, imports)
    agenda = plan_from_solution(instance, solution)
    assert validate(content, agenda) == []
    ours = weighted(content, measure(content, agenda))
    evaluation = evaluate(instance, solution)
    for key, weight_name in AS_OURS.items():
        assert ours[weight_name] == evaluation.term(key).weighted, key
    people = ("presenters_conflicts", "chairs_conflicts", "presenters_conflicts_timeslot")
    assert ours["person_block_rooms"] == 0 == sum(evaluation.term(k).raw for k in people)
    # And back: the plan read into a CoSPLib solution is the published one.
    again = solution_from_plan(instance, agenda)
    assert {k: v for k, v in again.tracks.items()} == dict(solution.tracks)
    assert evaluate(instance, again).objective == evaluation.objective


@pytest.mark.slow
def test_n2or_plans_as_well_as_the_published_solution_and_builds(tmp_path: Path) -> None:
    """N2OR through the command line: import, check, plan, build; the plan is feasible for
    CoSPLib and its objective no worse than the published solution's, under both
    conventions, on today's workbook."""
    source = _workbook("N2OR")
    content_dir = tmp_path / "content"
    run = confsite("import", "cosplib", source, "--into", content_dir)
    assert run.returncode == 0, run.stderr
    assert "35 sessions" in run.stdout and "4 rooms" in run.stdout
    run = confsite("check", "--content", content_dir)
    assert run.returncode == 0 and "no errors" in run.stdout, run.stdout + run.stderr
    run = confsite(
        "plan", "--content", content_dir, "--time-limit", "120", "--solver", "highs", timeout=600
    )
    assert run.returncode == 0, run.stderr
    assert "track gaps" in run.stdout  # the block goals are listed
    content = load_content(content_dir)
    located, problems = read_plan(content_dir / "plan.yaml")
    assert located is not None, problems
    agenda = dict(located.record.sessions)  # type: ignore[attr-defined]
    assert validate(content, agenda) == []
    instance = read_instance(source)
    solution = solution_from_plan(instance, agenda)
    assert check_feasibility(instance, solution) == ()
    ours = evaluate(instance, solution)
    published = evaluate(
        instance, read_solution(COSPLIB / "solutions-exact" / "N2ORSolution.xlsx", instance)
    )
    for convention in Convention:
        assert ours.objective_for(convention) <= published.objective_for(convention)
    run = confsite(
        "build", "--content", content_dir, "--no-promo", "-d", tmp_path / "site", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    first = sorted(agenda)[0]
    page = (tmp_path / "site" / "sessions" / first / "index.html").read_text(encoding="utf-8")
    assert agenda[first].room in page or content.room[agenda[first].room].name in page
    shutil.rmtree(tmp_path / "site")


@pytest.mark.slow
@pytest.mark.parametrize("name", SOLVED)
def test_a_published_solution_builds_into_a_site(name: str, tmp_path: Path) -> None:
    """Each conference with a published solution, that solution written as its plan file,
    builds strictly into a public site: a page per submission, in the room it was given,
    and the schedule lists every one. (Instances without a published solution are built
    from confsite's own plans by `bench/cosplib.py --site`.)"""
    instance = read_instance(_workbook(name))
    folder = tmp_path / name
    import_cosplib(_workbook(name), folder)
    content = load_content(folder)
    solution = read_solution(COSPLIB / "solutions-exact" / f"{name}Solution.xlsx", instance)
    agenda = plan_from_solution(instance, solution)
    write_plan(folder / "plan.yaml", content, agenda)
    result = build_site(
        folder, plan_file=folder / "plan.yaml", site_dir=tmp_path / "site", promo=False
    )
    assert result.scheduled == len(instance.submissions) and result.unscheduled == 0
    site = tmp_path / "site"  # the first language at the top
    schedule = (site / "schedule" / "index.html").read_text(encoding="utf-8")
    for key, placement in sorted(agenda.items()):
        page = (site / "sessions" / key / "index.html").read_text(encoding="utf-8")
        assert content.room[placement.room].name in page, key
        assert f"/sessions/{key}/" in schedule, key
