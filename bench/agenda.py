"""How the agenda planner scales, and how it compares with an anchor (not run in CI).

    python bench/agenda.py [--sizes 100x5x3,400x10x3,1000x30x4] [--solver highs,cbc]
                           [--time-limit 300] [--gap 0.01] [--anchor/--no-anchor]
                           [--anchor-limit 300] [--anchor-tracks/--no-anchor-tracks]
                           [--memory-limit 16] [--seed 1] [--workdir DIR] [--json FILE]

A size ``SxRxD`` is S sessions ("talks" in the table), R rooms and D days. For each size
``bench/generate.py`` writes a synthetic content folder (cached under ``--workdir``, and
written again when generate.py changes), then every run happens in a child process of its
own, so that its memory can be measured:

* **confsite**, once per ``--solver``: ``confsite.plan.planner.plan(content, solver=...,
  time_limit=..., gap=...)`` on the generated content, the full model (hard rules and every
  weighted soft goal of planning.yaml). The table gives the model's variables and
  constraints, its build time, the solver's time, the status and gap the solver reached,
  and the weighted cost of each soft goal measured on the agenda
  (``clash`` attendee interest clashes, ``track`` same-track sessions in parallel, ``rooms``
  extra rooms per track and day, ``days`` extra days per track, ``overflow`` attendees
  without a seat, ``empty`` empty seats, ``prefs`` speakers outside a preferred time).
* **the anchor** (with ``--anchor``, the default): PyCon UK's ``conference-scheduler``
  (PyPI ``conference-scheduler`` 3.0.x, PuLP + CBC, ``pip install -e '.[bench]'``), asked
  only for a *feasible* schedule (no objective) of the same content through its public
  API, ``conference_scheduler.scheduler.solution(events, slots, solver=COIN_CMD)`` (CBC
  from ``pulp[cbc]``).
  It is killed at ``--anchor-limit`` seconds (status ``timeout``); CBC is also given the
  time that is left once the anchor has built its model.

How the content becomes the anchor's instance:

* one ``Slot`` per day, open room and 30-minute parallel slot (venue = room id, capacity =
  the room's seats, session = day, run and room), and one ``Slot`` per 45-minute plenary
  slot in the day's largest open room, which is where confsite puts a plenary session;
* one ``Event`` per session, with the session's audience as demand. The anchor has only
  one-slot events (an event fits a slot at least as long as itself), so every session
  longer than its kind's slot -- the 60/90-minute workshops, 60-minute panels and case
  studies -- becomes a one-slot event of 30 minutes. That makes the anchor's instance
  *easier* than confsite's in every respect but the track rule below;
* slot unavailability (the anchor's ``X[i,j] <= 0``) for every slot that confsite would
  also refuse: a plenary slot for a parallel session and the other way round, a room
  without the features, seats or id the session needs, a room closed that day or held for
  another track, a pin's day, time or room, and a speaker or moderator who cannot come
  at that time (``availability.only``/``not``) -- checked with confsite's own rules
  (``confsite.plan.grid.Timeline``);
* event unavailability between every two sessions that share a speaker or moderator;
* with ``--anchor-tracks`` (the default) the session's track as its one tag: the anchor
  never runs two events sharing a tag at once. In confsite a track in parallel is a soft
  goal (``same_track_parallel``), so this rule is *harder* than confsite's; when a track
  has more sessions than there are parallel start times, the anchor's instance is
  infeasible by counting, and the table's note says so;
* left out, as the anchor has no such rules: ``after`` orders, the speakers' buffer
  between rooms, preferred times, attendee interest and every other soft goal.

``anchor/confsite`` is the anchor's time (building its model and CBC, not loading the
content) divided by confsite's ``plan()`` time (build, solve, validation, measurement)
for that row; ``>`` when the anchor was killed at its limit. It compares a feasibility
run with an optimisation that stops at ``--gap`` or ``--time-limit``, so a small ratio on
small instances is expected; what it shows is how the two grow.

Peak MB is the most memory the run's process tree held at once: the larger of the sum of
the resident sets of the child and its own children (the CBC program), sampled every
0.1 s, and the child's own ``ru_maxrss`` from ``os.wait4``. A run whose tree exceeds
``--memory-limit`` GiB is killed (status ``out of memory``) to keep the machine alive.
confsite runs are killed, status ``timeout``, after ``2 x time-limit + 600`` s.

The table is printed as Markdown on standard output, progress on standard error;
``--json FILE`` writes every row with all its measurements. The machine the project plans
for has 2 cores and 24 GiB: with the default limits the default sizes take up to about
80 minutes there, as every run stops at its limit.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import number, say, versions  # noqa: E402

if TYPE_CHECKING:
    from confsite.model.content import Content

DEFAULT_SIZES = "50x3x2,100x5x3,200x8x3,400x10x3,1000x30x4"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "confsite-bench-agenda"
POLL = 0.1  # seconds between two looks at a running child
LOAD_LIMIT = 600.0  # seconds a child may take to load the content before its timed work
ANCHOR_GRACE = 5.0  # seconds past --anchor-limit before the anchor is killed
SHORT = {
    "interest_clash": "clash",
    "same_track_parallel": "track",
    "track_room_changes": "rooms",
    "track_days": "days",
    "room_overflow": "overflow",
    "room_empty": "empty",
    "speaker_preference": "prefs",
    "stability": "moves",
}
DAY = 24 * 60


@dataclass(frozen=True)
class Size:
    sessions: int
    rooms: int
    days: int

    @classmethod
    def parse(cls, text: str) -> Size:
        try:
            sessions, rooms, days = (int(part) for part in text.lower().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"bad size {text!r}: want SESSIONSxROOMSxDAYS, e.g. 100x5x3"
            ) from None
        if min(sessions, rooms, days) < 1:
            raise argparse.ArgumentTypeError(f"bad size {text!r}: every number must be >= 1")
        return cls(sessions, rooms, days)

    @property
    def label(self) -> str:
        return f"{self.sessions}x{self.rooms}x{self.days}"


@dataclass
class Row:
    """One run: confsite with one solver, or the anchor."""

    size: str
    sessions: int
    rooms: int
    days: int
    runner: str  # confsite or anchor
    solver: str
    status: str = "error"
    variables: int | None = None
    constraints: int | None = None
    build_seconds: float | None = None
    solve_seconds: float | None = None
    total_seconds: float | None = None  # plan() for confsite, build + solve for the anchor
    wall_seconds: float | None = None  # the child process, start to end
    peak_mb: float | None = None
    gap: float | None = None
    objective: float | None = None
    bound: float | None = None
    costs: dict[str, float] = field(default_factory=dict)
    ratio: str = ""
    note: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Instances
# --------------------------------------------------------------------------------------


PACKAGES = (
    "confsite",
    "pulp",
    "highspy",
    "conference-scheduler",
)  # whose versions the table reports


def generator_stamp() -> str:
    return hashlib.sha256((ROOT / "bench" / "generate.py").read_bytes()).hexdigest()[:16]


def instance(workdir: Path, size: Size, seed: int) -> tuple[Path, list[str]]:
    """The generated content folder for a size (made once per generator version)."""
    from bench.generate import generate

    folder = workdir / "instances" / f"{size.label}-seed{seed}"
    stamp_file = folder / ".bench-stamp.json"
    stamp = generator_stamp()
    if stamp_file.is_file():
        saved = json.loads(stamp_file.read_text(encoding="utf-8"))
        if saved.get("stamp") == stamp:
            return folder, list(saved.get("warnings", []))
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        generate(folder, size.sessions, size.rooms, size.days, seed, force=True)
    notes = [str(item.message) for item in caught]
    stamp_file.write_text(json.dumps({"stamp": stamp, "warnings": notes}), encoding="utf-8")
    return folder, notes


# --------------------------------------------------------------------------------------
# Running a child and measuring it
# --------------------------------------------------------------------------------------


@dataclass
class Finished:
    messages: list[dict[str, Any]]
    stderr: str
    exit_code: int | None
    killed: str  # "", "timeout" or "out of memory"
    wall_seconds: float
    timed_seconds: float | None  # since the child said it started its timed work
    peak_bytes: int


def _group_rss(group: int, page: int) -> int:
    """Resident bytes of every process in a process group (the child and its children)."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:
                continue
            with open(f"/proc/{name}/statm", encoding="ascii") as stream:
                total += int(stream.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def _messages(path: Path) -> list[dict[str, Any]]:
    out = []
    with contextlib.suppress(OSError):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    out.append(json.loads(line))
    return out


def run_child(spec: dict[str, Any], *, limit: float, memory_limit: int, scratch: Path) -> Finished:
    """Run ``spec`` in a new process group; kill the group at ``limit`` seconds after the
    child says it started its timed work, or when it holds more than ``memory_limit``."""
    scratch.mkdir(parents=True, exist_ok=True)
    out_path, err_path = scratch / "stdout.jsonl", scratch / "stderr.txt"
    tmp = scratch / "tmp"  # PuLP's and CBC's files, removed with the scratch folder
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    page = os.sysconf("SC_PAGE_SIZE")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    began = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        child = subprocess.Popen(
            command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
            cwd=ROOT, start_new_session=True,
        )  # fmt: skip
    started_at: float | None = None
    killed = ""
    peak = 0
    usage = None
    status = 0
    try:
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            now = time.monotonic()
            peak = max(peak, _group_rss(child.pid, page))
            if started_at is None and any(m.get("event") == "start" for m in _messages(out_path)):
                started_at = now
            deadline = began + LOAD_LIMIT if started_at is None else started_at + limit
            if not killed and peak > memory_limit:
                killed = "out of memory"
            elif not killed and now > deadline:
                killed = "timeout"
            if killed:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(POLL)
    finally:
        if usage is None:  # interrupted: leave nothing running
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.wait4(child.pid, 0)
        child.returncode = -1  # reaped above; keeps Popen from waiting again
    ended = time.monotonic()
    wall = ended - began
    timed = ended - started_at if started_at is not None else None
    with contextlib.suppress(ProcessLookupError):  # anything the group left behind
        os.killpg(child.pid, signal.SIGKILL)
    peak = max(peak, (usage.ru_maxrss if usage else 0) * 1024)
    exit_code = None if killed else os.waitstatus_to_exitcode(status)
    messages = _messages(out_path)
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    shutil.rmtree(scratch, ignore_errors=True)
    return Finished(messages, stderr, exit_code, killed, wall, timed, peak)


# --------------------------------------------------------------------------------------
# The child's side
# --------------------------------------------------------------------------------------


def rusage() -> dict[str, int]:
    """Peak resident KiB of this process and of its waited-for children (CBC)."""
    return {
        "self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def child_confsite(spec: dict[str, Any]) -> None:
    from confsite.load.loader import load_content
    from confsite.plan.planner import BrokenPlan, Infeasible, NoPlan, plan

    began = time.perf_counter()
    content = load_content(Path(spec["content"]))
    load_seconds = time.perf_counter() - began
    say(event="start", load_seconds=load_seconds)
    began = time.perf_counter()
    result: dict[str, Any] = {"event": "result", "load_seconds": load_seconds}
    try:
        planned = plan(
            content, solver=spec["solver"], time_limit=spec["time_limit"], gap=spec["gap"]
        )
    except Infeasible as err:
        result.update(status="infeasible", note=f"{len(err.conflicts)} conflict(s)")
    except NoPlan as err:
        result.update(status="no plan", note=str(err))
    except BrokenPlan as err:
        result.update(status="broken plan", note=f"{len(err.violations)} violation(s)")
    else:
        outcome = planned.outcome
        result.update(
            status=outcome.status,
            variables=planned.variables,
            constraints=planned.constraints,
            build_seconds=planned.build_seconds,
            solve_seconds=planned.first_seconds,
            objective=sum(planned.costs.values()),
            bound=outcome.bound,
            gap=outcome.gap,
            solver_class=outcome.solver,
            amounts=planned.amounts,
            costs=planned.costs,
        )
    result["total_seconds"] = time.perf_counter() - began
    say(**result, **rusage())


@dataclass
class AnchorInstance:
    events: list[Any]
    slots: list[Any]
    begins: list[int]  # each slot's start, absolute minutes
    ends: list[int]
    banned: list[set[int]]  # slots each event may not take (as given to the anchor or not)
    clash: list[set[int]]  # events each event may not run beside
    tracks: dict[str, int]  # one-slot events per track
    parallel_times: int


def anchor_instance(content: Content, *, tracks: bool) -> AnchorInstance:
    """The anchor's events and slots for confsite content (see the module docstring)."""
    from conference_scheduler.resources import Event, Slot

    from confsite.plan.grid import Timeline
    from confsite.plan.validate import planned_sessions

    timeline = Timeline(content)
    run_of = {
        ref.key: (day, number)
        for day, runs in timeline.runs.items()
        for number, run in enumerate(runs)
        for ref in run
    }
    slots: list[Any] = []
    places: list[tuple[Any, str]] = []  # (grid slot, room id)
    for ref in timeline.slots:
        day = content.day[ref.day]
        open_rooms = [content.room[room] for room in timeline.rooms_open[ref.day]]
        if ref.plenary:
            open_rooms = [max(open_rooms, key=lambda room: room.capacity)]
        starts_at = day.at(ref.begin - ref.day_index * DAY)
        for room in open_rooms:
            _, number = run_of[ref.key]
            slots.append(
                Slot(
                    venue=room.id,
                    starts_at=starts_at,
                    duration=ref.end - ref.begin,
                    capacity=room.capacity,
                    session=f"{ref.day}-run{number + 1}-{room.id}",
                )
            )
            places.append((ref, room.id))
    longest = {
        kind: max((ref.end - ref.begin for ref in timeline.slots if ref.plenary == kind), default=0)
        for kind in (False, True)
    }
    idents = planned_sessions(content)
    events: list[Any] = []
    banned: list[set[int]] = []
    per_track: dict[str, int] = {}
    for ident in idents:
        session = content.session[ident]
        plenary = session.is_plenary
        duration = min(session.length, longest[plenary])
        pin = session.pin
        people = [content.speaker[p] for p in session.people if p in content.speaker]
        no: set[int] = set()
        for index, (ref, room_id) in enumerate(places):
            allowed = (
                ref.plenary == plenary
                and timeline.room_suits(session, content.room[room_id])
                and timeline.room_open(session, room_id, ref.day, session.track)
                and (pin is None or pin.day is None or pin.day == ref.day)
                and (
                    pin is None
                    or pin.start is None
                    or timeline.absolute(ref.day, pin.start) == ref.begin
                )
                and all(
                    timeline.person_can(person, ref.begin, ref.begin + duration)
                    for person in people
                )
            )
            if not allowed:
                no.add(index)
        tags = []
        if tracks and session.track and not plenary:
            tags.append(session.track)
            per_track[session.track] = per_track.get(session.track, 0) + 1
        # The anchor already refuses a slot shorter than the event: list only the others.
        event = Event(
            name=ident,
            duration=duration,
            demand=session.audience or 0,
            tags=tags,
            unavailability=[slots[j] for j in sorted(no) if slots[j].duration >= duration],
        )
        events.append(event)
        banned.append(no)
    clash: list[set[int]] = [set() for _ in idents]
    by_person: dict[str, list[int]] = {}
    for index, ident in enumerate(idents):
        for person in content.session[ident].people:
            by_person.setdefault(person, []).append(index)
    for mine in by_person.values():
        for a in mine:
            for b in mine:
                if a != b and b not in clash[a]:
                    clash[a].add(b)
                    events[a].add_unavailability(events[b])
    if tracks:
        by_track: dict[str, list[int]] = {}
        for index, event in enumerate(events):
            for tag in event.tags:
                by_track.setdefault(tag, []).append(index)
        for mine in by_track.values():
            for a in mine:
                clash[a].update(b for b in mine if b != a)
    begins = [ref.begin for ref, _ in places]
    ends = [ref.begin + slot.duration for (ref, _), slot in zip(places, slots, strict=True)]
    times = len({ref.begin for ref, _ in places if not ref.plenary})
    return AnchorInstance(events, slots, begins, ends, banned, clash, per_track, times)


def check_anchor(inst: AnchorInstance, solution: list[tuple[int, int]]) -> list[str]:
    """Our own check of the anchor's schedule against the rules we gave it."""
    problems: list[str] = []
    placed: dict[int, list[int]] = {}
    for event, slot in solution:
        placed.setdefault(int(event), []).append(int(slot))
    for event in range(len(inst.events)):
        count = len(placed.get(event, []))
        if count != 1:
            problems.append(f"event {event} placed {count} times")
    taken: dict[int, int] = {}
    for event, slots in placed.items():
        for slot in slots:
            if slot in taken:
                problems.append(f"slot {slot} holds two events")
            taken[slot] = event
            if slot in inst.banned[event]:
                problems.append(f"event {event} in a slot it may not take")
    where = {event: slots[0] for event, slots in placed.items() if slots}
    for a, others in enumerate(inst.clash):
        for b in others:
            if a < b and a in where and b in where:
                sa, sb = where[a], where[b]
                if inst.begins[sa] < inst.ends[sb] and inst.begins[sb] < inst.ends[sa]:
                    problems.append(f"events {a} and {b} clash")
    return problems


def child_anchor(spec: dict[str, Any]) -> None:
    import pulp
    from conference_scheduler import scheduler

    from confsite.load.loader import load_content
    from confsite.plan import lp

    began = time.perf_counter()
    content = load_content(Path(spec["content"]))
    load_seconds = time.perf_counter() - began
    began = time.perf_counter()
    inst = anchor_instance(content, tracks=spec["tracks"])
    convert_seconds = time.perf_counter() - began
    over = {t: n for t, n in inst.tracks.items() if n > inst.parallel_times}
    limit = float(spec["limit"])
    say(event="start", load_seconds=load_seconds, convert_seconds=convert_seconds)
    seen: dict[str, Any] = {}
    original = pulp.LpProblem.solve
    began = time.perf_counter()

    def timed_solve(problem: pulp.LpProblem, solver: Any = None, **kwargs: Any) -> int:
        seen["build_seconds"] = time.perf_counter() - began
        seen["variables"] = problem.numVariables()
        seen["constraints"] = problem.numConstraints()
        say(event="solving", **seen)
        if solver is not None:
            solver.timeLimit = max(1.0, limit - (time.perf_counter() - began))
        at = time.perf_counter()
        status = original(problem, solver, **kwargs)
        seen["solve_seconds"] = time.perf_counter() - at
        seen["pulp_status"] = pulp.LpStatus.get(status, str(status))
        seen["solution_status"] = pulp.LpSolution.get(problem.sol_status, str(problem.sol_status))
        return status

    pulp.LpProblem.solve = timed_solve  # type: ignore[method-assign]
    result: dict[str, Any] = {
        "event": "result",
        "load_seconds": load_seconds,
        "convert_seconds": convert_seconds,
        "events": len(inst.events),
        "slots": len(inst.slots),
        "parallel_times": inst.parallel_times,
        "tracks_over_times": over,
    }
    solver = pulp.COIN_CMD(msg=False, timeLimit=limit, path=lp.cbc_path())
    try:
        solution = scheduler.solution(inst.events, inst.slots, solver=solver)
    except ValueError:  # the anchor's "No valid solution found", for any status but 1
        solution = None
    result["total_seconds"] = time.perf_counter() - began
    result.update(seen)
    if solution is None:
        stopped = result.get("solve_seconds", 0.0) >= 0.95 * (limit - seen.get("build_seconds", 0))
        if seen.get("pulp_status") == "Infeasible":
            result["status"] = "infeasible"
        else:
            result["status"] = "timeout" if stopped else str(seen.get("pulp_status", "error"))
    else:
        problems = check_anchor(inst, solution)
        result["status"] = "feasible" if not problems else "feasible, broken"
        result["problems"] = problems[:20]
        result["problem_count"] = len(problems)
    say(**result, **rusage())


# --------------------------------------------------------------------------------------
# The parent's side
# --------------------------------------------------------------------------------------


def run_confsite(
    content: Path, size: Size, solver: str, args: argparse.Namespace, scratch: Path
) -> Row:
    row = Row(size.label, size.sessions, size.rooms, size.days, "confsite", solver)
    spec = {
        "job": "confsite",
        "content": str(content),
        "solver": solver,
        "time_limit": args.time_limit,
        "gap": args.gap,
    }
    done = run_child(
        spec,
        limit=2 * args.time_limit + 600,
        memory_limit=int(args.memory_limit * 2**30),
        scratch=scratch,
    )
    return fill(row, done)


def run_anchor(content: Path, size: Size, args: argparse.Namespace, scratch: Path) -> Row:
    row = Row(size.label, size.sessions, size.rooms, size.days, "anchor", "anchor (cbc)")
    spec = {
        "job": "anchor",
        "content": str(content),
        "limit": args.anchor_limit,
        "tracks": args.anchor_tracks,
    }
    done = run_child(
        spec,
        limit=args.anchor_limit + ANCHOR_GRACE,
        memory_limit=int(args.memory_limit * 2**30),
        scratch=scratch,
    )
    row = fill(row, done)
    if row.status == "timeout" and row.total_seconds is None:
        row.total_seconds = float(args.anchor_limit)
    over = row.detail.get("tracks_over_times")
    if over:
        worst = max(over.values())
        row.note = (
            f"{len(over)} track(s) have more sessions (up to {worst}) than the "
            f"{row.detail.get('parallel_times')} parallel start times: infeasible by counting"
            + (f"; {row.note}" if row.note else "")
        )
    return row


def fill(row: Row, done: Finished) -> Row:
    result = next((m for m in reversed(done.messages) if m.get("event") == "result"), None)
    solving = next((m for m in reversed(done.messages) if m.get("event") == "solving"), {})
    row.wall_seconds = done.wall_seconds
    row.peak_mb = done.peak_bytes / 2**20
    if result is None:
        for key in ("variables", "constraints", "build_seconds"):
            setattr(row, key, solving.get(key))
        if done.killed:
            row.status = done.killed
            where = "solving" if solving else "building its model"
            after = done.timed_seconds if done.timed_seconds is not None else done.wall_seconds
            row.note = f"killed {after:.0f} s after it started, while {where}"
        else:
            row.status = "error"
            last = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.exit_code}"]
            row.note = last[0][:200]
        return row
    for key in ("status", "variables", "constraints", "build_seconds", "solve_seconds"):
        if result.get(key) is not None:
            setattr(row, key, result[key])
    for key in ("total_seconds", "objective", "bound", "gap"):
        setattr(row, key, result.get(key))
    row.costs = result.get("costs", {})
    if result.get("note"):
        row.note = result["note"]
    if result.get("problem_count"):
        row.note = f"{result['problem_count']} broken rule(s), e.g. {result['problems'][0]}"
    row.detail = {
        k: v
        for k, v in result.items()
        if k not in asdict(row) and k not in ("event", "costs", "note")
    }
    return row


def ratio(anchor: Row, mine: Row) -> str:
    if mine.total_seconds is None or mine.total_seconds <= 0 or anchor.total_seconds is None:
        return ""
    value = anchor.total_seconds / mine.total_seconds
    if anchor.status == "feasible":
        return f"{value:.2g}×"
    if anchor.status in ("timeout", "out of memory"):
        return f">{value:.2g}×"
    return ""


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

COLUMNS = (
    "talks",
    "rooms",
    "days",
    "solver",
    "variables",
    "constraints",
    "build s",
    "first plan s",
    "total s",
    "peak MB",
    "status",
    "gap",
    "objective terms",
    "anchor/confsite",
)


def terms(row: Row) -> str:
    if not row.costs:
        return "—"
    parts = [
        f"{SHORT.get(name, name)} {number(cost)}"
        for name, cost in row.costs.items()
        if cost or (name in SHORT and name != "stability")
    ]
    total = number(row.objective) if row.objective is not None else "—"
    return f"{total} = " + " · ".join(parts)


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    notes: list[str] = []
    for row in rows:
        status = row.status
        if row.note:
            notes.append(f"{row.size} {row.solver}: {row.note}")
            status += f" [{len(notes)}]"
        cells = [
            str(row.sessions),
            str(row.rooms),
            str(row.days),
            row.solver,
            number(row.variables) if row.variables is not None else "—",
            number(row.constraints) if row.constraints is not None else "—",
            number(row.build_seconds),
            number(row.solve_seconds),
            number(row.total_seconds),
            number(row.peak_mb),
            status,
            f"{row.gap:.1%}" if row.gap is not None else "—",
            terms(row),
            row.ratio or "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if notes:
        lines.append("")
        lines.extend(f"[{n}] {text}" for n, text in enumerate(notes, 1))
    return "\n".join(lines)


def _solvers(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("at least one solver")
    return names


def _sizes(text: str) -> list[Size]:
    return [Size.parse(part.strip()) for part in text.split(",") if part.strip()]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python bench/agenda.py",
        description="Benchmark the agenda planner against PyCon UK's conference-scheduler.",
        epilog="See the module docstring (bench/agenda.py) for what is measured.",
    )
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes(DEFAULT_SIZES),
        help=f"SESSIONSxROOMSxDAYS, comma-separated ({DEFAULT_SIZES})",
    )
    p.add_argument(
        "--solver", type=_solvers, default=["highs", "cbc"], help="confsite's solvers (highs,cbc)"
    )
    p.add_argument("--time-limit", type=float, default=300.0, help="confsite's, seconds (300)")
    p.add_argument("--gap", type=float, default=0.01, help="confsite's relative gap (0.01)")
    p.add_argument(
        "--anchor",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run conference-scheduler (default: yes)",
    )
    p.add_argument(
        "--anchor-limit", type=float, default=300.0, help="kill the anchor after S s (300)"
    )
    p.add_argument(
        "--anchor-tracks",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="tag the anchor's events with their track: no two at once (default: yes)",
    )
    p.add_argument(
        "--memory-limit",
        type=float,
        default=16.0,
        help="kill a run whose processes hold more than this many GiB (16)",
    )
    p.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    p.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help=f"generated instances are cached here ({DEFAULT_WORKDIR})",
    )
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.child:
        spec = json.loads(args.child)
        {"confsite": child_confsite, "anchor": child_anchor}[spec["job"]](spec)
        return 0
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    started = time.monotonic()

    def progress(row: Row) -> None:
        seconds = row.total_seconds if row.total_seconds is not None else row.wall_seconds
        print(
            f"[{row.size}] {row.solver}: {row.status}, {number(seconds)} s, "
            f"{number(row.peak_mb)} MB{'; ' + row.note if row.note else ''}",
            file=sys.stderr,
            flush=True,
        )

    for size in args.sizes:
        folder, notes = instance(workdir, size, args.seed)
        for note in notes:
            print(f"[{size.label}] generator: {note}", file=sys.stderr)
        print(f"[{size.label}] content in {folder}", file=sys.stderr, flush=True)
        mine: list[Row] = []
        for solver in args.solver:
            row = run_confsite(
                folder, size, solver, args, workdir / "runs" / f"{size.label}-{solver}"
            )
            mine.append(row)
            progress(row)
        rows.extend(mine)
        if args.anchor:
            anchor = run_anchor(folder, size, args, workdir / "runs" / f"{size.label}-anchor")
            progress(anchor)
            for row in mine:
                row.ratio = ratio(anchor, row)
            rows.append(anchor)
    print(markdown(rows))
    elapsed = timedelta(seconds=round(time.monotonic() - started))
    found = ", ".join(f"{k} {v}" for k, v in versions(*PACKAGES).items())
    print(f"\n{len(rows)} runs in {elapsed}; {found}")
    if args.json:
        data = {
            "arguments": {
                "sizes": [s.label for s in args.sizes],
                "solvers": args.solver,
                "time_limit": args.time_limit,
                "gap": args.gap,
                "anchor": args.anchor,
                "anchor_limit": args.anchor_limit,
                "anchor_tracks": args.anchor_tracks,
                "memory_limit_gib": args.memory_limit,
                "seed": args.seed,
            },
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "versions": versions(*PACKAGES),
            "rows": [asdict(row) for row in rows],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
