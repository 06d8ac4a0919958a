"""MkDocs hooks that confsite's effective config loads (``hooks:``).

Pages whose front matter says ``confsite_html: true`` hold nothing but HTML that confsite
wrote (the schedule grid: megabytes on a large conference). Markdown would pass it through
unchanged, after parsing every tag twice, which costs seconds; these hooks hand Markdown a
placeholder and put the HTML back afterwards. Pages with ``confsite_blocks: true`` (the
session, speaker and track indexes) mix Markdown headings, which make the table of
contents, with long HTML lists: each list between ``<!-- confsite:html -->`` and
``<!-- /confsite:html -->`` is held the same way, and the headings still go through
Markdown. The lists go back into the page only after the search plugin has indexed it
(``on_page_context``, last of all plugins): an index page is found by its headings and
words, and each listed session or speaker by its own page, not once more through the index.
Indexing a track index's lists was most of a preview's rebuild. A builder without hook
support still builds these pages correctly, only slower and with the lists in the search.

``on_files``, ``on_page_context`` and ``on_post_build`` note which pages a build rendered
and have ``search_memory`` complete the search index when `confsite serve` re-rendered only
some of them.

``on_files`` and ``on_pre_page`` let a one-off build write its pages while MkDocs builds
(``page_stream``).

``on_env`` gives each build's Jinja environment the compiled templates of the builds
before it (``compiled_templates``), which `confsite serve` rebuilds on every change.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import event_priority

from confsite.site import page_stream, search_memory
from confsite.site.compiled_templates import COMPILED

PLACEHOLDER = "CONFSITEHTMLPLACEHOLDER"
_HELD: dict[str, str] = {}
_BLOCKS: dict[str, list[str]] = {}
_BLOCK = re.compile(r"<!-- confsite:html -->\n?(.*?)\n?<!-- /confsite:html -->", re.S)
_BLOCK_PLACE = re.compile(r"<p>CONFSITEHTMLBLOCK(\d+)X</p>")
_BLOCK_MARK = re.compile(r"<!-- confsite:block (\d+) -->")
_PAGES: list[str] = []  # the URLs of this build's pages
_BUILT: set[str] = set()  # those it rendered


def _url(file: Any) -> str:
    """A page's URL as the search index gives it (the home page's is empty)."""
    return "" if file.url in (".", "./") else file.url


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    files = page_stream.add_pages(files, config)
    _PAGES[:] = [_url(file) for file in files.documentation_pages()]
    _BUILT.clear()
    return files


def on_pre_page(page: Any, **kwargs: Any) -> Any:
    page_stream.wait(page.file.src_uri)
    return page


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
    if page.file.src_uri in _BLOCKS:
        # A comment until the lists go back: the search index skips it.
        return _BLOCK_PLACE.sub(lambda match: f"<!-- confsite:block {match.group(1)} -->", html)
    return html


@event_priority(-100)  # after every plugin, the search index among them
def on_page_context(context: Any, page: Any, **kwargs: Any) -> Any:
    _BUILT.add(_url(page.file))
    blocks = _BLOCKS.pop(page.file.src_uri, None)
    if blocks:
        page.content = _BLOCK_MARK.sub(lambda match: blocks[int(match.group(1))], page.content)
    return context


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: Any, **kwargs: Any) -> None:
    search_memory.merge(config.site_dir, _PAGES, _BUILT)


def on_env(env: Any, **kwargs: Any) -> Any:
    """Keep the theme's compiled templates from one build to the next (see
    ``compiled_templates``)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    return env
