"""`confsite check` on the fields of paper-session conferences: each mistake reported as
file:line:column: field: what is wrong (expected …), at the line that holds it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from confsite.load.loader import check_folder
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "paper-sessions"


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str  # text replaced in the file
    new: str
    field: str
    words: str
    expected: str  # words of the "(expected …)" part
    needle: str  # text on the line the problem must point at


CASES = [
    Case(
        "block-start-inside-a-block",
        "tracks.yaml",
        '"#336699"}',
        '"#336699", block_penalties: [{day: d1, start: "09:20", penalty: 1}]}',
        "tracks[0].block_penalties[0].start",
        "no block starts at 09:20 on d1",
        "the start of a block (the first slot after a break): 09:00, 10:00, 11:40",
        "09:20",
    ),
    Case(
        "block-on-unknown-day",
        "venue.yaml",
        "capacity: 40}\n  - {id: r2",
        'capacity: 40, block_penalties: [{day: d9, start: "09:00", penalty: 1}]}\n  - {id: r2',
        "rooms[0].block_penalties[0].day",
        "unknown day 'd9'",
        "a day id: d1, d2",
        "d9",
    ),
    Case(
        "track-room-penalty-unknown-room",
        "tracks.yaml",
        '"#993366"}',
        '"#993366", room_penalties: {r9: 5}}',
        "tracks[1].room_penalties.r9",
        "unknown room 'r9'",
        "r1",
        "r9",
    ),
    Case(
        "similar-unknown-track",
        "tracks.yaml",
        '"#669933"}\n',
        '"#669933"}\nsimilar:\n  - {tracks: [ta, tz], penalty: 2}\n',
        "similar[0].tracks[1]",
        "unknown track 'tz'",
        "ta",
        "tz",
    ),
    Case(
        "similar-to-itself",
        "tracks.yaml",
        '"#669933"}\n',
        '"#669933"}\nsimilar:\n  - {tracks: [ta, ta]}\n',
        "similar[0].tracks",
        "a track is not similar to itself",
        "two different track ids",
        "[ta, ta]",
    ),
    Case(
        "similar-pair-twice",
        "tracks.yaml",
        '"#669933"}\n',
        '"#669933"}\nsimilar:\n  - {tracks: [ta, tb]}\n  - {tracks: [tb, ta]}\n',
        "similar[1].tracks",
        "the pair tb and ta is listed twice",
        "one entry per pair; it is also similar[0]",
        "[tb, ta]",
    ),
    Case(
        "session-block-twice",
        "sessions/a1.yaml",
        "speakers: [s1]\n",
        "speakers: [s1]\nblock_penalties:\n"
        '  - {day: d2, start: "09:00", penalty: 1}\n'
        '  - {day: d2, start: "09:00", penalty: 2}\n',
        "block_penalties[1]",
        "the block d2 09:00 is listed twice",
        "one entry per block; it is also entry [0]",
        "penalty: 2",
    ),
    Case(
        "negative-penalty",
        "sessions/a1.yaml",
        "speakers: [s1]\n",
        "speakers: [s1]\nroom_penalties: {r1: -3}\n",
        "room_penalties.r1",
        "-3 is not valid",
        "greater than or equal to 0",
        "r1: -3",
    ),
    Case(
        "session-room-penalty-unknown-room",
        "sessions/b1.yaml",
        "speakers: [s3]\n",
        "speakers: [s3]\nroom_penalties: {hall: 1}\n",
        "room_penalties.hall",
        "unknown room 'hall'",
        "r1",
        "hall",
    ),
    Case(
        "session-unknown-time-zone",
        "sessions/a1.yaml",
        "speakers: [s1]\n",
        "speakers: [s1]\ntimezone: Mars/Olympus\n",
        "timezone",
        "unknown time zone 'Mars/Olympus'",
        "an IANA time zone such as Europe/Berlin, or a UTC offset such as UTC+02:00",
        "Mars",
    ),
    Case(
        "speaker-offset-too-far",
        "speakers/s1.yaml",
        "Speaker 1\n",
        "Speaker 1\ntimezone: UTC+25:00\n",
        "timezone",
        "unknown time zone 'UTC+25:00'",
        "a UTC offset such as UTC+02:00",
        "UTC+25",
    ),
    Case(
        "hours-backwards",
        "planning.yaml",
        "gap: 0\n",
        'gap: 0\npresenter_hours:\n  suitable: {start: "18:00", end: "09:00"}\n',
        "presenter_hours.suitable",
        "end must be after start (18:00)",
        "",
        "suitable",
    ),
    Case(
        "order-neither-hard-nor-soft",
        "planning.yaml",
        "gap: 0\n",
        "gap: 0\norder: sometimes\n",
        "order",
        "'sometimes' is not allowed",
        "one of 'hard' or 'soft'",
        "sometimes",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_mistake_is_reported_where_it_is(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    path = root / case.file
    text = path.read_text(encoding="utf-8")
    assert case.old in text, case.old
    path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    _content, problems = check_folder(root)
    errors = [p for p in problems if p.severity == "error"]
    assert errors, f"no error for {case.id}"
    found = [p for p in errors if p.file.endswith(case.file) and p.field == case.field]
    assert found, "\n".join(map(str, errors))
    (problem,) = found
    assert case.words in problem.message, str(problem)
    assert case.expected in problem.expected, str(problem)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert case.needle in lines[problem.line - 1], (str(problem), lines)
    shown = str(problem)
    assert shown.startswith(f"{problem.file}:{problem.line}:{problem.column}: {case.field}: ")
    if case.expected:
        assert "(expected " in shown
