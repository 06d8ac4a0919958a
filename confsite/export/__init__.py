"""Exports of the agenda: calendars, frab feeds for conference apps, CSV and a JSON API.

Each format is one small module behind the ``Exporter`` interface, listed once in
``registry.EXPORTERS``. Every export reads the conference's default language and the plan
through one ``ExportContext``, which builds the shared records once per run.

    files = export_files(content, plan)  # every public export, path in the site -> bytes
    files = render_export(content, plan, "schedule.xml")  # one format
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from confsite.export.context import ExportContext
from confsite.export.exporter import Exporter
from confsite.export.programme import site_base_url
from confsite.export.registry import EXPORTERS, UnknownExport, exporter, public_exporters
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.versions import History
from confsite.stamps import build_date

__all__ = [
    "EXPORTERS",
    "ExportContext",
    "Exporter",
    "UnknownExport",
    "export_files",
    "export_identifiers",
    "render_export",
]


def export_context(
    content: Content,
    plan: Mapping[str, Placement],
    *,
    base_url: str | None = None,
    stamp: datetime | None = None,
    lang: str | None = None,
    history: History | None = None,
) -> ExportContext:
    """One run's context. ``base_url`` is the site's address (default: conference.url);
    ``stamp`` the calendars' DTSTAMP (default: SOURCE_DATE_EPOCH, else today 00:00 UTC);
    ``lang`` the language of titles and names (default: the conference's first);
    ``history`` the recorded schedule versions (SEQUENCE, feed version, cancellations)."""
    return ExportContext(
        content,
        plan,
        site_base_url(content) if base_url is None else base_url,
        stamp or build_date(),
        lang,
        history or History(),
    )


def export_files(
    content: Content,
    plan: Mapping[str, Placement],
    *,
    base_url: str | None = None,
    stamp: datetime | None = None,
    history: History | None = None,
) -> dict[str, bytes]:
    """The files of every public export, keyed by their path in the site root."""
    context = export_context(content, plan, base_url=base_url, stamp=stamp, history=history)
    files: dict[str, bytes] = {}
    for export in public_exporters():
        for path, data in export.render(context).items():
            if path in files:
                raise ValueError(f"two exports write {path}")
            files[path] = data
    return files


def render_export(
    content: Content,
    plan: Mapping[str, Placement],
    identifier: str,
    *,
    base_url: str | None = None,
    stamp: datetime | None = None,
    lang: str | None = None,
    history: History | None = None,
) -> dict[str, bytes]:
    """The files of one export (most formats have one), keyed by their path in the site.

    Raises UnknownExport for an identifier not in the registry."""
    context = export_context(
        content, plan, base_url=base_url, stamp=stamp, lang=lang, history=history
    )
    return exporter(identifier).render(context)


def export_identifiers() -> tuple[str, ...]:
    """What `confsite export FORMAT` accepts, in registry order."""
    return tuple(kind.identifier for kind in EXPORTERS)
