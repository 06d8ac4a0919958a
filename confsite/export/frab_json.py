"""schedule.json: the frab schedule as JSON, valid against the c3voc schedule JSON schema.

The same record as schedule.xml, written out in the JSON feed's shape: rooms are listed
under the conference (the schema forbids them on the schedule), a day's rooms map room
names to their events, and persons use frab's form (id and public_name), since the
schema's Person must match exactly one of its frab and pretalx forms.
"""

from __future__ import annotations

from typing import Any

from confsite.export.context import ExportContext
from confsite.export.exporter import SingleFileExporter
from confsite.export.frab import FrabConference, FrabDay, FrabEvent, Schedule
from confsite.export.jsonfile import json_bytes

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def schedule_json(schedule: Schedule) -> bytes:
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": "confsite", "version": schedule.generator_version},
        "schedule": _schedule(schedule),
    }
    return json_bytes(document)


def _schedule(schedule: Schedule) -> dict[str, Any]:
    conf = schedule.conference
    result: dict[str, Any] = {"version": schedule.version}
    if conf.base_url:
        result["base_url"] = conf.base_url
    result["conference"] = _conference(conf, schedule.days)
    return result


def _conference(conf: FrabConference, days: tuple[FrabDay, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "acronym": conf.acronym,
        "title": conf.title,
        "start": conf.start.isoformat(),
        "end": conf.end.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": conf.timeslot_duration,
    }
    if conf.time_zone_name:
        result["time_zone_name"] = conf.time_zone_name
    if conf.url:
        result["url"] = conf.url
    if conf.logo:
        result["logo"] = conf.logo
    result["colors"] = {"primary": conf.colour}
    result["tracks"] = [
        {"name": track.name, **({"slug": track.slug} if track.slug else {}), "color": track.colour}
        for track in conf.tracks
    ]
    result["rooms"] = [
        {"name": room.name, **({"slug": room.slug} if room.slug else {}), "guid": room.guid}
        for room in conf.rooms
    ]
    result["days"] = [_day(day) for day in days]
    return result


def _day(day: FrabDay) -> dict[str, Any]:
    return {
        "index": day.index,
        "date": day.date.isoformat(),
        "day_start": day.starts.isoformat(),
        "day_end": day.ends.isoformat(),
        "rooms": {
            room_day.room.name: [_event(event) for event in room_day.events]
            for room_day in day.rooms
        },
    }


def _event(event: FrabEvent) -> dict[str, Any]:
    result: dict[str, Any] = {
        "guid": event.guid,
        "id": event.id,
        "date": event.date,
        "start": event.start,
        "end": event.end,
        "duration": event.duration,
        "room": event.room,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": event.subtitle,
        "track": event.track,
        "type": event.type,
        "language": event.language,
        "abstract": event.abstract,
        "persons": [
            {"id": person.id, "guid": person.guid, "public_name": person.public_name}
            for person in event.persons
        ],
        "links": [
            {"url": link.url, "title": link.title, **({"type": link.type} if link.type else {})}
            for link in event.links
        ],
    }
    if event.feedback_url:
        result["feedback_url"] = event.feedback_url
    return result


class ScheduleJson(SingleFileExporter):
    """frab JSON for conference apps and the c3voc tools."""

    identifier = "schedule.json"
    path = "schedule.json"
    extension = "json"
    media_type = "application/json"
    public = True
    label = "Schedule for conference apps (frab JSON)"

    def render_file(self, context: ExportContext) -> bytes:
        return schedule_json(context.schedule)
