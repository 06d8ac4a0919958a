"""Text that fits its box: wrapped at words (per character in CJK), and shrunk until every
line fits the width and all lines fit the height. Text is never cut.

Drawing returns the bounding box of what was really drawn, so a test can check that no
text leaves its box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageDraw

from confsite.promo.fonts import FontFile

# A CJK character (ideographs, kana, hangul, full-width forms) is a line-break point.
_CJK = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# One unit of wrapping: a CJK character, or a run of other non-space characters, with the
# spaces after it; closing punctuation stays with what it closes.
_TOKEN = re.compile(
    rf"[（《「『【(\[]*(?:[{_CJK}]|[^\s{_CJK}]+)[，。、；：！？）》」』】,.;:!?)\]]*\s*"
)
SMALLEST = 8  # px: below this, text would not be read; fitting still goes on if it must


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def contains(self, bbox: tuple[int, int, int, int]) -> bool:
        left, top, right, bottom = bbox
        return left >= self.x and top >= self.y and right <= self.right and bottom <= self.bottom


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int
    line_height: int
    bold: bool


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(" ".join(text.split()))


@lru_cache(maxsize=200_000)
def _length(font: FontFile, size: int, text: str) -> float:
    return font.at(size).getlength(text)


def _split_long(font: FontFile, size: int, token: str, width: int) -> list[str]:
    """A word wider than the line, cut into pieces that fit (a URL, a long name)."""
    pieces, piece = [], ""
    for char in token:
        if piece and _length(font, size, piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font: FontFile, size: int, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width`` at ``size`` (one line per paragraph at
    least)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in tokens(paragraph):
            if _length(font, size, (line + token).rstrip()) <= width:
                line += token
                continue
            if line:
                lines.append(line.rstrip())
                line = ""
            if _length(font, size, token.rstrip()) <= width:
                line = token
            else:
                *whole, line = _split_long(font, size, token.rstrip(), width) or [""]
                lines += whole
        lines.append(line.rstrip())
    return lines


def fit(
    text: str,
    font: FontFile,
    box: Box,
    *,
    size: int,
    max_lines: int | None = None,
    spacing: float = 1.25,
    bold: bool = False,
) -> Fitted:
    """The largest size up to ``size`` at which ``text`` wraps into ``box`` (and into at
    most ``max_lines`` lines while that is possible at a readable size)."""
    current = size
    while True:
        line_height = max(1, round(current * spacing))
        stroke = _stroke(current) if bold else 0
        lines = wrap(text, font, current, box.width - 2 * stroke)
        fits_lines = max_lines is None or len(lines) <= max_lines or current <= SMALLEST
        if (
            fits_lines
            and _height(font, len(lines), current, line_height, stroke) <= box.height
            and all(_ink_width(font, current, line, stroke) <= box.width for line in lines)
        ):
            return Fitted(tuple(lines), current, line_height, bold)
        if current <= 1:
            return Fitted(tuple(lines), current, line_height, bold)
        current = max(1, min(current - 1, int(current * 0.93)))


def _ink_width(font: FontFile, size: int, line: str, stroke: int) -> int:
    if not line:
        return 0
    left, _, right, _ = font.at(size).getbbox(line, stroke_width=stroke)
    return right - left


def _height(font: FontFile, count: int, size: int, line_height: int, stroke: int) -> int:
    # The last line needs the font's full height, descenders and stroke included.
    ascent, descent = font.at(size).getmetrics()
    return (count - 1) * line_height + ascent + descent + 2 * stroke


def _stroke(size: int) -> int:
    """A faux-bold stroke for fonts without a bold face, in proportion to the size."""
    return max(1, size // 28)


def draw(
    canvas: ImageDraw.ImageDraw,
    fitted: Fitted,
    font: FontFile,
    box: Box,
    *,
    fill: str,
    align: str = "left",
    valign: str = "top",
) -> tuple[int, int, int, int] | None:
    """Draw fitted text in ``box``; returns the bounding box of the ink (None if empty)."""
    face = font.at(fitted.size)
    stroke = _stroke(fitted.size) if fitted.bold else 0
    total = _height(font, len(fitted.lines), fitted.size, fitted.line_height, stroke)
    top = box.y
    if valign == "middle":
        top += (box.height - total) // 2
    elif valign == "bottom":
        top += box.height - total
    ink: tuple[int, int, int, int] | None = None
    for index, line in enumerate(fitted.lines):
        if not line:
            continue
        # Placed by its ink, not its advance: a glyph may reach left of its origin.
        left_ink, _, right_ink, _ = face.getbbox(line, stroke_width=stroke)
        width = right_ink - left_ink
        left = box.x - left_ink
        if align == "center":
            left += (box.width - width) // 2
        elif align == "right":
            left += box.width - width
        origin = (left, top + stroke + index * fitted.line_height)
        canvas.text(origin, line, font=face, fill=fill, stroke_width=stroke, stroke_fill=fill)
        bbox = canvas.textbbox(origin, line, font=face, stroke_width=stroke)
        ink = bbox if ink is None else _union(ink, bbox)
    return ink


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
