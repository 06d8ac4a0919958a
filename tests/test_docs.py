"""The README and the documentation site in docs/: the site builds with --strict (every
link and anchor between its pages resolves), the README stays short, and every relative
link in the README leads to a file of the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS_CONFIG = ROOT / "docs" / "mkdocs.yml"

# Markdown links and images, [text](target) and ![alt](target "title"), and HTML src/href.
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relative_links(text: str) -> list[str]:
    """The targets of the links in ``text`` that point into the repository: not absolute
    addresses (https:, mailto:), not anchors within the page; without their #fragment."""
    # Code spans and code blocks hold examples, not links.
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = MARKDOWN_LINK.findall(text) + HTML_LINK.findall(text)
    found = []
    for target in targets:
        if SCHEME.match(target) or target.startswith(("#", "//")):
            continue
        found.append(unquote(target.split("#", 1)[0]))
    return found


def test_the_readme_is_short() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text) < 10_000, f"README.md has {len(text):,} characters; move text to docs/"


def test_every_relative_link_in_the_readme_leads_to_a_file() -> None:
    links = relative_links(README.read_text(encoding="utf-8"))
    assert "docs/pages/reference.md" in links  # the parser sees the README's links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


def test_relative_links_are_found_and_others_left_alone() -> None:
    text = (
        '[a](docs/a.md) ![b](img/b.png "B") [c](docs/c.md#part) [d](https://x.org/d.md) '
        '[e](#here) [f](mailto:x@y.org) `[g](in/code.md)` <img src="h.png">'
        "\n```\n[j](in/block.md)\n```\n"
    )
    assert relative_links(text) == ["docs/a.md", "img/b.png", "docs/c.md", "h.png"]


def test_the_screenshots_are_small() -> None:
    images = sorted((ROOT / "docs" / "pages" / "assets").glob("*.png"))
    assert images
    for image in images:
        assert image.stat().st_size < 300 * 1024, f"{image.name}: keep screenshots under 300 KB"


def test_the_docs_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "docs-site"
    command = ["mkdocs", "build", "--strict", "-f", str(DOCS_CONFIG), "-d", str(site)]
    result = subprocess.run(
        [sys.executable, "-m", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    pages = sorted((ROOT / "docs" / "pages").glob("*.md"))
    for page in pages:
        built = site / ("" if page.stem == "index" else page.stem) / "index.html"
        assert built.is_file(), f"{page.name} was not built"
    # Offline: the theme fetches no web fonts.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
