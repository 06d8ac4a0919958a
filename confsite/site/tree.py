"""The docs tree of one site language, built whole in memory before anything is written.

Two generators claiming the same path is a bug, so ``add`` refuses it; the writer then
writes the tree only where a file's bytes differ, which keeps live previews fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class DuplicatePath(Exception):
    pass


@dataclass
class DocsTree:
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    written: int = 0  # files the last ``write`` wrote (their bytes differed)

    def add(self, path: str, data: bytes | str) -> None:
        if path in self.files:
            raise DuplicatePath(f"two pages claim {path}")
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data

    def page(self, path: str, meta: dict[str, Any], body: str) -> None:
        """A markdown page: front matter, then the body."""
        # JSON is YAML: MkDocs reads it as front matter, and writing it is fifty times
        # faster than a YAML dumper on thousands of pages. Every string stays a string
        # ("yes", "0123", "2027-06-18" are quoted), which YAML would need care for.
        front = json.dumps(meta, ensure_ascii=False, separators=(", ", ": "))
        self.add(path, f"---\n{front}\n---\n\n{body.strip()}\n")

    def write(self, folder: Path) -> tuple[int, int]:
        """Write into ``folder``: only files whose bytes differ; remove files no longer in the
        tree. Returns (written, removed)."""
        written = removed = 0
        # What this process last wrote there: a file it wrote with the same bytes, still of
        # that size, is not read back (a preview rewrites a tree of thousands of files).
        before = _WRITTEN.get(folder.resolve(), {})
        for path in sorted(self.files):
            target = folder / path
            data = self.files[path]
            if before.get(path) == data:
                try:
                    if target.stat().st_size == len(data):
                        continue
                except OSError:
                    pass
            elif target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
        if before:
            # Only this process writes there: what is gone is what it wrote last time.
            for relative in sorted(set(before) - set(self.files)):
                (folder / relative).unlink(missing_ok=True)
                removed += 1
        elif folder.is_dir():
            for existing in sorted(folder.rglob("*")):
                relative = existing.relative_to(folder).as_posix()
                if existing.is_file() and relative not in self.files:
                    existing.unlink()
                    removed += 1
        self.written = written
        key = folder.resolve()
        _WRITTEN.pop(key, None)
        while len(_WRITTEN) >= _WRITTEN_FOLDERS:
            del _WRITTEN[next(iter(_WRITTEN))]  # the folder written longest ago
        _WRITTEN[key] = dict(self.files)
        return written, removed


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

    def __call__(self, target: str) -> str:
        """``target`` is relative to the site root: ``schedule/``, ``media/logo.png``."""
        if target.startswith(("http://", "https://", "mailto:", "#")):
            return target
        return (self.up + target) or "./"
