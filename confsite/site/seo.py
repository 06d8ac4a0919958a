"""What search engines and link previews read: descriptions, Open Graph, schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from confsite.model.common import localize
from confsite.model.content import Content
from confsite.site.views import SessionView

_MARKUP = re.compile(r"[#*_`>\[\]]|\(https?://[^)]*\)|<[^>]+>")


def plain(markdown: str, limit: int = 200) -> str:
    """A one-paragraph plain-text summary of markdown, cut at a word or character."""
    text = " ".join(_MARKUP.sub("", markdown).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :] and not re.search(r"[\u3000-\u9fff]", cut):
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:，。；：") + "…"


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script> element: stable key order, no way to close the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _place(content: Content, lang: str, room: str | None = None) -> dict[str, Any]:
    venue = content.venue
    place: dict[str, Any] = {
        "@type": "Place",
        "name": localize(venue.name, lang),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": localize(venue.address, lang),
            "addressLocality": localize(venue.city, lang)
            or localize(content.conference.city, lang),
            "addressCountry": localize(venue.country, lang),
        },
    }
    if room:
        place["name"] = f"{room}, {place['name']}"
    if venue.coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.coordinates.lat,
            "longitude": venue.coordinates.lon,
        }
    return place


def conference_event(content: Content, lang: str, url: str, image: str | None) -> dict[str, Any]:
    conf = content.conference
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": localize(conf.name, lang),
        "description": plain(localize(conf.description, lang) or localize(conf.tagline, lang), 300),
        "startDate": conf.start.isoformat(),
        "endDate": conf.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(content, lang),
        "url": url,
        "inLanguage": list(conf.languages),
    }
    if conf.organiser:
        data["organizer"] = {"@type": "Organization", "name": localize(conf.organiser, lang)}
    if image:
        data["image"] = [image]
    tickets = conf.tickets
    if tickets.url or tickets.registration_url:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "url": tickets.registration_url or tickets.url,
            "priceCurrency": tickets.currency,
            "availability": "https://schema.org/InStock",
        }
        if tickets.price_from is not None:
            offer["price"] = tickets.price_from
        data["offers"] = offer
    return data


def session_event(
    content: Content, session: SessionView, lang: str, url: str, conference_url: str
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "url": url,
        "inLanguage": session.language,
        "eventStatus": "https://schema.org/EventCancelled"
        if session.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(content, lang, session.room_name or None),
        "superEvent": {
            "@type": "Event",
            "name": localize(content.conference.name, lang),
            "url": conference_url,
        },
    }
    if session.abstract:
        data["description"] = plain(session.abstract, 300)
    if session.scheduled:
        data["startDate"] = session.starts_at
        data["endDate"] = session.ends_at
    else:
        data["startDate"] = content.conference.start.isoformat()
    people = [*session.speakers, *session.moderators]
    if people:
        data["performer"] = [{"@type": "Person", "name": person.name} for person in people]
    return data
