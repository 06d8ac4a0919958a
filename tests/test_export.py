"""Exports of the example conference: calendars, frab XML and JSON, CSV and the JSON API.

The frab feeds are checked against the c3voc schemas (../shared/schemas), and against what
conference apps are known to need: unique integer ids, every day with an end, durations
below 24 hours, and days and rooms even before anything is scheduled.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from icalendar import Calendar
from pydantic import BaseModel

from confsite.export import (
    EXPORTERS,
    UnknownExport,
    export_files,
    export_identifiers,
    render_export,
)
from confsite.export.frab import clock_duration
from confsite.export.frab_xml import xml_text
from confsite.export.ids import acronym, stable_numbers
from confsite.load.loader import load_content
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.planfile import read_plan
from tests.conftest import EXAMPLE, ROOT

# The C3VOC schemas conference apps rely on, kept with the tests (see SOURCES.md there).
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
EPOCH = "1800000000"


# --- fixtures ---------------------------------------------------------------------------


def _schema_file(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the frab schemas are test fixtures")
    return path


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(_schema_file("voc-schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator() -> jsonschema.Draft6Validator:
    schema = json.loads(_schema_file("voc-schedule.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )


def _load() -> tuple[Content, dict[str, Placement]]:
    content = load_content(EXAMPLE)
    located, problems = read_plan(EXAMPLE / "plan.yaml")
    assert located is not None, problems
    sessions = located.record.sessions  # type: ignore[attr-defined]
    return content, {k: v for k, v in sessions.items() if k in content.session}


@pytest.fixture(scope="module")
def example() -> tuple[Content, dict[str, Placement]]:
    return _load()


@pytest.fixture(scope="module")
def content(example: tuple[Content, dict[str, Placement]]) -> Content:
    return example[0]


@pytest.fixture(scope="module")
def plan(example: tuple[Content, dict[str, Placement]]) -> dict[str, Placement]:
    return example[1]


@pytest.fixture(scope="module")
def stamp() -> datetime:
    return datetime.fromtimestamp(int(EPOCH), UTC)


@pytest.fixture(scope="module")
def files(content: Content, plan: dict[str, Placement], stamp: datetime) -> dict[str, bytes]:
    return export_files(content, plan, stamp=stamp)


@pytest.fixture(scope="module")
def scheduled(content: Content, plan: dict[str, Placement]) -> set[str]:
    """Ids of the sessions the plan places and that go ahead."""
    return {
        ident
        for ident, session in content.sessions
        if ident in plan and session.status != "cancelled"
    }


def _xml_events(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall("./day/room/event")


def _json_events(data: bytes) -> list[dict[str, Any]]:
    document = json.loads(data)
    return [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


def _ics_events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _session_of_url(url: str) -> str:
    match = re.search(r"sessions/([^/]+)/$", url)
    assert match, url
    return match[1]


def _uid_session(uid: str, conference: str) -> str:
    suffix = f"@{conference}.confsite"
    assert uid.endswith(suffix), uid
    return uid[: -len(suffix)]


def _with_session(content: Content, ident: str, **changes: Any) -> Content:
    sessions = tuple(
        (key, session.model_copy(update=changes) if key == ident else session)
        for key, session in content.sessions
    )
    return dataclasses.replace(content, sessions=sessions)


# --- the frab schemas ------------------------------------------------------------------


def test_schedule_xml_validates_against_the_xsd(files: dict[str, bytes], xsd) -> None:
    xsd.validate(files["schedule.xml"].decode("utf-8"))


def test_schedule_json_validates_against_the_json_schema(
    files: dict[str, bytes], json_validator
) -> None:
    errors = [
        error.message for error in json_validator.iter_errors(json.loads(files["schedule.json"]))
    ]
    assert errors == []


def test_without_a_plan_the_feeds_still_have_days_and_rooms_and_validate(
    content: Content, stamp: datetime, xsd, json_validator
) -> None:
    files = export_files(content, {}, stamp=stamp)
    xsd.validate(files["schedule.xml"].decode("utf-8"))
    document = json.loads(files["schedule.json"])
    assert list(json_validator.iter_errors(document)) == []

    root = ET.fromstring(files["schedule.xml"])
    days = root.findall("day")
    assert len(days) == len(content.grid.days)
    assert all(day.get("end") and day.findall("room") for day in days)
    assert _xml_events(files["schedule.xml"]) == []
    json_days = document["schedule"]["conference"]["days"]
    assert [day["date"] for day in json_days] == [d.date.isoformat() for d in content.grid.days]
    assert all(day["rooms"] for day in json_days)
    assert _ics_events(files["schedule.ics"]) == []


# --- every session once, with stable ids ---------------------------------------------------


def test_every_scheduled_session_appears_once_in_each_feed(
    files: dict[str, bytes], content: Content, scheduled: set[str]
) -> None:
    assert scheduled, "the example plan schedules sessions"
    xml_ids = Counter(
        _session_of_url(e.findtext("url", "")) for e in _xml_events(files["schedule.xml"])
    )
    json_ids = Counter(_session_of_url(e["url"]) for e in _json_events(files["schedule.json"]))
    ics_ids = Counter(
        _uid_session(str(e["UID"]), content.conference.id)
        for e in _ics_events(files["schedule.ics"])
    )
    for counts in (xml_ids, json_ids, ics_ids):
        assert set(counts) == scheduled
        assert set(counts.values()) == {1}


def test_event_ids_and_guids_are_unique_and_the_same_on_every_run(
    files: dict[str, bytes], stamp: datetime
) -> None:
    content, plan = _load()  # a second, independent load and run
    again = export_files(content, plan, stamp=stamp)

    def keys(data: bytes) -> list[tuple[str, str, str]]:
        return [
            (e.get("id", ""), e.get("guid", ""), e.findtext("slug", "")) for e in _xml_events(data)
        ]

    first = keys(files["schedule.xml"])
    assert first == keys(again["schedule.xml"])
    for column in zip(*first, strict=True):
        assert len(set(column)) == len(column), "ids, guids and slugs are unique"
    assert all(int(ident) > 0 for ident, _, _ in first)
    json_keys = [(str(e["id"]), e["guid"], e["slug"]) for e in _json_events(files["schedule.json"])]
    assert sorted(json_keys) == sorted(first), "XML and JSON describe the same events"
    persons = {
        (p.get("id"), p.get("guid"), p.text)
        for e in _xml_events(files["schedule.xml"])
        for p in e.iter("person")
    }
    assert len({p[0] for p in persons}) == len({p[1] for p in persons}) == len(persons)


def test_ids_do_not_move_when_another_session_goes(
    files: dict[str, bytes], content: Content, plan: dict[str, Placement], stamp: datetime
) -> None:
    gone = sorted(plan)[0]
    fewer = dataclasses.replace(
        content, sessions=tuple(item for item in content.sessions if item[0] != gone)
    )
    smaller_plan = {k: v for k, v in plan.items() if k != gone}
    after = render_export(fewer, smaller_plan, "schedule.json", stamp=stamp)["schedule.json"]

    def ids(data: bytes) -> dict[str, tuple[int, str]]:
        return {_session_of_url(e["url"]): (e["id"], e["guid"]) for e in _json_events(data)}

    before = ids(files["schedule.json"])
    del before[gone]
    assert ids(after) == before


def test_stable_numbers_settle_collisions_by_id_not_by_order() -> None:
    idents = [f"s{n}" for n in range(3000)]
    forward = stable_numbers(idents, "salt")
    assert forward == stable_numbers(list(reversed(idents)), "salt")
    assert len(set(forward.values())) == len(idents)
    assert all(0 < number < 2**31 for number in forward.values())


# --- what conference apps need -------------------------------------------------------------


def test_every_day_has_a_start_and_an_end_around_its_events(files: dict[str, bytes]) -> None:
    root = ET.fromstring(files["schedule.xml"])
    for day in root.findall("day"):
        starts = datetime.fromisoformat(day.get("start", ""))
        ends = datetime.fromisoformat(day.get("end", ""))
        assert starts < ends
        for event in day.iter("event"):
            begins = datetime.fromisoformat(event.findtext("date", ""))
            assert starts <= begins < ends
    for day in json.loads(files["schedule.json"])["schedule"]["conference"]["days"]:
        assert day["day_start"] < day["day_end"]


def test_durations_are_below_24_hours(files: dict[str, bytes]) -> None:
    durations = [e.findtext("duration", "") for e in _xml_events(files["schedule.xml"])]
    durations += [e["duration"] for e in _json_events(files["schedule.json"])]
    assert durations
    for duration in durations:
        hours, minutes = map(int, duration.split(":"))
        assert 0 <= hours < 24 and 0 <= minutes < 60 and (hours, minutes) != (0, 0), duration
    assert clock_duration(24 * 60) == "23:59"
    assert clock_duration(90) == "01:30"


def test_event_fields_come_from_the_session(files: dict[str, bytes], content: Content) -> None:
    events = {_session_of_url(e["url"]): e for e in _json_events(files["schedule.json"])}
    event = events["t-rag-production"]
    session = content.session["t-rag-production"]
    assert event["type"] == session.kind
    assert event["language"] == session.language
    assert event["start"] == "11:45" and event["date"] == "2027-06-18T11:45:00+08:00"
    assert event["duration"] == f"{session.length // 60:02d}:{session.length % 60:02d}"
    assert event["url"] == "https://aidev2027.example.org/sessions/t-rag-production/"
    assert {link["url"] for link in event["links"]} == {session.links.slides, session.links.video}
    assert len(event["persons"]) == len(session.people)
    assert event["track"] == localize(content.track[session.track or ""].name, "zh")


def test_acronym_fits_both_schemas() -> None:
    xsd_pattern = re.compile(r"[a-z0-9_-]{4,}")
    json_pattern = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
    for ident in ("aidev2027", "py-con-cn", "ai", "x_y", "rust-china-2026"):
        word = acronym(ident, 2027)
        assert xsd_pattern.fullmatch(word) and json_pattern.search(word), (ident, word)


def test_text_xml_cannot_hold_is_dropped_and_markup_is_escaped(
    content: Content, plan: dict[str, Placement], stamp: datetime, xsd
) -> None:
    ident = sorted(plan)[0]
    odd = _with_session(content, ident, title="A\x0bB <b>&amp;</b> \x00")
    data = render_export(odd, plan, "schedule.xml", stamp=stamp)["schedule.xml"]
    xsd.validate(data.decode("utf-8"))
    titles = [e.findtext("title") for e in _xml_events(data)]
    assert "AB <b>&amp;</b> " in titles
    assert xml_text("ok\x07\ufffe") == "ok"


def test_a_cancelled_session_leaves_the_feeds_and_is_cancelled_in_calendars(
    content: Content, plan: dict[str, Placement], stamp: datetime, xsd
) -> None:
    ident = "t-rag-production"
    assert ident in plan
    cancelled = _with_session(content, ident, status="cancelled")
    files = export_files(cancelled, plan, stamp=stamp)
    xsd.validate(files["schedule.xml"].decode("utf-8"))
    assert ident not in {
        _session_of_url(e.findtext("url", "")) for e in _xml_events(files["schedule.xml"])
    }
    assert ident not in {_session_of_url(e["url"]) for e in _json_events(files["schedule.json"])}
    conference = content.conference.id
    status = {
        _uid_session(str(e["UID"]), conference): str(e["STATUS"])
        for e in _ics_events(files["schedule.ics"])
    }
    assert status[ident] == "CANCELLED"
    assert {s for s in status.values()} - {"CANCELLED"} <= {"CONFIRMED", "TENTATIVE"}


# --- calendars ------------------------------------------------------------------------------


def test_calendar_events_carry_time_zone_place_and_links(
    files: dict[str, bytes], content: Content, plan: dict[str, Placement], stamp: datetime
) -> None:
    calendar = Calendar.from_ical(files["schedule.ics"])
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == [content.conference.timezone]
    venue = localize(content.venue.name, "zh")
    for event in calendar.walk("VEVENT"):
        ident = _uid_session(str(event["UID"]), content.conference.id)
        assert event["DTSTART"].dt.tzinfo is not None
        assert str(event["DTSTART"].params["TZID"]) == content.conference.timezone
        assert event["DTSTAMP"].dt == stamp
        assert int(event["SEQUENCE"]) == 0
        assert str(event["URL"]) == f"https://aidev2027.example.org/sessions/{ident}/"
        assert str(event["URL"]) in str(event["DESCRIPTION"])
        assert str(event["LOCATION"]).endswith(venue)
        room = localize(content.room[plan[ident].room].name, "zh")
        assert str(event["LOCATION"]) == f"{room}, {venue}"
        session = content.session[ident]
        categories = [str(c) for c in event["CATEGORIES"].cats]
        assert session.kind in categories
        if session.track:
            assert localize(content.track[session.track].name, "zh") in categories


def test_calendar_uids_match_the_session_pages_calendars(
    files: dict[str, bytes], content: Content, plan: dict[str, Placement], stamp: datetime
) -> None:
    feed = {str(e["UID"]) for e in _ics_events(files["schedule.ics"])}
    for lang in content.conference.languages:  # every site language's session pages
        pages = render_export(content, plan, "sessions.ics", stamp=stamp, lang=lang)
        uids = {str(Calendar.from_ical(data).walk("VEVENT")[0]["UID"]) for data in pages.values()}
        assert uids == feed


def test_each_track_calendar_holds_exactly_the_tracks_sessions(
    files: dict[str, bytes], content: Content, scheduled: set[str]
) -> None:
    conference = content.conference.id
    for track in content.tracks.tracks:
        data = files[f"calendar/tracks/{track.id}.ics"]
        found = [_uid_session(str(e["UID"]), conference) for e in _ics_events(data)]
        expected = {s for s in scheduled if content.session[s].track == track.id}
        assert sorted(found) == sorted(expected), track.id


def test_each_speaker_calendar_holds_exactly_their_sessions(
    files: dict[str, bytes], content: Content, scheduled: set[str]
) -> None:
    conference = content.conference.id
    busy = 0
    for ident, _ in content.speakers:
        data = files[f"calendar/speakers/{ident}.ics"]
        found = [_uid_session(str(e["UID"]), conference) for e in _ics_events(data)]
        expected = {s for s in scheduled if ident in content.session[s].people}
        assert sorted(found) == sorted(expected), ident
        busy += bool(found)
    assert busy > 0


# --- CSV and the JSON API ---------------------------------------------------------------


def test_csv_has_one_row_per_session(files: dict[str, bytes], content: Content, plan) -> None:
    text = files["schedule.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows].count(rows[0]["id"]) == 1
    assert sorted(row["id"] for row in rows) == sorted(content.session)
    assert list(rows[0]) == [
        "id", "title", "kind", "track", "day", "date", "start", "end",
        "room", "speakers", "language", "level", "url", "status",
    ]  # fmt: skip
    by_id = {row["id"]: row for row in rows}
    place = plan["t-rag-production"]
    row = by_id["t-rag-production"]
    assert (row["day"], row["start"], row["end"]) == (place.day, "11:45", "12:30")
    unplaced = [row for row in rows if row["id"] not in plan]
    assert all(row["start"] == "" for row in unplaced)


def test_api_lists_sessions_and_public_speaker_fields(
    files: dict[str, bytes], content: Content
) -> None:
    sessions = json.loads(files["api/sessions.json"])["sessions"]
    assert sorted(s["id"] for s in sessions) == sorted(content.session)
    speakers = json.loads(files["api/speakers.json"])["speakers"]
    assert sorted(s["id"] for s in speakers) == sorted(content.speaker)
    allowed = {
        "id",
        "name",
        "name_latin",
        "affiliation",
        "title",
        "bio",
        "photo",
        "links",
        "sessions",
    }
    for speaker in speakers:
        assert set(speaker) == allowed
        for session in speaker["sessions"]:
            assert speaker["id"] in content.session[session].people


# --- privacy and reproducibility -------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (tuple, list)):
        return [s for item in value for s in _strings(item)]
    return []


def _private_values(value: Any) -> list[str]:
    """Every string under a `contact` or `notes` field, at any depth."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field = getattr(value, name)
            found += _strings(field) if name in ("contact", "notes") else _private_values(field)
    elif isinstance(value, (tuple, list)):
        for item in value:
            found += _private_values(item)
    return found


