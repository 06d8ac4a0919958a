"""Social cards drawn with Pillow: 1200×630 for Open Graph, X and LinkedIn, 1080×1080 for
WeChat and square feeds; one of each for the conference, every session and every speaker.

Every text is fitted into its box (wrapped, then shrunk; never cut), and each card keeps
the boxes and the ink's bounding boxes, so tests can check nothing was drawn outside.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from confsite.export.programme import PersonEntry, SessionEntry, SpeakerEntry
from confsite.model.common import localize
from confsite.promo.context import Promo
from confsite.promo.layout import Box, draw, fit

SIZES = {"og": (1200, 630), "square": (1080, 1080)}
INK = "#1f2328"
MUTED = "#57606a"
PAPER = "#ffffff"
WHITE = "#ffffff"


@dataclass(frozen=True)
class DrawnText:
    role: str
    text: str
    box: Box
    ink: tuple[int, int, int, int] | None  # None for empty text


@dataclass(frozen=True)
class Card:
    image: Image.Image
    texts: tuple[DrawnText, ...]

    def jpeg(self) -> bytes:
        """JPEG at high quality without chroma subsampling (sharp coloured text): five
        times faster to write than PNG, and what link previews expect."""
        out = io.BytesIO()
        self.image.save(out, "JPEG", quality=85, subsampling=0, optimize=True)
        return out.getvalue()


def card_path(subject: str, ident: str, size: str) -> str:
    """Where a card lives in the site: ``promo/cards/sessions/<id>-og.png``."""
    folder = {"conference": "", "session": "sessions/", "speaker": "speakers/"}[subject]
    return f"promo/cards/{folder}{ident}-{size}.jpg"


class Canvas:
    """One card being drawn: the image, its pen and the texts drawn so far."""

    def __init__(self, promo: Promo, size: str, background: str = PAPER) -> None:
        self.promo = promo
        self.width, self.height = SIZES[size]
        self.square = size == "square"
        self.image = Image.new("RGB", (self.width, self.height), background)
        self.pen = ImageDraw.Draw(self.image)
        self.texts: list[DrawnText] = []

    def text(
        self,
        role: str,
        text: str,
        box: Box,
        *,
        size: int,
        fill: str = INK,
        bold: bool = False,
        max_lines: int | None = None,
        align: str = "left",
        valign: str = "top",
    ) -> None:
        fitted = fit(text, self.promo.font, box, size=size, max_lines=max_lines, bold=bold)
        ink = draw(self.pen, fitted, self.promo.font, box, fill=fill, align=align, valign=valign)
        self.texts.append(DrawnText(role, text, box, ink))

    def rect(self, box: Box, fill: str) -> None:
        self.pen.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=fill)

    def picture(
        self, path: str | None, box: Box, *, round_: bool = False, center: bool = True
    ) -> bool:
        """An image from the content folder scaled into ``box``; False when there is none."""
        if not path:
            return False
        image = _picture(str(self.promo.root / path), box.width, box.height, round_)
        if image is None:
            return False
        left = box.x + (box.width - image.width) // 2 if center else box.x
        top = box.y + (box.height - image.height) // 2
        self.image.paste(image, (left, top), image)
        return True

    def initials(self, name: str, box: Box, colour: str) -> None:
        """A coloured disc with the person's initial, where there is no photo."""
        self.pen.ellipse((box.x, box.y, box.right - 1, box.bottom - 1), fill=colour)
        self.text(
            "initial",
            name[:1].upper(),
            _inset(box, box.width // 5),
            size=box.height // 2,
            fill=WHITE,
            align="center",
            valign="middle",
        )

    def card(self) -> Card:
        return Card(self.image, tuple(self.texts))


@lru_cache(maxsize=256)
def _picture(path: str, width: int, height: int, round_: bool) -> Image.Image | None:
    file = Path(path)
    if not file.is_file():
        return None
    try:
        with Image.open(file) as source:
            image = source.convert("RGBA")
    except OSError:
        return None
    if round_:
        side = min(image.width, image.height)
        left, top = (image.width - side) // 2, (image.height - side) // 2
        image = image.crop((left, top, left + side, top + side)).resize(
            (width, width), Image.Resampling.LANCZOS
        )
        mask = Image.new("L", (width * 4, width * 4), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, width * 4 - 1, width * 4 - 1), fill=255)
        alpha = Image.composite(
            image.getchannel("A"),
            Image.new("L", image.size, 0),
            mask.resize(image.size, Image.Resampling.LANCZOS),
        )
        image.putalpha(alpha)
        return image
    image.thumbnail((width, height), Image.Resampling.LANCZOS)
    return image


