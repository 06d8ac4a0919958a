"""Write files so that a failure or interruption leaves the previous version whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, \\n line ends) atomically: see ``write_bytes``."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it
    over ``path`` in one step. Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_folder(built: Path, target: Path) -> None:
    """Put the folder ``built`` where ``target`` is; the old one goes only once the new one
    is in (a failure before leaves ``target`` as it was)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    try:
        built.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def scratch_folder(target: Path, kind: str) -> Path:
    """A new folder beside ``target`` to build its next version in, named with this
    process's id (``.site.build-<pid>-<random>``) so that ``remove_leftovers`` knows it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the scratch and old folders of ``target`` that a process killed outright
    (SIGKILL, a power cut) left beside it: those whose process is gone. Returns them."""
    removed = []
    for kind in ("build", "old"):
        for folder in sorted(target.parent.glob(f".{target.name}.{kind}-*")):
            pid = folder.name.removeprefix(f".{target.name}.{kind}-").split("-")[0]
            if not pid.isdigit() or _alive(int(pid)) or not folder.is_dir():
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process
        return True
    return True
