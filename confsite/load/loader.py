"""Reading a content folder into the typed model, collecting every problem on the way.

Each file is read, parsed and validated on its own; problems from every file are
collected, then the cross-file checks run on the records that loaded cleanly. Nothing is
raised until the whole folder has been seen, so the organiser fixes all mistakes in one go.
"""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from confsite.load.files import CONTENT_FILES, NOT_CONTENT, SCHEMA_DIR, ContentFile
from confsite.load.validation import problems_from, suggest, without_wrong_fields
from confsite.load.yamlsource import (
    SourceMap,
    YamlProblem,
    parse,
    read_text,
    split_front_matter,
)
from confsite.model.common import SLUG_PATTERN
from confsite.model.content import Content
from confsite.model.pages import Document
from confsite.problems import ContentError, Problem, format_path

_SLUG = re.compile(SLUG_PATTERN)
_SHAPES = {spec.field: spec.shape for spec in CONTENT_FILES}


@dataclass
class Located:
    """A loaded record with the file it came from and where its fields sit."""

    file: str
    record: BaseModel
    sources: SourceMap
    body: str = ""
    body_line: int = 1  # the file's line where ``body`` starts


@dataclass
class Loaded:
    """The outcome of reading a folder: the records that loaded, and every problem."""

    root: Path
    singles: dict[str, Located] = field(default_factory=dict)
    folders: dict[str, dict[str, Located]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def problem(
        self,
        located: Located,
        path: tuple[str | int, ...],
        message: str,
        expected: str = "",
        *,
        field_name: str | None = None,
        severity: str = "error",
    ) -> None:
        """Record a problem at ``path`` inside a loaded record's file."""
        line, column = located.sources.locate(path)
        self.problems.append(
            Problem(
                located.file,
                line,
                column,
                field_name if field_name is not None else format_path(path),
                message,
                expected,
                severity,  # type: ignore[arg-type]
            )
        )

    def readable(self, field: str) -> bool:
        """False when the file for ``field`` exists but failed to load (its mistakes are
        already reported, so references into it are not reported again)."""
        return field in self.singles or field not in self.present

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _display(path: Path, root: Path) -> str:
    """A file's name for messages: relative to the working folder when inside it, so that
    editors and terminals can jump to it; otherwise as given."""
    # Plain strings: this runs for every file, and pathlib's parsing cost more than the
    # rest of reading a small file.
    given = os.fspath(path)
    cwd = os.getcwd()
    absolute = given if os.path.isabs(given) else os.path.join(cwd, given)
    if absolute == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix) :].replace(os.sep, "/")
    return path.as_posix()


# Records already read, by file and content: a long-running process (`confsite serve`)
# re-reads only the files that changed. Records are immutable, so sharing them is safe.
_RECORDS: dict[tuple[Any, ...], tuple[Located | None, tuple[Problem, ...]]] = {}
_RECORDS_LIMIT = 50_000
_CACHED_SIZE = 2 * 1024 * 1024


# The bytes last read from each file, with the file's status then: a file whose status has
# not changed since is not read again. As git does, a file changed less than a second
# before it was read is always read again, because a second write within the clock's
# resolution could leave the same status.
_BYTES: dict[str, tuple[tuple[int, int, int], float, bytes]] = {}


def _unchanged_bytes(path: Path, status: os.stat_result) -> bytes | None:
    known = _BYTES.get(str(path))
    if known is None:
        return None
    signature, read_at, raw = known
    if signature != (status.st_mtime_ns, status.st_size, status.st_ino):
        return None
    if read_at - status.st_mtime_ns / 1e9 < 1.0:
        return None
    return raw


def _remember_bytes(path: Path, status: os.stat_result, raw: bytes) -> None:
    key = str(path)
    known = _BYTES.get(key)
    if known is not None and known[2] is raw:
        return
    if len(_BYTES) >= _RECORDS_LIMIT:
        _BYTES.clear()
    _BYTES[key] = ((status.st_mtime_ns, status.st_size, status.st_ino), time.time(), raw)


