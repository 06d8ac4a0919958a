"""bench/generate.py writes valid, feasible, reproducible synthetic conferences."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pulp
import pytest
import yaml

from bench.generate import SLOT, build, dump, generate, kind_counts, main, plenary_per_day
from confsite.load.files import CONTENT_FILES
from confsite.load.yamlsource import parse, read_text
from confsite.model.common import TimeWindow
from confsite.model.interest import Interest
from confsite.model.planning import Planning
from confsite.model.sessions import Session
from confsite.model.speakers import Speaker
from confsite.model.timeslots import Day, TimeGrid
from confsite.model.tracks import Tracks
from confsite.model.venue import Venue

SMALL = {"sessions": 60, "rooms": 4, "days": 2, "seed": 7}


@dataclass
class Loaded:
    venue: Venue
    grid: TimeGrid
    tracks: Tracks
    speakers: dict[str, Speaker]
    sessions: dict[str, Session]
    interest: Interest
    planning: Planning


def _validate(path: Path, model: type) -> object:
    data, _ = parse(read_text(path))
    return model.model_validate(data)


def load(folder: Path) -> Loaded:
    """Validate every file against the table of content files; refuse stray files."""
    expected = {entry.name for entry in CONTENT_FILES}
    for child in folder.iterdir():
        name = child.name + ("/" if child.is_dir() else "")
        assert name in expected, f"unexpected {name} in the content folder"
    records: dict[str, object] = {}
    for entry in CONTENT_FILES:
        path = folder / entry.name
        if entry.required:
            assert path.exists(), entry.name
        if not path.exists():
            continue
        if entry.shape == "file":
            records[entry.field] = _validate(path, entry.model)
        elif entry.shape == "folder":
            items = sorted(path.iterdir())
            assert all(item.suffix == ".yaml" for item in items), entry.name
            records[entry.field] = {item.stem: _validate(item, entry.model) for item in items}
    return Loaded(**{k: records[k] for k in Loaded.__dataclass_fields__})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "conf"
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="module")
def small(small_folder: Path) -> Loaded:
    return load(small_folder)


def _minutes(clock) -> int:  # type: ignore[no-untyped-def]
    return clock.hour * 60 + clock.minute


def parallel_runs(day: Day) -> list[list[int]]:
    return [[_minutes(s.start) for s in run] for run in day.runs() if run[0].kind == "session"]


# ---- validity and references --------------------------------------------------------------


def test_every_file_validates(small: Loaded) -> None:
    assert len(small.sessions) == SMALL["sessions"]
    assert len(small.venue.rooms) == SMALL["rooms"]
    assert len(small.grid.days) == SMALL["days"]
    assert small.interest.responses


def test_references_resolve(small: Loaded) -> None:
    rooms = {room.id for room in small.venue.rooms}
    days = {day.id for day in small.grid.days}
    tracks = {track.id for track in small.tracks.tracks}
    assert len(rooms) == len(small.venue.rooms) and len(days) == len(small.grid.days)
    for track in small.tracks.tracks:
        assert set(track.chairs) <= set(small.speakers)
        for held in track.held_rooms:
            assert held.day in days and held.room in rooms
    for meal in small.venue.catering.meals:
        assert meal.day in days
    for ident, session in small.sessions.items():
        assert session.people, ident
        assert set(session.people) <= set(small.speakers), ident
        assert session.track is None or session.track in tracks, ident
        assert set(session.after) <= set(small.sessions) - {ident}, ident
        assert set(session.needs.rooms) <= rooms, ident
        if session.pin:
            assert session.pin.day is None or session.pin.day in days, ident
            assert session.pin.room is None or session.pin.room in rooms, ident
    for ident, speaker in small.speakers.items():
        a = speaker.availability
        for window in (*a.only, *a.not_, *a.preferred):
            assert window.day in days, ident
    for response in small.interest.responses:
        assert set(response.sessions) <= set(small.sessions)
    used = {person for s in small.sessions.values() for person in s.people}
    assert used == set(small.speakers), "every speaker has a session"
    colours = [track.colour.lower() for track in small.tracks.tracks]
    assert len(set(colours)) == len(colours)


# ---- the promised mix -----------------------------------------------------------------------


def test_session_kinds_as_promised(small: Loaded) -> None:
    by_kind = Counter(s.kind for s in small.sessions.values())
    assert dict(by_kind) == {k: n for k, n in kind_counts(60, 2).items() if n}
    total = SMALL["sessions"]
    assert 0.65 <= by_kind["talk"] / total <= 0.75
    assert 0.06 <= by_kind["workshop"] / total <= 0.10
    for kind in ("keynote", "case_study", "panel", "lightning"):
        assert by_kind[kind] >= 1, kind
    plenary_slots = sum(1 for d in small.grid.days for s in d.slots if s.kind == "plenary")
    assert by_kind["keynote"] <= plenary_slots
    for ident, s in small.sessions.items():
        assert s.length % SLOT == 0 or s.kind == "keynote", ident
        if s.kind == "talk" or s.kind == "lightning":
            assert s.length == 30
        if s.kind == "workshop":
            assert s.length in (60, 90) and "lab_desks" in s.needs.features
        if s.kind == "panel":
            assert 3 <= len(s.speakers) <= 4 and len(s.moderators) == 1
            assert not set(s.speakers) & set(s.moderators)
        assert s.is_plenary == (s.kind == "keynote")
        if s.kind != "keynote":
            assert s.track is not None
    assert 3 <= len(small.tracks.tracks) <= 20


def test_speakers_have_one_or_two_sessions(small: Loaded) -> None:
    load_of = Counter(p for s in small.sessions.values() for p in s.people)
    assert set(load_of.values()) <= {1, 2}
    share_two = sum(1 for n in load_of.values() if n == 2) / len(load_of)
    assert 0.2 <= share_two <= 0.4
    keynote_speakers = {p for s in small.sessions.values() if s.kind == "keynote" for p in s.people}
    assert all(small.speakers[p].featured for p in keynote_speakers)


def test_audiences_mostly_fit_some_overflow() -> None:
    instance = build(300, 8, 2, 3)
    capacities = sorted(room["capacity"] for room in instance.files["venue.yaml"]["rooms"])
    audiences = [
        data["audience"]
        for name, data in instance.files.items()
        if name.startswith("sessions/") and data["kind"] != "keynote"
    ]
    over = sum(1 for a in audiences if a > capacities[-2]) / len(audiences)
    assert 0 < over < 0.2


# ---- the time grid and feasibility ---------------------------------------------------------


def test_grid_has_plenary_mornings_and_thirty_minute_runs(small: Loaded) -> None:
    per_day = plenary_per_day(kind_counts(60, 2)["keynote"], 2)
    for day, plenaries in zip(small.grid.days, per_day, strict=True):
        kinds = [s.kind for s in sorted(day.slots, key=lambda s: s.start)]
        assert kinds[:plenaries] == ["plenary"] * plenaries
        assert "lunch" in kinds and "break" in kinds
        runs = parallel_runs(day)
        assert len(runs) >= 2
        assert all(3 <= len(run) <= 5 for run in runs)
        assert all(s.length == SLOT for s in day.slots if s.kind == "session")
        ends = [s.end_minutes() for s in day.slots]
        assert max(ends) <= 24 * 60


def test_load_is_between_70_and_80_percent(small: Loaded) -> None:
    demand = sum(s.length // SLOT for s in small.sessions.values() if not s.is_plenary)
    slots = sum(len(run) for day in small.grid.days for run in parallel_runs(day))
    load = demand / (slots * len(small.venue.rooms))
    assert 0.70 <= load <= 0.80


def test_workshops_and_keynotes_fit(small: Loaded) -> None:
    longest_run = max(len(run) for day in small.grid.days for run in parallel_runs(day))
    labs = [room for room in small.venue.rooms if "lab_desks" in room.features]
    assert labs
    plenary_lengths = {s.length for d in small.grid.days for s in d.slots if s.kind == "plenary"}
    for s in small.sessions.values():
        if s.kind == "workshop":
            assert s.length // SLOT <= longest_run
            assert any(room.capacity >= (s.needs.capacity or 0) for room in labs)
        if s.kind == "keynote":
            assert s.length in plenary_lengths


def _allowed(speaker: Speaker, day: str, start: int, end: int) -> bool:
    def covers(w: TimeWindow) -> bool:
        lo = _minutes(w.start) if w.start else 0
        hi = _minutes(w.end) if w.end else 24 * 60
        return w.day == day and lo <= start and end <= hi

    def overlaps(w: TimeWindow) -> bool:
        lo = _minutes(w.start) if w.start else 0
        hi = _minutes(w.end) if w.end else 24 * 60
        return w.day == day and lo < end and start < hi

    a = speaker.availability
    if a.only and not any(covers(w) for w in a.only):
        return False
    return not any(overlaps(w) for w in a.not_)


def test_unavailability_never_makes_a_session_impossible(small: Loaded) -> None:
    restricted = {
        i for i, sp in small.speakers.items() if sp.availability.only or sp.availability.not_
    }
    assert 0.05 <= len(restricted) / len(small.speakers) <= 0.15
    assert any(sp.availability.preferred for sp in small.speakers.values())
    for ident, s in small.sessions.items():
        assert len(set(s.people) & restricted) <= 1, ident
        if s.kind in ("keynote", "workshop") or s.pin or s.after:
            assert not set(s.people) & restricted, ident
    for person in restricted:
        days = [d.id for d in small.grid.days if _allowed(small.speakers[person], d.id, 0, 24 * 60)]
        assert days, person


def find_plan(folder: Path, time_limit: float = 60) -> dict[str, tuple[str, int, str]] | None:
    """A plan meeting every hard rule, found with a small MILP, or None if there is none.

    Raises TimeoutError when the solver gives no answer within ``time_limit`` seconds.

    Rules: each session once, in a room with its features and seats, covering whole
    back-to-back slots of one run (keynotes: one plenary slot each); one session per room
    and slot; speakers in one place at a time, only when available, and with
    ``speaker_buffer`` minutes to change rooms; pins; ``after``; a held room only for its
    track that day.
    """
    c = load(folder)
    held = {(h.day, h.room): t.id for t in c.tracks.tracks for h in t.held_rooms}
    x: dict[tuple[str, str, int, str], pulp.LpVariable] = {}
    covers: dict[tuple[str, ...], list[pulp.LpVariable]] = {}
    starts: dict[str, list[tuple[int, int, pulp.LpVariable]]] = {}
    day_index = {d.id: i for i, d in enumerate(c.grid.days)}
    moves: dict[tuple[str, str], list[tuple[int, int, str, pulp.LpVariable]]] = {}
    problem = pulp.LpProblem("feasible", pulp.LpMinimize)
    for ident, s in c.sessions.items():
        people = [c.speakers[p] for p in s.people]
        for day in c.grid.days:
            if s.pin and s.pin.day not in (None, day.id):
                continue
            if s.is_plenary:
                options = [
                    ([_minutes(sl.start)], ["plenary"])
                    for sl in day.slots
                    if sl.kind == "plenary" and sl.length == s.length
                ]
            else:
                k = s.length // SLOT
                options = []
                for run in parallel_runs(day):
                    for j in range(len(run) - k + 1):
                        for room in c.venue.rooms:
                            if (
                                set(s.needs.features) <= set(room.features)
                                and (room.capacity >= (s.needs.capacity or 0))
                                and (not s.needs.rooms or room.id in s.needs.rooms)
                                and (held.get((day.id, room.id), s.track) == s.track)
                                and (not s.pin or s.pin.room in (None, room.id))
                            ):
                                options.append((run[j : j + k], [room.id]))
            for minutes, (room_id,) in options:
                begin, end = minutes[0], minutes[0] + s.length
                if s.pin and s.pin.start and _minutes(s.pin.start) != begin:
                    continue
                if not all(_allowed(p, day.id, begin, end) for p in people):
                    continue
                var = problem.add_variable(f"x_{len(x)}", 0, 1, cat="Binary")
                x[(ident, day.id, begin, room_id)] = var
                starts.setdefault(ident, []).append(
                    (day_index[day.id] * 1440 + begin, day_index[day.id] * 1440 + end, var)
                )
                for t in minutes:
                    covers.setdefault(("room", day.id, str(t), room_id), []).append(var)
                    for p in s.people:
                        covers.setdefault(("person", day.id, str(t), p), []).append(var)
                for p in s.people:
                    moves.setdefault((p, day.id), []).append((begin, end, room_id, var))
    problem += pulp.lpSum([])
    for ident in c.sessions:
        if ident not in starts:
            return None
        problem += pulp.lpSum(v for _, _, v in starts[ident]) == 1
    for group in covers.values():
        if len(group) > 1:
            problem += pulp.lpSum(group) <= 1
    buffer = c.planning.speaker_buffer
    for placements in moves.values():  # time to change rooms between two sessions
        ending: dict[tuple[int, str], list[pulp.LpVariable]] = {}
        for _begin, end, room, var in placements:
            ending.setdefault((end, room), []).append(var)
        for (end, room), enders in ending.items():
            clash = [v for b, _, r, v in placements if 0 <= b - end < buffer and r != room]
            if clash:
                problem += pulp.lpSum(enders) + pulp.lpSum(clash) <= 1
    for ident, s in c.sessions.items():
        for before in s.after:
            problem += pulp.lpSum(b * v for b, _, v in starts[ident]) >= pulp.lpSum(
                e * v for _, e, v in starts[before]
            )
    problem.solve(pulp.HiGHS(msg=False, timeLimit=time_limit))
    status = pulp.LpStatus[problem.status]
    if status == "Infeasible":
        return None
    if status != "Optimal":
        raise TimeoutError(f"no answer within {time_limit} s ({status})")
    return {
        ident: (day, begin, room)
        for (ident, day, begin, room), v in x.items()
        if v.value() is not None and v.value() > 0.5
    }


def test_instance_is_feasible(small_folder: Path, small: Loaded) -> None:
    plan = find_plan(small_folder)
    assert plan is not None
    assert set(plan) == set(small.sessions)


# ---- reproducibility and the command line ----------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_differs(small_folder: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", **SMALL)
    assert _files(tmp_path / "again") == _files(small_folder)
    generate(tmp_path / "other", **{**SMALL, "seed": SMALL["seed"] + 1})
    other = _files(tmp_path / "other")
    assert other != _files(small_folder)
    assert len(other) > 0


def test_written_yaml_reads_back_as_written() -> None:
    instance = build(150, 6, 3, 11)
    for name, data in instance.files.items():
        text = dump(data)
        assert parse(text)[0] == data, name  # confsite's YAML 1.2 reader
        assert yaml.safe_load(text) == data, name  # and a YAML 1.1 reader
    tricky = [
        "09:30",
        "10:30",
        "yes",
        "no",
        "on",
        "2026",
        "1F",
        "2026-10-16",
        "-x",
        "a: b",
        "a #b",
        "What's Next",
        "Q&A",
        "",
        " x",
        "null",
        "~",
        "0o17",
        "0x1f",
        "1e3",
        ".5",
        "x:",
        "@x",
        "*x",
        "&x",
        "!x",
        "|x",
        ">x",
        "#x",
        "a\nb",
        "true",
        "会场：上午",
    ]
    for value in tricky:
        data = {"key": value, "list": [value, {"inner": value}]}
        assert parse(dump(data))[0] == data, value
        assert yaml.safe_load(dump(data)) == data, value


def test_times_are_quoted(small_folder: Path) -> None:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(small_folder.rglob("*.yaml"))
        if p.name != "conference.yaml"  # its start and end are dates
    ]
    times = re.findall(r"\b(?:start|end|opens|closes): (.*)", "\n".join(texts))
    assert times
    assert all(re.fullmatch(r'"\d\d:\d\d"', value) for value in times), set(times)


def test_refuses_a_non_empty_folder_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "conf"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate(out, 20, 3, 1, 1)
    with pytest.raises(SystemExit) as exit_:
        main(["--sessions", "20", "--rooms", "3", "--days", "1", str(out)])
    assert exit_.value.code == 2
    generate(out, 40, 3, 1, 1, force=True)
    generate(out, 20, 3, 1, 1, force=True)  # fewer sessions: no stale files left behind
    assert (out / "keep.txt").read_text() == "mine"
    assert len(list((out / "sessions").glob("*.yaml"))) == 20
    (out / "keep.txt").unlink()
    load(out)


@pytest.mark.parametrize(
    ("sessions", "rooms", "days"), [(1, 1, 1), (7, 1, 1), (25, 2, 1), (90, 5, 3), (400, 12, 4)]
)
def test_other_sizes_validate_and_are_feasible_by_count(
    tmp_path: Path, sessions: int, rooms: int, days: int
) -> None:
    out = tmp_path / "conf"
    generate(out, sessions, rooms, days, seed=sessions)
    c = load(out)
    assert len(c.sessions) == sessions and len(c.venue.rooms) == rooms
    demand = sum(s.length // SLOT for s in c.sessions.values() if not s.is_plenary)
    slots = sum(len(run) for day in c.grid.days for run in parallel_runs(day))
    assert demand <= 0.80 * slots * rooms
    keynotes = sum(1 for s in c.sessions.values() if s.is_plenary)
    assert 1 <= keynotes <= sum(1 for d in c.grid.days for s in d.slots if s.kind == "plenary")
    if sessions <= 100:
        assert find_plan(out) is not None


def test_overfull_instance_is_written_with_a_warning(tmp_path: Path) -> None:
    # Speed is measured by bench/check_speed.py, not asserted here.
    with pytest.warns(UserWarning, match="infeasible"):  # 1,000 sessions overfill 10 x 3
        generate(tmp_path / "conf", 1000, 10, 3, seed=1)
    assert len(list((tmp_path / "conf" / "sessions").glob("*.yaml"))) == 1000


# ---- confsite check ----------------------------------------------------------------------


def test_confsite_check_accepts_small(small_folder: Path, run_confsite) -> None:  # type: ignore[no-untyped-def]
    result = run_confsite("check", "--content", small_folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no errors (" in result.stdout, "no warnings either"


@pytest.mark.slow
@pytest.mark.parametrize("rooms", [10, 26])
def test_confsite_check_accepts_thousand_sessions(tmp_path: Path, run_confsite, rooms: int) -> None:  # type: ignore[no-untyped-def]
    """10 rooms x 3 days is over-full (the generator warns); 26 rooms fit at 75 %."""
    out = tmp_path / "conf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        generate(out, 1000, rooms, 3, seed=1)
    assert bool(caught) == (rooms == 10)
    result = run_confsite("check", "--content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1000 sessions" in result.stdout
