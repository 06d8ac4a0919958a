"""Running a real MkDocs build in this process, and turning its complaints into errors."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from confsite.interrupt import die_with_parent


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
    import sys

    # jieba imports setuptools' pkg_resources (about half of what this process loads
    # before it can build) only to open its own dictionary, and opens it by its path when
    # pkg_resources is missing: it is hidden while jieba is imported.
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover - jieba is a dependency; search still works
        pass
    finally:
        if hidden and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]


def load_jieba_dictionary() -> None:
    """Load jieba's dictionary now rather than at the first Chinese page. jieba
    unmarshals its cached dictionary straight from the open file, which takes 1.7 s on
    this machine; read whole first, the same cache unmarshals in 0.5 s. Only jieba's own
    cache of its default dictionary is read this way; anything else, or anything
    unexpected in the file, is left to jieba."""
    import marshal
    import tempfile

    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency
        return
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return
    if tokenizer.dictionary == jieba.DEFAULT_DICT and not tokenizer.cache_file:
        cache = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
        try:
            freq, total = marshal.loads(cache.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
        else:
            if isinstance(freq, dict) and isinstance(total, int | float) and freq:
                with tokenizer.lock:
                    tokenizer.FREQ, tokenizer.total = freq, total
                    tokenizer.initialized = True
                return
    tokenizer.initialize()  # jieba's own load, which builds the cache when there is none


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


@dataclass(frozen=True)
class Report:
    """How an MkDocs (or Zensical: ``zensical_run``) process built: its warnings, and when
    (wall clock, ``time.time``) the config was handed over (``sent``), the process was
    ready for it (``ready``), and the build began and ended."""

    messages: list[str]
    sent: float
    ready: float
    began: float
    ended: float

    @property
    def seconds(self) -> float:
        """The build's own time."""
        return self.ended - self.began


class Running:
    """A ``mkdocs build`` in a child process, so that languages build side by side and
    confsite's own work (calendars) overlaps with MkDocs'. The child starts at once and
    loads MkDocs, Material and (for Chinese) jieba's dictionary while confsite is still
    reading the content; ``start`` then hands it the config to build."""

    def __init__(self, lang: str, *, strict: bool = True) -> None:
        import subprocess
        import sys

        self.sent = 0.0  # when ``start`` handed over the config (wall clock)
        command = [sys.executable, "-m", "confsite.site.mkdocs_run", lang]
        if not strict:
            command.append("--no-strict")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"},
            preexec_fn=die_with_parent,
        )

    def start(self, config_file: Path, pages: list[str] | None = None) -> None:
        """Build ``config_file``; ``pages`` are written into its docs folder meanwhile,
        each announced with ``ready`` (see ``page_stream``)."""
        import json
        import time

        self.sent = time.time()
        self._say(json.dumps({"config": str(config_file), "pages": pages or []}))

    def ready(self, page: str) -> None:
        """The page ``page`` (one of ``start``'s) is written."""
        import json

        self._say(json.dumps(page))

    def _say(self, line: str) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # MkDocs stopped; ``wait`` tells why

    def wait(self) -> Report:
        """How the build went (see ``Report``); raises MkDocsFailed."""
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
        return Report(
            report["messages"], self.sent, report["ready"], report["began"], report["ended"]
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def site_languages(content_dir: Path) -> tuple[str, ...]:
    """The site languages as conference.yaml gives them, read quickly and leniently (the
    full check comes later); both when the file cannot be read."""
    import yaml

    try:
        data = yaml.safe_load((content_dir / "conference.yaml").read_text(encoding="utf-8"))
        languages = tuple(lang for lang in data.get("languages", ["zh"]) if lang in ("zh", "en"))
        return languages or ("zh",)
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return ("zh", "en")


def get_ready(content_dir: Path, *, strict: bool = True) -> dict[str, Running]:
    """One MkDocs process per site language, started now. Each imports MkDocs and
    Material, and a Chinese one loads jieba's dictionary (1-2 s on this machine), while
    confsite imports its own modules and reads the content; ``build_site`` then hands each
    its config."""
    return {lang: Running(lang, strict=strict) for lang in site_languages(content_dir)}


def _child(arguments: list[str]) -> int:
    """Get ready to build (imports, jieba), then build the config named on stdin (a JSON
    line: the config and the pages still to be written, announced on stdin after it)."""
    import json
    import sys
    import time

    lang = arguments[0]
    strict = "--no-strict" not in arguments
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    quiet_jieba()
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build
    import mkdocs.config  # noqa: F401

    if lang == "zh":
        load_jieba_dictionary()
    ready = time.time()  # wall clock: the parent compares it with its own
    line = sys.stdin.readline().strip()
    if not line:
        return 0  # the parent gave up before building
    began = time.time()
    order = json.loads(line)
    if order["pages"]:
        from confsite.site import page_stream

        page_stream.expect(order["pages"], sys.stdin)
    try:
        messages = run_build(Path(order["config"]), strict=strict)
    except MkDocsFailed as err:
        print(json.dumps({"failed": True, "messages": err.messages}))
        return 1
    print(
        json.dumps(
            {
                "failed": False,
                "messages": messages,
                "ready": ready,
                "began": began,
                "ended": time.time(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    import sys

    code = _child(sys.argv[1:])
    # The report is out and MkDocs has closed every file it wrote. A normal exit would
    # now free the whole build (every page, the search index) object by object, while
    # the build waits for this process to end.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
