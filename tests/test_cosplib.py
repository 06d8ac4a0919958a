"""CoSPLib: every instance workbook reads, and the evaluator scores the published exact-model
solutions as CoSPLib published them, term by term, with every difference explained."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pytest
from openpyxl import load_workbook

from confsite.cosplib import (
    IP_REPORTED,
    Convention,
    Evaluation,
    Instance,
    Published,
    Solution,
    Term,
    WorkbookError,
    check_feasibility,
    evaluate,
    read_instance,
    read_published,
    read_solution,
)
from confsite.cosplib.evaluate import PENALTIES, presenter_conflicts
from tests.conftest import ROOT

COSPLIB = ROOT.parent / "shared" / "realdata" / "cosplib"

# Submissions, tracks, sessions, rooms (realdata/SOURCES.md); None: not stated there.
INSTANCES = {
    "N2OR": (35, 8, 4, 4),
    "GECCO19": (202, 29, 13, 10),
    "GECCO20": (158, 24, 7, 8),
    "GECCO21": None,
    "GECCO22": None,
    "GECCO23": None,
    "ISF22": (311, 49, 11, 10),
    "OR60": (329, 45, 8, 23),
    "OR60F": None,
    "OR60F2": None,
    "OR60F3": None,
}
SOLVED = ["GECCO19", "GECCO20", "GECCO21", "N2OR", "OR60F", "OR60F2", "OR60F3"]


@dataclass(frozen=True)
class Changed:
    """A published total that the current workbook cannot give under CoSPLib's own scoring,
    and the published figure worked out from our term and the report's items."""

    why: str
    published: Callable[[Term, tuple[tuple[str, int], ...]], int]


def _ten_per_track(term: Term, items: tuple[tuple[str, int], ...]) -> int:
    """CoSPLib scores weight x 1 per broken track (Solver/Solution.py @ 13cd493); the report
    lists the same tracks at 10 each, so the workbook then had the weight 10."""
    assert len(items) == term.count and {value for _label, value in items} == {10}
    return 10 * term.count


def _one_per_pair(term: Term, items: tuple[tuple[str, int], ...]) -> int:
    """CoSPLib scores weight x cell per similar pair (Solver/Solution.py @ 13cd493, the cell
    read as is by Solver/Problem.py @ f328fc6); the report lists the same pairs at 1 each,
    so the workbook then had the cell 1 (weight 1, as now)."""
    assert len(items) == term.count and {value for _label, value in items} == {1}
    return term.weight * 1 * term.count


def _without_wed3_licaa27(term: Term, items: tuple[tuple[str, int], ...]) -> int:
    """CoSPLib scores weight x cell per used (session, room) and its exact model minimises
    it (Solver/Optimisation.py @ 13cd493, ExactModel); the report has no item and the
    solution could have avoided it, so the cell was 0 then."""
    assert term.count == 1 and not items, "the Wed3/LicaA27 cell should be the only one used"
    return term.weighted - 1000 * term.weight


# Totals CoSPLib's code cannot produce from the current workbooks. Every stored version of
# its scoring (Solver/Solution.py @ 13cd493 and @ 19e5bad, Solver/domain/problem.py
# @ 1b9932e) multiplies the workbook's weight by its cell or count, with no fixed factor and
# no 0/1 flag, so the published solutions were scored with earlier workbook revisions.
# The report writer itself is not in the repository ("Objective Value = ", these twelve
# columns); the stored writers print "Final Objective = " and more columns.
CHANGED = {
    ("N2OR", "consecutive_tracks"): Changed("10 per track then; weight now 1", _ten_per_track),
    ("GECCO19", "consecutive_tracks"): Changed("10 per track then; weight now 1", _ten_per_track),
    ("GECCO19", "similar_tracks"): Changed("1 per pair then; the cells now say 10", _one_per_pair),
    ("GECCO20", "similar_tracks"): Changed("1 per pair then; the cells now say 20", _one_per_pair),
    ("GECCO21", "similar_tracks"): Changed("1 per pair then; the cells now say 20", _one_per_pair),
    ("OR60F", "sessions_rooms"): Changed("Wed3/LicaA27 now costs 1000", _without_wed3_licaa27),
    ("OR60F2", "sessions_rooms"): Changed("Wed3/LicaA27 now costs 1000", _without_wed3_licaa27),
    ("OR60F3", "sessions_rooms"): Changed("Wed3/LicaA27 now costs 1000", _without_wed3_licaa27),
}
# OR60F's published objective (685) exceeds the sum of its own published totals (664) by
# 21. No penalty of this solution under the current OR60F workbook makes 21 with any whole
# weight (the penalties outside the report are 0 except the submissions order, 156), and
# CoSPLib's exact models minimise no term the report leaves out (Solver/Optimisation.py
# @ 13cd493, ExactModel); so 21 stays unexplained.
UNEXPLAINED_EXCESS = {"OR60F": 21}


