"""How long a post is, by each channel's own rule, and each channel's limit.

- X counts a URL as 23 characters (every link goes through t.co) and a character
  outside its "light" ranges (CJK, emoji, most symbols) as 2, out of 280.
- Mastodon counts every URL as 23 characters, anything else as one, out of 500.
- Weibo counts two half-width characters as one, a full-width (Chinese) character as one,
  and shortens every URL to a t.cn link that counts as 12 (the most it counts), out of
  2,000 (the long-post limit; the channel's ``max_length`` sets the classic 140).
- LinkedIn 3,000, Bilibili 2,000, and the article channels (WeChat, Zhihu, industry media,
  the website, email) 20,000 characters, each counted one per character.
"""

from __future__ import annotations

import math
import re

from confsite.model.promotion import Channel

LIMITS = {
    "x": 280,
    "mastodon": 500,
    "weibo": 2000,
    "linkedin": 3000,
    "bilibili": 2000,
    "wechat": 20000,
    "zhihu": 20000,
    "media": 20000,
    "website": 20000,
    "email": 20000,
    "other": 20000,
}
# The channels whose posts are articles (a title, a cover card, sections) rather than
# short posts.
ARTICLES = frozenset({"wechat", "zhihu", "media", "website", "email"})

URL = re.compile(r"https?://[^\s<>\"'（）]+")
# X's light ranges: these code points count 1, every other counts 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
X_URL = 23
MASTODON_URL = 23
WEIBO_URL = 12


def limit(channel: Channel) -> int:
    return channel.max_length or LIMITS[channel.kind]


def x_length(text: str) -> int:
    total = 0
    for part, is_url in _split_urls(text):
        if is_url:
            total += X_URL
        else:
            total += sum(1 if _x_light(ord(char)) else 2 for char in part)
    return total


def _x_light(point: int) -> bool:
    return any(low <= point <= high for low, high in _X_LIGHT)


def weibo_length(text: str) -> int:
    half = 0
    for part, is_url in _split_urls(text):
        if is_url:
            half += 2 * WEIBO_URL
        else:
            half += sum(1 if ord(char) < 0x1100 else 2 for char in part)
    return math.ceil(half / 2)


def mastodon_length(text: str) -> int:
    return sum(MASTODON_URL if is_url else len(part) for part, is_url in _split_urls(text))


def length(channel: Channel, text: str) -> int:
    """``text``'s length as ``channel`` counts it."""
    if channel.kind == "x":
        return x_length(text)
    if channel.kind == "weibo":
        return weibo_length(text)
    if channel.kind == "mastodon":
        return mastodon_length(text)
    return len(text)


def _split_urls(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in URL.finditer(text):
        parts.append((text[last : match.start()], False))
        parts.append((match.group(), True))
        last = match.end()
    parts.append((text[last:], False))
    return parts


def post_path(channel: Channel, name: str) -> str:
    """Where a channel's post lives in the site: articles as markdown, posts as text."""
    extension = "md" if channel.kind in ARTICLES else "txt"
    return f"promo/posts/{channel.id}/{name}.{extension}"