def read_record(
    path: Path, root: Path, model: type[BaseModel], loaded: Loaded, *, markdown: bool = False
) -> Located | None:
    """Read, parse and validate one file; on failure record problems and return None."""
    raw = None
    try:
        # Only regular files of a sane size: a FIFO or a device must never be read here.
        status = path.stat()
        if stat.S_ISREG(status.st_mode) and status.st_size <= _CACHED_SIZE:
            raw = _unchanged_bytes(path, status) or path.read_bytes()
            _remember_bytes(path, status, raw)
    except OSError:
        raw = None
    if raw is None:
        return _read_record(path, root, model, loaded, markdown)
    key = (str(path.absolute()), _display(path, root), model, markdown, raw)
    hit = _RECORDS.get(key)
    if hit is not None:
        located, problems = hit
        loaded.problems.extend(problems)
        return located
    before = len(loaded.problems)
    located = _read_record(path, root, model, loaded, markdown)
    if len(_RECORDS) >= _RECORDS_LIMIT:
        _RECORDS.clear()
    _RECORDS[key] = (located, tuple(loaded.problems[before:]))
    return located


def _read_record(
    path: Path, root: Path, model: type[BaseModel], loaded: Loaded, markdown: bool
) -> Located | None:
    name = _display(path, root)
    try:
        text = read_text(path)
        body = ""
        offset = 0
        body_line = 1
        if markdown:
            text, body, offset = split_front_matter(text)
            if offset:  # the front matter, between its two --- lines
                body_line = offset + text.count("\n") + 2
            if not text.strip() and not offset:
                loaded.add(
                    Problem(name, 1, 1, "", "no front matter", "a --- block with at least a title")
                )
                return None
        data, sources = parse(text, offset)
    except YamlProblem as problem:
        loaded.add(
            Problem(name, problem.line, problem.column, "", problem.message, problem.expected)
        )
        return None
    except OSError as err:
        loaded.add(Problem(name, 0, 0, "", f"cannot read file: {err.strerror}"))
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line, column = sources.locate(())
        loaded.add(
            Problem(
                name,
                line,
                column,
                "",
                f"the file holds {type(data).__name__} data",
                "a mapping of fields (key: value)",
            )
        )
        return None
    try:
        record = model.model_validate(data)
    except ValidationError as err:
        loaded.problems.extend(problems_from(err, model, data, sources, name))
        # The wrong fields are reported; the rest of the file still meets the other files.
        kept = without_wrong_fields(err, data)
        if kept is None:
            return None
        try:
            record = model.model_validate(kept)
        except ValidationError:
            return None
    return Located(name, record, sources, body, body_line)


