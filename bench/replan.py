"""Re-planning after a change: does confsite move the fewest sessions, and how fast?

    python bench/replan.py [--sizes 50x3x2,100x5x3] [--seed 1] [--time-limit 60]
                           [--perturb 300x10x3] [--cases 20]

Part 1, against the anchor. For each size: generate a conference (bench/generate.py),
plan it from scratch, then make the speaker of the first placed parallel talk unavailable
on that talk's day and plan again, once against the previous plan (the default: moves cost
``stability``) and once with ``--fresh`` (no previous plan). Prints the sessions moved and
the time of each. The anchor (PyCon UK's scheduler): from scratch 48 of 50 and 100 of 100
moved; with its change-minimising objective 2 of 50 (4.2 s) and 1 of 100 (17.5 s).

Part 2, random changes (``--perturb``, ``--cases``; ``--cases 0`` skips it). One conference
of the given size is planned once; then each case applies one random change to a copy (a
speaker unavailable for a day, a room removed, a session added, a session lengthened) and
re-plans against the first plan with the default weights. The fewest moves possible is
found by a second solve that minimises moves alone (every other weight zero, every room
open, no gap). Prints each case, the moves against that minimum, the times, and a summary.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from confsite.load.loader import load_content  # noqa: E402
from confsite.plan.planner import fewest_moves, plan  # noqa: E402
from confsite.problems import ContentError  # noqa: E402


def moved(before: dict, after: dict) -> int:
    return sum(1 for ident, place in before.items() if after.get(ident) != place)


def lose_a_day(folder: Path, agenda: dict) -> str:
    """Make one talk's only speaker unavailable on the talk's day; return the talk's id."""
    content = load_content(folder)
    for ident, place in sorted(agenda.items()):
        session = content.session[ident]
        if session.kind == "talk" and len(session.people) == 1 and session.pin is None:
            speaker = session.people[0]
            path = folder / "speakers" / f"{speaker}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            availability = data.setdefault("availability", {})
            availability.pop("only", None)
            availability.setdefault("not", []).append({"day": place.day})
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            return ident
    raise SystemExit("no single-speaker talk to change")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def speaker_unavailable(rng: random.Random, folder: Path, agenda: dict) -> str:
    content = load_content(folder)
    choices = [
        ident
        for ident, place in sorted(agenda.items())
        if content.session[ident].kind == "talk"
        and content.session[ident].pin is None
        and len(content.session[ident].people) == 1
        and not content.speaker[content.session[ident].people[0]].availability.only
    ]
    ident = rng.choice(choices)
    speaker = content.session[ident].people[0]
    path = folder / "speakers" / f"{speaker}.yaml"
    data = _load(path)
    data.setdefault("availability", {}).setdefault("not", []).append({"day": agenda[ident].day})
    _dump(path, data)
    return f"{speaker} away on {agenda[ident].day} ({ident})"


def room_removed(rng: random.Random, folder: Path, agenda: dict) -> str:
    content = load_content(folder)
    named = {held.room for t in content.tracks.tracks for held in t.held_rooms}
    named |= {r for _, s in content.sessions for r in s.needs.rooms}
    named |= {s.pin.room for _, s in content.sessions if s.pin and s.pin.room}
    used = {place.room for place in agenda.values()}
    choices = sorted(
        room.id
        for room in content.venue.rooms
        if room.id not in named and room.id in used and "lab_desks" not in room.features
    )
    rng.shuffle(choices)
    venue_text = (folder / "venue.yaml").read_text(encoding="utf-8")
    grid_text = (folder / "timeslots.yaml").read_text(encoding="utf-8")
    for room in choices:
        venue = _load(folder / "venue.yaml")
        venue["rooms"] = [r for r in venue["rooms"] if r["id"] != room]
        _dump(folder / "venue.yaml", venue)
        grid = _load(folder / "timeslots.yaml")
        for day in grid.get("days", []):
            if "rooms" in day:
                day["rooms"] = [r for r in day["rooms"] if r != room]
        _dump(folder / "timeslots.yaml", grid)
        try:
            load_content(folder)
        except ContentError:  # the content needs the room (the largest, say): try another
            (folder / "venue.yaml").write_text(venue_text, encoding="utf-8")
            (folder / "timeslots.yaml").write_text(grid_text, encoding="utf-8")
            continue
        gone = sum(1 for place in agenda.values() if place.room == room)
        return f"room {room} removed ({gone} sessions in it)"
    raise SystemExit("no room can be removed")


