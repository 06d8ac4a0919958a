"""Write an imported content folder without losing the organiser's edits.

The folder keeps a manifest, ``.confsite-import.json``, with the SHA-256 of every file the
last import wrote. On the next import a file is replaced only when it is unchanged since
then (its hash is the manifest's) or when ``force`` is given; a file the organiser edited,
or made by hand, is kept and reported. Files an earlier import wrote that the new import no
longer produces are removed when unedited (so ids do not pile up), kept otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from confsite import atomic

MANIFEST = ".confsite-import.json"


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text; no anchors/aliases.

    Not libyaml's CSafeDumper: it is twice as fast but escapes emoji and other characters
    beyond the BMP ("\\U0001F680"), which makes the files hard to edit by hand."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: Any, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text of ``data`` (keys in the given order, Unicode kept)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return header + body


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step (a temporary file renamed over it). Unlike
    ``confsite.atomic`` it does not fsync each file: an import writes thousands of files
    and is simply run again after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.import.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_folder(
    into: Path, files: dict[str, str], *, force: bool = False, source: str = ""
) -> WriteResult:
    """Write ``files`` (relative POSIX path: text) into ``into`` as described above."""
    into.mkdir(parents=True, exist_ok=True)
    manifest_path = into / MANIFEST
    previous: dict[str, str] = {}
    if manifest_path.is_file():
        try:
            previous = dict(json.loads(manifest_path.read_text(encoding="utf-8"))["files"])
        except (ValueError, KeyError, TypeError):
            previous = {}
    result = WriteResult()
    recorded: dict[str, str] = {}
    for name in sorted(files):
        data = files[name].encode("utf-8")
        new_hash = digest(data)
        target = into / name
        if target.is_file():
            current = digest(target.read_bytes())
            if current == new_hash:
                result.unchanged.append(name)
                recorded[name] = new_hash
                continue
            if not force and previous.get(name) != current:
                result.kept.append(name)
                if name in previous:
                    recorded[name] = previous[name]
                continue
        _write(target, data)
        result.written.append(name)
        recorded[name] = new_hash
    for name in sorted(set(previous) - set(files)):
        target = into / name
        if not target.is_file():
            continue
        if force or digest(target.read_bytes()) == previous[name]:
            target.unlink()
            result.removed.append(name)
        else:
            result.kept.append(name)
            recorded[name] = previous[name]
    manifest = {"source": source, "files": dict(sorted(recorded.items()))}
    atomic.write_text(manifest_path, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return result
