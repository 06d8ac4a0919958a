"""The one list of export formats. A new format is one module and one line here."""

from __future__ import annotations

from confsite.export.api import SessionsApi, SpeakersApi
from confsite.export.calendars import (
    ConferenceCalendar,
    SessionCalendars,
    SpeakerCalendars,
    TrackCalendars,
)
from confsite.export.exporter import Exporter
from confsite.export.frab_json import ScheduleJson
from confsite.export.frab_xml import ScheduleXml
from confsite.export.table import ScheduleCsv

EXPORTERS: tuple[type[Exporter], ...] = (
    ConferenceCalendar,
    SessionCalendars,
    TrackCalendars,
    SpeakerCalendars,
    ScheduleXml,
    ScheduleJson,
    ScheduleCsv,
    SessionsApi,
    SpeakersApi,
)


class UnknownExport(ValueError):
    """No exporter has this identifier."""


def exporter(identifier: str) -> Exporter:
    """The exporter with this identifier (e.g. "schedule.xml")."""
    for kind in EXPORTERS:
        if kind.identifier == identifier:
            return kind()
    known = ", ".join(kind.identifier for kind in EXPORTERS)
    raise UnknownExport(f"no export {identifier!r}; known: {known}")


def public_exporters() -> tuple[Exporter, ...]:
    """The exporters whose files go into the public site."""
    return tuple(kind() for kind in EXPORTERS if kind.public)
