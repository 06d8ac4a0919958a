"""Turning pydantic's validation errors into problems an organiser can act on.

Pydantic reports a location as a path through the model, including internal steps such as
the member of a union it tried. Here each location is matched against the data that was
actually in the file, so the problem names the field as the organiser wrote it and points
at its line; errors from the alternatives of one union are merged into one problem.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from confsite.load.yamlsource import Path_, SourceMap
from confsite.problems import Problem, format_path

MAX_PROBLEMS_PER_FILE = 100

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_inexact": "a date YYYY-MM-DD",
    "date_from_datetime_parsing_inexact": "a date YYYY-MM-DD",
    "time_type": 'a time of day "HH:MM"',
    "time_parsing": 'a time of day "HH:MM"',
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "tuple_type": "a list",
    "list_type": "a list",
}


def _describe(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return repr(value.isoformat())
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _normalise(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[Path_, bool]:
    """Keep the steps of ``loc`` that exist in ``data``; say whether some were dropped."""
    path: list[str | int] = []
    node = data
    dropped = False
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if (isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)) or (
            isinstance(part, str) and isinstance(node, dict) and part in node
        ):
            path.append(part)
            node = node[part]
        elif last and missing and isinstance(part, str):
            path.append(part)
        else:
            dropped = True
    return tuple(path), dropped


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types behind an annotation (through Annotated, unions, tuples)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin in (tuple, list):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return [t for arg in args for t in _unwrap(arg)]
    return [annotation]


def field_names(model: type[BaseModel], path: Path_) -> list[str]:
    """The keys allowed in the mapping at ``path`` of a ``model`` document."""
    current: list[Any] = [model]
    for part in path:
        if isinstance(part, int):
            continue
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                for name, info in candidate.model_fields.items():
                    if (info.alias or name) == part:
                        following.extend(_unwrap(info.annotation))
        current = following
    names: list[str] = []
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            names.extend(info.alias or name for name, info in candidate.model_fields.items())
    return sorted(set(names))


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "did you mean 'x'?" when a close choice exists, else ''."""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches and len(word) >= 3:
        # "biography" for "bio", "desc" for "description"
        matches = sorted(
            c for c in choices if len(c) >= 3 and (word.startswith(c) or c.startswith(word))
        )
    return f"did you mean {matches[0]!r}?" if matches else ""


def problems_from(
    error: ValidationError,
    model: type[BaseModel],
    data: Any,
    sources: SourceMap,
    file: str,
    prefix: Path_ = (),
) -> list[Problem]:
    """One problem per wrong field of ``data``, located in ``file``."""
    grouped: dict[Path_, list[dict[str, Any]]] = {}
    for item in error.errors(include_url=False):
        missing = item["type"] == "missing"
        path, dropped = _normalise(tuple(item["loc"]), data, missing)
        item = {**item, "dropped": dropped}
        grouped.setdefault(path, []).append(item)
    # A union member that did not match the data's shape also complains one level up
    # ("name: not text" beside "name.zh: not text"): keep only the deeper, telling one.
    prefixes = {path[:i] for path in grouped for i in range(len(path))}
    for path in list(grouped):
        if path not in prefixes:
            continue
        # A list left empty because its items failed is no mistake of its own either.
        grouped[path] = [item for item in grouped[path] if item["type"] != "too_short"]
        if all(item["dropped"] for item in grouped[path]):
            del grouped[path]
    problems: list[Problem] = []
    for path, items in grouped.items():
        problems.append(_problem(path, items, model, data, sources, file, prefix))
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        problems.sort()
        rest = len(problems) - MAX_PROBLEMS_PER_FILE
        last = problems[MAX_PROBLEMS_PER_FILE - 1]
        problems = problems[:MAX_PROBLEMS_PER_FILE]
        problems.append(
            Problem(file, last.line, last.column, "", f"… and {rest} more problems in this file")
        )
    return problems