def _readable(path: str, data: bytes) -> str:
    """The export's text as a reader sees it: calendars unfolded and unescaped, JSON decoded."""
    if path.endswith(".ics"):
        calendar = Calendar.from_ical(data)
        return "\n".join(
            str(value) for component in calendar.walk() for value in component.values()
        )
    if path.endswith(".json"):
        return "\n".join(_strings(json.loads(data)))
    if path.endswith(".xml"):
        root = ET.fromstring(data)
        return "\n".join([*root.itertext(), *(v for e in root.iter() for v in e.attrib.values())])
    return data.decode("utf-8-sig")


def test_no_private_value_reaches_any_export(files: dict[str, bytes], content: Content) -> None:
    private = _private_values(
        [
            [speaker for _, speaker in content.speakers],
            [session for _, session in content.sessions],
            content.sponsors,
            content.team,
        ]
    )
    budget = content.budget
    if budget is not None:
        private += [s for cost in budget.costs for s in _strings(cost.name)]
    private = [value.strip() for value in private if len(value.strip()) >= 4]
    assert any("@" in value for value in private), "the example has contact emails"
    assert any(value.startswith("+86") for value in private), "and phone numbers"
    for path, data in files.items():
        text = data.decode("utf-8-sig") + "\n" + _readable(path, data)
        leaked = [value for value in private if value in text]
        assert leaked == [], path