def _inset(box: Box, by: int) -> Box:
    return Box(box.x + by, box.y + by, max(1, box.width - 2 * by), max(1, box.height - 2 * by))


def _header(canvas: Canvas, margin: int) -> int:
    """Logo, short name and dates across the top; returns the y below it."""
    promo = canvas.promo
    height = 64 if canvas.square else 56
    logo = Box(margin, margin, height * 3, height)
    has_logo = canvas.picture(promo.content.conference.branding.logo, logo, center=False)
    left = logo.right + 24 if has_logo else margin
    canvas.text(
        "header",
        f"{promo.short_name} · {promo.dates}" + (f" · {promo.city}" if promo.city else ""),
        Box(left, margin, canvas.width - margin - left, height),
        size=28 if canvas.square else 26,
        fill=MUTED,
        max_lines=1,
        align="right" if has_logo else "left",
        valign="middle",
    )
    return margin + height


def _footer(canvas: Canvas, text: str, colour: str) -> Box:
    """The coloured band at the bottom with ``text`` and the site's address."""
    promo = canvas.promo
    height = 120 if canvas.square else 84
    band = Box(0, canvas.height - height, canvas.width, height)
    canvas.rect(band, colour)
    margin = 56
    host = promo.host
    host_width = 300 if host else 0
    canvas.text(
        "footer",
        text,
        Box(margin, band.y + 12, canvas.width - 2 * margin - host_width, height - 24),
        size=34 if canvas.square else 30,
        fill=WHITE,
        bold=True,
        max_lines=1,
        valign="middle",
    )
    if host:
        canvas.text(
            "site",
            host,
            Box(canvas.width - margin - host_width + 16, band.y + 12, host_width - 16, height - 24),
            size=24,
            fill=WHITE,
            max_lines=1,
            align="right",
            valign="middle",
        )
    return band


def conference_card(promo: Promo, size: str) -> Card:
    canvas = Canvas(promo, size)
    margin = 56
    conf = promo.content.conference
    canvas.rect(Box(0, 0, 16, canvas.height), promo.primary)
    top = margin
    logo = Box(margin, top, canvas.width - 2 * margin, 120 if canvas.square else 90)
    if canvas.picture(conf.branding.logo, logo, center=False):
        top = logo.bottom + 24
    band = _footer(
        canvas, f"{promo.dates} · {promo.city or ''} {promo.venue}".strip(), promo.primary
    )
    title_height = 360 if canvas.square else 200
    canvas.text(
        "title",
        promo.name,
        Box(margin, top, canvas.width - 2 * margin, title_height),
        size=96 if canvas.square else 72,
        bold=True,
        max_lines=3,
        valign="middle",
    )
    tagline = Box(
        margin,
        top + title_height + 16,
        canvas.width - 2 * margin,
        band.y - 24 - (top + title_height + 16),
    )
    figures = _figures(promo)
    canvas.text(
        "tagline",
        "\n".join(part for part in (_tagline(promo), figures) if part),
        tagline,
        size=40 if canvas.square else 32,
        fill=MUTED,
    )
    return canvas.card()


def _tagline(promo: Promo) -> str:
    return localize(promo.content.conference.tagline, promo.lang)


def _figures(promo: Promo) -> str:
    t = promo.texts
    scheduled = [s for s in promo.programme.sessions if not s.cancelled and s.kind != "break"]
    speakers = [s for s in promo.programme.speakers if s.sessions]
    if not scheduled:
        return ""
    gap = "" if promo.lang == "zh" else " "
    return " · ".join(
        (
            f"{len(scheduled)}{gap}{t.sessions_count}",
            f"{len(speakers)}{gap}{t.speakers_count}",
            f"{len(promo.programme.tracks)}{gap}{t.tracks_count}",
        )
    )


def _label(promo: Promo, session: SessionEntry) -> str:
    t = promo.texts
    kind = t[f"kind_{session.kind}"] if f"kind_{session.kind}" in t.as_dict() else session.kind
    return f"{kind} · {session.track.name}" if session.track else kind


