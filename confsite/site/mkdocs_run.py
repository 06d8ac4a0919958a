"""Running a real MkDocs build in this process, and turning its complaints into errors."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class MkDocsFailed(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages) or "mkdocs build failed")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def quiet_jieba() -> None:
    """Material segments Chinese with jieba, which announces its dictionary on stderr and
    sets its logger to DEBUG when imported: import it first, then quieten it."""
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover - jieba is a dependency; search still works
        pass


def run_build(config_file: Path, *, strict: bool = True) -> list[str]:
    """``mkdocs build`` of ``config_file``; returns MkDocs' warnings, raises MkDocsFailed
    when the build fails (in strict mode, on any warning)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    quiet_jieba()
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    old_level = logger.level
    old_propagate = logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(str(config_file), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (exceptions.MkDocsException, exceptions.Abort) as err:
        raise MkDocsFailed([*collect.messages, str(err)]) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return collect.messages


class Running:
    """A ``mkdocs build`` in a child process, so that languages build side by side and
    confsite's own work (calendars) overlaps with MkDocs'."""

    def __init__(self, config_file: Path, *, strict: bool = True) -> None:
        import subprocess
        import sys

        self.config_file = config_file
        command = [sys.executable, "-m", "confsite.site.mkdocs_run", str(config_file)]
        if not strict:
            command.append("--no-strict")
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"},
        )

    def wait(self) -> tuple[list[str], float]:
        """MkDocs' warnings and the build's own seconds; raises MkDocsFailed."""
        import json

        out, err = self.process.communicate()
        try:
            report = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise MkDocsFailed(
                [f"mkdocs build stopped (exit {self.process.returncode})", err.strip()]
            ) from None
        if report.get("failed"):
            raise MkDocsFailed(report["messages"])
        return report["messages"], report["seconds"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _child(arguments: list[str]) -> int:
    import json
    import time

    config = Path(arguments[0])
    strict = "--no-strict" not in arguments
    started = time.perf_counter()
    try:
        messages = run_build(config, strict=strict)
    except MkDocsFailed as err:
        print(json.dumps({"failed": True, "messages": err.messages}))
        return 1
    print(
        json.dumps(
            {"failed": False, "messages": messages, "seconds": time.perf_counter() - started}
        )
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_child(sys.argv[1:]))
