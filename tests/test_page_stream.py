"""MkDocs may start before confsite has written the pages (``page_stream``): the pages it
is promised must reach its listing in the very order its own walk of a finished docs
folder gives, or the search index and sitemap would depend on which pages happened to be
written in time."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from confsite.site import page_stream
from confsite.site.tree import walk_order

TREE = [
    "index.md",
    "about.md",
    "zz.md",
    "changes/index.md",
    "news/feed.xml",
    "sessions/index.md",
    "sessions/a-talk.md",
    "sessions/keynote.md",
    "sessions/zz/index.md",
    "sessions/zz/deeper.md",
    "speakers/index.md",
    "speakers/ada.md",
    "assets/confsite/brand.css",
    "schedule.md",
]


def _config(docs: Path) -> object:
    (docs.parent / "mkdocs.yml").write_text(f"site_name: t\ndocs_dir: {docs}\n")
    return load_config(str(docs.parent / "mkdocs.yml"))


def _write(docs: Path, paths: list[str]) -> None:
    for path in paths:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("# x\n")


@pytest.mark.parametrize("written", [0, 3, 8])
def test_promised_pages_take_the_place_mkdocs_would_give_them(tmp_path: Path, written: int):
    whole = tmp_path / "whole" / "docs"
    _write(whole, TREE)
    expected = [file.src_uri for file in get_files(_config(whole))]

    partial = tmp_path / "partial" / "docs"
    pages = [path for path in TREE if path.endswith(".md")]
    on_disk = [path for path in TREE if not path.endswith(".md")] + pages[:written]
    _write(partial, on_disk)
    config = _config(partial)
    page_stream.expect(pages[written:], io.StringIO(""))
    try:
        files = page_stream.add_pages(get_files(config), config)
    finally:
        page_stream.expect([], io.StringIO(""))
    assert [file.src_uri for file in files] == expected
    # The build process writes them in that order too.
    assert sorted(pages, key=walk_order) == [p for p in expected if p.endswith(".md")]


def test_mkdocs_waits_for_a_promised_page_and_gives_up_when_the_build_stops() -> None:
    read, write = _pipe()
    page_stream.expect(["a.md", "b.md"], read)
    try:
        page_stream.wait("other.md")  # not promised: no wait
        waiter = threading.Thread(target=page_stream.wait, args=("b.md",))
        waiter.start()
        write.write(json.dumps("a.md") + "\n")
        write.flush()
        waiter.join(0.2)
        assert waiter.is_alive()  # a.md is not b.md
        write.write(json.dumps("b.md") + "\n")
        write.flush()
        waiter.join(5)
        assert not waiter.is_alive()
    finally:
        write.close()
    read2, write2 = _pipe()
    page_stream.expect(["c.md"], read2)
    write2.close()  # the build stopped before writing it
    with pytest.raises(PluginError, match=r"c\.md"):
        page_stream.wait("c.md")
    page_stream.expect([], io.StringIO(""))


def _pipe() -> tuple[io.TextIOWrapper, io.TextIOWrapper]:
    r, w = os.pipe()
    return os.fdopen(r, encoding="utf-8"), os.fdopen(w, "w", encoding="utf-8")
