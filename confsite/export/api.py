"""A static JSON API: api/sessions.json and api/speakers.json, public fields only."""

from __future__ import annotations

from typing import Any

from confsite.export.context import ExportContext
from confsite.export.exporter import SingleFileExporter
from confsite.export.jsonfile import json_bytes
from confsite.export.programme import Programme, SessionEntry, SpeakerEntry


def session_record(session: SessionEntry) -> dict[str, Any]:
    place = session.place
    return {
        "id": session.id,
        "title": session.title,
        "subtitle": session.subtitle or None,
        "kind": session.kind,
        "track": session.track.id if session.track else None,
        "track_name": session.track.name if session.track else None,
        "level": session.level,
        "language": session.language,
        "status": session.status,
        "abstract": session.abstract,
        "speakers": [person.id for person in session.speakers],
        "moderators": [person.id for person in session.moderators],
        "tags": list(session.tags),
        "links": {link.kind: link.url for link in session.links},
        "url": session.url or session.page,
        "feedback_url": session.feedback_url,
        "day": place.day if place else None,
        "date": place.date.isoformat() if place else None,
        "start": f"{place.starts:%H:%M}" if place else None,
        "end": f"{place.ends:%H:%M}" if place else None,
        "starts_at": place.starts.isoformat() if place else None,
        "ends_at": place.ends.isoformat() if place else None,
        "room": place.room.id if place else None,
        "room_name": place.room.name if place else None,
    }


def speaker_record(speaker: SpeakerEntry) -> dict[str, Any]:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "name_latin": speaker.name_latin or None,
        "affiliation": speaker.affiliation or None,
        "title": speaker.title or None,
        "bio": speaker.bio,
        "photo": speaker.photo,
        "links": [
            {"kind": link.kind, "label": link.label, "url": link.url} for link in speaker.links
        ],
        "sessions": list(speaker.sessions),
    }


def _header(programme: Programme) -> dict[str, Any]:
    return {
        "conference": programme.conference_id,
        "language": programme.language,
        "timezone": programme.timezone,
        "version": programme.version,
    }


class SessionsApi(SingleFileExporter):
    """Every session with its time and room (null until scheduled)."""

    identifier = "sessions.json"
    path = "api/sessions.json"
    extension = "json"
    media_type = "application/json"
    public = True
    label = "Sessions as JSON (static API)"

    def render_file(self, context: ExportContext) -> bytes:
        programme = context.programme
        sessions = [session_record(session) for session in programme.sessions]
        return json_bytes({**_header(programme), "sessions": sessions})


class SpeakersApi(SingleFileExporter):
    """Every speaker's public profile and the ids of their sessions."""

    identifier = "speakers.json"
    path = "api/speakers.json"
    extension = "json"
    media_type = "application/json"
    public = True
    label = "Speakers as JSON (static API)"

    def render_file(self, context: ExportContext) -> bytes:
        programme = context.programme
        speakers = [speaker_record(speaker) for speaker in programme.speakers]
        return json_bytes({**_header(programme), "speakers": speakers})