def session_card(promo: Promo, session: SessionEntry, size: str) -> Card:
    canvas = Canvas(promo, size)
    colour = session.track.colour if session.track else promo.primary
    margin = 56
    canvas.rect(Box(0, 0, 16, canvas.height), colour)
    top = _header(canvas, margin) + (40 if canvas.square else 24)
    width = canvas.width - 2 * margin
    canvas.text(
        "label",
        _label(promo, session),
        Box(margin, top, width, 48),
        size=30,
        fill=colour,
        bold=True,
        max_lines=1,
    )
    top += 64
    when = promo.when(session.place) or promo.dates
    if session.cancelled:
        when = f"{promo.texts.cancelled} · {when}"
    band = _footer(canvas, when, colour)
    people = session.people
    row = 110 if canvas.square else 96
    rows = min(len(people), 3 if canvas.square else 1)
    people_height = rows * row if canvas.square else (row if people else 0)
    title_bottom = band.y - 32 - people_height - (24 if people else 0)
    canvas.text(
        "title",
        session.title,
        Box(margin, top, width, title_bottom - top),
        size=84 if canvas.square else 60,
        bold=True,
        max_lines=4 if canvas.square else 3,
        valign="middle",
    )
    if not people:
        return canvas.card()
    y = band.y - 32 - people_height
    if canvas.square:
        shown = people[:3] if len(people) <= 3 else people[:2]
        for person in shown:
            _person(canvas, promo, person, Box(margin, y, width, row - 14), colour)
            y += row
        if len(people) > 3:
            names = (
                "、".join(p.name for p in people[2:])
                if promo.lang == "zh"
                else ", ".join(p.name for p in people[2:])
            )
            canvas.text(
                "people",
                names,
                Box(margin, y, width, row - 14),
                size=30,
                fill=MUTED,
                valign="middle",
            )
    else:
        count = min(len(people), 3)
        slot = width // count
        for index, person in enumerate(people[:count]):
            _person(canvas, promo, person, Box(margin + index * slot, y, slot - 16, row), colour)
        if len(people) > count:
            # The rest by name, under the row (a round table of six stays readable).
            canvas.text(
                "people",
                "+ " + ", ".join(p.name for p in people[count:]),
                Box(margin, y + row + 2, width, 28),
                size=20,
                fill=MUTED,
                max_lines=1,
            )
    return canvas.card()


def _person(canvas: Canvas, promo: Promo, person: PersonEntry, box: Box, colour: str) -> None:
    photo = Box(box.x, box.y, box.height, box.height)
    speaker = promo.speakers.get(person.id)
    if not canvas.picture(speaker.photo if speaker else None, photo, round_=True):
        canvas.initials(person.name, photo, colour)
    left = photo.right + 16
    width = box.right - left
    half = box.height // 2
    canvas.text(
        "name",
        person.name,
        Box(left, box.y + 4, width, half),
        size=30,
        bold=True,
        max_lines=1,
        valign="bottom",
    )
    canvas.text(
        "affiliation",
        person.affiliation,
        Box(left, box.y + half + 4, width, half - 8),
        size=22,
        fill=MUTED,
        max_lines=2,
    )


def speaker_card(promo: Promo, speaker: SpeakerEntry, size: str) -> Card:
    canvas = Canvas(promo, size)
    margin = 56
    sessions = [promo.sessions[i] for i in speaker.sessions if i in promo.sessions]
    first = sessions[0] if sessions else None
    colour = first.track.colour if first and first.track else promo.primary
    canvas.rect(Box(0, 0, 16, canvas.height), colour)
    top = _header(canvas, margin) + 24
    band = _footer(canvas, promo.when(first.place) if first else promo.dates, colour)
    width = canvas.width - 2 * margin
    if canvas.square:
        photo = Box((canvas.width - 280) // 2, top + 8, 280, 280)
        text_left, text_top = margin, photo.bottom + 24
        text_width = width
        align = "center"
    else:
        photo = Box(margin, top + 24, 300, 300)
        text_left, text_top = photo.right + 48, top
        text_width = canvas.width - margin - text_left
        align = "left"
    if not canvas.picture(speaker.photo, photo, round_=True):
        canvas.initials(speaker.name, photo, colour)
    t = promo.texts
    lines = [
        ("speaking", t.promo_speaking_at.format(conference=promo.short_name), 34, colour, True, 2),
        ("name", speaker.name, 56, INK, True, 1),
        (
            "affiliation",
            " · ".join(p for p in (speaker.title, speaker.affiliation) if p),
            28,
            MUTED,
            False,
            2,
        ),
    ]
    heights = [56, 76, 76] if canvas.square else [96, 80, 80]
    y = text_top
    for (role, text, size_, fill, bold, max_lines), height in zip(lines, heights, strict=True):
        canvas.text(
            role,
            text,
            Box(text_left, y, text_width, height),
            size=size_,
            fill=fill,
            bold=bold,
            max_lines=max_lines,
            align=align,
        )
        y += height + 8
    titles = "\n".join(s.title for s in sessions[:2])
    if len(sessions) > 2:
        titles += "\n" + t.promo_more.format(count=len(sessions) - 2)
    canvas.text(
        "sessions",
        titles,
        Box(text_left, y, text_width, band.y - 24 - y),
        size=40 if canvas.square else 36,
        bold=True,
        align=align,
    )
    return canvas.card()
