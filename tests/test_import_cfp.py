"""The pretalx and Sessionize importers: real exports become content that checks, plans,
builds and re-exports; hostile text is inert; private answers stay out of the site."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from confsite.importers.pretalx import import_pretalx
from confsite.importers.sessionize import import_sessionize
from tests.conftest import ROOT, confsite
from tests.feeds import frab_round_trip

REALDATA = ROOT.parent / "shared" / "realdata"
PRETALX = ["pretalx-v1-europython-submissions.json", "pretalx-v1-europython-speakers.json"]
SESSIONIZE = "sessionize-dddmelbourne-2024.json"


def _real(name: str) -> Path:
    path = REALDATA / name
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- pretalx ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pretalx_export_imports_plans_builds_and_round_trips(tmp_path: Path) -> None:
    sources = [_real(name) for name in PRETALX]
    submissions = json.loads(sources[0].read_text(encoding="utf-8"))
    taken = [s for s in submissions if s["state"] in ("accepted", "confirmed")]
    codes = {p["code"] for s in taken for p in s["speakers"]}
    into = tmp_path / "content"
    run = confsite("import", "pretalx", *sources, "--into", into)
    assert run.returncode == 0, run.stderr
    assert f"{len(taken)} sessions, {len(codes)} speakers" in run.stdout
    assert "not yet scheduled in the source: 2 sessions" in run.stdout
    assert "not carried over: answers to custom questions" in run.stdout
    assert confsite("check", "--content", into).returncode == 0
    # Nothing was scheduled in pretalx: confsite plan places the sessions.
    planned = confsite("plan", "--content", into, timeout=300)
    assert planned.returncode == 0, planned.stderr
    assert frab_round_trip(into) == (len(taken), len(codes), 1)

    speaker = (into / "speakers" / "a-speaker.yaml").read_text(encoding="utf-8")
    assert "affiliation: A Company" in speaker and "title: EuroPython Enjoyer" in speaker
    assert "kind: github" in speaker and "kind: linkedin" in speaker
    assert "email: f3dc8a@example.com" in speaker  # private contact, for the organisers
    session = (into / "sessions" / "a-talk-with-shorter-title.yaml").read_text(encoding="utf-8")
    assert "level: beginner" in session and "track: pydata-llms" in session

    site = tmp_path / "site"
    built = confsite("build", "--content", into, "-d", site, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    text = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "This is a test talk from a test speaker" in text
    assert "EuroPython Enjoyer" in text
    # Private data the export carries never reaches the public site.
    for secret in ("@example.com", "Pythonland", "Financial Aid", "underrepresented"):
        assert secret not in text, secret


def _submission(code: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "code": code,
        "title": f"Talk {code}",
        "submission_type": {"en": "Talk"},
        "track": {"en": "Web"},
        "state": "confirmed",
        "abstract": "An abstract.",
        "duration": 30,
        "speakers": [{"code": "SPK1", "name": "Ada", "biography": "Bio", "email": "a@b.cn"}],
        "content_locale": "en",
        "slot": None,
        "answers": [],
    }
    return base | fields


def test_pretalx_states_slots_and_zones(tmp_path: Path) -> None:
    slot = {
        "room": {"en": "Forum Hall"},
        "start": "2024-07-10T09:30:00+02:00",
        "end": "2024-07-10T10:15:00+02:00",
    }
    page = {
        "count": 5,
        "next": None,
        "previous": None,
        "results": [
            _submission("AAA", slot=slot, submission_type={"en": "Keynote"}),
            _submission("BBB", state="accepted", slot=slot | {"room": {"en": "Club"}}),
            _submission("CCC", state="rejected"),
            _submission("DDD", state="withdrawn"),
            _submission("AAA"),
        ],
    }
    source = _write(tmp_path / "page1.json", page)
    into = tmp_path / "content"
    report = import_pretalx([source], into)
    assert report.sessions == 2 and report.unscheduled == 0
    assert report.skipped["submission in state 'rejected'"] == ["CCC"]
    assert report.skipped["submission in state 'withdrawn'"] == ["DDD"]
    assert report.skipped["duplicate submission code (the first one is kept)"] == ["AAA"]
    conference = (into / "conference.yaml").read_text(encoding="utf-8")
    assert "timezone: Etc/GMT-2" in conference  # from the +02:00 offsets
    keynote = (into / "sessions" / "talk-aaa.yaml").read_text(encoding="utf-8")
    assert "kind: keynote" in keynote and "length: 45" in keynote
    assert "start: 09:30" in keynote and "room: forum-hall" in keynote
    accepted = (into / "sessions" / "talk-bbb.yaml").read_text(encoding="utf-8")
    assert "status: tentative" in accepted
    plan = (into / "plan.yaml").read_text(encoding="utf-8")
    assert "talk-aaa" in plan and "talk-bbb" in plan
    # Ada speaks twice at 09:30: the source's own conflict is reported, not hidden.
    assert [(k, a, b) for k, a, b, _ in report.conflicts] == [
        ("speaker clash", "talk-aaa", "talk-bbb")
    ]
    assert confsite("check", "--content", into).returncode == 0


def test_pretalx_folder_source_and_ids_only_v2(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    submission = _submission("EEE", speakers=["SPK2"], track=7, submission_type=3)
    _write(folder / "submissions.json", {"count": 1, "results": [submission]})
    _write(
        folder / "speakers.json",
        {"count": 1, "results": [{"code": "SPK2", "name": "Bo", "biography": "", "avatar": ""}]},
    )
    _write(
        folder / "tracks.json", {"results": [{"id": 7, "name": {"en": "Data"}, "color": "#abc"}]}
    )
    _write(
        folder / "event.json",
        {
            "name": {"en": "PyCon Example"},
            "slug": "pyex",
            "date_from": "2025-05-01",
            "date_to": "2025-05-02",
            "timezone": "Asia/Shanghai",
        },
    )
    (folder / "notes.txt").write_text("not json", encoding="utf-8")
    into = tmp_path / "content"
    run = confsite("import", "pretalx", folder, "--into", into)
    assert run.returncode == 0, run.stderr
    conference = (into / "conference.yaml").read_text(encoding="utf-8")
    assert "name: PyCon Example" in conference and "timezone: Asia/Shanghai" in conference
    assert "start: '2025-05-01'" in conference
    tracks = (into / "tracks.yaml").read_text(encoding="utf-8")
    assert "name: Data" in tracks and "'#aabbcc'" in tracks
    assert (into / "speakers" / "bo.yaml").is_file()
    assert confsite("check", "--content", into).returncode == 0


def test_pretalx_command_refuses_files_without_submissions(tmp_path: Path) -> None:
    source = _write(tmp_path / "speakers.json", [{"code": "X", "name": "Y", "biography": ""}])
    run = confsite("import", "pretalx", source, "--into", tmp_path / "content")
    assert run.returncode == 1 and "no pretalx submissions" in run.stderr
    assert "Traceback" not in run.stderr


# --- Sessionize ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_sessionize_export_imports_builds_and_round_trips(tmp_path: Path) -> None:
    source = _real(SESSIONIZE)
    data = json.loads(source.read_text(encoding="utf-8"))
    speakers = {s for session in data["sessions"] for s in session["speakers"]}
    into = tmp_path / "content"
    report = import_sessionize(source, into)
    assert (report.sessions, report.speakers, report.rooms) == (
        len(data["sessions"]),
        len(speakers),
        len(data["rooms"]),
    )
    assert not report.conflicts and not report.unscheduled
    assert confsite("check", "--content", into).returncode == 0
    planned = confsite("plan", "--check", "--content", into)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    assert frab_round_trip(into) == (len(data["sessions"]), len(speakers), len(data["rooms"]))
    site = tmp_path / "site"
    built = confsite("build", "--content", into, "-d", site, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    page = site / "speakers" / "aaron-powell" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "https://twitter.com/slace" in html and "Developer Advocate" in html


def test_sessionize_sessions_view_service_and_plenum_sessions(tmp_path: Path) -> None:
    groups = [
        {
            "groupId": None,
            "groupName": "All",
            "sessions": [
                {
                    "id": "1",
                    "title": "Opening keynote",
                    "description": "Welcome",
                    "startsAt": "2025-03-01T09:00:00",
                    "endsAt": "2025-03-01T09:45:00",
                    "isServiceSession": False,
                    "isPlenumSession": True,
                    "speakers": [{"id": "s-1", "name": "张伟"}],
                    "categories": [
                        {
                            "id": 1,
                            "name": "Level",
                            "categoryItems": [{"id": 11, "name": "Advanced"}],
                        },
                        {"id": 2, "name": "Track", "categoryItems": [{"id": 21, "name": "AI"}]},
                        {
                            "id": 3,
                            "name": "Language",
                            "categoryItems": [{"id": 31, "name": "Chinese"}],
                        },
                    ],
                    "room": "Hall A",
                    "roomId": 5,
                    "status": "Accepted",
                },
                {
                    "id": "2",
                    "title": "Lunch",
                    "startsAt": "2025-03-01T12:00:00",
                    "endsAt": "2025-03-01T13:00:00",
                    "isServiceSession": True,
                    "isPlenumSession": False,
                    "speakers": [],
                    "categories": [],
                    "room": "Hall A",
                    "roomId": 5,
                    "status": None,
                },
                {"id": "3", "title": "Declined talk", "status": "Declined", "speakers": []},
            ],
        }
    ]
    source = _write(tmp_path / "sessions.json", groups)
    into = tmp_path / "content"
    report = import_sessionize(source, into)
    assert report.sessions == 2 and report.speakers == 1
    assert report.skipped["session with status 'Declined'"] == ["3"]
    keynote = (into / "sessions" / "opening-keynote.yaml").read_text(encoding="utf-8")
    assert "kind: keynote" in keynote and "plenary: true" in keynote
    assert "level: advanced" in keynote and "track: ai" in keynote and "language: zh" in keynote
    lunch = (into / "sessions" / "lunch.yaml").read_text(encoding="utf-8")
    assert "kind: break" in lunch
    assert "languages:\n- zh" in (into / "conference.yaml").read_text(encoding="utf-8")
    assert (into / "speakers" / "speaker-s-1.yaml").is_file()  # no Latin letters in the name
    assert confsite("check", "--content", into).returncode == 0


# --- hostile text, re-imports -------------------------------------------------------------------

PAYLOAD_TITLE = 'Hello <script>alert(1)</script>world <img src=x onerror="alert(2)">'
PAYLOAD_RICH = (
    '<p onclick="alert(3)">Read <a href="javascript:alert(4)">this</a> and '
    "[that](javascript:alert(5))</p><script>alert(6)</script>"
    '<iframe src="javascript:alert(7)"></iframe><svg onload=alert(8)></svg> **bold**'
)


def _hostile_pretalx(folder: Path) -> list[Path]:
    submission = _submission(
        "EVIL",
        title=PAYLOAD_TITLE,
        abstract=PAYLOAD_RICH,
        description="<img src=x onerror=alert(9)>",
        track={"en": "Web <svg onload=alert(10)>"},
        resources=[
            {"resource": "javascript:alert(11)", "description": "Slides"},
            {"resource": " JaVaScRiPt:alert(12)", "description": "Video"},
            {"resource": "https://example.org/slides.pdf", "description": "Slides"},
        ],
        speakers=[
            {
                "code": "MAL",
                "name": "Mallory <b onmouseover=alert(13)>M</b>",
                "biography": PAYLOAD_RICH,
                "email": "mallory@evil.example",
            }
        ],
    )
    speakers = [
        {
            "code": "MAL",
            "name": "Mallory",
            "biography": None,
            "submissions": ["EVIL"],
            "answers": [
                {
                    "question": {"question": {"en": "Social (GitHub)"}},
                    "answer": "javascript:alert(14)",
                    "person": "MAL",
                },
                {
                    "question": {"question": {"en": "Company"}},
                    "answer": "<script>alert(15)</script>Evil Corp",
                    "person": "MAL",
                },
            ],
        }
    ]
    return [
        _write(folder / "submissions.json", [submission]),
        _write(folder / "speakers.json", speakers),
    ]


def _hostile_sessionize(folder: Path) -> list[Path]:
    data = {
        "sessions": [
            {
                "id": "1",
                "title": PAYLOAD_TITLE,
                "description": PAYLOAD_RICH,
                "startsAt": "2025-03-01T10:00:00",
                "endsAt": "2025-03-01T10:45:00",
                "isServiceSession": False,
                "isPlenumSession": False,
                "speakers": ["m"],
                "categoryItems": [],
                "roomId": 1,
                "recordingUrl": "javascript:alert(16)",
                "status": "Accepted",
            }
        ],
        "speakers": [
            {
                "id": "m",
                "firstName": "Mallory",
                "lastName": "<script>alert(17)</script>",
                "bio": PAYLOAD_RICH,
                "tagLine": "<img src=x onerror=alert(18)>Hacker",
                "links": [
                    {"title": "Blog", "url": "javascript:alert(19)", "linkType": "Blog"},
                    {"title": "X", "url": "https://x.com/mallory", "linkType": "Twitter"},
                ],
                "sessions": [1],
            }
        ],
        "categories": [],
        "rooms": [{"id": 1, "name": "Room <script>alert(20)</script>", "sort": 0}],
        "questions": [],
    }
    return [_write(folder / "all.json", data)]


ACTIVE = re.compile(r"(?i)<script|javascript\s*:|vbscript\s*:|\bon[a-z]+\s*=|<iframe|<svg")


@pytest.mark.parametrize("fmt", ["pretalx", "sessionize"])
def test_hostile_payloads_do_not_survive_the_import(fmt: str, tmp_path: Path) -> None:
    sources = (_hostile_pretalx if fmt == "pretalx" else _hostile_sessionize)(tmp_path)
    into = tmp_path / "content"
    run = confsite("import", fmt, *sources, "--into", into)
    assert run.returncode == 0, run.stderr
    assert "javascript:/vbscript:" in run.stdout
    for name, data in _files(into).items():
        found = ACTIVE.search(data.decode("utf-8"))
        assert not found, (name, found)
    session = next((into / "sessions").glob("*.yaml")).read_text(encoding="utf-8")
    assert "title: Hello world" in session and "**bold**" in session
    assert confsite("check", "--content", into).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pretalx", "sessionize"])
def test_hostile_payloads_are_not_active_in_the_site(fmt: str, tmp_path: Path) -> None:
    sources = (_hostile_pretalx if fmt == "pretalx" else _hostile_sessionize)(tmp_path)
    into = tmp_path / "content"
    assert confsite("import", fmt, *sources, "--into", into).returncode == 0
    assert confsite("plan", "--content", into, timeout=300).returncode == 0
    site = tmp_path / "site"
    built = confsite("build", "--content", into, "-d", site, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    payload = re.compile(
        r"(?i)javascript\s*:|<script(?![^>]*ld\+json)[^>]*>[^<]*alert|"
        r"\son(error|load|click|mouseover)\s*=|<iframe\b|<(img|svg|b)\b[^>]*alert"
    )
    pages = list(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not payload.search(html), (page, payload.search(html))
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    everything = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "Hello world" in everything
    assert "mallory@evil.example" not in everything


@pytest.mark.parametrize("fmt", ["pretalx", "sessionize"])
def test_reimport_updates_without_duplicates_and_keeps_edits(fmt: str, tmp_path: Path) -> None:
    sources = (_hostile_pretalx if fmt == "pretalx" else _hostile_sessionize)(tmp_path)

    def run() -> Any:
        if fmt == "pretalx":
            return import_pretalx(sources, into)
        return import_sessionize(sources[0], into)

    into = tmp_path / "content"
    run()
    first = _files(into)
    again = run()
    assert _files(into) == first and not again.written and not again.kept
    session = next((into / "sessions").glob("*.yaml"))
    session.write_text(session.read_text(encoding="utf-8") + "audience: 80\n", encoding="utf-8")
    kept = run()
    assert kept.kept == [f"sessions/{session.name}"]
    assert "audience: 80" in session.read_text(encoding="utf-8")
    assert len(list((into / "sessions").glob("*.yaml"))) == 1


def test_text_escaped_any_number_of_times_never_comes_out_as_a_tag() -> None:
    from confsite.importers.sanitise import plain

    tag = "<img src=x onerror=alert(1)>"
    for times in range(12):
        text = "Hi " + tag
        for _ in range(times):
            text = html.escape(text)
        assert plain(text) == "Hi", times
    # Text that only mentions markup keeps its meaning.
    assert plain("a &lt; b &amp;&amp; c") == "a < b && c"
