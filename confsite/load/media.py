"""Media files named in content (photos, logos, favicons, QR codes), judged by what they hold.

Every media file is copied into the public site, so a media field must name an image: a
file that Pillow recognises, from its bytes and not its name, as a format browsers show,
or an SVG that parses as SVG and holds no script, no event handler and no reference to
another file or site. A content file (``budget.yaml``, a speaker's file, a page) is never
media, whatever it holds.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

# Raster formats (Pillow's names) that browsers show.
WEB_IMAGE_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "WEBP", "AVIF", "ICO", "BMP")
# An SVG is read whole to be checked: no logo needs more.
MAX_SVG_BYTES = 2 * 1024 * 1024
CONTENT_SUFFIXES = (".yaml", ".yml", ".md")

EXPECTED = "an image (PNG, JPEG, GIF, WebP, AVIF, ICO, BMP, or SVG without scripts)"
_SVG = "{http://www.w3.org/2000/svg}"
_XHTML = "{http://www.w3.org/1999/xhtml}"
# Elements that run code or embed another document.
_ACTIVE_ELEMENTS = frozenset({"script", "foreignObject", "handler", "listener", "iframe"})
# DTDs (entities can pull in other files), style sheets linked from outside.
_OUTSIDE_MARKUP = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)
_ACTIVE_URL = re.compile(r"(?i)(?:java|vb)script\s*:")
_CSS_URL = re.compile(r"(?i)url\(\s*['\"]?\s*([^'\")\s]*)")
_EMBEDDED_IMAGE = re.compile(r"(?i)^data:image/(?:png|jpeg|gif|webp);base64,")

Problem = tuple[str, str]  # what is wrong, what was expected


def media_problem(target: Path) -> Problem | None:
    """What is wrong with ``target`` (an existing file) as a media file, or None."""
    if target.suffix.lower() in CONTENT_SUFFIXES:
        return "is a content file, not an image (it would be published)", EXPECTED
    try:
        if _raster_format(target) is not None:
            return None
        return _svg_problem(target)
    except OSError as err:
        return f"cannot be read: {err.strerror}", EXPECTED


def _raster_format(target: Path) -> str | None:
    """The web image format of ``target``, or None when it is none of them."""
    Image.init()
    formats = [name for name in WEB_IMAGE_FORMATS if name in Image.OPEN]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(target, formats=formats) as image:
                return image.format
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _svg_problem(target: Path) -> Problem | None:
    with target.open("rb") as handle:
        data = handle.read(MAX_SVG_BYTES + 1)
    if b"<svg" not in data[:4096] and b":svg" not in data[:4096]:
        return "is not an image", EXPECTED
    if len(data) > MAX_SVG_BYTES:
        return "is an SVG too large to check", f"at most {MAX_SVG_BYTES // 1024 // 1024} MB"
    if _OUTSIDE_MARKUP.search(data):
        return "is an SVG with a DTD or a linked style sheet", EXPECTED
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        return f"is not a well-formed SVG (line {err.position[0]})", EXPECTED
    if root.tag != f"{_SVG}svg":
        return "is XML but not an SVG", EXPECTED
    for element in root.iter():
        why = _unsafe(element)
        if why:
            return f"is an SVG with {why}", EXPECTED
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _unsafe(element: ET.Element) -> str:
    """Why ``element`` could run code or fetch something when the SVG is opened ('' if not)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if _local(tag) in _ACTIVE_ELEMENTS or tag.startswith(_XHTML):
        return f"a <{_local(tag)}> element"
    if _local(tag) == "style" and _loads_from_outside(element.text or ""):
        return "a style sheet that loads another file"
    for name, value in element.attrib.items():
        attribute = _local(name).lower()
        if attribute.startswith("on"):
            return f"an event handler ({_local(name)})"
        if _ACTIVE_URL.search(value):
            return f"a script address in {_local(name)}"
        if attribute == "href" and not _inside(value.strip()):
            return f"a reference to another file or site ({value[:60]!r})"
        if _loads_from_outside(value):
            return f"a reference to another file or site in {_local(name)}"
        if attribute == "attributename" and value.strip().lower().endswith("href"):
            return "an animation that changes a link"
    return ""


def _inside(address: str) -> bool:
    """True for a reference to a part of the SVG itself, or an image embedded in it."""
    return address.startswith("#") or bool(_EMBEDDED_IMAGE.match(address))


def _loads_from_outside(css: str) -> bool:
    """True when CSS text (a style sheet, a style or a fill) imports or links a file."""
    return "@import" in css.lower() or not all(_inside(url) for url in _CSS_URL.findall(css))
