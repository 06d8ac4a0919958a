"""Shared by the importer tests: export a content folder's agenda to frab XML and JSON,
check both against the official schemas, and count what the feeds hold."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import ROOT

SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"


def frab_round_trip(into: Path) -> tuple[int, int, int]:
    """(events, persons, rooms) in the frab JSON made from ``into``'s content and plan;
    the XML and the JSON must validate, and the XML must hold as many events."""
    import jsonschema
    import xmlschema

    from confsite.export import render_export
    from confsite.load.loader import load_content
    from confsite.plan.planfile import read_plan

    content = load_content(into)
    located, _ = read_plan(into / "plan.yaml")
    assert located is not None
    plan = dict(located.record.sessions)  # type: ignore[attr-defined]
    xml = render_export(content, plan, "schedule.xml")["schedule.xml"]
    xmlschema.XMLSchema(str(SCHEMAS / "voc-schedule.xml.xsd")).validate(xml.decode("utf-8"))
    data = json.loads(render_export(content, plan, "schedule.json")["schedule.json"])
    schema = json.loads((SCHEMAS / "voc-schedule.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    events = [
        event
        for day in data["schedule"]["conference"]["days"]
        for room_events in day["rooms"].values()
        for event in room_events
    ]
    persons = {person["guid"] for event in events for person in event["persons"]}
    assert len(ET.fromstring(xml).findall(".//event")) == len(events)
    return len(events), len(persons), len(data["schedule"]["conference"]["rooms"])
