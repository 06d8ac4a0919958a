"""MkDocs hooks that confsite's effective config loads (``hooks:``).

Pages whose front matter says ``confsite_html: true`` hold nothing but HTML that confsite
wrote (the schedule grid: megabytes on a large conference). Markdown would pass it through
unchanged, after parsing every tag twice, which costs seconds; these hooks hand Markdown a
placeholder and put the HTML back afterwards. Pages with ``confsite_blocks: true`` (the
session, speaker and track indexes) mix Markdown headings, which make the table of
contents, with long HTML lists: each list between ``<!-- confsite:html -->`` and
``<!-- /confsite:html -->`` is held the same way, and the headings still go through
Markdown. A builder without hook support still builds these pages correctly, only slower,
because the page's file holds the whole HTML.

``on_env`` gives each build's Jinja environment the compiled templates of the builds
before it (``compiled_templates``), which `confsite serve` rebuilds on every change.
"""

from __future__ import annotations

import re
from typing import Any

from confsite.site.compiled_templates import COMPILED

PLACEHOLDER = "CONFSITEHTMLPLACEHOLDER"
_HELD: dict[str, str] = {}
_BLOCKS: dict[str, list[str]] = {}
_BLOCK = re.compile(r"<!-- confsite:html -->\n?(.*?)\n?<!-- /confsite:html -->", re.S)
_BLOCK_PLACE = re.compile(r"<p>CONFSITEHTMLBLOCK(\d+)X</p>")


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.meta.get("confsite_html"):
        _HELD[page.file.src_uri] = markdown
        return PLACEHOLDER
    if page.meta.get("confsite_blocks"):
        blocks: list[str] = []

        def hold(match: re.Match[str]) -> str:
            blocks.append(match.group(1))
            return f"\n\nCONFSITEHTMLBLOCK{len(blocks) - 1}X\n\n"

        markdown = _BLOCK.sub(hold, markdown)
        _BLOCKS[page.file.src_uri] = blocks
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    held = _HELD.pop(page.file.src_uri, None)
    if held is not None:
        return held.strip()
    blocks = _BLOCKS.pop(page.file.src_uri, None)
    if blocks:
        return _BLOCK_PLACE.sub(lambda match: blocks[int(match.group(1))], html)
    return html


def on_env(env: Any, **kwargs: Any) -> Any:
    """Keep the theme's compiled templates from one build to the next (see
    ``compiled_templates``)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    return env
