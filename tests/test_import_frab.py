"""The frab importer: real schedules become valid content; payloads do not survive."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from confsite.importers.frab import import_frab
from tests.conftest import ROOT, confsite
from tests.feeds import frab_round_trip

REALDATA = ROOT.parent / "shared" / "realdata"
REAL_FILES = [
    "fosdem-2021-schedule.xml",
    "debconf23-schedule.xml",
    "cccamp2019-schedule.json",
]


def _real(name: str) -> Path:
    path = REALDATA / name
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    return path


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _source_facts(path: Path) -> dict:
    """Counted straight from the source, without the importer: event ids, person ids,
    room names, and the pairs of events that overlap in one room."""
    events: dict[str, tuple[str, datetime, int]] = {}
    persons: set[str] = set()
    rooms: set[str] = set()
    if path.suffix == ".json":
        conf = json.loads(path.read_text(encoding="utf-8"))["schedule"]["conference"]
        for day in conf["days"]:
            for room, items in day["rooms"].items():
                rooms.add(room)
                for event in items:
                    begin = datetime.fromisoformat(event["date"]).replace(tzinfo=None)
                    events[str(event["id"])] = (room, begin, _minutes(event["duration"]))
                    persons.update(str(p["id"]) for p in event["persons"])
    else:
        root = ET.parse(path).getroot()
        for day in root.iter("day"):
            for room in day.findall("room"):
                rooms.add(room.get("name"))
                for event in room.iter("event"):
                    when = event.findtext("date")
                    if when:  # an absolute time: same-room overlaps need no time zone
                        begin = datetime.fromisoformat(when).replace(tzinfo=None)
                    else:
                        begin = datetime.fromisoformat(day.get("date")) + timedelta(
                            minutes=_minutes(event.findtext("start"))
                        )
                    name = event.findtext("room") or room.get("name")
                    rooms.add(name)
                    events[event.get("id")] = (name, begin, _minutes(event.findtext("duration")))
                    persons.update(p.get("id") for p in event.iter("person"))
    by_room = defaultdict(list)
    for ident, (room, begin, length) in events.items():
        by_room[room].append((begin, begin + timedelta(minutes=length), ident))
    overlaps = set()
    for items in by_room.values():
        items.sort()
        for index, (_, end, first) in enumerate(items):
            for begin, _, second in items[index + 1 :]:
                if begin >= end:
                    break
                overlaps.add(frozenset((first, second)))
    return {"events": events, "persons": persons, "rooms": rooms, "overlaps": overlaps}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _event_ids(folder: Path) -> dict[str, str]:
    """Session id: frab event id, read from the private notes the importer writes."""
    found = {}
    for path in (folder / "sessions").glob("*.yaml"):
        match = re.search(r"Imported from frab event (\S+)", path.read_text(encoding="utf-8"))
        assert match, path
        found[path.stem] = match[1]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_FILES)
def test_real_schedule_imports_checks_and_plans(name: str, tmp_path: Path) -> None:
    source = _real(name)
    facts = _source_facts(source)
    into = tmp_path / "content"
    report = import_frab(source, into)

    # Counts survive, from the report and from the files.
    assert report.sessions == len(facts["events"])
    assert report.speakers == len(facts["persons"])
    assert report.rooms == len(facts["rooms"])
    assert len(list((into / "sessions").glob("*.yaml"))) == len(facts["events"])
    assert len(list((into / "speakers").glob("*.yaml"))) == len(facts["persons"])

    checked = confsite("check", "--content", into)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert "OK: no errors" in checked.stdout

    # The plan is the source's own agenda: `plan --check` objects only to the room
    # clashes the source itself has (none of the files has a speaker in two places).
    events = _event_ids(into)
    report_pairs = {frozenset(events[s] for s in (a, b)) for _, a, b, _ in report.conflicts}
    assert report_pairs == facts["overlaps"]
    assert all(kind == "room clash" for kind, *_ in report.conflicts)
    planned = confsite("plan", "--check", "--content", into)
    flagged = re.findall(r"sessions\.([a-z0-9_-]+): (.*)", planned.stderr)
    if facts["overlaps"]:
        assert planned.returncode != 0
        assert flagged
        for session, message in flagged:
            assert session in report.conflicting_sessions
            assert re.match(r"room \S+ holds ", message), message
        assert {s for s, _ in flagged} >= {max(a, b) for _, a, b, _ in report.conflicts}
    else:
        assert planned.returncode == 0, planned.stderr[-3000:]
        assert not flagged


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_FILES)
def test_real_schedule_builds_into_a_site(name: str, tmp_path: Path) -> None:
    source = _real(name)
    facts = _source_facts(source)
    into = tmp_path / "content"
    report = import_frab(source, into)
    site = tmp_path / "site"
    command = ["build", "--content", into, "-d", site, "-q"]
    if report.conflicts:
        assert any("--allow-rule-breaks" in line for line in report.lines())
        # The source's own clashes (FOSDEM 2021 has one) are not published unless asked.
        refused = confsite(*command, timeout=600)
        assert refused.returncode == 1 and "--allow-rule-breaks" in refused.stderr
        assert not site.exists()
        command.append("--allow-rule-breaks")
    built = confsite(*command, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    pages = [p for p in (site / "sessions").iterdir() if (p / "index.html").is_file()]
    assert len(pages) == len(facts["events"])
    schedule = (site / "schedule" / "index.html").read_text(encoding="utf-8")
    assert schedule.count('class="cs-session ') == len(facts["events"])


@pytest.mark.slow
def test_fosdem_counts_and_known_conflict(tmp_path: Path) -> None:
    report = import_frab(_real("fosdem-2021-schedule.xml"), tmp_path / "c")
    assert (report.sessions, report.rooms, report.days) == (773, 108, 2)
    assert [(k, a, b) for k, a, b, _ in report.conflicts] == [
        ("room clash", "ow2_decoder", "ow2_ggi")
    ]
    assert report.repaired["no time zone in the source; used UTC"] == ["conference"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["debconf23-schedule.xml", "cccamp2019-schedule.json"])
def test_reimport_is_identical_and_keeps_edits(name: str, tmp_path: Path) -> None:
    source = _real(name)
    into = tmp_path / "content"
    import_frab(source, into)
    first = _files(into)
    again = import_frab(source, into)
    assert _files(into) == first
    assert not again.written and not again.kept and not again.removed
    assert len(again.unchanged) == len(first) - 1  # every file but the manifest


def _write_xml(path: Path, body: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n' + body + "</schedule>\n",
        encoding="utf-8",
    )
    return path


HOSTILE = """
<conference>
  <acronym>evil&lt;script&gt;alert(1)&lt;/script&gt;conf</acronym>
  <title>Evil Conf &lt;img src=x onerror=alert(2)&gt;</title>
  <start>2024-05-04</start><end>2024-05-04</end>
  <time_zone_name>Europe/Brussels</time_zone_name>
  <base_url>javascript:alert(3)</base_url>
