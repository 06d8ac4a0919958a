"""How long `confsite check` takes: on the example, on a generated 1,000-session
conference, and on each hostile file (each must stay under 2 s).

    python bench/check_speed.py [--sessions 1000] [--repeat 3]

Times are wall-clock for the whole command (Python start-up included), best of --repeat.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from tests.test_hostile_files import CASES  # noqa: E402


def timed(content: Path, repeat: int) -> tuple[float, int]:
    best = float("inf")
    code = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "confsite", "check", "--content", str(content)],
            capture_output=True,
        )
        best = min(best, time.perf_counter() - started)
        code = result.returncode
    return best, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seconds, code = timed(ROOT / "content", args.repeat)
        rows.append(("example content/", seconds, code))
        big = work / "big"
        rooms = max(4, round(args.sessions * 30 / 1000))
        generate(big, sessions=args.sessions, rooms=rooms, days=4, seed=1)
        seconds, code = timed(big, args.repeat)
        rows.append((f"generated {args.sessions} sessions, {rooms} rooms, 4 days", seconds, code))
        for name, (make, _words) in sorted(CASES.items()):
            root = work / name
            shutil.copytree(ROOT / "content", root)
            make(root / "venue.yaml")
            seconds, code = timed(root, args.repeat)
            rows.append((f"hostile venue.yaml: {name}", seconds, code))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'input':<{width}}  {'seconds':>8}  exit")
    for name, seconds, code in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {code}")


if __name__ == "__main__":
    main()
