"""Calendar feeds: the whole conference, one per track and one per speaker."""

from __future__ import annotations

from confsite.export.context import ExportContext
from confsite.export.exporter import Exporter, SingleFileExporter
from confsite.export.ical import calendar_bytes

MEDIA_TYPE = "text/calendar"


class ConferenceCalendar(SingleFileExporter):
    """Every session in one calendar; cancelled ones stay, marked cancelled."""

    identifier = "schedule.ics"
    path = "schedule.ics"
    extension = "ics"
    media_type = MEDIA_TYPE
    public = True
    label = "The whole conference (iCalendar)"

    def render_file(self, context: ExportContext) -> bytes:
        programme = context.programme
        return calendar_bytes(
            programme, programme.title, programme.placed, context.stamp, context.events
        )


class SessionCalendars(Exporter):
    """calendar/<session>.ics: one calendar per session, for its page's "add to calendar"."""

    identifier = "sessions.ics"
    extension = "ics"
    media_type = MEDIA_TYPE
    public = True
    label = "One calendar per session (iCalendar)"

    def render(self, context: ExportContext) -> dict[str, bytes]:
        programme = context.programme
        return {
            f"calendar/{session.id}.ics": calendar_bytes(
                programme, session.title, (session,), context.stamp, context.events
            )
            for session in programme.placed
        }


class TrackCalendars(Exporter):
    """calendar/tracks/<track>.ics: one calendar per track, for every track."""

    identifier = "tracks.ics"
    extension = "ics"
    media_type = MEDIA_TYPE
    public = True
    label = "One calendar per track (iCalendar)"

    def render(self, context: ExportContext) -> dict[str, bytes]:
        programme = context.programme
        return {
            f"calendar/tracks/{track.id}.ics": calendar_bytes(
                programme,
                f"{programme.title} · {track.name}",
                (s for s in programme.placed if s.track and s.track.id == track.id),
                context.stamp,
                context.events,
            )
            for track in programme.tracks
        }


class SpeakerCalendars(Exporter):
    """calendar/speakers/<speaker>.ics: the sessions each speaker gives or moderates."""

    identifier = "speakers.ics"
    extension = "ics"
    media_type = MEDIA_TYPE
    public = True
    label = "One calendar per speaker (iCalendar)"

    def render(self, context: ExportContext) -> dict[str, bytes]:
        programme = context.programme
        placed = {session.id: session for session in programme.placed}
        return {
            f"calendar/speakers/{speaker.id}.ics": calendar_bytes(
                programme,
                f"{programme.title} · {speaker.name}",
                (placed[ident] for ident in speaker.sessions if ident in placed),
                context.stamp,
                context.events,
            )
            for speaker in programme.speakers
        }
