"""Safe YAML reading that remembers where every value came from.

Content files are read into plain Python values plus a ``SourceMap`` from field paths to
(line, column), so that any later check can point at the exact spot in the file. Reading
is guarded against hostile or broken input: oversized files, binary files, invalid UTF-8,
nesting too deep and alias expansion ("billion laughs") each give one clear problem, fast.

The resolver follows YAML 1.2's core schema where YAML 1.1 surprises organisers: ``10:30``
stays the text "10:30" (not the sexagesimal number 630) and ``no``/``on`` stay text.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 100_000

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    """The file cannot be read as YAML; carries a position and a message."""

    def __init__(self, message: str, line: int = 0, column: int = 0, expected: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.expected = expected


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document sits in its file."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The best position for ``path``: the key itself, its value, or the nearest parent."""
        probe = tuple(path)
        if key and probe in self.keys:
            return self._shift(self.keys[probe])
        while True:
            if probe in self.values:
                return self._shift(self.values[probe])
            if probe in self.keys:
                return self._shift(self.keys[probe])
            if not probe:
                return (1 + self.line_offset, 1)
            probe = probe[:-1]

    def _shift(self, pos: tuple[int, int]) -> tuple[int, int]:
        return (pos[0] + self.line_offset, pos[1])


class _Resolver(yaml.resolver.BaseResolver):
    pass


# YAML 1.2 core schema resolvers (no sexagesimal numbers, no yes/no/on/off booleans).
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?)$"),
    list("0123456789"),
)


if yaml.__with_libyaml__:  # libyaml is far faster on large files; same results
    _Parser: type = yaml.cyaml.CParser
else:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.Loader


def _construct_int(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int:
    """Decimal unless written 0o/0x: YAML 1.2, where `030` is thirty, not octal 24."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    lowered = text.lower().lstrip("+-")
    sign = -1 if text.startswith("-") else 1
    if lowered.startswith("0o"):
        return sign * int(lowered[2:], 8)
    if lowered.startswith("0x"):
        return sign * int(lowered[2:], 16)
    return int(text, 10)


class _CLoader(_Parser, yaml.constructor.SafeConstructor, _Resolver):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


_CLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


# Files up to this many characters hold far fewer than MAX_VALUES values (each needs a
# few characters), and nesting up to _SAFE_DEPTH levels composes without exhausting the C
# stack; the checks that matter for them are made while building (depth) and on aliases.
_QUICK_CHARS = 32 * 1024
_SAFE_DEPTH = 1000


def _depth_bound(text: str) -> int:
    """An upper bound on how deep ``text`` nests: every level is opened by one of these."""
    return 1 + sum(text.count(mark) for mark in "[{-:?")


# What MAX_VALUES counts: every scalar, list and mapping (mapping keys included); an
# alias counts as everything it repeats.
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
_LIMIT_HINT = f"at most {MAX_VALUES:,} values (scalars, lists and mappings) in one file"


def _check_shape(text: str, line_offset: int) -> bool:
    """Refuse documents nested too deeply or too large before composing them (composition
    recurses). Returns whether the document uses aliases."""
    depth = 0
    count = 0
    aliases = False
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return aliases
            if isinstance(event, _VALUE_EVENTS):
                count += 1
            if isinstance(event, yaml.AliasEvent):
                aliases = True
            if count > MAX_VALUES:
                mark = event.start_mark
                raise YamlProblem(
                    f"the document holds more than {MAX_VALUES:,} values, as written",
                    mark.line + 1 + line_offset,
                    mark.column + 1,
                    _LIMIT_HINT,
                )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        "nesting is too deep",
                        mark.line + 1 + line_offset,
                        mark.column + 1,
                        f"at most {MAX_DEPTH} levels",
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        parser.dispose()


_HINTS = (
    ("mapping values are not allowed", "quotes around text that contains ': '"),
    ("found character '\\t'", "spaces for indentation, not tabs"),
    ("tab character", "spaces for indentation, not tabs"),
    ("did not find expected key", "keys of one mapping indented alike"),
    ("found undefined alias", "an anchor (&name) defined before its alias (*name)"),
    ("found unexpected end of stream", "a closing quote or bracket"),
)


def _syntax_hint(message: str) -> str:
    for needle, hint in _HINTS:
        if needle in message:
            return hint
    return ""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _expanded_size(root: yaml.Node) -> tuple[int, int, int]:
    """Number of values once aliases are expanded, nesting depth, and number of values
    as written (an alias counting once), in linear time."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    # Iterative post-order walk; shared (aliased) nodes are counted once each time used.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    visiting: set[int] = set()
    written = 1
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in size:
            continue
        children = _children(node)
        if not done:
            if key in visiting:
                line, column = _mark(node)
                raise YamlProblem("an alias refers to itself", line, column, "no recursive aliases")
            visiting.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in size)
            continue
        size[key] = 1 + sum(size[id(c)] for c in children)
        depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
        written += len(children)
    return size[id(root)], depth[id(root)], written


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise YamlProblem("this is a binary file, not YAML text", expected="a UTF-8 text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise YamlProblem(
            f"invalid UTF-8 byte 0x{data[err.start]:02x}", line, column, "UTF-8 encoded text"
        ) from None


