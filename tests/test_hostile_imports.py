"""Hostile or broken import sources: each ends with exit 1 and one clear line, or with a
repair the report names and a folder that `check` accepts; never a traceback, never
unbounded memory or time.

Each import runs in its own process under a memory limit (MEMORY_LIMIT); its time and peak
memory are measured by bench/import_limits.py (the target is under 10 s and 500 MB each),
not asserted here: the timeout only keeps a hang from blocking the suite.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Run, confsite

REALDATA = ROOT.parent / "shared" / "realdata"
WORKBOOK = REALDATA / "cosplib" / "instances" / "N2OR.xlsx"
MEMORY_LIMIT = 1024 * 1024 * 1024
# Larger than any source an import takes (a frab, pretalx or Sessionize export); the
# benchmark also tries 252 MB, the size that once took 12 GB.
OVER_SIZE = 24 * 1024 * 1024
DEEP = 100_000


def confsite_limited(*args: str | Path, timeout: float = 120) -> Run:
    """Run the command line in a process that may use at most MEMORY_LIMIT."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    result = subprocess.run(
        [sys.executable, "-m", "confsite", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=timeout,
        preexec_fn=limit,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- sources ------------------------------------------------------------------------------


def submission(code: str, **fields: Any) -> dict[str, Any]:
    """A pretalx (v1) submission."""
    return {
        "code": code,
        "title": f"Talk {code}",
        "submission_type": {"en": "Talk"},
        "state": "confirmed",
        "abstract": "An abstract.",
        "duration": 30,
        "speakers": [{"code": "SPK1", "name": "Ada", "biography": "Bio"}],
        "content_locale": "en",
        "slot": None,
    } | fields


def sessionize(**fields: Any) -> dict[str, Any]:
    """A Sessionize "All" view with one session and one speaker."""
    session = {
        "id": "1",
        "title": "A talk",
        "startsAt": "2025-03-01T09:00:00",
        "endsAt": "2025-03-01T09:45:00",
        "speakers": ["s-1"],
        "categoryItems": [],
        "roomId": 5,
        "status": "Accepted",
    }
    speaker = {"id": "s-1", "fullName": "Ada", "links": []}
    document = {
        "sessions": [session],
        "speakers": [speaker],
        "categories": [],
        "rooms": [{"id": 5, "name": "Hall A"}],
    }
    for key, value in fields.items():
        where, _, name = key.rpartition("__")
        {"session": session, "speaker": speaker, "": document}[where][name] = value
    return document


def frab_json(schedule: Any) -> dict[str, Any]:
    return {"schedule": schedule}


FRAB_EVENT = (
    '<event id="{n}" guid="g{n}"><date>2025-01-01T09:00:00+00:00</date><start>09:00</start>'
    "<duration>00:30</duration><room>A</room><title>Talk {n}</title><type>talk</type>"
    '<persons><person id="{n}">Speaker {n}</person></persons></event>\n'
)


ONE_EVENT = {
    "id": 1,
    "title": "A talk",
    "date": "2025-01-01T09:00:00+00:00",
    "start": "09:00",
    "duration": "1" * 5000 + ":00",
    "room": "A",
}


def big_frab_xml(path: Path, size: int = OVER_SIZE) -> Path:
    """A valid frab schedule of ``size`` bytes, one room full of events."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<schedule><conference><title>Big</title><start>2025-01-01</start>"
            "<end>2025-01-01</end><time_zone_name>UTC</time_zone_name></conference>\n"
            '<day index="1" date="2025-01-01"><room name="A">\n'
        )
        written, n = 0, 0
        while written < size:
            written += out.write(FRAB_EVENT.format(n=n))
            n += 1
        out.write("</room></day></schedule>\n")
    return path


def big_json(path: Path, make: Callable[[list[Any]], Any], item: Callable[[int], Any]) -> Path:
    """A JSON document of about OVER_SIZE bytes: ``make`` of a list of ``item``s."""
    one = len(json.dumps(item(0))) + 2
    return write_json(path, make([item(n) for n in range(OVER_SIZE // one + 1)]))


def deep_json(path: Path) -> Path:
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    return path


def _n2or() -> Path:
    """The N2OR CoSPLib workbook in ../shared/realdata (the test is skipped without it)."""
    if not WORKBOOK.is_file():
        pytest.skip(f"real data not available: {WORKBOOK}")
    return WORKBOOK


def workbook(path: Path, replace: dict[str, bytes]) -> Path:
    """The N2OR CoSPLib instance with some of its parts replaced."""
    with zipfile.ZipFile(_n2or()) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def workbook_bomb(path: Path, inflated: int = 200 * 1024 * 1024) -> Path:
    """A small workbook whose submissions sheet inflates to ``inflated`` bytes of rows."""
    row = b"<row><c><v>1</v></c></row>"
    body = io.BytesIO()
    body.write(SHEET_HEAD)
    body.write(row * (inflated // len(row)))
    body.write(b"</sheetData></worksheet>")
    return workbook(path, {"xl/worksheets/sheet2.xml": body.getvalue()})


def workbook_dtd(path: Path) -> Path:
    with zipfile.ZipFile(_n2or()) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    declaration, _, rest = sheet.partition(b"?>")
    dtd = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    rest = rest.replace(b"<sheetData>", b"<sheetData>&x;", 1)
    return workbook(path, {"xl/worksheets/sheet1.xml": declaration + b"?>" + dtd + rest})


def workbook_cell(path: Path, sheet: int, cell: str, value: str) -> Path:
    """N2OR with one number cell of one sheet (xl/worksheets/sheetN.xml) replaced."""
    with zipfile.ZipFile(_n2or()) as source:
        part = f"xl/worksheets/sheet{sheet}.xml"
        text = source.read(part).decode()
    start = text.index(f'<c r="{cell}"')
    end = text.index("</c>", start)
    changed = text[:start] + f'<c r="{cell}"><v>{value}</v>' + text[end:]
    return workbook(path, {part: changed.encode()})


def workbook_far_cell(path: Path) -> Path:
    """N2OR with one more cell, at the last row and column a sheet may have (and a
    dimension that says so): a few bytes that read as 17 billion empty cells."""
    with zipfile.ZipFile(_n2or()) as source:
        sheet = source.read("xl/worksheets/sheet2.xml").decode()
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return workbook(path, {"xl/worksheets/sheet2.xml": sheet.replace("</sheetData>", far).encode()})


@dataclass(frozen=True)
class Hostile:
    command: str  # the import sub-command
    make: Callable[[Path], Path]  # writes the source into a folder, returns it
    words: str  # what the one error line (or, with code 0, a report line) says
    code: int = 1


def _in(name: str, write: Callable[[Path], Path]) -> Callable[[Path], Path]:
    return lambda folder: write(folder / name)


def _json(name: str, data: Any) -> Callable[[Path], Path]:
    return lambda folder: write_json(folder / name, data)


CASES: dict[str, Hostile] = {
    # Sizes: each source file is capped before it is read.
    "frab-xml-huge": Hostile("frab", _in("schedule.xml", big_frab_xml), "too large to import"),
    "frab-json-huge": Hostile(
        "frab",
        _in(
            "schedule.json",
            lambda p: big_json(
                p,
                lambda events: frab_json(
                    {"conference": {"days": [{"date": "2025-01-01", "rooms": {"A": events}}]}}
                ),
                lambda n: {"id": n, "title": f"T{n}", "date": "2025-01-01T09:00:00+00:00"},
            ),
        ),
        "too large to import",
    ),
    "pretalx-huge": Hostile(
        "pretalx",
        _in("submissions.json", lambda p: big_json(p, list, lambda n: submission(f"C{n}"))),
        "too large to import",
    ),
    "sessionize-huge": Hostile(
        "sessionize",
        _in(
            "all.json",
            lambda p: big_json(
                p, lambda items: sessionize(sessions=items), lambda n: {"id": str(n)}
            ),
        ),
        "too large to import",
    ),
    "workbook-bomb": Hostile("cosplib", _in("bomb.xlsx", workbook_bomb), "inflates to 200 MB"),
    # Lengths beyond the content format's own limit (a day).
    "pretalx-duration-1e8": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", duration=100_000_000)]),
        "session AAA: length: 100000000 minutes is longer than a session may be",
    ),
    "pretalx-duration-1e12": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", duration=10**12)]),
        "(expected at most 1440 minutes)",
    ),
    "pretalx-duration-100000": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", duration=100_000)]),
        "100000 minutes is longer than a session may be",
    ),
    # Nesting.
    "pretalx-deep": Hostile("pretalx", _in("s.json", deep_json), "nested too deeply"),
    "sessionize-deep": Hostile("sessionize", _in("s.json", deep_json), "nested too deeply"),
    "frab-json-deep": Hostile("frab", _in("s.json", deep_json), "nested too deeply"),
    # Values of the wrong kind.
    "sessionize-category-items": Hostile(
        "sessionize",
        _json("s.json", sessionize(session__categoryItems=5)),
        "sessions[0].categoryItems: 5 is a number (expected a list of category item ids)",
    ),
    "sessionize-links": Hostile(
        "sessionize",
        _json("s.json", sessionize(speaker__links=5)),
        "speakers[0].links: 5 is a number (expected a list of links)",
    ),
    "sessionize-category-list": Hostile(
        "sessionize",
        _json("s.json", sessionize(categories=[{"id": 1, "title": "Track", "items": 5}])),
        "categories[0].items: 5 is a number (expected a list of category items)",
    ),
    "frab-json-days": Hostile(
        "frab",
        _json("s.json", frab_json({"conference": {"title": "x", "days": 5}})),
        "schedule.conference.days: 5 is a number (expected a list of days)",
    ),
    "frab-json-schedule": Hostile(
        "frab",
        _json("s.json", frab_json("x")),
        'schedule: "x" is text (expected an object with the conference)',
    ),
    "workbook-dtd": Hostile(
        "cosplib", _in("dtd.xlsx", workbook_dtd), "sheet 'parameters': not well-formed XML"
    ),
    "workbook-far-cell": Hostile(
        "cosplib",
        _in("far.xlsx", workbook_far_cell),
        "sheet 'submissions', row 62: more than 1,000,000 cells",
    ),
    "workbook-long-submission": Hostile(
        "cosplib",
        _in("long.xlsx", lambda p: workbook_cell(p, 2, "C2", "100000")),
        "cell C2: 100000 required timeslots (expected at most 3, the most a session has)",
    ),
    "workbook-tiny-slots": Hostile(
        "cosplib",
        _in("tiny.xlsx", lambda p: workbook_cell(p, 4, "B2", "100000")),
        "cell B2: 100000 time slots in",
    ),
    # Found by mutating the real exports' values: each used to end in a traceback.
    "frab-json-huge-number": Hostile(
        "frab",
        _json(
            "s.json",
            frab_json(
                {
                    "conference": {
                        "title": "x",
                        "days": [{"date": "2025-01-01", "rooms": {"A": [ONE_EVENT]}}],
                    }
                }
            ),
        ),
        "missing or zero duration; set to 5 minutes",
        code=0,
    ),
    "sessionize-room-order": Hostile(
        "sessionize",
        _json(
            "s.json",
            sessionize(
                rooms=[
                    {"id": 5, "name": "Hall A", "sort": "x"},
                    {"id": 6, "name": "Hall B", "sort": 1},
                ]
            ),
        ),
        "1 sessions, 1 speakers, 2 rooms",
        code=0,
    ),
    "pretalx-end-of-calendar": Hostile(
        "pretalx",
        _json(
            "s.json",
            [
                {"name": "Late", "date_from": "9999-12-31", "date_to": "9999-12-31"},
                *(submission(f"A{n}", duration=600) for n in range(10)),
            ],
        ),
        "the conference starts on 9999-12-31, too late in the calendar",
    ),
    "frab-end-of-calendar": Hostile(
        "frab",
        _in(
            "s.xml",
            lambda p: (
                p.write_text(
                    "<schedule><conference><title>t</title><day_change>04:00</day_change>"
                    '</conference><day date="9999-12-31"><room name="A"><event id="1">'
                    "<start>01:00</start><duration>00:30</duration><room>A</room><title>x</title>"
                    "</event></room></day></schedule>"
                )
                and p
            ),
        ),
        "the schedule has no event that can be imported",
    ),
    # Not the format at all.
    "pretalx-not-json": Hostile(
        "pretalx",
        _in("s.json", lambda p: p.write_text("code: AAA\n") and p),
        "s.json:1:1: not JSON: Expecting value (expected a pretalx API export",
    ),
    # Imports that used to write a folder `check` refuses: repaired, and reported.
    "pretalx-no-speakers": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", speakers=[])]),
        "no speakers in the source; speakers/ left empty",
        code=0,
    ),
    "pretalx-huge-abstract": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", abstract="word " * 600_000)]),
        "text longer than 50,000 characters; cut",
        code=0,
    ),
    "pretalx-unscheduled-keynote": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", submission_type={"en": "Keynote"})]),
        "no plenary slots in the time grid are long enough",
        code=0,
    ),
    "pretalx-longer-than-a-block": Hostile(
        "pretalx",
        _json("s.json", [submission("AAA", duration=300), submission("BBB")]),
        "longer than the longest run of slots in timeslots.yaml (270 minutes); cut",
        code=0,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_import(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    source = case.make(tmp_path)
    into = tmp_path / "content"
    result = confsite_limited("import", case.command, source, "--into", into)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == case.code, result.stdout + result.stderr
    if case.code == 1:
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"Error: {source}") or result.stderr.startswith(
            f"Error: {source.name}"
        ), result.stderr
        assert case.words in result.stderr, result.stderr
        assert not (into / "sessions").exists()
    else:
        assert case.words in result.stdout, result.stdout
        checked = confsite("check", "--content", into)
        assert checked.returncode == 0, checked.stderr


# --- values of every kind where the real exports have one kind --------------------------

ODD_VALUES: list[Any] = [
    None,
    5,
    -1,
    10**30,
    1.5,
    True,
    "",
    "x",
    "2025-13-45T99:99",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    "99999999:00",
    "1" * 5000 + ":00",
    [],
    [1],
    {},
    {"a": 1},
]
REAL_EXPORTS = {
    "sessionize": "sessionize-dddmelbourne-2024.json",
    "frab": "cccamp2019-schedule.json",
    "pretalx": "pretalx-v1-europython-submissions.json",
}


def _value_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where values sit in a JSON document (the first three items of each list)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _value_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _value_paths(item, (*path, index))
    return found


def _read_into_draft(kind: str, document: Any) -> None:
    """What an import does before writing: read, make the draft, make the files."""
    from confsite.importers import frab, pretalx, sessionize
    from confsite.importers.draft import build_files
    from confsite.importers.report import ImportReport

    report = ImportReport(source="source", into="content")
    if kind == "sessionize":
        draft = sessionize.to_draft(document, report)
    elif kind == "frab":
        draft = frab.to_draft(frab._read_json(json.dumps(document).encode(), report), report)
    else:
        sources = pretalx._Sources()
        pretalx._read_document(document, Path("submissions.json"), sources, report)
        draft = pretalx.to_draft(sources, report)
    build_files(draft, report)


@pytest.mark.parametrize("kind", sorted(REAL_EXPORTS))
def test_odd_values_in_real_exports_are_refused_or_repaired(kind: str) -> None:
    """Values of another kind, out of range or absurd, put into a real export one to three
    at a time: the import succeeds or refuses the source (ImportFailed), never crashes."""
    from confsite.importers.report import ImportFailed

    path = REALDATA / REAL_EXPORTS[kind]
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    original = json.loads(path.read_text(encoding="utf-8"))
    places = _value_paths(original)
    rng = random.Random(23)
    for _ in range(100):
        document = copy.deepcopy(original)
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(places)
            try:
                target = document
                for key in parents:
                    target = target[key]
                target[last] = copy.deepcopy(rng.choice(ODD_VALUES))
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change replaced a parent
        with contextlib.suppress(ImportFailed):
            _read_into_draft(kind, document)
