"""faq.yaml: questions and answers, grouped in categories."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from confsite.model.common import Record, Slug, Text


class FaqCategory(Record):
    id: Slug
    name: Text


class FaqEntry(Record):
    id: Slug
    category: Slug | None = None
    question: Text
    answer: Annotated[Text, Field(description="Markdown.")]


class Faq(Record):
    categories: tuple[FaqCategory, ...] = ()
    entries: tuple[FaqEntry, ...] = ()
