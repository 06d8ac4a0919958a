"""Content ids made from names: the slug of a title or a name, unique within its kind.

Every importer (``confsite.importers``) and the CoSPLib layout (``confsite.cosplib.layout``)
name tracks, rooms, sessions and speakers this way, so the same workbook or schedule gets
the same ids whichever path reads it.
"""

from __future__ import annotations

import re
import unicodedata


def slugify(value: str, limit: int = 80) -> str:
    """A content id from any text ('' when nothing of it is Latin letters or digits)."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-_")
    return slug[:limit].rstrip("-_")


class Ids:
    """Unique, stable ids: the slug of a name, made unique with the source id."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.used: set[str] = set()

    def make(self, name: str, source_id: str) -> str:
        tail = slugify(source_id, 20) or str(len(self.used) + 1)
        base = slugify(name, 80) or f"{self.prefix}-{tail}"
        ident = base
        if ident in self.used:
            ident = f"{base[: 79 - len(tail)].rstrip('-_')}-{tail}"
        counter = 2
        while ident in self.used:
            ident = f"{base[:74].rstrip('-_')}-{tail}-{counter}"[:80]
            counter += 1
        self.used.add(ident)
        return ident
