"""Text that people typed or imported, made safe for the HTML it ends up in.

Three cases:

- ``theme_text``: plain text (a title, a name) handed to a theme that prints it without
  escaping (MkDocs and Material print page and nav titles, ``site_name`` and a page's
  description as they are). The characters that start markup are written as entities; an
  ampersand only where it would start one, so that "R&D" is shown as it is by templates
  that escape it once more.
- ``markdown_html``: Markdown from a third party (a speaker's abstract or biography),
  rendered here and cleaned with nh3 to what Markdown itself makes: no script, event
  handler, frame, style or ``javascript:`` link, whatever the text held.
- ``clean_html``: the same cleaning for HTML made elsewhere (a newsletter's body).
- ``inert``: plain text placed in a Markdown page: HTML-escaped, and the characters that
  make Markdown links, images and attribute lists (``[ ] { }``) written as entities, so a
  title "[x](javascript:…)" stays text. Entities read the same in Markdown and in HTML
  blocks, where a backslash would show.

``active_html`` finds what would run in a text, for `confsite check` to warn about in the
organiser's own pages.
"""

from __future__ import annotations

import re

import markdown
import markupsafe
import nh3

# What Markdown (with tables and fenced code) produces, and nothing that runs.
TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
SCHEMES = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")

_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_ACTIVE = re.compile(
    r"(?i)<\s*(script|iframe|object|embed|frame|base|form|meta|link|style)\b"
    r"|\son[a-z]+\s*=|(?:java|vb)script\s*:|data\s*:\s*text/html"
)


_MARKDOWN_SYNTAX = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})


def inert(value: object) -> object:
    """A template value for a Markdown page (Jinja's ``finalize``): plain text made inert
    (see the module docstring); markup (``Markup``) and other values as they are."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(str(markupsafe.escape(value)).translate(_MARKDOWN_SYNTAX))
    return value


def theme_text(text: str) -> str:
    """``text`` for a theme that prints it unescaped (see the module docstring)."""
    text = _ENTITY_START.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def clean_html(html: str) -> str:
    """``html`` with only the tags and attributes Markdown makes, and safe link targets."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def markdown_html(text: str) -> markupsafe.Markup:
    """Third-party Markdown as clean HTML, one block (``<div class="cs-prose">``) that a
    Markdown page takes as it is."""
    if not text.strip():
        return markupsafe.Markup("")
    rendered = markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return markupsafe.Markup(f'<div class="cs-prose">\n{clean_html(rendered)}\n</div>')


def active_html(text: str) -> list[str]:
    """The pieces of ``text`` that would run in a browser (a script, an event handler, a
    ``javascript:`` link, …), as found."""
    return [match.group(0).strip() for match in _ACTIVE.finditer(text)]
