"""Posts for every channel and announcement, in the channel's length by its own rule.

A post's words come from a Jinja template per announcement in
``site_template/promo/posts/`` (organisers override them file by file); this module picks
the link (with UTM parameters per channel), adds the hashtags in the channel's syntax, and
fits the whole into the channel's limit: hashtags go first, then the text is shortened at
a word (or a character, in Chinese) with an ellipsis. The link always stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import jinja2

from confsite.export.programme import SessionEntry, SpeakerEntry
from confsite.i18n import clock, day_label, long_date
from confsite.model.common import localize
from confsite.model.promotion import Campaign, Channel
from confsite.promo import counting
from confsite.promo.cards import card_path
from confsite.promo.context import Promo
from confsite.promo.templating import render

# The announcements every channel gets a post for, in campaign order. Sessions, keynote
# speakers, days and the campaign's own custom entries add one post each.
ANNOUNCEMENTS = (
    "cfp",
    "tickets",
    "keynote_reveal",
    "agenda_published",
    "early_bird",
    "last_call",
    "day_of",
    "thank_you",
    "feedback",
)
MEDIUM = {"email": "email", "media": "pr", "website": ""}


@dataclass(frozen=True)
class Post:
    channel: Channel
    announcement: str
    subject: str  # a session, speaker or day id, a campaign id for custom posts, or ""
    title: str
    text: str
    link: str
    card: str  # the card that goes with it (its path in the site)

    @property
    def name(self) -> str:
        """The file name, without extension: ``session-t-rag``, ``cfp``."""
        return f"{self.announcement}-{self.subject}" if self.subject else self.announcement

    @property
    def article(self) -> bool:
        return self.channel.kind in counting.ARTICLES

    @property
    def path(self) -> str:
        return counting.post_path(self.channel, self.name)

    @property
    def length(self) -> int:
        return counting.length(self.channel, self.text)

    @property
    def limit(self) -> int:
        return counting.limit(self.channel)


def tracked(url: str, promo: Promo, channel: Channel, content: str) -> str:
    """``url`` with UTM parameters saying which channel and announcement brought the
    visitor (none for the website's own posts)."""
    if not url or not url.startswith(("http://", "https://")) or channel.kind == "website":
        return url
    parts = urlsplit(url)
    campaign = promo.content.promotion.utm_campaign or promo.content.conference.id
    query = urlencode(
        {
            "utm_source": channel.id,
            "utm_medium": MEDIUM.get(channel.kind, "social"),
            "utm_campaign": campaign,
            "utm_content": content,
        }
    )
    joined = f"{parts.query}&{query}" if parts.query else query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))


def hashtags(promo: Promo, channel: Channel) -> list[str]:
    """The configured hashtags as the channel writes them: Weibo's topics are ``#话题#``;
    elsewhere a tag is one word."""
    tags = []
    for tag in promo.content.promotion.hashtags:
        word = tag.strip().strip("#").strip()
        if not word:
            continue
        if channel.kind == "weibo":
            tags.append(f"#{word}#")
        else:
            tags.append("#" + "".join(char for char in word if char.isalnum() or char == "_"))
    return tags


def fit_post(channel: Channel, body: str, link: str, tags: list[str]) -> str:
    """``body``, the link and as many hashtags as fit the channel's limit; the body
    shortened (never the link) when even that is too long."""
    maximum = counting.limit(channel)

    def join(text: str, kept: list[str]) -> str:
        tail = "\n".join(part for part in (link, " ".join(kept)) if part)
        return f"{text.rstrip()}\n\n{tail}" if tail else text.rstrip()

    kept = list(tags)
    while True:
        text = join(body, kept)
        if counting.length(channel, text) <= maximum:
            return text
        if not kept:
            break
        kept.pop()
    # Shorten the body: the longest prefix (at a word, or any CJK character) that fits.
    cjk = _cjk(body)
    words = list(body) if cjk else body.split(" ")

    def shortened(count: int) -> str:
        kept_words = ("" if cjk else " ").join(words[:count])
        return join(kept_words.rstrip(" ,.;:，。；：") + "…", [])

    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if counting.length(channel, shortened(middle)) <= maximum:
            low = middle
        else:
            high = middle - 1
    return shortened(low)


def _cjk(text: str) -> bool:
    return any("\u3000" <= char <= "\u9fff" for char in text)


