"""One writing command at a time on a content folder.

Two `confsite plan` runs at once both recorded "schedule version 5" and one was lost; two
builds swapping the same site folder could fail half-way. Commands that write (plan,
build, an import into an existing folder) hold an exclusive lock on ``.confsite.lock`` in
the content folder while they run. The operating system releases it when the process
ends, however it ends, so a killed run leaves no stale lock. The file holds the holder's
process id, for the message the next command gives.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, commands run unguarded
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".confsite.lock"


class Busy(Exception):
    """Another confsite command is writing to the same content folder."""


@contextlib.contextmanager
def holding(folder: Path) -> Iterator[None]:
    """Hold the content folder's lock for the length of the ``with`` block; Busy if
    another process holds it. A folder that does not exist yet needs no lock."""
    if fcntl is None or not folder.is_dir():
        yield
        return
    path = folder / LOCK_FILE
    with open(path, "a+", encoding="utf-8") as stream:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            stream.seek(0)
            holder = stream.read().strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise Busy(
                f"another confsite is running on {folder}{who}; wait for it to finish "
                "or stop it, then run this again"
            ) from None
        stream.seek(0)
        stream.truncate()
        stream.write(f"{os.getpid()}\n")
        stream.flush()
        try:
            yield
        finally:
            stream.seek(0)
            stream.truncate()
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