def _files_under(folder: Path, root: Path, loaded: Loaded) -> list[Path]:
    """Files in ``folder`` and its visible sub-folders, sorted; unreadable folders reported."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as err:
            loaded.add(
                Problem(_display(current, root), 0, 0, "", f"cannot read folder: {err.strerror}")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                pending.append(Path(entry.path))
            else:
                found.append(Path(entry.path))
    return sorted(found)


def _read_folder(spec: ContentFile, root: Path, loaded: Loaded) -> None:
    folder = root / spec.name
    records: dict[str, Located] = {}
    loaded.folders[spec.field] = records
    # Every id with a file counts as known, even if its file has mistakes: references to
    # it are then not reported a second time.
    loaded.ids[spec.field] = known = set()
    if not folder.is_dir():
        if spec.required:
            loaded.add(
                Problem(
                    _display(folder, root),
                    0,
                    0,
                    "",
                    "folder is missing",
                    f"a folder {spec.name} with one file per record",
                )
            )
        return
    suffix = ".md" if spec.shape == "markdown" else ".yaml"
    seen: dict[str, Path] = {}
    inside = root.resolve()
    for path in _files_under(folder, root, loaded):
        if path.suffix == ".yml" and suffix == ".yaml":
            known.add(path.stem)
            loaded.add(
                Problem(
                    _display(path, root), 0, 0, "", "wrong file extension", "files named <id>.yaml"
                )
            )
            continue
        if path.suffix != suffix:
            if spec.shape != "markdown":
                loaded.add(
                    Problem(
                        _display(path, root),
                        0,
                        0,
                        "",
                        "not a content file, ignored",
                        f"files named <id>{suffix}",
                        "warning",
                    )
                )
            continue
        ident = path.stem
        if not _SLUG.match(ident):
            loaded.add(
                Problem(
                    _display(path, root),
                    0,
                    0,
                    "",
                    f"file name {ident!r} is not a valid id",
                    "lower-case letters, digits, '-' and '_'",
                )
            )
            continue
        if ident in seen:
            loaded.add(
                Problem(
                    _display(path, root),
                    1,
                    1,
                    "",
                    f"duplicate id {ident!r}",
                    f"unique ids; also used by {_display(seen[ident], root)}",
                )
            )
            continue
        seen[ident] = path
        known.add(ident)
        if spec.shape == "markdown" and not path.resolve().is_relative_to(inside):
            # A page is published as it is: one linked in from elsewhere is refused, as a
            # media file outside the content folder is.
            loaded.add(
                Problem(
                    _display(path, root),
                    0,
                    0,
                    "",
                    "is a link to a file outside the content folder (it would be published)",
                    "a file inside the content folder",
                )
            )
            continue
        located = read_record(path, root, spec.model, loaded, markdown=spec.shape == "markdown")
        if located is not None:
            records[ident] = located


def read_folder(root: Path) -> Loaded:
    """Read every content file of ``root``; problems are collected, never raised."""
    loaded = Loaded(root)
    for spec in CONTENT_FILES:
        if spec.shape == "file":
            path = root / spec.name
            if not path.exists():
                alt = path.with_suffix(".yml")
                if alt.exists():
                    loaded.add(
                        Problem(
                            _display(alt, root),
                            0,
                            0,
                            "",
                            "wrong file extension",
                            f"the file named {spec.name}",
                        )
                    )
                elif spec.required:
                    loaded.add(
                        Problem(
                            _display(path, root),
                            0,
                            0,
                            "",
                            "required file is missing",
                            f"{spec.name}: {spec.summary}",
                        )
                    )
                continue
            loaded.present.add(spec.field)
            located = read_record(path, root, spec.model, loaded)
            if located is not None:
                loaded.singles[spec.field] = located
        else:
            _read_folder(spec, root, loaded)
    _unknown_files(root, loaded)
    return loaded


def _unknown_files(root: Path, loaded: Loaded) -> None:
    known = {spec.name.rstrip("/") for spec in CONTENT_FILES}
    known.update(NOT_CONTENT)
    names = sorted(known)
    # conference.yml and the like are already reported as a wrong extension
    known.update(name.removesuffix(".yaml") + ".yml" for name in names)
    try:
        entries = sorted(root.iterdir())
    except OSError as err:
        loaded.add(Problem(_display(root, root), 0, 0, "", f"cannot read folder: {err.strerror}"))
        return
    for path in entries:
        if path.name.startswith(".") or path.name in known or path.is_dir():
            continue
        if path.suffix in (".yaml", ".yml"):
            hint = suggest(path.name, names)
            loaded.add(
                Problem(
                    _display(path, root),
                    0,
                    0,
                    "",
                    "not a content file, ignored",
                    (
                        hint.replace("did you mean", "a content file such as")
                        if hint
                        else "one of " + ", ".join(n for n in names if "." in n)
                    ),
                    "warning",
                )
            )


def assemble(loaded: Loaded) -> Content | None:
    """The content bundle, if every required record loaded."""
    singles = {name: located.record for name, located in loaded.singles.items()}
    for spec in CONTENT_FILES:
        if spec.required and spec.shape == "file" and spec.field not in singles:
            return None
    folders: dict[str, Any] = {}
    for name, records in loaded.folders.items():
        if _SHAPES[name] == "markdown":
            folders[name] = tuple(
                (Document(id=ident, body=located.body), located.record)
                for ident, located in sorted(records.items())
            )
        else:
            folders[name] = tuple(
                (ident, located.record) for ident, located in sorted(records.items())
            )
    return Content(root=loaded.root, **singles, **folders)  # type: ignore[arg-type]


def check_folder(root: Path) -> tuple[Content | None, list[Problem]]:
    """Load ``root`` and run every check. Returns the content (None if unusable) and problems."""
    from confsite.load.checks import run_checks

    loaded = read_folder(root)
    content = assemble(loaded)
    if content is not None:
        run_checks(content, loaded)
    problems = sorted(set(loaded.problems))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return content, problems


def load_content(root: Path) -> Content:
    """The content of ``root``, or ContentError listing every problem."""
    content, problems = check_folder(root)
    if content is None:
        raise ContentError(problems)
    return content


__all__ = ["SCHEMA_DIR", "Loaded", "Located", "check_folder", "load_content", "read_folder"]
