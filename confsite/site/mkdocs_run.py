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