class PostWriter:
    """Renders the announcement templates for one kit language."""

    def __init__(self, promo: Promo, env: jinja2.Environment) -> None:
        self.promo = promo
        self.env = env
        conf = promo.content.conference
        self.common: dict[str, Any] = {
            "lang": promo.lang,
            "t": promo.texts,
            "conf": promo,
            "tagline": localize(conf.tagline, promo.lang),
            "tickets": conf.tickets,
            "price": _price(conf.tickets.price_from, conf.tickets.currency, promo.lang),
            "dates": {d.kind: long_date(d.date, promo.lang) for d in conf.important_dates},
            "feedback_url": conf.after.feedback_url,
            "feedback_closes": long_date(conf.after.feedback_closes, promo.lang)
            if conf.after.feedback_closes
            else "",
            "keynotes": self.keynotes(),
            "figures": _counts(promo),
            "when": promo.when,
            "long_date": lambda day: long_date(day, promo.lang),
            "day_label": lambda day: day_label(day, promo.lang),
            "clock": lambda moment: clock(moment, promo.lang),
        }

    def keynotes(self) -> list[SessionEntry]:
        return [s for s in self.promo.programme.sessions if s.kind == "keynote" and not s.cancelled]

    def render(
        self,
        channel: Channel,
        announcement: str,
        *,
        subject: str = "",
        page: str = "",
        url: str | None = None,
        card: str = "",
        template: str | None = None,
        **values: Any,
    ) -> Post:
        article = channel.kind in counting.ARTICLES
        target = url or self.promo.url(page)
        link = tracked(target, self.promo, channel, f"{announcement}-{subject}".strip("-"))
        rendered = render(
            self.env,
            f"posts/{template or announcement}.txt",
            **self.common,
            channel=channel,
            article=article,
            link=link,
            **values,
        )
        title, _, body = rendered.strip().partition("\n")
        body = _tidy(body)
        card = card or card_path("conference", "conference", "og")
        if article:
            text = render(
                self.env,
                "article.md",
                **self.common,
                title=title.strip(),
                body=body,
                link=link,
                card="../../"
                + (card_path_square(card) if channel.kind == "wechat" else card).removeprefix(
                    "promo/"
                ),
                tags=hashtags(self.promo, channel),
            )
        else:
            text = fit_post(channel, body, link, hashtags(self.promo, channel))
        return Post(channel, announcement, subject, title.strip(), text, link, card)


def card_path_square(path: str) -> str:
    """WeChat shows square covers."""
    return path.replace("-og.jpg", "-square.jpg")


def _tidy(text: str) -> str:
    """Template output as text: no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _price(amount: float | None, currency: str, lang: str) -> str:
    if amount is None:
        return ""
    from babel.numbers import format_currency

    from confsite.i18n import LOCALES

    return format_currency(amount, currency, locale=LOCALES[lang], format_type="standard")


def _counts(promo: Promo) -> dict[str, int]:
    sessions = [s for s in promo.programme.sessions if not s.cancelled and s.kind != "break"]
    return {
        "sessions": len(sessions),
        "speakers": sum(1 for s in promo.programme.speakers if s.sessions),
        "tracks": len(promo.programme.tracks),
        "rooms": len({s.place.room.id for s in sessions if s.place}),
        "days": len(promo.programme.days),
    }


def channel_posts(
    promo: Promo, writer: PostWriter, channel: Channel, campaigns: tuple[Campaign, ...]
) -> list[Post]:
    """Every post for ``channel``: each announcement, each keynote speaker, each day, each
    session, and the campaign's custom entries."""
    posts = []
    for announcement in ANNOUNCEMENTS:
        if announcement == "day_of":
            for day in promo.programme.days:
                sessions = [
                    s for s in promo.programme.scheduled if s.place and s.place.day == day.id
                ]
                posts.append(
                    writer.render(
                        channel,
                        "day_of",
                        subject=day.id,
                        page="schedule/",
                        day=day,
                        sessions=sessions,
                    )
                )
            continue
        tickets = promo.content.conference.tickets
        url = tickets.registration_url or tickets.url if announcement in _SALES else None
        posts.append(writer.render(channel, announcement, page=page_of(announcement), url=url))
    for session in writer.keynotes():
        for person in session.speakers:
            speaker = promo.speakers.get(person.id)
            if speaker is not None:
                posts.append(_keynote(writer, channel, speaker, session))
    for session in promo.programme.sessions:
        if session.kind == "break":
            continue
        posts.append(
            writer.render(
                channel,
                "session",
                subject=session.id,
                page=session.page,
                card=card_path("session", session.id, "og"),
                session=session,
            )
        )
    for campaign in campaigns:
        if campaign.announcement == "custom" and channel.id in campaign.channels:
            posts.append(
                writer.render(
                    channel,
                    "custom",
                    subject=campaign.id,
                    page="",
                    note=localize(campaign.note, promo.lang),
                )
            )
    return posts


def _keynote(
    writer: PostWriter, channel: Channel, speaker: SpeakerEntry, session: SessionEntry
) -> Post:
    return writer.render(
        channel,
        "keynote_reveal",
        subject=speaker.id,
        page=f"speakers/{speaker.id}/",
        card=card_path("speaker", speaker.id, "og"),
        template="keynote_speaker",
        speaker=speaker,
        session=session,
    )


_SALES = ("tickets", "early_bird", "last_call")


def page_of(announcement: str) -> str:
    """The site page an announcement links to."""
    return {
        "cfp": "cfp/",
        "tickets": "",
        "keynote_reveal": "speakers/",
        "agenda_published": "schedule/",
        "early_bird": "",
        "last_call": "",
        "thank_you": "after/",
        "feedback": "after/",
    }.get(announcement, "")