</conference>
<day index="1" date="2024-05-04">
  <room name="Main &lt;script&gt;alert(4)&lt;/script&gt;">
    <event id="1" guid="g-1">
      <start>10:00</start><duration>00:30</duration>
      <room>Main &lt;script&gt;alert(4)&lt;/script&gt;</room>
      <slug>first</slug>
      <title>Hello &lt;script&gt;alert(5)&lt;/script&gt;world</title>
      <subtitle>&lt;img src=x onerror="alert(6)"&gt;sub</subtitle>
      <track>Web &lt;svg onload=alert(7)&gt;</track>
      <type>workshop</type><language>zh-CN</language>
      <abstract>&lt;p onclick="alert(8)"&gt;Read &lt;a href="javascript:alert(9)"&gt;this&lt;/a&gt;
        and [that](javascript:alert(10)) and [x](JaVaScRiPt&#x3A;alert(11))&lt;/p&gt;
        &lt;script&gt;alert(12)&lt;/script&gt;
        &lt;iframe src="javascript:alert(13)"&gt;&lt;/iframe&gt;</abstract>
      <description>&lt;img src="x" onerror="alert(14)"&gt; **bold** text</description>
      <persons>
        <person id="7">Mallory &lt;script&gt;alert(15)&lt;/script&gt;
          &lt;b onmouseover=alert(16)&gt;M&lt;/b&gt;</person>
        <person id="8">Alice</person>
      </persons>
      <links>
        <link href="javascript:alert(17)">Slides</link>
        <link href=" JAVASCRIPT:alert(18)">Video</link>
        <link href="https://example.org/slides.pdf">Slides</link>
      </links>
    </event>
    <event id="2">
      <start>10:30</start><duration>00:45</duration>
      <room>Main &lt;script&gt;alert(4)&lt;/script&gt;</room>
      <title>Second talk</title><type>lecture</type>
      <abstract>Plain text with a &amp; and a &lt; sign.</abstract>
      <persons><person id="8">Alice</person></persons>
    </event>
  </room>
</day>
"""

ACTIVE = re.compile(
    r"(?i)<script|javascript\s*:|vbscript\s*:|\bon[a-z]+\s*=|alert\(\d+\)\s*</script"
)


def test_hostile_payloads_do_not_survive(tmp_path: Path) -> None:
    source = _write_xml(tmp_path / "schedule.xml", HOSTILE)
    into = tmp_path / "content"
    report = import_frab(source, into)
    assert (report.sessions, report.speakers, report.rooms) == (2, 2, 1)
    assert len(report.skipped["link with a javascript:/vbscript: address"]) == 2
    for name, data in _files(into).items():
        text = data.decode("utf-8")
        assert not ACTIVE.search(text), (name, ACTIVE.search(text))
        assert "onerror" not in text.lower() and "onload" not in text.lower(), name
    session = (into / "sessions" / "first.yaml").read_text(encoding="utf-8")
    assert "title: Hello world" in session
    assert "slides: https://example.org/slides.pdf" in session
    assert "kind: workshop" in session and "language: zh" in session
    assert "**bold** text" in session
    checked = confsite("check", "--content", into)
    assert checked.returncode == 0, checked.stderr
    planned = confsite("plan", "--check", "--content", into)
    assert planned.returncode == 0, planned.stderr


@pytest.mark.slow
def test_hostile_payloads_are_not_active_in_the_site(tmp_path: Path) -> None:
    source = _write_xml(tmp_path / "schedule.xml", HOSTILE)
    into = tmp_path / "content"
    import_frab(source, into)
    site = tmp_path / "site"
    built = confsite("build", "--content", into, "-d", site, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    pages = list(site.rglob("*.html"))
    assert pages
    payload = re.compile(
        r"(?i)javascript\s*:|<script(?![^>]*ld\+json)[^>]*>[^<]*alert|\son(error|load|click|mouseover)\s*=|"
        r"<iframe\b|<(img|svg|b)\b[^>]*alert"
    )
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not payload.search(html), (page, payload.search(html))
        # Structured data holds the (inert) text; it must still be one JSON value.
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    assert any("Hello world" in p.read_text(encoding="utf-8") for p in pages)


def test_reimport_keeps_edited_files_unless_forced(tmp_path: Path) -> None:
    source = _write_xml(tmp_path / "schedule.xml", HOSTILE)
    into = tmp_path / "content"
    import_frab(source, into)
    original = _files(into)
    edited = into / "sessions" / "first.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "level: beginner\n", encoding="utf-8")
    hand_made = into / "speakers" / "alice.yaml"
    hand_made.unlink()
    hand_made.write_text("name: Alice A.\n", encoding="utf-8")  # now unlike the manifest

    kept = import_frab(source, into)
    assert sorted(kept.kept) == ["sessions/first.yaml", "speakers/alice.yaml"]
    assert "level: beginner" in edited.read_text(encoding="utf-8")
    assert hand_made.read_text(encoding="utf-8") == "name: Alice A.\n"
    assert any("--force" in line and "first.yaml" in line for line in kept.lines())
    # Kept files stay "edited" for the next import too.
    assert sorted(import_frab(source, into).kept) == sorted(kept.kept)

    forced = import_frab(source, into, force=True)
    assert sorted(forced.written) == ["sessions/first.yaml", "speakers/alice.yaml"]
    assert not forced.kept
    assert _files(into) == original


def test_sessions_dropped_from_the_source_are_removed_unless_edited(tmp_path: Path) -> None:
    source = _write_xml(tmp_path / "schedule.xml", HOSTILE)
    into = tmp_path / "content"
    import_frab(source, into)
    smaller = _write_xml(
        tmp_path / "smaller.xml", re.sub(r'<event id="2">.*?</event>', "", HOSTILE, flags=re.S)
    )
    report = import_frab(smaller, into)
    assert "sessions/second-talk.yaml" in report.removed
    assert not (into / "sessions" / "second-talk.yaml").exists()
    assert report.sessions == 1
    assert confsite("check", "--content", into).returncode == 0


def test_json_source_is_detected_by_content(tmp_path: Path) -> None:
    document = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "Tiny2024",
                "title": "Tiny",
                "start": "2024-01-01",
                "end": "2024-01-01",
                "days": [
                    {
                        "index": 1,
                        "date": "2024-01-01",
                        "rooms": {
                            "Hall": [
                                {
                                    "id": 5,
                                    "date": "2024-01-01T23:30:00+00:00",
                                    "start": "23:30",
                                    "duration": "01:00",
                                    "room": "Hall",
                                    "title": "Late",
                                    "type": "lightning talk",
                                    "language": "de",
                                    "persons": [{"id": 1, "public_name": "Bob"}],
                                    "links": [{"url": "/files/a.pdf", "title": "slides"}],
                                },
                                {"id": 5, "start": "10:00", "title": "duplicate id"},
                                {"id": 6, "title": "no time", "room": "Hall"},
                            ]
                        },
                    }
                ],
            },
        }
    }
    source = tmp_path / "schedule.data"
    source.write_text(json.dumps(document), encoding="utf-8")
    report = import_frab(source, tmp_path / "content")
    assert report.format == "frab JSON"
    assert report.sessions == 1
    assert report.skipped["duplicate event id (the first one is kept)"] == ["5"]
    assert report.skipped["event without a usable date and start time"] == ["6"]
    assert report.repaired["runs past midnight; cut at midnight"] == ["5"]
    assert report.repaired["no time zone in the source; used UTC"] == ["conference"]
    session = (tmp_path / "content" / "sessions" / "late.yaml").read_text(encoding="utf-8")
    assert "length: 30" in session and "kind: lightning" in session
    assert confsite("check", "--content", tmp_path / "content").returncode == 0


def test_import_command_reports_and_refuses_a_broken_file(tmp_path: Path) -> None:
    from tests.conftest import confsite

    source = _write_xml(tmp_path / "schedule.xml", HOSTILE)
    run = confsite("import", "frab", source, "--into", tmp_path / "content")
    assert run.returncode == 0, run.stderr
    assert "Imported" in run.stdout and "Next: confsite check" in run.stdout
    assert confsite("check", "--content", tmp_path / "content").returncode == 0
    broken = tmp_path / "broken.xml"
    broken.write_text("<schedule><conference>", encoding="utf-8")
    run = confsite("import", "frab", broken, "--into", tmp_path / "other")
    assert run.returncode == 1 and "broken.xml" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_FILES)
def test_real_schedule_round_trips_to_feeds_that_validate(name: str, tmp_path: Path) -> None:
    """Imported, then exported again: frab XML and JSON that validate, with as many
    events, speakers and rooms as the source."""
    source = _real(name)
    facts = _source_facts(source)
    into = tmp_path / "content"
    import_frab(source, into)
    assert frab_round_trip(into) == (
        len(facts["events"]),
        len(facts["persons"]),
        len(facts["rooms"]),
    )


def test_breaks_typed_as_talks_are_breaks() -> None:
    from confsite.importers.draft import guess_kind as _kind

    assert _kind("talk", "Afternoon break") == "break"
    assert _kind("", "Coffee break") == "break"
    assert _kind("talk", "Breaking changes in Debian") == "talk"
    assert _kind("workshop", "Break your build") == "workshop"
