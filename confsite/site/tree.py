"""The docs tree of one site language, built in memory before it is written.

Two generators claiming the same path is a bug, so ``add`` refuses it; the writer then
writes the tree only where a file's bytes differ, which keeps live previews fast.

A one-off build lists most pages without making them (``later``): ``write`` writes the
rest, MkDocs starts, and ``stream`` makes and writes the listed pages in the order MkDocs
reads them (``walk_order``), telling it as each is ready (see ``page_stream``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A page listed to be made later: its front matter and body.
MakePage = Callable[[], tuple[dict[str, Any], str]]


class DuplicatePath(Exception):
    pass


@dataclass
class DocsTree:
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    written: int = 0  # files the last ``write`` wrote (their bytes differed)
    pending: dict[str, MakePage] = field(default_factory=dict)  # pages to make later

    def add(self, path: str, data: bytes | str) -> None:
        if path in self.files or path in self.pending:
            raise DuplicatePath(f"two pages claim {path}")
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data

    def page(self, path: str, meta: dict[str, Any], body: str) -> None:
        """A markdown page: front matter, then the body."""
        self.add(path, _page_text(meta, body))

    def later(self, path: str, make: MakePage) -> None:
        """A markdown page made when ``stream`` (or ``finish``) comes to it."""
        if path in self.files or path in self.pending:
            raise DuplicatePath(f"two pages claim {path}")
        self.pending[path] = make

    @property
    def pages(self) -> int:
        """Markdown pages in the tree, made or listed."""
        return sum(1 for path in (*self.files, *self.pending) if path.endswith(".md"))

    def waiting(self) -> list[str]:
        """The pages still to be made, in the order MkDocs reads them."""
        return sorted(self.pending, key=walk_order)

    def finish(self) -> None:
        """Make every page still listed."""
        for path in self.waiting():
            self.files[path] = _page_text(*self.pending.pop(path)())

    def stream(self, folder: Path, ready: Callable[[str], None]) -> None:
        """Make the listed pages in MkDocs' order and write each into ``folder`` (which
        ``write`` wrote the rest into), calling ``ready`` with its path once it is there."""
        before = _WRITTEN.setdefault(folder.resolve(), {})
        for path in self.waiting():
            data = self.files[path] = _page_text(*self.pending.pop(path)())
            if _put(folder, path, data, before.get(path)):
                self.written += 1
            before[path] = data
            ready(path)

    def write(self, folder: Path) -> tuple[int, int]:
        """Write into ``folder``: only files whose bytes differ; remove files no longer in the
        tree (pages listed for later stay). Returns (written, removed)."""
        written = removed = 0
        # What this process last wrote there: a file it wrote with the same bytes, still of
        # that size, is not read back (a preview rewrites a tree of thousands of files).
        before = _WRITTEN.get(folder.resolve(), {})
        for path in sorted(self.files):
            if _put(folder, path, self.files[path], before.get(path)):
                written += 1
        keep = self.files.keys() | self.pending.keys()
        if before:
            # Only this process writes there: what is gone is what it wrote last time.
            for relative in sorted(set(before) - keep):
                (folder / relative).unlink(missing_ok=True)
                removed += 1
        elif folder.is_dir():
            for existing in sorted(folder.rglob("*")):
                relative = existing.relative_to(folder).as_posix()
                if existing.is_file() and relative not in keep:
                    existing.unlink()
                    removed += 1
        self.written = written
        key = folder.resolve()
        _WRITTEN.pop(key, None)
        while len(_WRITTEN) >= _WRITTEN_FOLDERS:
            del _WRITTEN[next(iter(_WRITTEN))]  # the folder written longest ago
        _WRITTEN[key] = dict(self.files)
        return written, removed


def _page_text(meta: dict[str, Any], body: str) -> bytes:
    # JSON is YAML: MkDocs reads it as front matter, and writing it is fifty times
    # faster than a YAML dumper on thousands of pages. Every string stays a string
    # ("yes", "0123", "2027-06-18" are quoted), which YAML would need care for.
    front = json.dumps(meta, ensure_ascii=False, separators=(", ", ": "))
    return f"---\n{front}\n---\n\n{body.strip()}\n".encode()


def _put(folder: Path, path: str, data: bytes, last: bytes | None) -> bool:
    """Write ``data`` to ``folder/path`` unless the file holds it already; ``last`` is
    what this process last wrote there. Returns whether it wrote."""
    target = folder / path
    if last == data:
        try:
            if target.stat().st_size == len(data):
                return False
        except OSError:
            pass
    elif target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def walk_order(path: str) -> tuple[tuple[str, ...], bool, str]:
    """The place of a docs file in MkDocs' listing (as ``mkdocs.structure.files.
    file_sort_key`` gives it): folder by folder, a folder's files before its subfolders,
    ``index`` first among them."""
    *folders, name = path.split("/")
    return (tuple(folders), os.path.splitext(name)[0] != "index", name)


_WRITTEN: dict[Path, dict[str, bytes]] = {}
_WRITTEN_FOLDERS = 4


def page_url(path: str) -> str:
    """The URL (relative to the site root, directory style) of a docs page ``path``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Linker:
    """Relative links from one page, so the site works from any folder or host."""

    def __init__(self, path: str) -> None:
        url = page_url(path)
        self.up = "../" * url.count("/")
        self.up_from_file = "../" * path.count("/")

    def __call__(self, target: str) -> str:
        """``target`` is relative to the site root: ``schedule/``, ``media/logo.png``."""
        if target.startswith(("http://", "https://", "mailto:", "#")):
            return target
        return (self.up + target) or "./"

    def file(self, target: str) -> str:
        """A Markdown link's target: the docs file ``target`` (``sponsorship.md``,
        ``media/logo.png``, relative to the docs root) from the page's file, which MkDocs
        and Zensical both turn into the page's link to it."""
        if target.startswith(("http://", "https://", "mailto:", "#")):
            return target
        return self.up_from_file + target