def test_exports_are_byte_identical_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = export_files(*_load())
    second = export_files(*_load())
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    stamp = datetime.fromtimestamp(int(EPOCH), UTC)
    for event in _ics_events(first["schedule.ics"]):
        assert event["DTSTAMP"].dt == stamp


# --- the registry --------------------------------------------------------------------------


def test_registry_describes_every_export(
    files: dict[str, bytes], content: Content, plan: dict[str, Placement]
) -> None:
    identifiers = export_identifiers()
    assert len(set(identifiers)) == len(identifiers)
    for kind in EXPORTERS:
        assert kind.extension and kind.media_type and kind.label and kind.__doc__
        assert isinstance(kind.public, bool)
    single = {"schedule.ics", "schedule.xml", "schedule.json", "schedule.csv"}
    assert single | {"api/sessions.json", "api/speakers.json"} <= set(files)
    tracks = {f"calendar/tracks/{t.id}.ics" for t in content.tracks.tracks}
    speakers = {f"calendar/speakers/{ident}.ics" for ident in content.speaker}
    sessions = {f"calendar/{ident}.ics" for ident in plan}  # every placed session's own
    expected = single | {"api/sessions.json", "api/speakers.json"} | tracks | speakers | sessions
    assert set(files) == expected


def test_every_export_renders_alone_with_its_extension(
    content: Content, plan: dict[str, Placement], files: dict[str, bytes], stamp: datetime
) -> None:
    for kind in EXPORTERS:
        alone = render_export(content, plan, kind.identifier, stamp=stamp)
        assert alone, kind.identifier
        for path, data in alone.items():
            assert path.endswith(f".{kind.extension}")
            assert files[path] == data


def test_render_export_gives_one_format(content: Content, plan: dict[str, Placement]) -> None:
    assert list(render_export(content, plan, "schedule.csv")) == ["schedule.csv"]
    assert list(render_export(content, plan, "sessions.json")) == ["api/sessions.json"]
    with pytest.raises(UnknownExport):
        render_export(content, plan, "schedule.pdf")


def test_export_command_writes_one_feed_or_a_folder(tmp_path: Path) -> None:
    from tests.conftest import confsite

    run = confsite("export", "schedule.json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["schedule"]["conference"]["acronym"] == "aidev2027"
    run = confsite("export", "tracks.ics", "-o", tmp_path / "feeds")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "feeds" / "calendar" / "tracks").iterdir())
    run = confsite("export", "schedule.pdf")
    assert run.returncode == 2 and "schedule.xml" in run.stderr
    run = confsite("export", "tracks.ics")
    assert run.returncode == 2 and "-o" in run.stderr
