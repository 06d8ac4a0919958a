"""Shared fixtures: the example content, and running the real ``confsite`` command."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def confsite(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> Run:
    """Run the installed command line as a user would, in a separate process."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "confsite", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def run_confsite():
    return confsite


@pytest.fixture(scope="session")
def example() -> Path:
    return EXAMPLE


def build_example(site: Path, **options: Any) -> Any:
    """Build the example into ``site`` in this process, as `confsite build` does, at a
    fixed SOURCE_DATE_EPOCH; returns the build's result."""
    from confsite.site.build import build_site

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1800000000"
    try:
        return build_site(EXAMPLE, site_dir=site, **options)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example conference built once, as `confsite build` builds it (in this process)."""
    site = tmp_path_factory.mktemp("example-site") / "site"
    build_example(site)
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, driven by Playwright; one for the whole session, since
    Playwright's synchronous API runs one at a time (the browser tests of the MkDocs and
    the Zensical site share it)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests drive Debian's "
            "chromium (Playwright's own browsers are not downloaded). Install it with "
            "`apt-get install chromium fonts-wqy-microhei` (with sudo if you are not root).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that moves on mid-download breaks the pipe: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1 while the block runs; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
