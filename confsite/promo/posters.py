"""Printable posters, drawn with Pillow at 150 dpi and saved as PDF: an A4 agenda per day
(pages as needed, a QR code per session to its page) and an A3 event poster with QR codes
to the schedule, the tickets and the feedback form. QR codes are made by segno."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import segno
from PIL import Image, ImageDraw

from confsite.export.programme import DayEntry, SessionEntry
from confsite.i18n import clock, day_label
from confsite.model.common import localize
from confsite.promo.cards import INK, MUTED, WHITE, Canvas, DrawnText
from confsite.promo.context import Promo
from confsite.promo.layout import Box

DPI = 150
A4 = (1240, 1754)  # 210 × 297 mm at 150 dpi
A3 = (1754, 2480)  # 297 × 420 mm
MARGIN = 90
QR_SCALE = 3  # px per module: scans from paper and from the PDF alike
ROW = 118


@dataclass
class Poster:
    """The pages of one PDF, with every QR code drawn (its URL and where)."""

    pages: list[Image.Image] = field(default_factory=list)
    codes: list[tuple[int, str, Box]] = field(default_factory=list)  # (page, url, box)
    texts: list[tuple[int, DrawnText]] = field(default_factory=list)

    def pdf(self, title: str, stamp: datetime) -> bytes:
        out = io.BytesIO()
        first, *rest = self.pages
        moment = stamp.utctimetuple()
        first.save(
            out,
            "PDF",
            save_all=True,
            append_images=rest,
            resolution=DPI,
            title=title,
            creationDate=moment,
            modDate=moment,
            quality=92,
        )
        return out.getvalue()


@lru_cache(maxsize=20_000)
def _code(url: str) -> segno.QRCode:
    """Encoding (most of it choosing the mask) is the slow part: once per URL."""
    return segno.make(url, error="m", boost_error=False)


def qr_image(url: str, scale: int = QR_SCALE) -> Image.Image:
    """The QR code of ``url``, ``scale`` pixels per module, with a two-module quiet zone:
    drawn from segno's matrix (writing and reading back a PNG costs ten times more)."""
    border = 2
    matrix = _code(url).matrix
    side = len(matrix) + 2 * border
    pixels = bytearray(b"\xff" * side * side)
    for row, modules in enumerate(matrix):
        start = (row + border) * side + border
        pixels[start : start + len(modules)] = bytes(0 if dark else 255 for dark in modules)
    image = Image.frombytes("L", (side, side), bytes(pixels))
    return image.resize((side * scale, side * scale), Image.Resampling.NEAREST).convert("RGB")


@lru_cache(maxsize=20_000)
def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as SVG, for organisers' own print work."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=4, border=2)
    return out.getvalue()


class Sheet(Canvas):
    """A poster page: a card canvas of paper size."""

    def __init__(self, promo: Promo, size: tuple[int, int]) -> None:
        self.promo = promo
        self.width, self.height = size
        self.square = False
        self.image = Image.new("RGB", size, WHITE)
        self.pen = ImageDraw.Draw(self.image)
        self.texts = []

    def qr(self, url: str, left: int, top: int, scale: int = QR_SCALE) -> Box:
        image = qr_image(url, scale)
        self.image.paste(image, (left, top))
        return Box(left, top, image.width, image.height)


def day_agenda(promo: Promo, day: DayEntry, sessions: list[SessionEntry]) -> Poster:
    """The A4 agenda of one day: time, room, title, people and a QR code per session."""
    poster = Poster()
    per_page = (A4[1] - 2 * MARGIN - 150 - 160) // ROW
    chunks = [sessions[i : i + per_page] for i in range(0, len(sessions), per_page)] or [[]]
    schedule = promo.url("schedule/")
    for number, chunk in enumerate(chunks, start=1):
        sheet = Sheet(promo, A4)
        page = len(poster.pages)
        width = A4[0] - 2 * MARGIN
        sheet.rect(Box(0, 0, A4[0], 24), promo.primary)
        sheet.text(
            "title",
            promo.name,
            Box(MARGIN, MARGIN - 30, width, 80),
            size=52,
            bold=True,
            max_lines=1,
        )
        heading = day_label(day.date, promo.lang)
        if len(chunks) > 1:
            heading += f" · {number}/{len(chunks)}"
        sheet.text(
            "day",
            f"{heading} · {promo.venue}",
            Box(MARGIN, MARGIN + 60, width, 56),
            size=34,
            fill=MUTED,
            max_lines=1,
        )
        top = MARGIN + 150
        for session in chunk:
            _row(sheet, poster, page, promo, session, Box(MARGIN, top, width, ROW - 12))
            top += ROW
        image = qr_image(schedule)
        code = Box(
            A4[0] - MARGIN - image.width, A4[1] - MARGIN - image.height, image.width, image.height
        )
        sheet.image.paste(image, (code.x, code.y))
        poster.codes.append((page, schedule, code))
        sheet.text(
            "footer",
            promo.texts.promo_scan_schedule + "\n" + (promo.host or ""),
            Box(MARGIN, code.y, code.x - 24 - MARGIN, code.height),
            size=30,
            fill=MUTED,
            align="right",
            valign="middle",
        )
        poster.pages.append(sheet.image)
        poster.texts += [(page, text) for text in sheet.texts]
    return poster