_SIZE_HINT = f"at most {MAX_FILE_BYTES // 1024 // 1024} MB"


def read_text(path: Path) -> str:
    """A content file's text, refusing files that are too large, binary or not UTF-8."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise YamlProblem("not a regular file", expected="a YAML text file")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is {size / 1024 / 1024:.1f} MB, too large for a content file",
            expected=_SIZE_HINT,
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem("file is too large for a content file", expected=_SIZE_HINT)
    return _decode(data)


def parse(text: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain values and the positions of every value."""
    loader = _CLoader(text)
    try:
        try:
            # A small file with few structure characters can nest only so deep: composing
            # it is safe, and the builder below refuses too deep a nesting. Every other file
            # is measured event by event before it is composed.
            if len(text) <= _QUICK_CHARS and _depth_bound(text) <= _SAFE_DEPTH:
                aliases = "*" in text
            else:
                aliases = _check_shape(text, line_offset)
            node = loader.get_single_node()
        except RecursionError:
            raise YamlProblem(
                "nesting is too deep", expected=f"at most {MAX_DEPTH} levels"
            ) from None
        except yaml.reader.ReaderError as err:
            before = text[: err.position]
            line = before.count("\n") + 1
            column = err.position - (before.rfind("\n") + 1) + 1
            raise YamlProblem(
                f"character U+{err.character:04X} is not allowed in YAML"
                if isinstance(err.character, int)
                else "a character is not allowed in YAML",
                line + line_offset,
                column,
                "printable text (no control characters)",
            ) from None
        except yaml.composer.ComposerError as err:
            if err.problem and "another document" in err.problem:
                mark = err.problem_mark
                raise YamlProblem(
                    "a second YAML document (---) in one file",
                    (mark.line + 1 + line_offset) if mark else 0,
                    (mark.column + 1) if mark else 0,
                    "one document per file",
                ) from None
            raise
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            message = err.problem or err.context or "invalid YAML"
            if mark is None:
                raise YamlProblem(f"YAML syntax error: {message}") from None
            raise YamlProblem(
                f"YAML syntax error: {message}",
                mark.line + 1 + line_offset,
                mark.column + 1,
                _syntax_hint(message),
            ) from None
        except yaml.YAMLError as err:
            raise YamlProblem(f"YAML error: {err}") from None
    finally:
        loader.dispose()
    sources = SourceMap(line_offset=line_offset)
    if node is None:
        return None, sources
    values, depth, written = _expanded_size(node) if aliases else (0, 0, 0)
    if values > MAX_VALUES:
        raise YamlProblem(
            f"the document expands to {values:,} values, counting what its aliases (*name) "
            f"repeat; {written:,} as written",
            expected=_LIMIT_HINT,
        )
    if depth > MAX_DEPTH:
        raise YamlProblem("nesting is too deep", expected=f"at most {MAX_DEPTH} levels")
    constructor = _Builder(loader, sources)
    return constructor.build(node, ()), sources


# Only the core types: no !!binary, !!set, !!omap, python or custom tags.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("seq", "map", "str", "int", "float", "bool", "null", "timestamp")
)


class _Builder:
    """Turns composed nodes into plain values, recording positions as it goes."""

    def __init__(self, loader: _CLoader, sources: SourceMap) -> None:
        self.loader = loader
        self.sources = sources

    def problem(self, node: yaml.Node, message: str, expected: str = "") -> YamlProblem:
        """A problem located at ``node``."""
        line, column = _mark(node)
        return YamlProblem(message, line + self.sources.line_offset, column, expected)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.sources.values[path] = _mark(node)
        if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise self.problem(node, "nesting is too deep", f"at most {MAX_DEPTH} levels")
        if node.tag not in _PLAIN_TAGS:
            raise self.problem(node, f"unsupported tag {node.tag!r}", "plain YAML without tags")
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as err:
                raise self.problem(node, f"cannot read value: {err.problem}") from None
            except ValueError:
                # e.g. 2027-13-45 looks like a date but is none: keep the text, and let
                # validation say what the field expected.
                return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.problem(key_node, "a mapping key must be plain text")
                if key_node.tag not in _PLAIN_TAGS:
                    raise self.problem(
                        key_node, f"unsupported tag {key_node.tag!r}", "plain YAML without tags"
                    )
                key = key_node.value  # as written: `1`, `null`, `true` stay text
                if key in result:
                    raise self.problem(
                        key_node, f"duplicate key {key!r}", "each key once per mapping"
                    )
                self.sources.keys[(*path, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*path, key))
            return result
        raise YamlProblem("unsupported YAML node")  # pragma: no cover


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split a markdown file into (front matter YAML, body, line where the YAML starts - 1)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return "", text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), 1
    raise YamlProblem("front matter opened with --- is never closed", 1, 1, "a closing --- line")