def session_added(rng: random.Random, folder: Path, agenda: dict) -> str:
    content = load_content(folder)
    talks = [
        i
        for i, s in content.sessions
        if s.kind == "talk" and s.pin is None and not s.after and len(s.people) == 1
    ]
    model = rng.choice(talks)
    data = _load(folder / "sessions" / f"{model}.yaml")
    data["title"] = f"Added talk like {model}"
    speaker = _load(folder / "speakers" / f"{data['speakers'][0]}.yaml")
    speaker.pop("availability", None)
    speaker["name"] = "Added Speaker"
    _dump(folder / "speakers" / "added-speaker.yaml", speaker)
    data["speakers"] = ["added-speaker"]
    data.pop("moderators", None)
    _dump(folder / "sessions" / "added-talk.yaml", data)
    return f"a talk like {model} added"


def session_lengthened(rng: random.Random, folder: Path, agenda: dict) -> str:
    content = load_content(folder)
    talks = [
        i
        for i in sorted(agenda)
        if content.session[i].kind == "talk"
        and content.session[i].length == 30
        and content.session[i].pin is None
    ]
    ident = rng.choice(talks)
    path = folder / "sessions" / f"{ident}.yaml"
    data = _load(path)
    data["length"] = 60
    _dump(path, data)
    return f"{ident} 30 → 60 min"


CHANGES: tuple[Callable[[random.Random, Path, dict], str], ...] = (
    speaker_unavailable,
    room_removed,
    session_added,
    session_lengthened,
)


def fewest(folder: Path, previous: dict, time_limit: float) -> tuple[int | None, float]:
    """The fewest moves any valid agenda needs, and the seconds it took to prove."""
    started = time.perf_counter()
    count = fewest_moves(load_content(folder), previous, time_limit=time_limit)
    return count, time.perf_counter() - started


def perturbations(size: str, cases: int, seed: int, time_limit: float) -> None:
    sessions, rooms, days = (int(part) for part in size.split("x"))
    rng = random.Random(seed)
    print()
    print(f"Random changes to a {sessions}-session, {rooms}-room, {days}-day conference")
    print()
    print("| # | change | moved | fewest possible | re-plan s | status | fewest-moves solve s |")
    print("|---|---|---|---|---|---|---|")
    times: list[float] = []
    matched = 0
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary) / "base"
        generate(base, sessions, rooms, days, seed)
        started = time.perf_counter()
        first = plan(load_content(base), time_limit=time_limit)
        print(f"(first plan: {time.perf_counter() - started:.1f} s, {first.outcome.status})")
        print()
        for case in range(1, cases + 1):
            change = CHANGES[(case - 1) % len(CHANGES)]
            folder = Path(temporary) / f"case{case}"
            shutil.copytree(base, folder)
            what = change(rng, folder, first.agenda)
            started = time.perf_counter()
            try:
                again = plan(load_content(folder), previous=first.agenda, time_limit=time_limit)
            except Exception as err:
                print(f"| {case} | {what} | — | — | — | {type(err).__name__} | — |")
                continue
            seconds = time.perf_counter() - started
            times.append(seconds)
            kept = {i: p for i, p in first.agenda.items() if i in again.agenda}
            count = moved(kept, again.agenda)
            least, least_s = fewest(folder, kept, time_limit * 5)
            matched += least is not None and count == least
            print(
                f"| {case} | {what} | {count} | {least if least is not None else '?'} | "
                f"{seconds:.1f} | {again.outcome.status} | {least_s:.1f} |"
            )
    if times:
        print()
        print(
            f"moves equal to the fewest possible in {matched} of {cases} cases; re-plan time "
            f"median {statistics.median(times):.1f} s, max {max(times):.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50x3x2,100x5x3")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--perturb", default="300x10x3", help="size of the random-change run")
    parser.add_argument("--cases", type=int, default=20, help="random changes (0: none)")
    args = parser.parse_args()
    print(
        "| talks, rooms, days | first plan s | changed talk "
        "| re-plan: moved | s | fresh: moved | s |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in filter(None, args.sizes.split(",")):
        sessions, rooms, days = (int(part) for part in size.split("x"))
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary) / "content"
            generate(folder, sessions, rooms, days, args.seed)
            started = time.perf_counter()
            first = plan(load_content(folder), time_limit=args.time_limit)
            first_s = time.perf_counter() - started
            talk = lose_a_day(folder, first.agenda)
            changed = load_content(folder)
            started = time.perf_counter()
            again = plan(changed, previous=first.agenda, time_limit=args.time_limit)
            again_s = time.perf_counter() - started
            started = time.perf_counter()
            fresh = plan(changed, time_limit=args.time_limit)
            fresh_s = time.perf_counter() - started
            print(
                f"| {sessions}, {rooms}, {days} | {first_s:.1f} | {talk} | "
                f"{moved(first.agenda, again.agenda)} of {len(first.agenda)} | {again_s:.1f} | "
                f"{moved(first.agenda, fresh.agenda)} of {len(first.agenda)} | {fresh_s:.1f} |"
            )

    if args.cases:
        perturbations(args.perturb, args.cases, args.seed, args.time_limit)


if __name__ == "__main__":
    main()
