"""schedule.xml: the frab (pentabarf) schedule, valid against the c3voc schedule XSD."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from confsite.export.context import ExportContext
from confsite.export.exporter import SingleFileExporter
from confsite.export.frab import FrabConference, FrabDay, FrabEvent, Schedule, web_address

# Characters XML 1.0 cannot hold at all (most control characters, lone surrogates, …).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Text XML 1.0 can carry: characters it forbids are dropped (escaping is ElementTree's)."""
    return _NOT_XML.sub("", value)


def _child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {key: xml_text(value) for key, value in attributes.items()}
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def schedule_xml(schedule: Schedule, feed_url: str | None) -> bytes:
    root = ET.Element("schedule")
    _child(root, "generator", name="confsite", version=schedule.generator_version)
    if feed_url:
        _child(root, "url", feed_url)
    _child(root, "version", schedule.version)
    _conference(root, schedule.conference, len(schedule.days))
    for day in schedule.days:
        _day(root, day)
    ET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    return (text + "\n").encode("utf-8")


def _conference(root: ET.Element, conf: FrabConference, days: int) -> None:
    element = _child(root, "conference")
    _child(element, "acronym", conf.acronym)
    _child(element, "title", conf.title)
    _child(element, "start", conf.start.isoformat())
    _child(element, "end", conf.end.isoformat())
    _child(element, "days", str(days))
    _child(element, "timeslot_duration", conf.timeslot_duration)
    for tag, value in (("base_url", conf.base_url), ("logo", conf.logo), ("url", conf.url)):
        if value:
            _child(element, tag, value)
    if conf.time_zone_name:
        _child(element, "time_zone_name", conf.time_zone_name)
    _child(element, "color", primary=conf.colour)
    for track in conf.tracks:
        extra = {"slug": track.slug} if track.slug else {}
        _child(element, "track", name=track.name, color=track.colour, **extra)


def _day(root: ET.Element, day: FrabDay) -> None:
    element = _child(
        root,
        "day",
        index=str(day.index),
        date=day.date.isoformat(),
        start=day.starts.isoformat(),
        end=day.ends.isoformat(),
    )
    for room_day in day.rooms:
        room = _child(element, "room", name=room_day.room.name, guid=room_day.room.guid)
        for event in room_day.events:
            _event(room, event)


def _event(room: ET.Element, event: FrabEvent) -> None:
    element = _child(room, "event", guid=event.guid, id=str(event.id))
    _child(element, "room", event.room)
    _child(element, "title", event.title)
    if event.subtitle:
        _child(element, "subtitle", event.subtitle)
    _child(element, "type", event.type)
    _child(element, "date", event.date)
    _child(element, "start", event.start)
    _child(element, "duration", event.duration)
    _child(element, "abstract", event.abstract)
    _child(element, "slug", event.slug)
    _child(element, "track", event.track or "")
    persons = _child(element, "persons")
    for person in event.persons:
        _child(persons, "person", person.public_name, id=str(person.id), guid=person.guid)
    _child(element, "language", event.language)
    links = _child(element, "links")
    for link in event.links:
        extra = {"type": link.type} if link.type else {}
        _child(links, "link", link.title, href=link.url, **extra)
    # The XSD takes only absolute http(s) addresses here; a site without an address has none.
    for tag, value in (("url", web_address(event.url)), ("feedback_url", event.feedback_url)):
        if value:
            _child(element, tag, value)


class ScheduleXml(SingleFileExporter):
    """frab XML for conference apps (Giggity, EventFahrplan, ConfClerk)."""

    identifier = "schedule.xml"
    path = "schedule.xml"
    extension = "xml"
    media_type = "application/vnd.c3voc.schedule+xml"
    public = True
    label = "Schedule for conference apps (frab XML)"

    def render_file(self, context: ExportContext) -> bytes:
        feed_url = context.programme.base_url + self.path if context.programme.base_url else None
        return schedule_xml(context.schedule, web_address(feed_url))
