"""How long the promotion kit takes, and how much memory (not run in CI).

    python bench/promo.py [--sessions 500] [--rooms 13] [--days 3] [--seed 1] [--example]

For the example conference (``--example``, the default when no size is given) and for a
generated conference of ``--sessions`` sessions in both languages (bench/generate.py,
planned with ``confsite plan``), runs ``confsite promo`` twice, each in a process of its
own so that its peak memory (``ru_maxrss`` of the child) is its own:

* **cold**: an empty card cache (``CONFSITE_CACHE_DIR`` pointing at a new folder), so
  every card is drawn;
* **warm**: the same cache again, so no card is drawn (what a rebuild after an edit
  costs, except the cards of what the edit touched).

The generated conference gets the example's channels, hashtags and timeline. Prints a
Markdown table: conference, sessions, languages, cards (drawn), posts, files, the kit's
size on disk (its zip included), seconds and peak MB per run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import number  # noqa: E402
from bench.generate import generate  # noqa: E402

CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from confsite.promo import write_kits
began = time.perf_counter()
result = write_kits(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - began
size = sum(f.stat().st_size for f in Path(sys.argv[2]).rglob("*") if f.is_file())
print(json.dumps({
    "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "files": sum(len(kit.files) for kit in result.kits),
    "mb": size / 1e6,
    "cards": sum(kit.cards_total for kit in result.kits),
    "drawn": sum(kit.cards_drawn for kit in result.kits),
    "posts": sum(len(kit.posts) for kit in result.kits),
    "languages": len(result.kits),
}))
"""


def measure(content: Path, out: Path, cache: Path) -> dict[str, float]:
    env = {"CONFSITE_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1800000000"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(content), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def sessions_of(content: Path) -> int:
    return len(list((content / "sessions").glob("*.yaml")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=None)
    parser.add_argument("--rooms", type=int, default=13)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--example", action="store_true", help="measure the example too")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        targets = []
        if args.example or args.sessions is None:
            targets.append(("example", ROOT / "content"))
        if args.sessions:
            folder = work / "generated" / "content"
            print(f"… generating {args.sessions} sessions", file=sys.stderr)
            generate(folder, args.sessions, args.rooms, args.days, args.seed)
            _promotion(folder)
            subprocess.run(
                [sys.executable, "-m", "confsite", "plan", "--content", str(folder), "-q"],
                check=True,
                capture_output=True,
            )
            targets.append((f"generated ({args.rooms} rooms, {args.days} days)", folder))
        for name, content in targets:
            cache = work / f"cache-{len(rows)}"
            for label in ("cold", "warm"):
                print(f"… {name}: {label}", file=sys.stderr)
                result = measure(content, work / f"kit-{len(rows)}-{label}", cache)
                rows.append((name, sessions_of(content), label, result))
    print(
        "| conference | sessions | cache | languages | cards (drawn) | posts | files | MB "
        "| s | peak MB |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, sessions, label, r in rows:
        print(
            f"| {name} | {sessions} | {label} | {r['languages']} | {r['cards']} ({r['drawn']}) "
            f"| {r['posts']} | {r['files']} | {number(r['mb'])} | {number(r['seconds'])} "
            f"| {number(r['peak_mb'])} |"
        )
    print(f"\n(load average at the end: {', '.join(f'{x:.2f}' for x in _load())})")


def _promotion(folder: Path) -> None:
    """The example's channels, hashtags and timeline (without the example's own people
    and sessions), so the generated conference gets posts on every channel too."""
    import yaml

    data = yaml.safe_load((ROOT / "content" / "promotion.yaml").read_text(encoding="utf-8"))
    data["timeline"] = [
        {key: value for key, value in entry.items() if key != "subject"}
        for entry in data["timeline"]
    ]
    (folder / "promotion.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _load() -> tuple[float, float, float]:
    return os.getloadavg()


if __name__ == "__main__":
    main()
