"""MkDocs hooks that confsite's effective config loads (``hooks:``).

Pages whose front matter says ``confsite_html: true`` hold nothing but HTML that confsite
wrote (the schedule grid: megabytes on a large conference). Markdown would pass it through
unchanged, after parsing every tag twice, which costs seconds; these hooks hand Markdown a
placeholder and put the HTML back afterwards. A builder without hook support still builds
the page correctly, only slower, because the page's file holds the whole HTML.

``on_env`` gives each build's Jinja environment the compiled templates of the builds
before it (``compiled_templates``), which `confsite serve` rebuilds on every change.
"""

from __future__ import annotations

from typing import Any

from confsite.site.compiled_templates import COMPILED

PLACEHOLDER = "CONFSITEHTMLPLACEHOLDER"
_HELD: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.meta.get("confsite_html"):
        _HELD[page.file.src_uri] = markdown
        return PLACEHOLDER
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    held = _HELD.pop(page.file.src_uri, None)
    return held.strip() if held is not None else html


def on_env(env: Any, **kwargs: Any) -> Any:
    """Keep the theme's compiled templates from one build to the next (see
    ``compiled_templates``)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    return env
