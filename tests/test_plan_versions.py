"""Schedule versions: confsite plan records each change, moves as few sessions as possible,
explains the moves, and confsite diff lists exactly what changed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from confsite.load.loader import load_content
from confsite.model.versions import ScheduleVersion, VersionSession
from confsite.plan import versions
from confsite.plan.changes import diff
from confsite.plan.planfile import read_plan
from tests.conftest import confsite


def _copy(example: Path, tmp_path: Path) -> Path:
    into = tmp_path / "content"
    shutil.copytree(example, into, ignore=shutil.ignore_patterns("plan-versions"))
    return into


def _agenda(folder: Path) -> dict:
    located, _ = read_plan(folder / "plan.yaml")
    assert located is not None
    return dict(located.record.sessions)  # type: ignore[attr-defined]


def _make_unavailable(folder: Path, speaker: str, day: str) -> None:
    path = folder / "speakers" / f"{speaker}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    availability = data.setdefault("availability", {})
    availability.pop("only", None)
    availability.setdefault("not", []).append({"day": day})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _minimum_moves(folder: Path, previous: dict) -> int:
    """The fewest moves any valid agenda needs, from the whole model with moves as its
    only goal (independent of the shortcuts the planner takes when re-planning)."""
    from confsite.plan.planner import fewest_moves

    count = fewest_moves(load_content(folder), previous)
    assert count is not None
    return count


@pytest.mark.slow
def test_replan_moves_the_fewest_sessions_and_diff_lists_them(
    example: Path, tmp_path: Path
) -> None:
    folder = _copy(example, tmp_path)
    first = confsite("plan", "--content", folder, "-q", "--only", "agenda", timeout=300)
    assert first.returncode == 0, first.stderr
    assert "Recorded schedule version 1 (first version)" in first.stdout
    again = confsite("plan", "--content", folder, "-q", "--only", "agenda", "--release", "Final")
    assert "The agenda is unchanged since schedule version 1 «Final»" in again.stdout
    assert sorted(p.name for p in (folder / "plan-versions").iterdir()) == ["0001.yaml"]

    before = _agenda(folder)
    session = "t-eval-contamination"
    speaker = load_content(folder).session[session].people[0]
    _make_unavailable(folder, speaker, before[session].day)
    minimum = _minimum_moves(folder, before)

    run = confsite("plan", "--content", folder, "-q", "--only", "agenda", "--explain", timeout=300)
    assert run.returncode == 0, run.stderr
    after = _agenda(folder)
    moved = sorted(ident for ident in before if after.get(ident) != before[ident])
    assert session in moved
    assert len(moved) == minimum
    assert f"Recorded schedule version 2 ({len(moved)} moved)" in run.stdout
    explained = [line for line in run.stdout.splitlines() if line.startswith("moved ")]
    assert len(explained) == len(moved)
    assert any(session in line and "is not available" in line for line in explained)

    shown = confsite("diff", "--content", folder, "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert "version 1 «Final» of" in shown.stdout and f": {len(moved)} moved" in shown.stdout
    listed = sorted(
        line.split()[1] for line in shown.stdout.splitlines() if line.strip().startswith("moved")
    )
    assert listed == moved
    assert "Galaxy Hall" in shown.stdout or "Hall" in shown.stdout  # room names, in English

    history = versions.read_history(folder / "plan-versions")
    assert [v.version for v in history.versions] == [1, 2]
    assert history.sequence(session) == 1
    assert all(history.sequence(i) == 0 for i in before if i not in moved)


def _entry(start: str, room: str = "a", title: str = "T", day: str = "d1") -> VersionSession:
    return VersionSession(
        title=title,
        day=day,
        date=date(2027, 6, 18),
        start=start,
        length=30,
        room=room,
        room_name=room.upper(),
        speakers=("ann",),
    )


def _version(number: int, **sessions: VersionSession) -> ScheduleVersion:
    return ScheduleVersion(
        version=number,
        date=date(2027, 5, number),
        people={"ann": "Ann", "bob": "Bob"},
        sessions=sessions,
    )


def test_diff_and_sequence_of_each_kind_of_change() -> None:
    one = _version(1, a=_entry("09:00"), b=_entry("10:00"), c=_entry("11:00"), d=_entry("12:00"))
    two = _version(
        2,
        a=_entry("09:30"),  # moved
        b=_entry("10:00", title="New title"),  # renamed
        d=_entry("12:00").model_copy(update={"speakers": ("ann", "bob")}),  # speaker added
        e=_entry("13:00"),  # added; c cancelled
    )
    changes = diff(one, two)
    assert changes.moved == ("a",) and changes.renamed == ("b",) and changes.speakers == ("d",)
    assert changes.added == ("e",) and changes.cancelled == ("c",)
    assert changes.touched == {"a", "b", "d", "e"}
    assert changes.count() == "1 moved, 1 added, 1 cancelled, 1 renamed, 1 with other speakers"
    lines = changes.lines("en")
    assert "moved      a «T»: 2027-06-18 09:00–09:30 A → 2027-06-18 09:30–10:00 A" in lines
    assert "speakers   d «T»: Ann → Ann, Bob" in lines
    three = _version(3, a=_entry("09:30"), c=_entry("11:00"), e=_entry("13:00", room="b"))
    history = versions.History((one, two, three))
    # a moved once; c was cancelled then came back (two changes); e moved room; b, d gone.
    assert [history.sequence(i) for i in "abcde"] == [1, 1, 2, 1, 1]
    assert diff(None, one).added == ("a", "b", "c", "d")


def test_version_files_round_trip_and_refuse_tampering(tmp_path: Path) -> None:
    folder = tmp_path / "plan-versions"
    folder.mkdir()
    version = _version(1, a=_entry("09:00", title="标题"))
    (folder / "0001.yaml").write_text(versions.render(version), encoding="utf-8")
    assert versions.read_history(folder).versions == (version,)
    (folder / "0002.yaml").write_text(versions.render(version), encoding="utf-8")
    from confsite.problems import ContentError

    with pytest.raises(ContentError) as caught:
        versions.read_history(folder)
    assert "the file holds version 1" in str(caught.value.problems[0].message)


def test_diff_command_without_versions_and_with_a_bad_number(example: Path, tmp_path: Path) -> None:
    folder = _copy(example, tmp_path)
    shown = confsite("diff", "--content", folder)
    # Nothing recorded yet: the plan file itself is compared with nothing.
    assert shown.returncode == 0, shown.stderr
    assert "nothing → " in shown.stdout and "added" in shown.stdout
    bad = confsite("diff", "--content", folder, "7")
    assert bad.returncode == 1 and "there is no version 7" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.slow
def test_replan_after_a_room_is_lost_moves_only_its_sessions(tmp_path: Path) -> None:
    """A generated conference loses a room: the re-plan moves exactly the sessions that
    were in it, which the whole model confirms is the fewest possible."""
    from bench.generate import generate
    from confsite.plan.planner import fewest_moves, plan

    folder = tmp_path / "content"
    generate(folder, 80, 8, 2, 3)
    first = plan(load_content(folder), time_limit=120).agenda
    content = load_content(folder)
    held = {h.room for t in content.tracks.tracks for h in t.held_rooms}
    named = {r for _, s in content.sessions for r in s.needs.rooms}
    named |= {s.pin.room for _, s in content.sessions if s.pin and s.pin.room}
    rooms = sorted(
        (sum(1 for p in first.values() if p.room == room.id), room.id)
        for room in content.venue.rooms
        if room.id not in held | named and "lab_desks" not in room.features
    )
    count, lost = rooms[len(rooms) // 2]
    assert count > 0
    venue = yaml.safe_load((folder / "venue.yaml").read_text(encoding="utf-8"))
    venue["rooms"] = [room for room in venue["rooms"] if room["id"] != lost]
    (folder / "venue.yaml").write_text(yaml.safe_dump(venue, allow_unicode=True), "utf-8")
    changed = load_content(folder)
    again = plan(changed, previous=first, time_limit=120)
    moved = {ident for ident, place in first.items() if again.agenda[ident] != place}
    assert moved == {ident for ident, place in first.items() if place.room == lost}
    assert len(moved) == fewest_moves(changed, first)