def _then(name: str, term: Term, published: Published) -> int:
    """What ``term`` would have been with the workbook the solution was scored with."""
    changed = CHANGED.get((name, term.key))
    if changed is None:
        return term.weighted
    return changed.published(term, published.items.get(term.key, ()))


def _file(*parts: str) -> Path:
    path = COSPLIB.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    return path


@cache
def _instance(name: str) -> Instance:
    return read_instance(_file("instances", f"{name}.xlsx"))


@cache
def _solved(name: str) -> tuple[Instance, Solution, Published, Evaluation]:
    instance = _instance(name)
    path = _file("solutions-exact", f"{name}Solution.xlsx")
    solution = read_solution(path, instance)
    return instance, solution, read_published(path), evaluate(instance, solution)


def test_every_instance_and_solution_file_is_covered() -> None:
    folder = _file("instances", "N2OR.xlsx").parent
    assert sorted(p.stem for p in folder.glob("*.xlsx")) == sorted(INSTANCES)
    solutions = folder.parent / "solutions-exact"
    assert sorted(p.stem.removesuffix("Solution") for p in solutions.glob("*.xlsx")) == SOLVED


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_instance_reads(name: str) -> None:
    instance = _instance(name)
    sizes = (len(instance.submissions), len(instance.tracks))
    sizes += (len(instance.sessions), len(instance.rooms))
    if INSTANCES[name] is not None:
        assert sizes == INSTANCES[name]
    tracks = {t.name for t in instance.tracks}
    assert {s.track for s in instance.submissions} <= tracks
    slots = sum(s.max_timeslots for s in instance.sessions) * len(instance.rooms)
    assert sum(s.required_timeslots for s in instance.submissions) <= slots


@pytest.mark.parametrize("name", SOLVED)
def test_published_solution_is_feasible(name: str) -> None:
    instance, solution, _published, evaluation = _solved(name)
    assert evaluation.infeasibilities == ()
    assert check_feasibility(instance, solution) == ()


@pytest.mark.parametrize("name", SOLVED)
def test_the_report_has_a_column_for_each_ip_reported_penalty_only(name: str) -> None:
    *_, published, _evaluation = _solved(name)
    assert set(published.totals) == IP_REPORTED
    assert set(PENALTIES) > IP_REPORTED


@pytest.mark.parametrize("key", sorted(IP_REPORTED))
@pytest.mark.parametrize("name", SOLVED)
def test_published_total(name: str, key: str) -> None:
    *_, published, evaluation = _solved(name)
    term = evaluation.term(key)
    changed = CHANGED.get((name, key))
    if changed is None:
        assert term.weighted == published.totals[key]
    else:
        assert term.weighted != published.totals[key], "no longer changed?"
        assert _then(name, term, published) == published.totals[key], changed.why


@pytest.mark.parametrize("key", sorted(set(PENALTIES) - IP_REPORTED))
@pytest.mark.parametrize("name", SOLVED)
def test_a_penalty_outside_the_report_is_outside_the_published_objective(
    name: str, key: str
) -> None:
    *_, published, evaluation = _solved(name)
    assert key not in published.totals
    assert evaluation.term(key) not in evaluation.terms_for(Convention.IP_REPORT)
    assert evaluation.term(key) in evaluation.terms_for(Convention.CHECKER)


def test_gecco20_weights_the_order_but_its_published_objective_leaves_it_out() -> None:
    """GECCO20's workbook weights the submissions order (1) and the solution breaks it 18
    times: CoSPLib's checker adds 18; the published objective, like the report, does not."""
    *_, published, evaluation = _solved("GECCO20")
    order = evaluation.term("submissions_order")
    assert (order.weight, order.weighted) == (1, 18)
    checker = evaluation.objective_for(Convention.CHECKER)
    assert checker == evaluation.objective == sum(t.weighted for t in evaluation.terms)
    assert checker - evaluation.objective_for(Convention.IP_REPORT) == 18
    then = sum(_then("GECCO20", t, published) for t in evaluation.terms_for(Convention.IP_REPORT))
    assert then == published.objective == 6223


@pytest.mark.parametrize("name", SOLVED)
def test_published_objective(name: str) -> None:
    """The published objective is the IP-report objective, once the terms scored with
    earlier workbooks (CHANGED) are taken as published; OR60F's is 21 more."""
    *_, published, evaluation = _solved(name)
    reported = sum(published.totals.values())
    assert published.objective == reported + UNEXPLAINED_EXCESS.get(name, 0)
    ours = evaluation.objective_for(Convention.IP_REPORT)
    changes = sum(t.weighted - _then(name, t, published) for t in evaluation.terms)
    assert ours - changes == reported