def without_wrong_fields(error: ValidationError, data: Any) -> Any | None:
    """``data`` without the fields that ``error`` complains of, so that the rest of the file
    can still be checked against the other files (a misspelt key or a wrong level must
    not hide an unknown track); None when a required field is missing or a wrong one
    cannot be left out."""
    items = error.errors(include_url=False)
    if not items or any(item["type"] == "missing" for item in items):
        return None
    kept = copy.deepcopy(data)
    for item in items:
        path, dropped = _normalise(tuple(item["loc"]), data, False)
        if dropped or not path:
            return None
        parent = _value_at(kept, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int):
            return None  # a wrong list item: the list would change its meaning
        else:
            return None
    return kept


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _problem(
    path: Path_,
    items: list[dict[str, Any]],
    model: type[BaseModel],
    data: Any,
    sources: SourceMap,
    file: str,
    prefix: Path_,
) -> Problem:
    # Prefer an error from the member of a union that matched the data's shape.
    first = _pick(items)
    kind = first["type"]
    line, column = sources.locate(path, key=kind in ("extra_forbidden", "missing"))
    field = format_path((*prefix, *path))
    value = _value_at(data, path)
    if kind == "missing":
        return Problem(file, line, column, field, "missing required field", "a value")
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        allowed = field_names(model, path[:-1])
        hint = suggest(key, allowed)
        if allowed == ["en", "zh"] and not hint:
            hint = "zh or en; text that contains ', ' or ': ' needs quotes"
        expected = (
            ("a known field; " + hint)
            if hint
            else ("one of " + ", ".join(allowed) if allowed else "no extra fields")
        )
        return Problem(file, line, column, field, f"unknown field {key!r}", expected)
    if kind == "literal_error":
        choices = first.get("ctx", {}).get("expected", "")
        options = [c.strip().strip("'") for c in choices.replace(" or ", ", ").split(",")]
        hint = suggest(str(value), options)
        expected = f"one of {choices}" + (f"; {hint}" if hint else "")
        return Problem(file, line, column, field, f"{_describe(value)} is not allowed", expected)
    if kind == "value_error" or kind == "assertion_error":
        message = first["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        message, _, expected = message.partition("; expected ")
        return Problem(file, line, column, field, message, expected)
    if kind == "string_pattern_mismatch":
        expected = "an id of lower-case letters, digits, '-' and '_'"
        if "#" in first.get("ctx", {}).get("pattern", ""):
            expected = "a colour #rrggbb"
        return Problem(file, line, column, field, f"{_describe(value)} is not valid", expected)
    if len({i["type"] for i in items}) > 1 and all(i["type"] in _TYPE_NAMES for i in items):
        forms = sorted({_TYPE_NAMES[i["type"]] for i in items})
        if "a mapping of fields" in forms and "text" in forms:
            forms = ["text, or {zh: …, en: …}"]
        return Problem(
            file, line, column, field, f"wrong type: {_describe(value)}", " or ".join(forms)
        )
    if (kind in _TYPE_NAMES and "_parsing" in kind) or kind.endswith("_inexact"):
        return Problem(
            file, line, column, field, f"{_describe(value)} is not valid", _TYPE_NAMES[kind]
        )
    if kind in _TYPE_NAMES:
        return Problem(
            file, line, column, field, f"wrong type: {_describe(value)}", _TYPE_NAMES[kind]
        )
    message = first["msg"]
    expected = ""
    if message.startswith("Input should be "):
        expected = message.removeprefix("Input should be ")
        message = f"{_describe(value)} is not valid"
    elif message.startswith(("Tuple should have ", "List should have ")):
        expected = message.split(" should have ", 1)[1].split(" after validation")[0]
        message = "too few items" if "at least" in expected else "too many items"
    elif message.startswith("Value should have "):
        expected = message.removeprefix("Value should have ")
        message = f"{_describe(value)} is not valid"
    return Problem(file, line, column, field, message, expected)


def _pick(items: list[dict[str, Any]]) -> dict[str, Any]:
    """From the errors at one spot, the most telling one."""
    for preferred in ("missing", "extra_forbidden", "value_error", "literal_error"):
        for item in items:
            if item["type"] == preferred:
                return item
    return items[0]
