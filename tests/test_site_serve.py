"""`confsite serve`: the preview shows an edit to the content without a restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import confsite

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.3)
    return False


def _search_entries(base: str) -> list[dict[str, str]]:
    return json.loads(_get(base + "search/search_index.json") or "{}").get("docs", [])


def _pages(entries: list[dict[str, str]]) -> Counter[str]:
    return Counter(entry["location"].split("#")[0] for entry in entries)


def test_an_edited_session_title_appears_in_the_preview(tmp_path: Path) -> None:
    """The preview re-renders only the changed pages: the edit reaches them, the search
    index holds every page once, and an edited theme template reaches every page."""
    assert confsite("init", tmp_path, "--lang", "en").returncode == 0
    session = sorted((tmp_path / "content" / "sessions").glob("*.yaml"))[0]
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    port = _free_port()
    scratch = tmp_path / "tmp"  # the preview's temporary site goes here
    scratch.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "confsite", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONUTF8": "1", "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}sessions/{session.stem}/"
    try:
        assert _wait_for(url, "<html", 60), "the preview did not come up"
        before = _search_entries(base)
        text = session.read_text(encoding="utf-8")
        lines = text.splitlines()
        index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
        old_title = lines[index].partition(":")[2].strip().strip("'\"")
        lines[index] = "title: A title edited while the preview runs"
        session.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert _wait_for(url, "A title edited while the preview runs", 30)

        after = _search_entries(base)
        assert _pages(after) == _pages(before)  # every page, each once
        titles = [entry["title"] for entry in after]
        assert titles.count("A title edited while the preview runs") == 1
        assert old_title in [entry["title"] for entry in before]
        assert old_title not in titles

        # A theme template is part of every page: all of them are rendered again.
        (tmp_path / "overrides" / "partials" / "copyright.html").write_text(
            '<div class="md-copyright">THEME-EDITED-IN-PREVIEW</div>\n', encoding="utf-8"
        )
        assert _wait_for(f"{base}venue/", "THEME-EDITED-IN-PREVIEW", 30)
        assert "THEME-EDITED-IN-PREVIEW" in _get(url)
        assert _pages(_search_entries(base)) == _pages(before)

        # A session whose file is deleted is gone from the preview and its search.
        gone = tmp_path / "content" / "sessions" / "incident-review.yaml"
        assert "<html" in _get(f"{base}sessions/incident-review/")
        gone.unlink()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "<html" in _get(f"{base}sessions/incident-review/"):
            time.sleep(0.3)
        assert "<html" not in _get(f"{base}sessions/incident-review/")
        assert "sessions/incident-review/" not in _pages(_search_entries(base))
        # A mistake is reported and the preview keeps the last good version.
        session.write_text(text.replace("length:", "length: -5\nlengthx:"), encoding="utf-8")
        time.sleep(3)
        assert "A title edited while the preview runs" in _get(url)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "regenerated" in output
    assert f"serving at {base}" in output  # the organiser is told where to look
    # Stopped by SIGTERM, it still removed its temporary site.
    assert "stopped" in output
    assert not list(scratch.glob("confsite-serve-*"))
    assert f"{session.name}:" in output and "keeps the last good version" in output


def test_regenerating_in_one_process_shows_every_edit(tmp_path: Path) -> None:
    """A preview renders again only the pages whose records changed (page bodies are kept
    by what they are made of); an edit to a session, to a shared macro template or to a
    page template must still reach every page it touches."""
    import shutil

    from confsite.project import Project
    from confsite.site.serve import Preview
    from tests.conftest import EXAMPLE

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    preview = Preview(Project.find(content), "en", False, tmp_path / "work")
    docs = tmp_path / "work" / "site" / "docs"
    preview.generate()

    session = content / "sessions" / "t-agent-eval.yaml"
    session.write_text(
        session.read_text(encoding="utf-8").replace(
            "Evaluating Agents in the Wild", "Agents Measured Outdoors"
        ),
        encoding="utf-8",
    )
    _, written = preview.generate()
    assert (
        "Agents Measured Outdoors" in (docs / "sessions" / "t-agent-eval" / "index.md").read_text()
    )
    assert "Agents Measured Outdoors" in (docs / "sessions" / "index.md").read_text()
    assert (
        "Agents Measured Outdoors" in (docs / "schedule" / "index.md").read_text()
    )  # its day again
    assert 0 < written < 20

    # The organiser overrides a macro that the home page imports, then a page template.
    ours = Path(__file__).resolve().parent.parent / "site_template" / "pages"
    theirs = tmp_path / "site_template" / "pages"
    theirs.mkdir(parents=True)
    macros = (ours / "_macros.md").read_text(encoding="utf-8")
    (theirs / "_macros.md").write_text(macros + "\n{# edited #}\n", encoding="utf-8")
    preview.generate()
    (theirs / "session.md").write_text(
        (ours / "session.md").read_text(encoding="utf-8") + "\nOVERRIDDEN-SESSION-PAGE\n",
        encoding="utf-8",
    )
    preview.generate()
    assert (
        "OVERRIDDEN-SESSION-PAGE" in (docs / "sessions" / "t-agent-eval" / "index.md").read_text()
    )
    time.sleep(0.01)
    (theirs / "session.md").write_text(
        (ours / "session.md").read_text(encoding="utf-8") + "\nEDITED-AGAIN\n",
        encoding="utf-8",
    )
    os.utime(theirs / "session.md", (time.time() + 5, time.time() + 5))
    preview.generate()
    page = (docs / "sessions" / "t-agent-eval" / "index.md").read_text()
    assert "EDITED-AGAIN" in page and "OVERRIDDEN-SESSION-PAGE" not in page


def test_a_quick_second_edit_of_the_same_size_is_read(tmp_path: Path) -> None:
    """A long-running preview does not read files whose status is unchanged; an edit that
    keeps the size and lands within the clock's resolution must still be seen."""
    import shutil

    from confsite.load.loader import load_content
    from confsite.model.common import localize
    from tests.conftest import EXAMPLE

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    session = content / "sessions" / "t-agent-eval.yaml"
    original = session.read_text(encoding="utf-8")
    assert "Evaluating Agents in the Wild" in original
    session.write_text(original.replace("Evaluating Agents in the Wild", "Title number one"))
    status = session.stat()
    assert localize(load_content(content).session["t-agent-eval"].title, "en") == "Title number one"
    session.write_text(original.replace("Evaluating Agents in the Wild", "Title number two"))
    os.utime(session, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert session.stat().st_size == status.st_size
    assert localize(load_content(content).session["t-agent-eval"].title, "en") == "Title number two"
