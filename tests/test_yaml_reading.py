"""The YAML reader: YAML 1.2 scalars and positions of every value."""

from __future__ import annotations

import datetime

import pytest

from confsite.load.yamlsource import YamlProblem, parse, split_front_matter


def test_times_and_words_stay_text() -> None:
    data, _ = parse("a: 10:30\nb: 09:00\nc: no\nd: on\ne: true\nf: 2027-06-18\ng: 1e3\n")
    assert data == {
        "a": "10:30",
        "b": "09:00",
        "c": "no",
        "d": "on",
        "e": True,
        "f": datetime.date(2027, 6, 18),
        "g": 1000.0,
    }


def test_positions_of_values_and_keys() -> None:
    _, sources = parse("# comment\nrooms:\n  - id: a\n    name: A\n  - id: b\n")
    assert sources.locate(("rooms", 1, "id")) == (5, 9)
    assert sources.locate(("rooms", 0, "name"), key=True) == (4, 5)
    # a missing field points at its parent mapping
    assert sources.locate(("rooms", 1, "capacity")) == (5, 5)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(YamlProblem) as err:
        parse("a: 1\nb: 2\na: 3\n")
    assert err.value.line == 3
    assert "duplicate key 'a'" in err.value.message


def test_front_matter_lines_are_offset() -> None:
    text, body, offset = split_front_matter("---\ntitle: x\nslug: Bad Slug\n---\nBody\n")
    _, sources = parse(text, offset)
    assert body == "Body\n"
    assert sources.locate(("slug",)) == (3, 7)


def test_numbers_are_decimal_and_keys_are_text() -> None:
    data, _ = parse("a: 030\nb: 0o17\nc: 0x1f\n1: x\nnull: y\ntrue: z\n")
    assert data == {"a": 30, "b": 15, "c": 31, "1": "x", "null": "y", "true": "z"}


@pytest.mark.parametrize(
    "text, words",
    [
        ("a: !!binary aGVsbG8=\n", "unsupported tag"),
        ("!foo k: a\n", "unsupported tag"),
        ("a: [1, !!set {b}]\n", "unsupported tag"),
        ("a: 1\n---\nb: 2\n", "second YAML document"),
        ("bio: a\x01b\n", "U+0001"),
    ],
)
def test_refused_constructs(text: str, words: str) -> None:
    with pytest.raises(YamlProblem) as err:
        parse(text)
    assert words in err.value.message
    assert err.value.line == (2 if "---" in text else 1)


@pytest.mark.parametrize("style", ["block", "flow"])
def test_nesting_deeper_than_forty_is_refused_where_it_starts(style: str) -> None:
    """Small files are composed without measuring them first; the limit holds all the same
    and points at the collection that goes one level too deep."""

    def nested(levels: int) -> str:
        if style == "flow":
            return "[" * levels + "]" * levels + "\n"
        return "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "v\n"

    parse(nested(40))
    with pytest.raises(YamlProblem, match="nesting is too deep") as refused:
        parse(nested(41), line_offset=2)
    expected = (3, 41) if style == "flow" else (43, 81)
    assert (refused.value.line, refused.value.column) == expected
