"""Invisible characters in names and titles: bidi controls that reorder what follows them,
zero-width characters and direction marks that hide inside a word.

A name that contains them can read as another name (a speaker impersonating another, a
title whose end shows first). They have rare honest uses (a zero-width joiner inside an
emoji), so `check` warns instead of refusing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

# Fields that name or title something, wherever they sit in a record.
NAME_FIELDS = frozenset({"name", "name_latin", "short_name", "title", "subtitle", "organiser"})

# Arabic letter mark; zero-width space, non-joiner, joiner; left-to-right and
# right-to-left marks; bidi embeddings and overrides; word joiner and invisible operators;
# bidi isolates; zero-width no-break space (a byte order mark inside text).
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

Path_ = tuple[str | int, ...]


def invisible_characters(text: str) -> list[str]:
    """The invisible characters of ``text``, named (``U+202E RIGHT-TO-LEFT OVERRIDE``),
    each once, in order of appearance."""
    found = dict.fromkeys(INVISIBLE.findall(text))
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'format character')}" for c in found]


def named_texts(record: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text under a name or title field of ``record``, with its field path."""
    for attribute, info in type(record).model_fields.items():
        key = info.alias or attribute
        value = getattr(record, attribute)
        if key in NAME_FIELDS:
            yield from _texts(value, (*path, key))
        else:
            yield from _named_in(value, (*path, key))


def _named_in(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, BaseModel):
        yield from named_texts(value, path)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _named_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _named_in(item, (*path, key))


def _texts(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every string in ``value`` (text, a {zh, en} pair, a list of them)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for attribute, info in type(value).model_fields.items():
            yield from _texts(getattr(value, attribute), (*path, info.alias or attribute))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
