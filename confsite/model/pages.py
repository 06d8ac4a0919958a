"""pages/*.md and news/*.md: free markdown pages and news posts, with YAML front matter."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import Date, Int, Language, Record, Slug, Text


class Page(Record):
    """Front matter of a free page (code of conduct, travel guide, …)."""

    title: Text
    slug: Annotated[Slug | None, Field(description="URL name (default: the file name).")] = None
    description: Text | None = None
    nav: Annotated[bool, Field(description="List the page in the site navigation.")] = True
    order: Int = 100
    language: Language | None = None


class NewsPost(Record):
    """Front matter of a news post."""

    title: Text
    date: Date
    slug: Slug | None = None
    summary: Text | None = None
    author: Text | None = None
    language: Language | None = None


class Document(Record):
    """A markdown file: its front matter record and its body."""

    id: Slug
    body: str