def test_or60f_excess_is_no_penalty_of_the_solution() -> None:
    """The 21 by which OR60F's published objective exceeds its breakdown is no whole
    multiple of any penalty here, and every penalty outside the report is 0 but the order."""
    *_, published, evaluation = _solved("OR60F")
    assert published.objective - sum(published.totals.values()) == 21
    assert all(21 % t.raw for t in evaluation.terms if t.raw)
    outside = {t.key: t.raw for t in evaluation.terms if t.key not in IP_REPORTED}
    assert outside == dict.fromkeys(outside, 0) | {"submissions_order": 156}


def test_n2or_with_the_published_weight_gives_the_published_objective() -> None:
    instance, solution, published, _evaluation = _solved("N2OR")
    weights = replace(instance.parameters.weights, consecutive_tracks=10)
    then = replace(instance, parameters=replace(instance.parameters, weights=weights))
    assert evaluate(then, solution).objective == published.objective == 20


def _moved(solution: Solution, moves: dict[tuple[str, str], tuple[str, str]]) -> Solution:
    """``solution`` with the track and slots of each (session, room) key moved to the
    (session, room) value (a swap when both ways are given)."""
    tracks, slots = dict(solution.tracks), dict(solution.slots)
    for source, target in moves.items():
        tracks.pop(target, None)
        slots[target] = solution.slots[source]
        if source in solution.tracks:
            tracks[target] = solution.tracks[source]
        if source not in moves.values():
            tracks.pop(source, None)
            slots[source] = (None,) * len(solution.slots[source])
    return Solution(tracks=MappingProxyType(tracks), slots=MappingProxyType(slots))


def test_a_worsened_solution_scores_worse() -> None:
    """Swapping two rooms in one session sends two tracks to a second room each."""
    instance, solution, _published, evaluation = _solved("N2OR")
    a, b = ("Wed1", "Steelhouse LT"), ("Wed1", "Stafford 1")
    worse = evaluate(instance, _moved(solution, {a: b, b: a}))
    assert worse.infeasibilities == ()
    assert worse.term("rooms_per_track").raw == evaluation.term("rooms_per_track").raw + 2
    assert worse.objective == evaluation.objective + 2 * instance.parameters.weights.rooms_per_track
    assert worse.objective > evaluation.objective


def test_or60f_published_solution_pays_a_room_penalty_it_could_avoid() -> None:
    """Evidence that Wed3/LicaA27 had no penalty when OR60F was solved: the track there can
    move to BowlandSR20 (empty all conference, no penalty) and save exactly 1000, and
    CoSPLib's exact model minimises the sessions_rooms cells (Solver/Optimisation.py
    @ 13cd493, ExactModel; Solver/optimisation/milp/exact_model.py @ 620e8af)."""
    instance, solution, _published, evaluation = _solved("OR60F")
    assert solution.tracks[("Wed3", "LicaA27")] == "Systems Thinking"
    moves = {
        (s.name, "LicaA27"): (s.name, "BowlandSR20")
        for s in instance.sessions
        if solution.tracks.get((s.name, "LicaA27")) == "Systems Thinking"
    }
    assert not any(solution.tracks.get(target) for target in moves.values())
    better = evaluate(instance, _moved(solution, moves))
    assert better.infeasibilities == ()
    assert better.objective == evaluation.objective - 1000


def test_a_bad_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "N2OR.xlsx"
    shutil.copy(_file("instances", "N2OR.xlsx"), path)
    book = load_workbook(path)
    book["submissions"]["C3"] = "two"
    book.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_instance(path)
    assert caught.value.sheet == "submissions"
    assert caught.value.where == "cell C3"
    assert "required timeslots must be a whole number" in str(caught.value)


def test_an_unknown_track_in_a_solution_is_named(tmp_path: Path) -> None:
    path = tmp_path / "N2ORSolution.xlsx"
    shutil.copy(_file("solutions-exact", "N2ORSolution.xlsx"), path)
    book = load_workbook(path)
    book["sol"]["B2"] = "Astrology"
    book.save(path)
    with pytest.raises(WorkbookError, match=r"sheet 'sol', cell B2: unknown track 'Astrology'"):
        read_solution(path, _instance("N2OR"))


def test_presenters_in_parallel_are_penalised() -> None:
    """Moving a room's whole track next to a session holding a co-presenter's talk."""
    instance, solution, _published, evaluation = _solved("GECCO19")
    conflicts = presenter_conflicts(instance)
    where = {ref: (session, room) for session, room, _slot, ref in solution.placements()}
    length = {s.name: s.max_timeslots for s in instance.sessions}
    for first, partners in sorted(conflicts.items()):
        for second in sorted(partners):
            (session, room), source = where[first], where[second]
            free = [
                (session, other)
                for other in instance.rooms
                if (session, other) not in solution.tracks and other != room
            ]
            if source[0] == session or length[source[0]] != length[session] or not free:
                continue
            worse = evaluate(instance, _moved(solution, {source: free[0]}))
            assert worse.infeasibilities == ()
            assert worse.term("presenters_conflicts").raw >= 1
            assert worse.objective - evaluation.objective >= 100_000
            return
    pytest.fail("no move puts two conflicting submissions in parallel")
