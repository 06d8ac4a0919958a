"""The preview's search index, kept whole while MkDocs re-renders only changed pages.

`confsite serve` has MkDocs re-render only the pages whose files changed. Material's search
plugin then indexes those pages alone; its own way of merging them with the previous index
assumes one page changed, while an edit to one session changes several pages (the session,
the schedule, its speakers, its track). So the plugin is told the builds are complete, and
after each build the hooks (``mkdocs_hooks.on_post_build``) hand this module what it
indexed: the entries of each page rebuilt replace that page's entries, pages that are gone
are dropped, and the whole index is written back. A build that rendered every page (every
``confsite build``) is left as Material wrote it. The memory lives in an ordinary module so
that it outlives the hooks' module.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# site folder → page URL → that page's entries in the search index
_INDEXED: dict[str, dict[str, list[dict[str, Any]]]] = {}


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge(site_dir: str, pages: list[str], built: set[str]) -> bool:
    """Complete the search index just written in ``site_dir`` when only the pages ``built``
    (URLs) of the site's ``pages`` were rendered. Returns whether it was rewritten."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return False
    known = _INDEXED.get(site_dir)
    complete = known is None or built >= set(pages)
    index = json.loads(path.read_text(encoding="utf-8"))
    fresh: dict[str, list[dict[str, Any]]] = {url: [] for url in built}
    for entry in index.get("docs", []):
        fresh.setdefault(_page_of(entry["location"]), []).append(entry)
    if complete:
        _INDEXED[site_dir] = fresh
        return False
    assert known is not None
    known.update(fresh)
    for url in set(known) - set(pages):
        del known[url]
    index["docs"] = [entry for url in pages for entry in known.get(url, [])]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True
