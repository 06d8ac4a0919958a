"""Make speaker-provided text safe to publish: no script, event handler or javascript: URL.

Two kinds of text come from an import:

- plain text (titles, names): every tag is removed and entities are decoded, repeatedly,
  until nothing changes, so that ``&lt;script&gt;`` cannot turn back into a tag; the site's
  templates escape plain text when they render it;
- rich text (abstracts, descriptions, bios, which the site renders as markdown): nh3 keeps
  harmless HTML and removes scripts, event handler attributes and unsafe URLs; markdown
  links cannot carry a ``javascript:`` URL either, because the scheme is removed from the
  text itself.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import nh3

# A scheme that runs code when a link is followed, written with any spacing or case
# (browsers ignore whitespace and control characters inside a scheme).
_ACTIVE_SCHEME = re.compile(
    r"(?i)(?:j[\s\x00-\x1f]*a[\s\x00-\x1f]*v[\s\x00-\x1f]*a|v[\s\x00-\x1f]*b)[\s\x00-\x1f]*"
    r"s[\s\x00-\x1f]*c[\s\x00-\x1f]*r[\s\x00-\x1f]*i[\s\x00-\x1f]*p[\s\x00-\x1f]*t"
    r"[\s\x00-\x1f]*:"
)
_HANDLER = re.compile(r"(?i)\bon[a-z]+\s*=")
_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def plain(text: str | None) -> str:
    """Text without any markup: tags removed, entities decoded, whitespace collapsed."""
    value = text or ""
    # Until nothing changes, however many times the text was escaped: a fixed number of
    # rounds let text escaped once more than that come out as a live tag. Every round that
    # changes the text shortens it (a tag removed, an entity decoded), so this ends.
    while True:
        cleaned = html.unescape(nh3.clean(value, tags=set(), attributes={}))
        if cleaned == value:
            break
        value = cleaned
    value = _ACTIVE_SCHEME.sub("", value)
    return " ".join(value.split())


def rich(text: str | None) -> str:
    """HTML or markdown with only harmless markup left; surrounding whitespace removed."""
    value = nh3.clean(text or "", link_rel="noopener noreferrer nofollow")
    value = _ACTIVE_SCHEME.sub("", value)
    # Text outside a tag that only looks like a handler is harmless, but a later edit
    # could put it inside one: neutralise it too.
    value = _HANDLER.sub(lambda m: m[0].replace("=", "&#61;"), value)
    return value.strip()


def url(value: str | None) -> str | None:
    """A link target the site may publish (https, http or mailto with a host), else None."""
    target = (value or "").strip()
    if not target.lower().startswith(_SAFE_SCHEMES):
        return None
    target = target.replace(" ", "%20")
    if re.search(r"[\s<>\"\\]", target) or _ACTIVE_SCHEME.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme.lower() == "mailto":
        return target if "@" in parts.path else None
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return None
    return target


def repair_url(value: str | None, base: str | None = None) -> tuple[str | None, bool]:
    """``url`` of ``value``, else of a repaired form: a path resolved against ``base``, or a
    bare host name (``example.org/x``) given https. Returns (address, repaired)."""
    target = (value or "").strip()
    direct = url(target)
    if direct or not target or is_active_url(target):
        return direct, False
    if target.startswith("/") and not target.startswith("//") and base and url(base):
        return url(urljoin(base, target)), True
    if re.match(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", target, re.IGNORECASE):
        return url("https://" + target), True
    return None, False


def is_active_url(value: str | None) -> bool:
    """True when a link target would run code (javascript:, vbscript:)."""
    return bool(_ACTIVE_SCHEME.match((value or "").strip()))
