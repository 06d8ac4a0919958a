"""The last step of every import: the files it writes must be a folder that `check`
accepts. What can be repaired is repaired, with a line in the report; what cannot is
refused before anything is written.

- a session waiting for `confsite plan` must fit a run of back-to-back slots of its kind
  in the time grid: a plenary session when the grid has no plenary slots runs as a regular
  one, and a session longer than every run is cut to the longest;
- every required folder (``speakers/``, ``sessions/``) exists, even when empty: it gets a
  ``.gitkeep``, which the loader skips and git keeps;
- no file is larger than the loader reads (``MAX_FILE_BYTES``) or holds more values than
  it reads (``MAX_VALUES``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from confsite.importers.limits import megabytes
from confsite.importers.report import ImportReport
from confsite.importers.source import SourceProblem
from confsite.load.files import CONTENT_FILES
from confsite.load.yamlsource import MAX_FILE_BYTES, MAX_VALUES, YamlProblem, parse
from confsite.model.sessions import PLENARY_KINDS
from confsite.model.timeslots import Day

KEEP = ".gitkeep"


def longest_runs(grid: dict[date, list[dict[str, Any]]]) -> dict[bool, int]:
    """The longest run of back-to-back slots, in minutes, of plenary slots (True) and of
    session slots (False), as the content model counts runs."""
    longest = {True: 0, False: 0}
    for day, slots in grid.items():
        record = Day.model_validate({"id": day.isoformat(), "date": day, "slots": slots})
        for run in record.runs():
            if run:
                plenary = run[0].kind == "plenary"
                longest[plenary] = max(longest[plenary], sum(slot.length for slot in run))
    return longest


def fit_waiting(
    grid: dict[date, list[dict[str, Any]]],
    waiting: Iterable[str],
    sessions: dict[str, dict[str, Any]],
    report: ImportReport,
) -> None:
    """Make each session in ``waiting`` (ids of ``sessions``) fit a run of the grid."""
    longest = longest_runs(grid)
    for ident in waiting:
        record = sessions[ident]
        plenary = record.get("plenary", record["kind"] in PLENARY_KINDS)
        if plenary and longest[True] < min(record["length"], longest[False]):
            record["plenary"] = plenary = False
            report.repair(
                "plenary, but no plenary slots in the time grid are long enough; imported as "
                "a regular session (add plenary slots to timeslots.yaml to change it)",
                ident,
            )
        room = longest[plenary]
        if 0 < room < record["length"]:
            report.repair(
                f"longer than the longest run of slots in timeslots.yaml ({room} minutes); "
                f"cut to {room} minutes",
                ident,
            )
            record["length"] = room


def keep_required_folders(files: dict[str, str], report: ImportReport) -> None:
    """An empty required folder gets a ``.gitkeep`` (the loader needs the folder)."""
    for spec in CONTENT_FILES:
        if spec.shape != "folder" or not spec.required:
            continue
        if not any(name.startswith(spec.name) for name in files):
            files[f"{spec.name}{KEEP}"] = ""
            report.repair(f"no {spec.field} in the source; {spec.name} left empty", spec.name)


def refuse_unreadable(files: dict[str, str]) -> None:
    """Refuse when a file would be larger than the loader reads, or hold more values."""
    for name, text in files.items():
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise SourceProblem(
                f"{name} would be {megabytes(size)}, larger than a content file may be "
                f"(expected at most {megabytes(MAX_FILE_BYTES)}; is something in the "
                "source repeated many times?)"
            )
        # Every value takes at least a character: a smaller file holds fewer than the
        # loader's MAX_VALUES, and only a larger one is worth reading again.
        if size > MAX_VALUES:
            try:
                parse(text)
            except YamlProblem as problem:
                raise SourceProblem(
                    f"{name} would not load: {problem.message} (expected {problem.expected})"
                ) from None


def fit_folder(files: dict[str, str], report: ImportReport) -> None:
    """Required folders kept, files the loader would refuse refused (see the module)."""
    keep_required_folders(files, report)
    refuse_unreadable(files)
