"""Identifiers that stay the same across rebuilds: GUIDs, integer ids, acronym, slugs.

Conference apps key their bookmarks and alarms by these, so each is derived from stable
content ids (conference id, session id, speaker id, room id) and never from an order.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping

from confsite.model.plan import Placement

# Fixed for ever: every confsite GUID is uuid5(CONFSITE_NAMESPACE, "<conference>/<kind>/<id>").
# (It is uuid5(NAMESPACE_URL, "https://github.com/confsite/confsite#export"), written out.)
CONFSITE_NAMESPACE = uuid.UUID("5521d7de-aba1-54c3-9e06-4071ee9cd371")

# Integer ids are nine digits: they fit a signed 32-bit int (ConfClerk, Giggity) and a hash
# into 900 million values makes a collision between two sessions very unlikely.
_LOWEST_ID = 100_000_000
_ID_RANGE = 900_000_000


def guid(conference: str, kind: str, ident: str) -> str:
    """A GUID for a session, speaker or room of this conference, the same on every build."""
    return str(uuid.uuid5(CONFSITE_NAMESPACE, f"{conference}/{kind}/{ident}"))


def stable_numbers(idents: Iterable[str], salt: str) -> dict[str, int]:
    """A distinct positive integer per id, derived from the id itself.

    Each id hashes to a number; on the (rare) collision the id that sorts later tries its
    next candidate, so the outcome depends only on the set of ids, never on their order.
    """
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for ident in sorted(set(idents)):
        attempt = 0
        while (number := _hashed(f"{salt}/{ident}/{attempt}")) in taken:
            attempt += 1
        numbers[ident] = number
        taken.add(number)
    return numbers


def _hashed(text: str) -> int:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return _LOWEST_ID + int.from_bytes(digest[:8], "big") % _ID_RANGE


def plan_version(plan: Mapping[str, Placement]) -> str:
    """A short hash of the placements: it changes exactly when some session moves."""
    lines = "\n".join(
        f"{ident} {place.day} {place.start:%H:%M} {place.room}"
        for ident, place in sorted(plan.items())
    )
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:10]


def acronym(conference_id: str, year: int) -> str:
    """The conference id as a frab acronym: lower-case letters, digits and '_', four or more.

    Both schemas must accept it: the XSD allows ``[a-z0-9_-]{4,}``, the JSON schema
    ``^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$`` (no '-' after the first character), and
    event slugs start with it followed by '-', so '-' becomes '_'. Short ids get the year.
    """
    word = re.sub(r"[^a-z0-9_]", "_", conference_id.lower())
    if len(word) < 4:
        word = f"{word}{year}"
    return word


def slug_part(ident: str) -> str:
    """A content id made fit for a slug: lower case, ending in a letter or digit."""
    return re.sub(r"[^a-z0-9_-]", "-", ident.lower()).rstrip("-_")


def track_slug(ident: str) -> str | None:
    """The track id as a frab track slug, or None when it cannot be made to fit both schemas
    (the XSD wants a letter first and two characters or more, the JSON schema a letter or
    digit last)."""
    word = ident.lower().replace("_", "-").strip("-")
    return word if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", word) else None


def room_slug(ident: str) -> str | None:
    """The room id as a slug the JSON schema accepts (``^[a-z0-9_-]+[a-z0-9]$``)."""
    word = slug_part(ident)
    return word if re.fullmatch(r"[a-z0-9_-]+[a-z0-9]", word) else None
