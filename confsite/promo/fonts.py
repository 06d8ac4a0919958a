"""The font the promotion images are drawn with: the one branding names, or one found on
this machine that covers the conference's languages. Nothing is downloaded.

A font file that lacks a glyph draws an empty box for it; a font is accepted only if it
really draws every sample character of every language asked for.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

# Characters a font must draw for a language (a Chinese page also shows Latin names).
SAMPLES = {"zh": "中文会议演讲日程Aa1", "en": "Conference Aa1"}

# Font files, best first, by the name their packages install them under.
CANDIDATES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "msyh.ttc",
    "PingFang.ttc",
    "DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "Arial.ttf",
)

# What to install when nothing covers a language, said in the error.
PACKAGES = {
    "zh": "a CJK font: `apt install fonts-noto-cjk` (or fonts-wqy-microhei) on Debian and "
    "Ubuntu, `dnf install google-noto-sans-cjk-fonts` on Fedora",
    "en": "a sans-serif font: `apt install fonts-dejavu-core` on Debian and Ubuntu",
}


class FontMissing(Exception):
    """No usable font covers a language the images need."""


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0  # the face inside a .ttc collection

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, size)


@lru_cache(maxsize=512)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    # The basic layout (no complex-script shaping) is enough for Chinese and Latin text and
    # measures text several times faster than raqm.
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


def font_dirs() -> list[Path]:
    """Where fonts live on Linux, macOS and Windows."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts")
    return [d for d in dirs if d.is_dir()]


def covers(font: FontFile, languages: tuple[str, ...]) -> bool:
    """Whether ``font`` draws every sample character of ``languages`` (not a .notdef box)."""
    try:
        face = font.at(32)
    except OSError:
        return False
    missing = _pixels(face, "\U000f0000")  # a private-use character: never drawn
    for lang in languages:
        for char in SAMPLES.get(lang, SAMPLES["en"]).replace(" ", ""):
            pixels = _pixels(face, char)
            if not any(pixels[1]) or pixels == missing:
                return False
    return True


def _pixels(face: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = face.getmask(char)
    return mask.size, bytes(mask)


@lru_cache(maxsize=16)
def _family(name: str) -> FontFile | None:
    """The installed font whose family is ``name`` (case and spaces aside), its regular
    style when there are several."""
    wanted = name.casefold().replace(" ", "")
    found: list[tuple[int, str, int]] = []
    for folder in font_dirs():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".ttc", ".otf"):
                continue
            for index in range(4 if path.suffix.lower() == ".ttc" else 1):
                try:
                    family, style = ImageFont.truetype(str(path), 12, index=index).getname()
                except OSError:
                    break
                if (family or "").casefold().replace(" ", "") == wanted:
                    regular = (style or "").casefold() in ("regular", "book", "normal")
                    found.append((0 if regular else 1, str(path), index))
    if not found:
        return None
    _, path, index = min(found)
    return FontFile(path, index)


@lru_cache(maxsize=16)
def _installed() -> tuple[Path, ...]:
    found: dict[str, Path] = {}
    for folder in font_dirs():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf") and path.name not in found:
                found[path.name] = path
    return tuple(found[name] for name in CANDIDATES if name in found)


def find_font(
    languages: tuple[str, ...], configured: str | None = None, root: Path | None = None
) -> FontFile:
    """The configured font (a file, relative to ``root`` or absolute), else the first
    installed candidate that covers ``languages``."""
    if configured:
        path = Path(configured)
        if not path.is_absolute() and root is not None:
            path = root / path
        if path.is_file():
            font = FontFile(str(path))
        elif (family := _family(configured)) is not None:
            font = family
        else:
            raise FontMissing(
                f"conference.yaml: branding.font: {configured} is neither a font file nor "
                "the family of an installed font (expected the path of a .ttf, .otf or "
                ".ttc file, or a family name such as 'Noto Sans CJK SC')"
            )
        if not covers(font, languages):
            raise FontMissing(
                f"conference.yaml: branding.font: {configured} does not draw "
                f"{', '.join(languages)} text (expected a font that covers it)"
            )
        return font
    for path in _installed():
        font = FontFile(str(path))
        if covers(font, languages):
            return font
    needed = [lang for lang in languages if lang in PACKAGES] or ["en"]
    raise FontMissing(
        f"no font on this machine draws {', '.join(languages)} text for the promotion "
        f"images; install {'; '.join(PACKAGES[lang] for lang in needed)}, "
        "or name a font file in conference.yaml under branding.font"
    )
