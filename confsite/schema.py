"""JSON Schemas of the content files, for editors (yaml-language-server) and the docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from confsite.load.files import CONTENT_FILES, OUTPUT_FILES, ContentFile

SCHEMA_BASE = "https://json-schema.org/draft/2020-12/schema"


def schema_for(spec: ContentFile) -> dict[str, Any]:
    """The JSON Schema of one content file."""
    schema = spec.model.model_json_schema(by_alias=True, mode="validation")
    title = spec.name.rstrip("/")
    return {
        "$schema": SCHEMA_BASE,
        "$id": spec.schema_name,
        "title": f"confsite {title}",
        "description": spec.summary,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def write_schemas(target: Path) -> list[Path]:
    """Write every content file's schema into ``target``; only files whose bytes change."""
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for spec in (*CONTENT_FILES, *OUTPUT_FILES):
        path = target / spec.schema_name
        data = json.dumps(schema_for(spec), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != data:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(data, encoding="utf-8")
            tmp.replace(path)
        written.append(path)
    return written
