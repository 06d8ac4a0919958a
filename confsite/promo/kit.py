"""The promotion kit of one site language: every file under ``promo/`` and the zip of them.

Cards are the slow part (Pillow draws and encodes each one), so each is kept in a cache
by everything it is drawn from: in memory within a process, and on disk
(``~/.cache/confsite/cards``) across builds. A changed session redraws its own cards only.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from confsite.export.ical import calendar_bytes
from confsite.export.programme import Programme
from confsite.i18n import Texts, place_label
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan.changes import Changes
from confsite.promo import campaign as campaigns
from confsite.promo import cards, layout, letters, posters
from confsite.promo.context import Promo
from confsite.promo.fonts import find_font
from confsite.promo.posts import ANNOUNCEMENTS, Post, PostWriter, channel_posts, page_of
from confsite.promo.templating import environments, render

# Cards drawn by other code are other cards: the drawing modules' source is in every key.
CACHE_VERSION = hashlib.sha256(
    b"".join(
        Path(module.__file__).read_bytes()  # type: ignore[arg-type]
        for module in (cards, layout, posters)
    )
).hexdigest()[:12]
Progress = Callable[[str], None]


@dataclass
class Kit:
    lang: str
    files: dict[str, bytes] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    rows: list[campaigns.Row] = field(default_factory=list)
    cards_drawn: int = 0  # cards drawn now (the others came from the cache)
    cards_total: int = 0
    # The texts of each card drawn now, with their boxes and ink (for checks).
    drawn: dict[str, tuple[cards.DrawnText, ...]] = field(default_factory=dict)
    seconds: float = 0.0

    stamp: datetime | None = None

    @property
    def zip_path(self) -> str:
        return f"promo/promo-kit-{self.lang}.zip"

    def write_zip(self, target: Path) -> None:
        """Every file of the kit in one zip at ``target``, written as it goes (a large
        conference's kit is hundreds of megabytes: it is not held twice in memory)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            _zip(self.files, self.stamp or datetime(1980, 1, 1), stream)

    def zip_bytes(self) -> bytes:
        out = io.BytesIO()
        _zip(self.files, self.stamp or datetime(1980, 1, 1), out)
        return out.getvalue()


class CardCache:
    """Card images by the hash of everything they are drawn from: in memory for this
    process, and in ``folder`` (None: memory only) across runs. Keys are content hashes,
    so one folder serves every project on the machine."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def get(self, key: str, suffix: str = ".jpg") -> bytes | None:
        data = self.memory.get(key)
        if data is None and self.folder is not None:
            path = self.folder / key[:2] / f"{key}{suffix}"
            if path.is_file():
                data = path.read_bytes()
                self.memory[key] = data
        return data

    def put(self, key: str, data: bytes, suffix: str = ".jpg") -> None:
        if len(self.memory) >= MEMORY_LIMIT:
            self.memory.clear()
        self.memory[key] = data
        if self.folder is not None:
            try:
                folder = self.folder / key[:2]
                folder.mkdir(parents=True, exist_ok=True)
                temporary = folder / f".{key}.{os.getpid()}.tmp"
                temporary.write_bytes(data)
                temporary.replace(folder / f"{key}{suffix}")
            except OSError:
                self.folder = None  # a read-only cache: keep to memory


MEMORY_LIMIT = 20_000
_CACHE: CardCache | None = None


def cache_folder() -> Path | None:
    """``$CONFSITE_CACHE_DIR/cards``, else the user's cache folder (``~/.cache/confsite``);
    ``CONFSITE_CACHE_DIR=off`` keeps cards in memory only."""
    configured = os.environ.get("CONFSITE_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured) / "cards"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "confsite" / "cards"


def card_cache() -> CardCache:
    """The cache every build in this process shares."""
    global _CACHE
    folder = cache_folder()
    if _CACHE is None or _CACHE.folder != folder:
        _CACHE = CardCache(folder)
    return _CACHE


@lru_cache(maxsize=4096)
def _digest(path: str, size: int, mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _file_stamp(root: Path, path: str | None) -> str:
    """What an image file holds (its hash), as part of a card's key."""
    if not path:
        return ""
    file = root / path
    try:
        info = file.stat()
        return _digest(str(file), info.st_size, info.st_mtime_ns)
    except OSError:
        return f"{path}:missing"


def make_kit(
    content: Content,
    programme: Programme,
    *,
    project_root: Path,
    stamp: datetime,
    changes: Changes | None = None,
    channels: frozenset[str] | None = None,
    cache: CardCache | None = None,
    progress: Progress | None = None,
) -> Kit:
    """Every file of the kit in ``programme``'s language. ``channels`` limits the posts to
    those channel ids; ``changes`` (the latest schedule change) adds a post about it."""
    say = progress or (lambda message: None)
    began = time.perf_counter()
    lang = programme.language
    conf = content.conference
    font = find_font(conf.languages, conf.branding.font, content.root)
    promo = Promo(content, programme, lang, font, stamp, Texts(lang))
    kit = Kit(lang)
    cache = cache or card_cache()
    say(f"{lang}: drawing cards")
    _cards(promo, kit, cache)
    env, html_env = environments(project_root)
    writer = PostWriter(promo, env)
    say(f"{lang}: writing posts")
    for channel in promo.channels():
        if channels is not None and channel.id not in channels:
            continue
        kit.posts += channel_posts(promo, writer, channel, content.promotion.timeline)
        if changes is not None and not changes.empty:
            kit.posts.append(_change_post(promo, writer, channel, changes))
    for post in kit.posts:
        kit.files[post.path] = post.text.encode("utf-8")
    email = letters.email_channel(promo)
    sent = {c.announcement: c.date for c in content.promotion.timeline}
    for announcement in ANNOUNCEMENTS:
        if announcement == "day_of":
            continue
        post = writer.render(email, announcement, page=page_of(announcement))
        day = sent.get(announcement, stamp.date())
        kit.files.update(letters.newsletter(promo, post, html_env, day))
    kit.files.update(
        letters.press_release(
            promo, writer, env, html_env, sent.get("agenda_published", stamp.date())
        )
    )
    say(f"{lang}: speaker kits, posters, campaign")
    _speaker_kits(promo, kit, writer, env)
    _posters(promo, kit, writer, cache, _common(promo))
    kit.rows = campaigns.rows(
        content,
        lang,
        {s.id: s.title for s in programme.sessions},
        {s.id: s.name for s in programme.speakers},
        [(day.id, day.date) for day in programme.days],
    )
    kit.files["promo/campaign.ics"] = campaigns.calendar(promo, kit.rows)
    kit.stamp = stamp
    kit.seconds = time.perf_counter() - began
    return kit


def _cached(cache: CardCache, inputs: str, suffix: str, make: Callable[[], bytes]) -> bytes:
    key = hashlib.sha256(inputs.encode()).hexdigest()[:32]
    data = cache.get(key, suffix)
    if data is None:
        data = make()
        cache.put(key, data, suffix)
    return data


def _common(promo: Promo) -> str:
    """What every card and poster shows of the conference, with the drawing code's hash."""
    conf = promo.content.conference
    return repr(
        (
            CACHE_VERSION,
            promo.lang,
            promo.font,
            promo.name,
            promo.short_name,
            promo.dates,
            promo.city,
            promo.venue,
            promo.host,
            promo.site_url,
            promo.primary,
            conf.tagline,
            _file_stamp(promo.root, conf.branding.logo),
            cards._figures(promo),
        )
    )


def _cards(promo: Promo, kit: Kit, cache: CardCache) -> None:
    root = promo.root
    common = _common(promo)
    jobs: list[tuple[str, str, Callable[[], cards.Card]]] = []
    for size in cards.SIZES:
        jobs.append(
            (
                cards.card_path("conference", "conference", size),
                "",
                lambda size=size: cards.conference_card(promo, size),
            )
        )
        for session in promo.programme.sessions:
            if session.kind == "break":
                continue
            photos = [
                _file_stamp(root, promo.speakers[p.id].photo)
                for p in session.people
                if p.id in promo.speakers
            ]
            jobs.append(
                (
                    cards.card_path("session", session.id, size),
                    repr((session, photos)),
                    lambda session=session, size=size: cards.session_card(promo, session, size),
                )
            )
        for speaker in promo.programme.speakers:
            if not speaker.sessions:
                continue
            given = [promo.sessions[i] for i in speaker.sessions[:3] if i in promo.sessions]
            jobs.append(
                (
                    cards.card_path("speaker", speaker.id, size),
                    repr((speaker, _file_stamp(root, speaker.photo), given)),
                    lambda speaker=speaker, size=size: cards.speaker_card(promo, speaker, size),
                )
            )
    for path, inputs, draw in jobs:
        key = hashlib.sha256(f"{common}|{path}|{inputs}".encode()).hexdigest()[:32]
        data = cache.get(key)
        if data is None:
            card = draw()
            data = card.jpeg()
            cache.put(key, data)
            kit.cards_drawn += 1
            kit.drawn[path] = card.texts
        kit.files[path] = data
        kit.cards_total += 1


def _speaker_kits(promo: Promo, kit: Kit, writer: PostWriter, env) -> None:
    """``promo/speakers/<id>/``: ready-to-post texts in the speaker's own voice, the badge
    text and a calendar of their sessions."""
    for speaker in promo.programme.speakers:
        if not speaker.sessions:
            continue
        sessions = [promo.sessions[i] for i in speaker.sessions if i in promo.sessions]
        folder = f"promo/speakers/{speaker.id}"
        context = {
            **writer.common,
            "speaker": speaker,
            "sessions": sessions,
            "page": promo.url(f"speakers/{speaker.id}/"),
            "cards": {
                size: "../../" + cards.card_path("speaker", speaker.id, size).removeprefix("promo/")
                for size in cards.SIZES
            },
        }
        kit.files[f"{folder}/posts.txt"] = render(env, "speaker_kit.txt", **context).encode("utf-8")
        kit.files[f"{folder}/badge.txt"] = render(env, "badge.txt", **context).encode("utf-8")
        placed = [s for s in sessions if s.place is not None]
        if placed:
            kit.files[f"{folder}/sessions.ics"] = calendar_bytes(
                promo.programme, f"{promo.short_name}: {speaker.name}", placed, promo.stamp
            )


def _posters(promo: Promo, kit: Kit, writer: PostWriter, cache: CardCache, common: str) -> None:
    """The posters, each drawn again only when what it shows changed (like the cards)."""
    for day in promo.programme.days:
        sessions = [s for s in promo.programme.scheduled if s.place and s.place.day == day.id]
        if sessions:
            kit.files[f"promo/posters/agenda-{day.id}-a4.pdf"] = _cached(
                cache,
                f"{common}|{day}|{sessions}|{promo.stamp}",
                ".pdf",
                lambda day=day, sessions=sessions: posters.day_agenda(promo, day, sessions).pdf(
                    f"{promo.name} · {day.date.isoformat()}", promo.stamp
                ),
            )
    keynotes = writer.keynotes()
    conf = promo.content.conference
    people = [
        (p, _file_stamp(promo.root, promo.speakers[p.id].photo) if p.id in promo.speakers else "")
        for s in keynotes
        for p in s.speakers
    ]
    kit.files["promo/posters/poster-a3.pdf"] = _cached(
        cache,
        f"{common}|{people}|{conf.tickets}|{conf.after.feedback_url}|{promo.stamp}",
        ".pdf",
        lambda: posters.event_poster(promo, keynotes).pdf(promo.name, promo.stamp),
    )
    kit.files["promo/qr/schedule.svg"] = posters.qr_svg(promo.url("schedule/"))
    feedback = promo.content.conference.after.feedback_url
    if feedback:
        kit.files["promo/qr/feedback.svg"] = posters.qr_svg(feedback)
    for session in promo.programme.scheduled:
        kit.files[f"promo/qr/sessions/{session.id}.svg"] = posters.qr_svg(
            session.url or promo.url(session.page)
        )


def _change_post(promo: Promo, writer: PostWriter, channel, changes: Changes) -> Post:

    items = []
    for ident in changes.moved:
        before, after = changes.before(ident), changes.entry(ident)
        items.append(
            {
                "kind": "moved",
                "title": _title(after, promo.lang),
                "before": place_label(before, promo.lang) if before else "",
                "after": place_label(after, promo.lang),
            }
        )
    for ident in changes.cancelled:
        entry = changes.entry(ident)
        items.append(
            {
                "kind": "cancelled",
                "title": _title(entry, promo.lang),
                "before": place_label(entry, promo.lang),
                "after": "",
            }
        )
    for ident in changes.added:
        entry = changes.entry(ident)
        items.append(
            {
                "kind": "added",
                "title": _title(entry, promo.lang),
                "before": "",
                "after": place_label(entry, promo.lang),
            }
        )
    return writer.render(
        channel,
        "change",
        subject=f"v{changes.new.version}",
        page="changes/",
        items=items,
        version=changes.new,
    )


def _title(entry, lang: str) -> str:

    return localize(entry.title, lang)


def _zip(files: dict[str, bytes], stamp: datetime, out: BinaryIO) -> None:
    """Every file of the kit in one zip, the same bytes for the same kit."""
    moment = max(stamp, datetime(1980, 1, 1, tzinfo=stamp.tzinfo)).timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path.removeprefix("promo/"), date_time=moment)
            compressed = not path.endswith((".jpg", ".pdf", ".zip"))
            info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
