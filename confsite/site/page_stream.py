"""Pages that reach MkDocs while it builds: the MkDocs process's side of
``DocsTree.stream``.

A one-off build hands MkDocs its config as soon as the small files are written, and makes
the pages while MkDocs works: the build names the pages it is going to write (``expect``),
``add_pages`` (from the ``on_files`` hook) puts those not yet in the docs folder into
MkDocs' listing where its walk of the folder would have put them, and ``wait`` (from
``on_pre_page``) holds MkDocs back until the build says, one line on standard input per
page, that the page is written. The build writes the pages in the order MkDocs reads them,
so MkDocs waits only for the first. A thread reads those lines as they come, so that the
build never waits for MkDocs. Without ``expect`` (`confsite serve`, any build
in one process) both do nothing.
"""

from __future__ import annotations

import json
import threading
from typing import Any, TextIO

from confsite.site.tree import walk_order

_EXPECTED: set[str] = set()
_READY: set[str] = set()
_CHANGED = threading.Condition()
_ENDED: list[bool] = [False]  # the source closed


def expect(pages: list[str], source: TextIO) -> None:
    """``pages`` will be written while MkDocs builds; ``source`` names each when it is."""
    _EXPECTED.clear()
    _EXPECTED.update(pages)
    _READY.clear()
    _ENDED[0] = False
    threading.Thread(target=_listen, args=(source,), daemon=True).start()


def _listen(source: TextIO) -> None:
    for line in source:
        with _CHANGED:
            _READY.add(json.loads(line))
            _CHANGED.notify_all()
    with _CHANGED:
        _ENDED[0] = True
        _CHANGED.notify_all()


def add_pages(files: Any, config: Any) -> Any:
    """MkDocs' files with the expected pages among them, in the order of its own walk of
    the docs folder; the theme's and plugins' files after them, as MkDocs adds them."""
    if not _EXPECTED:
        return files
    from mkdocs.structure.files import File, Files

    docs = config["docs_dir"]
    listed = {file.src_uri for file in files}
    walked = [file for file in files if file.src_dir == docs]
    others = [file for file in files if file.src_dir != docs]
    walked += [
        File(path, docs, config["site_dir"], config["use_directory_urls"])
        for path in sorted(_EXPECTED - listed)
    ]
    walked.sort(key=lambda file: walk_order(file.src_uri))
    return Files(walked + others)


def wait(path: str) -> None:
    """Return once the page ``path`` is written (at once for pages not expected)."""
    if path not in _EXPECTED:
        return
    with _CHANGED:
        _CHANGED.wait_for(lambda: path in _READY or _ENDED[0])
        if path in _READY:
            return
    from mkdocs.exceptions import PluginError

    raise PluginError(f"confsite stopped before writing {path}")