def _row(
    sheet: Sheet, poster: Poster, page: int, promo: Promo, session: SessionEntry, box: Box
) -> None:
    colour = session.track.colour if session.track else promo.primary
    sheet.rect(Box(box.x, box.y, 10, box.height), colour)
    place = session.place
    assert place is not None
    times = f"{clock(place.starts.time(), promo.lang)}\n{clock(place.ends.time(), promo.lang)}"
    sheet.text(
        "time", times, Box(box.x + 24, box.y, 120, box.height), size=30, bold=True, valign="middle"
    )
    sheet.text(
        "room",
        place.room.name,
        Box(box.x + 150, box.y, 210, box.height),
        size=26,
        fill=MUTED,
        max_lines=2,
        valign="middle",
    )
    url = session.url or promo.url(session.page)
    code = qr_image(url)
    left = box.right - code.width
    sheet.image.paste(code, (left, box.y + (box.height - code.height) // 2))
    poster.codes.append(
        (page, url, Box(left, box.y + (box.height - code.height) // 2, code.width, code.height))
    )
    text_box = Box(box.x + 380, box.y, left - 20 - (box.x + 380), box.height)
    people = (", " if promo.lang != "zh" else "、").join(p.name for p in session.people)
    sheet.text(
        "session",
        session.title,
        Box(text_box.x, text_box.y + 4, text_box.width, (text_box.height * 2) // 3 - 4),
        size=30,
        bold=True,
        max_lines=2,
        valign="bottom",
    )
    sheet.text(
        "people",
        people,
        Box(
            text_box.x,
            text_box.y + (text_box.height * 2) // 3 + 4,
            text_box.width,
            text_box.height // 3 - 4,
        ),
        size=24,
        fill=MUTED,
        max_lines=1,
    )


def event_poster(promo: Promo, keynotes: list[SessionEntry]) -> Poster:
    """The A3 poster: name, tagline, dates and place, keynote speakers, three QR codes."""
    poster = Poster()
    sheet = Sheet(promo, A3)
    width = A3[0] - 2 * MARGIN
    conf = promo.content.conference
    sheet.rect(Box(0, 0, A3[0], 760), promo.primary)
    top = MARGIN
    if sheet.picture(conf.branding.logo, Box(MARGIN, top, 400, 140), center=False):
        top += 170
    sheet.text(
        "title",
        promo.name,
        Box(MARGIN, top, width, 760 - top - 60),
        size=150,
        fill=WHITE,
        bold=True,
        max_lines=3,
        valign="middle",
    )
    sheet.text(
        "tagline",
        localize(conf.tagline, promo.lang),
        Box(MARGIN, 800, width, 180),
        size=56,
        fill=INK,
        max_lines=3,
    )
    sheet.text(
        "when",
        f"{promo.dates}\n{promo.city} · {promo.venue}".strip(),
        Box(MARGIN, 1000, width, 180),
        size=60,
        bold=True,
        max_lines=2,
    )
    people = [p for s in keynotes for p in s.speakers][:4]
    if people:
        sheet.text(
            "keynotes",
            promo.texts.keynote_speakers,
            Box(MARGIN, 1230, width, 70),
            size=44,
            fill=MUTED,
            max_lines=1,
        )
        slot = width // len(people)
        for index, person in enumerate(people):
            left = MARGIN + index * slot
            photo = Box(left + (slot - 260) // 2, 1320, 260, 260)
            speaker = promo.speakers.get(person.id)
            if not sheet.picture(speaker.photo if speaker else None, photo, round_=True):
                sheet.initials(person.name, photo, promo.primary)
            sheet.text(
                "name",
                person.name,
                Box(left + 10, 1600, slot - 20, 70),
                size=44,
                bold=True,
                max_lines=1,
                align="center",
            )
            sheet.text(
                "affiliation",
                person.affiliation,
                Box(left + 10, 1675, slot - 20, 110),
                size=30,
                fill=MUTED,
                max_lines=3,
                align="center",
            )
    tickets = conf.tickets.registration_url or conf.tickets.url
    codes = [(promo.texts.promo_scan_schedule, promo.url("schedule/"))]
    if tickets:
        codes.append((promo.texts.promo_scan_tickets, tickets))
    if conf.after.feedback_url:
        codes.append((promo.texts.promo_scan_feedback, conf.after.feedback_url))
    slot = width // len(codes)
    images = [qr_image(url, 8) for _, url in codes]
    tallest = max(image.height for image in images)
    for index, ((label, url), image) in enumerate(zip(codes, images, strict=True)):
        left = MARGIN + index * slot + (slot - image.width) // 2
        top = 1860 + (tallest - image.height) // 2
        sheet.image.paste(image, (left, top))
        poster.codes.append((0, url, Box(left, top, image.width, image.height)))
        sheet.text(
            "qr",
            label,
            Box(MARGIN + index * slot, 1860 + tallest + 16, slot, 110),
            size=40,
            max_lines=2,
            align="center",
        )
    poster.pages.append(sheet.image)
    poster.texts += [(0, text) for text in sheet.texts]
    return poster
