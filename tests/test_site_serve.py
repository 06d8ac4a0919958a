"""`confsite serve`: the preview shows an edit to the content without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import confsite

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.3)
    return False


def test_an_edited_session_title_appears_in_the_preview(tmp_path: Path) -> None:
    assert confsite("init", tmp_path / "content", "--lang", "en").returncode == 0
    session = sorted((tmp_path / "content" / "sessions").glob("*.yaml"))[0]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "confsite", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONUTF8": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sessions/{session.stem}/"
    try:
        assert _wait_for(url, "<html", 60), "the preview did not come up"
        text = session.read_text(encoding="utf-8")
        lines = text.splitlines()
        index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
        lines[index] = "title: A title edited while the preview runs"
        session.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert _wait_for(url, "A title edited while the preview runs", 30)
        # A mistake is reported and the preview keeps the last good version.
        session.write_text(text.replace("length:", "length: -5\nlengthx:"), encoding="utf-8")
        time.sleep(3)
        assert "A title edited while the preview runs" in _get(url)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "regenerated" in output
    assert f"{session.name}:" in output and "keeps the last good version" in output
