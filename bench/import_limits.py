"""Time and peak memory of every hostile import (tests/test_hostile_imports.py), and of
the largest sources the limits let through. Each must end in under 10 s and 500 MB.

    python bench/import_limits.py [--full-size] [--only NAME]

``--full-size`` adds the sizes once reported: a 252 MB frab file (it took 12 GB) and a
workbook that inflates to 2 GB. Each import runs as its own process, as a user runs it;
time is wall clock (Python start-up included), memory the process's peak resident size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confsite.cosplib.workbook import MAX_INFLATED_BYTES  # noqa: E402
from confsite.importers.limits import MAX_SESSIONS, MAX_SOURCE_BYTES  # noqa: E402
from tests.test_hostile_imports import (  # noqa: E402
    CASES,
    FRAB_EVENT,
    Hostile,
    big_frab_xml,
    submission,
    workbook_bomb,
    write_json,
)

SECONDS = 10
MEGABYTES = 500


def clashing_frab(path: Path) -> Path:
    """As many events as an import takes, all in one room at once, each with its own
    speaker: the most sessions, speakers and conflicts the limits let through."""
    events = "".join(FRAB_EVENT.format(n=n) for n in range(MAX_SESSIONS))
    path.write_text(
        "<schedule><conference><title>Clash</title></conference>"
        f'<day date="2025-01-01"><room name="A">{events}</room></day></schedule>',
        encoding="utf-8",
    )
    return path


def long_abstracts(path: Path) -> Path:
    """As many events as an import takes, their abstracts filling the file to just under
    the size cap: the most text an import sanitises and writes."""
    room = MAX_SESSIONS // 50
    size = (MAX_SOURCE_BYTES - 2**20) // MAX_SESSIONS - 300  # the rest of an event
    words = ("A sentence of an abstract, with &lt;b&gt;some&lt;/b&gt; markup. " * 99)[:size]
    words = words[: words.rfind(".") + 1]  # no entity cut in half
    events = "".join(
        FRAB_EVENT.format(n=n)
        .replace(
            "<start>09:00</start>", f"<start>{9 + n % room // 10:02d}:{n % 10 * 5:02d}</start>"
        )
        .replace("<room>A</room>", f"<room>R{n // room}</room><abstract>{words}</abstract>")
        for n in range(MAX_SESSIONS)
    )
    path.write_text(
        "<schedule><conference><title>Long</title></conference>"
        f'<day date="2025-01-01"><room name="A">{events}</room></day></schedule>',
        encoding="utf-8",
    )
    return path


def many_waiting(path: Path) -> Path:
    """As many unscheduled pretalx submissions as an import takes, each a day long."""
    return write_json(path, [submission(f"S{n}", duration=1440) for n in range(MAX_SESSIONS)])


def just_under_cap(path: Path) -> Path:
    return big_frab_xml(path, MAX_SOURCE_BYTES - 64 * 1024)


def empty_objects(path: Path) -> Path:
    """Just under the size cap, the JSON that takes the most memory to parse: empty
    objects (64 bytes of Python each for 3 bytes of JSON)."""
    path.write_text("[" + "{}," * ((MAX_SOURCE_BYTES - 64) // 3) + "{}]", encoding="utf-8")
    return path


def many_talks(path: Path) -> Path:
    """As many unscheduled talks as an import takes, in 20 rooms, each with a speaker."""
    rooms = [{"id": n, "name": f"Room {n}", "capacity": 100} for n in range(20)]
    talks = [
        submission(f"S{n}", speakers=[{"code": f"P{n}", "name": f"Speaker {n}"}])
        for n in range(MAX_SESSIONS)
    ]
    return write_json(path, [*rooms, *talks])


EXTRA: dict[str, Hostile] = {
    "frab-5000-clashing": Hostile("frab", lambda f: clashing_frab(f / "clash.xml"), "", code=0),
    "frab-5000-long-abstracts": Hostile(
        "frab", lambda f: long_abstracts(f / "long.xml"), "", code=0
    ),
    "pretalx-5000-day-long": Hostile(
        "pretalx", lambda f: many_waiting(f / "waiting.json"), "", code=0
    ),
    "frab-xml-just-under-cap": Hostile("frab", lambda f: just_under_cap(f / "s.xml"), ""),
    "pretalx-json-of-empty-objects": Hostile("pretalx", lambda f: empty_objects(f / "s.json"), ""),
    "pretalx-5000-talks": Hostile("pretalx", lambda f: many_talks(f / "s.json"), "", code=0),
    "workbook-just-under-cap": Hostile(
        "cosplib", lambda f: workbook_bomb(f / "rows.xlsx", MAX_INFLATED_BYTES - 2**20), ""
    ),
}
FULL_SIZE: dict[str, Hostile] = {
    "frab-xml-252MB": Hostile(
        "frab", lambda f: big_frab_xml(f / "s.xml", 252 * 1024 * 1024), "too large"
    ),
    "workbook-bomb-2GB": Hostile(
        "cosplib", lambda f: workbook_bomb(f / "bomb.xlsx", 2 * 1024**3), "inflates"
    ),
}


# Runs the command given and prints its peak resident size. A child's peak starts from
# its parent's size when it forks, so the import is started by this small process, not by
# the benchmark, which holds the sources it wrote.
LAUNCHER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=sys.stdout, stderr=sys.stdout, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(case: Hostile, folder: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, last line of output) of one import."""
    source = case.make(folder)
    command = ["import", case.command, str(source), "--into", str(folder / "content")]
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "confsite", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    *lines, peak = result.stdout.strip().splitlines()
    return seconds, int(peak) / 1024, (lines[-1] if lines else "")


def run(cases: dict[str, Hostile], keep: Callable[[str], bool]) -> bool:
    ok = True
    for name, case in cases.items():
        if not keep(name):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            seconds, peak, last = measure(case, Path(scratch))
        within = seconds < SECONDS and peak < MEGABYTES
        ok &= within
        print(
            f"{name:32} {seconds:6.2f} s {peak:6.0f} MB  "
            f"{'ok ' if within else 'OVER'}  {last[:110]}",
            flush=True,
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-size", action="store_true", help="also the 252 MB / 2 GB cases")
    parser.add_argument("--only", help="run the cases whose name contains this")
    args = parser.parse_args()
    cases = {**CASES, **EXTRA, **(FULL_SIZE if args.full_size else {})}
    ok = run(cases, lambda name: not args.only or args.only in name)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
