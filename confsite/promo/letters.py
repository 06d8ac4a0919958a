"""Email newsletters (plain text and HTML in one message, plus each part on its own) and
the press release, from the same posts the channels get."""

from __future__ import annotations

from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import format_datetime

import jinja2
import markdown

from confsite.i18n import long_date
from confsite.markup import clean_html
from confsite.model.common import localize
from confsite.model.promotion import Channel
from confsite.promo.context import Promo
from confsite.promo.posts import Post, PostWriter
from confsite.promo.templating import render

# The newsletter the email channel gets for each announcement.
NEWSLETTER_CHANNEL = Channel(id="email", kind="email", name="Email")


def email_channel(promo: Promo) -> Channel:
    """The configured email channel, or a plain one (newsletters are always written)."""
    for channel in promo.content.promotion.channels:
        if channel.kind == "email":
            return channel
    return NEWSLETTER_CHANNEL


def html_of(markdown_text: str) -> str:
    """The post's Markdown as HTML with only what Markdown makes: the post carries the
    conference's and speakers' text (a tagline, a title), and none of it may be markup."""
    return clean_html(
        markdown.markdown(markdown_text, extensions=["sane_lists"], output_format="html")
    )


def newsletter(promo: Promo, post: Post, env: jinja2.Environment, sent: date) -> dict[str, bytes]:
    """``promo/newsletters/<name>.eml`` and its two parts as ``.txt`` and ``.html``."""
    conf = promo.content.conference
    body = post.text
    # The card, by its address where the site has one (mail programs need absolute URLs).
    card = post.card
    if promo.site_url:
        body = body.replace("](../../cards/", f"]({promo.site_url}promo/cards/")
        card = promo.site_url + card
    else:
        body = body.replace("](../../cards/", "](../cards/")
    text = _plain(body)
    html = render(
        env,
        "newsletter.html",
        lang=promo.lang,
        title=post.title,
        body=html_of(body),
        conf=promo,
        organiser=localize(conf.organiser, promo.lang) or promo.name,
        email=conf.public_email or "",
    )
    message = EmailMessage()
    message["Subject"] = (
        f"[{promo.short_name}] {post.title}" if promo.short_name not in post.title else post.title
    )
    if conf.public_email:
        organiser = localize(conf.organiser, promo.lang) or promo.name
        message["From"] = f"{organiser} <{conf.public_email}>"
    message["Date"] = format_datetime(datetime.combine(sent, time(9, 0), tzinfo=promo.stamp.tzinfo))
    domain = (conf.public_email or "confsite.invalid").rsplit("@", 1)[-1]
    message["Message-ID"] = f"<{conf.id}.{promo.lang}.{post.name}@{domain}>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.set_boundary(f"confsite-{conf.id}-{promo.lang}-{post.name}")
    base = f"promo/newsletters/{post.name}"
    return {
        f"{base}.eml": bytes(message),
        f"{base}.txt": text.encode("utf-8"),
        f"{base}.html": html.encode("utf-8"),
    }


def _plain(markdown_text: str) -> str:
    """The markdown article as plain text: no image lines, no emphasis marks."""
    lines = []
    for line in markdown_text.splitlines():
        if line.startswith("!["):
            continue
        lines.append(line.replace("**", "").removeprefix("# "))
    return "\n".join(lines).strip() + "\n"


def press_release(
    promo: Promo,
    writer: PostWriter,
    env: jinja2.Environment,
    html_env: jinja2.Environment,
    day: date,
) -> dict[str, bytes]:
    """``promo/press-release.md`` and ``.html``: the announcement of the programme, with the
    key facts, keynotes and tracks, for industry media (``env`` makes text, ``html_env``
    escaping HTML)."""
    conf = promo.content.conference
    text = render(
        env,
        "press_release.md",
        **writer.common,
        dateline=f"{promo.city}, {long_date(day, promo.lang)}"
        if promo.city
        else long_date(day, promo.lang),
        description=localize(conf.description, promo.lang).strip(),
        organiser=localize(conf.organiser, promo.lang),
        email=conf.public_email or "",
        site=promo.site_url,
        tracks=promo.programme.tracks,
    )
    html = render(
        html_env,
        "newsletter.html",
        lang=promo.lang,
        title=text.splitlines()[0].removeprefix("# "),
        body=html_of(text),
        conf=promo,
        organiser=localize(conf.organiser, promo.lang) or promo.name,
        email=conf.public_email or "",
    )
    return {
        "promo/press-release.md": text.encode("utf-8"),
        "promo/press-release.html": html.encode("utf-8"),
    }
