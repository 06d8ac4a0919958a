"""How every confsite export writes JSON."""

from __future__ import annotations

import json
from typing import Any


def json_bytes(document: Any) -> bytes:
    """UTF-8 (Chinese stays readable), indented, keys in the order given, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
