"""Compiled Jinja templates kept in memory between MkDocs builds.

MkDocs makes a new Jinja environment for every build, so in `confsite serve`, which builds
again on each change, the theme's templates would be compiled from scratch each time. The
hooks (``mkdocs_hooks.py``, which MkDocs loads afresh for every build) give each new
environment this cache; it lives in an ordinary module so that it outlives them. Jinja
checks every entry against its template's source checksum.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache


class Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = Compiled()
