"""Running a real Zensical build of an effective config, in a child process.

Zensical, Material for MkDocs' successor, reads the same mkdocs.yml and docs tree as
MkDocs (``confsite build --engine zensical``; it is an optional extra:
``pip install 'confsite[zensical]'``). Like MkDocs, each language builds in a child
process of its own, so that the languages build side by side and the calendars are made
meanwhile; ``Running`` offers what ``mkdocs_run.Running`` offers. Zensical runs no MkDocs
hooks and reads no page before it starts, so every page is written first.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from confsite.errors import BuildFailed
from confsite.interrupt import die_with_parent
from confsite.site.mkdocs_run import Report

INSTALL = "pip install 'confsite[zensical]'"


class ZensicalMissing(BuildFailed):
    """``--engine zensical`` without Zensical installed."""


class ZensicalFailed(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages) or "zensical build failed")


def require() -> None:
    """Raise ZensicalMissing unless Zensical can be imported."""
    if importlib.util.find_spec("zensical") is None:
        raise ZensicalMissing(f"Zensical is not installed; install it with: {INSTALL}")


# Zensical colours its report even when it goes to a pipe.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


def issues(report: str) -> list[str]:
    """Zensical's warnings and errors in ``report`` (what it wrote on standard error), one
    line each: ``schedule/index.md:3:5: page does not exist``."""
    found: list[str] = []
    kind = ""
    for line in _COLOUR.sub("", report).splitlines():
        text = line.strip()
        heading = re.match(r"(Warning|Error):\s*(.*)", text)
        if heading:
            kind = heading.group(2)
            found.append(kind)
            continue
        where = _WHERE.search(text)
        if where and kind:
            found[-1] = f"{where.group(1)}: {kind}"
            kind = ""
    return found


class Running:
    """A ``zensical build`` in a child process (see ``mkdocs_run.Running``). The process
    starts with ``start``: Zensical is quick to import and has no dictionary to load."""

    def __init__(self, lang: str, *, strict: bool = True) -> None:
        self.lang = lang
        self.strict = strict
        self.sent = 0.0
        self.process: subprocess.Popen[str] | None = None

    def start(self, config_file: Path, pages: list[str] | None = None) -> None:
        """Build ``config_file``, whose pages must all be written already."""
        if pages:
            raise ValueError("Zensical reads every page before it builds: write them first")
        self.sent = time.time()
        command = [sys.executable, "-m", "confsite.site.zensical_run", str(config_file)]
        if self.strict:
            command.append("--strict")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**os.environ, "PYTHONUTF8": "1"},
            preexec_fn=die_with_parent,
        )

    def ready(self, page: str) -> None:
        """Nothing to do: no page is written after ``start``."""

    def wait(self) -> Report:
        """How the build went; raises ZensicalFailed with Zensical's complaints."""
        assert self.process is not None, "start() first"
        out, err = self.process.communicate()
        messages = issues(err)
        try:
            report = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            tail = [line for line in _COLOUR.sub("", err).strip().splitlines() if line.strip()]
            raise ZensicalFailed(
                [*messages, f"zensical build stopped (exit {self.process.returncode})", *tail[-1:]]
            ) from None
        if report["failed"]:
            raise ZensicalFailed([*messages, report["message"]])
        return Report(messages, self.sent, report["ready"], report["began"], report["ended"])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _child(arguments: list[str]) -> int:
    """Build the config ``arguments[0]`` (``--strict``: fail on any warning) and print a
    JSON line: whether it failed and why, and when (wall clock) it was ready and built."""
    config = os.path.abspath(arguments[0])
    strict = "--strict" in arguments[1:]
    import zensical

    ready = began = time.time()
    failed, message = False, ""
    try:
        # The options of `zensical build`: its cache lives beside the config.
        zensical.build(config, {"clean": False, "strict": strict})
    except Exception as err:  # Zensical's own errors are RuntimeErrors and ClickExceptions
        failed, message = True, str(getattr(err, "message", "") or err)
    ended = time.time()
    sys.stdout.flush()
    print(
        json.dumps(
            {"failed": failed, "message": message, "ready": ready, "began": began, "ended": ended}
        ),
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
