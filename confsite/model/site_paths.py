"""Where the site puts its own pages: the one list the site builder writes them from, and
from which `check` derives the names that content may not take.

Paths are inside one language's docs tree. The default language's site is at the root and
each other language's is a folder of it (``/en/``), so a language code is taken too.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import get_args

from confsite.model.common import Language


@dataclass(frozen=True)
class SitePages:
    """The path of each page the site builder generates."""

    home: str = "index.md"
    schedule: str = "schedule/index.md"
    changes: str = "changes/index.md"
    sessions: str = "sessions/index.md"
    speakers: str = "speakers/index.md"
    tracks: str = "tracks/index.md"
    venue: str = "venue/index.md"
    sponsors: str = "sponsors.md"
    sponsorship: str = "sponsorship.md"
    team: str = "team/index.md"
    faq: str = "faq/index.md"
    cfp: str = "cfp/index.md"
    news: str = "news/index.md"
    after: str = "after/index.md"
    promo: str = "promo/index.md"
    budget: str = "internal/budget.md"
    diagnostics: str = "internal/agenda.md"
    checklist: str = "internal/checklist.md"

    def session(self, ident: str) -> str:
        return _beside(self.sessions, ident)

    def speaker(self, ident: str) -> str:
        return _beside(self.speakers, ident)

    def news_post(self, slug: str) -> str:
        return _beside(self.news, slug)

    def page(self, slug: str) -> str:
        """A free page (content/pages/*.md), at the top of the site."""
        return f"{slug}/index.md"

    def reserved_slugs(self) -> tuple[str, ...]:
        """The names a free page may not take: the first part of every path above (a file
        or a folder at the top of the site), and the language folders."""
        tops = {path.split("/")[0].removesuffix(".md") for path in astuple(self)}
        return tuple(sorted(tops | set(get_args(Language))))


def _beside(index: str, name: str) -> str:
    """The path of page ``name`` in the folder of the index page ``index``."""
    return f"{index.rsplit('/', 1)[0]}/{name}/index.md"


SITE_PAGES = SitePages()
