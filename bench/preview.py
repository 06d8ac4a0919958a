"""How soon `confsite serve` shows an edit: the time from saving a session file to the
new text being served.

    python bench/preview.py [--sessions 500] [--rooms 13] [--days 3] [--edits 5] [--full]
                            [--plan-limit 120]

Generates a conference (bench/generate.py), plans it (``--plan-limit`` seconds), starts
`confsite serve` in its own process, waits for the first page, then edits one session's
title at a time and polls the session's page every 20 ms until the new title is served.
Prints each edit's delay and the median. The target (issue "Plan changes"): under 2 s
on a 500-session conference.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float) -> float | None:
    """Seconds until ``text`` is served at ``url`` (None after ``limit`` seconds)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--rooms", type=int, default=13)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="serve with --full")
    parser.add_argument(
        "--plan-limit",
        type=float,
        default=120,
        help="seconds for planning the generated conference (any valid plan will do)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "content"
        generate(folder, args.sessions, args.rooms, args.days, args.seed)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "confsite",
                "plan",
                "--content",
                str(folder),
                "-q",
                "--time-limit",
                str(args.plan_limit),
            ],
            check=True,
            capture_output=True,
        )
        port = free_port()
        command = [sys.executable, "-m", "confsite", "serve", "--content", str(folder)]
        command += ["-a", f"127.0.0.1:{port}", *(["--full"] if args.full else [])]
        log = open(Path(temporary) / "serve.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            sessions = sorted((folder / "sessions").glob("*.yaml"))
            target = sessions[len(sessions) // 2]
            url = f"http://127.0.0.1:{port}/sessions/{target.stem}/"
            started = time.perf_counter()
            first = wait_for(url, "<html", 600)
            if first is None:
                raise SystemExit("the preview did not start in 10 minutes")
            print(f"first preview after {time.perf_counter() - started:.1f} s")
            time.sleep(2)
            delays = []
            for edit in range(1, args.edits + 1):
                data = yaml.safe_load(target.read_text(encoding="utf-8"))
                title = f"Edited title number {edit}"
                data["title"] = title
                target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
                delay = wait_for(url, title, 60)
                delays.append(delay if delay is not None else float("inf"))
                print(f"edit {edit}: visible after {delays[-1]:.2f} s")
                time.sleep(1)
            print(
                f"{args.sessions} sessions{' (--full)' if args.full else ''}: median "
                f"{statistics.median(delays):.2f} s, max {max(delays):.2f} s"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        # The server's own account of each rebuild (regenerating and MkDocs, without the
        # time to notice the save and to serve the page).
        for line in (Path(temporary) / "serve.log").read_text(encoding="utf-8").splitlines():
            if "regenerated" in line:
                print(f"  serve: {line.strip()}")


if __name__ == "__main__":
    main()
