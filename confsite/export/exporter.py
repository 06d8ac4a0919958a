"""The interface every export format implements.

An exporter is a small class: attributes that describe it (identifier, file extension,
media type, whether it is published with the site, a label) and one ``render`` that returns
its files, keyed by their path in the site. Most formats are one file; calendars per track
or per speaker are many.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from confsite.export.context import ExportContext


class Exporter(ABC):
    identifier: ClassVar[str]  # what `confsite export FORMAT` takes, e.g. "schedule.xml"
    extension: ClassVar[str]  # of every file it writes, without the dot
    media_type: ClassVar[str]
    public: ClassVar[bool]  # written into the public site (never true for private data)
    label: ClassVar[str]  # one line for help texts and menus

    @abstractmethod
    def render(self, context: ExportContext) -> dict[str, bytes]:
        """The files of this export, keyed by their path relative to the site root."""


class SingleFileExporter(Exporter):
    """An export of exactly one file, at ``path`` in the site."""

    path: ClassVar[str]

    def render(self, context: ExportContext) -> dict[str, bytes]:
        return {self.path: self.render_file(context)}

    @abstractmethod
    def render_file(self, context: ExportContext) -> bytes:
        """The file's bytes."""
