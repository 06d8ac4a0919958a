"""Plan an agenda: build the model, solve it, check the result, measure its soft goals."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan import agenda as agenda_model
from confsite.plan import dayrooms, solve, split
from confsite.plan.candidates import Places, places
from confsite.plan.cells import choose_cells
from confsite.plan.days import assign_days
from confsite.plan.diagnose import Conflict, diagnose
from confsite.plan.grid import Timeline
from confsite.plan.homes import Homes, choose_homes
from confsite.plan.score import measure, weighted
from confsite.plan.validate import GROUP_RULES, Violation, planned_sessions, validate


class Infeasible(Exception):
    """No agenda keeps every hard rule; ``conflicts`` says which rules collide."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(f"{len(conflicts)} conflict(s)")
        self.conflicts = conflicts


class NoPlan(Exception):
    """No agenda was found: the solver stopped (time limit) before it found one, or the
    days, blocks or rooms chosen first leave none."""


class OutOfTime(NoPlan):
    """The solver stopped at the time limit before it found any agenda."""

    def __init__(self, message: str, solver: str) -> None:
        super().__init__(message)
        self.solver = solver


class BrokenPlan(Exception):
    """The solver's agenda failed validation: a bug, never written to disk."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} violation(s)")
        self.violations = violations


@dataclass(frozen=True)
class PlanResult:
    agenda: dict[str, Placement]
    outcome: solve.Outcome
    amounts: dict[str, float]
    costs: dict[str, float]
    variables: int
    constraints: int
    build_seconds: float
    moved: int
    seconds: float = 0.0  # the whole planning, all rounds
    rounds: int = 1  # agenda solves (home rooms refined from the previous round)
    first_seconds: float = 0.0  # until the first plan (solved to the gap or the limit)
    blocks_outcome: solve.Outcome | None = None  # when blocks and rooms were chosen first
    chosen_first: solve.Outcome | None = None  # when days and rooms were chosen first


# Above this many rooms, each parallel session considers only its best-sized rooms.
ROOM_LIMIT = 12
ROOM_CHOICES = 200_000  # aim for at most this many (session, start, room) variables
MIN_ROOMS = 3
SPLIT_DAYS_AT = 60_000  # above this many room choices, choose days first (see days.py)
# With one track per room and block, above this many room choices choose each session's
# block and room first (see cells.py), then its place within them.
BLOCKS_FIRST_AT = 10_000
BLOCKS_SHARE = 0.8  # of the time limit, for choosing blocks and rooms
FALLBACK_SECONDS = 30.0  # at least this much left to plan a block conference at once
# Of the time left once days are chosen, for planning the days; the rest is for choosing
# the rooms again, or for planning the whole conference at once if the days fail. (Half
# left about 40% of a 1,000-session limit unused: rounds of home rooms never fit after it.)
DAYS_SHARE = 0.8


def plan(
    content: Content,
    *,
    previous: dict[str, Placement] | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    room_limit: int | None = ROOM_LIMIT,
    progress: agenda_model.Progress | None = None,
    log: bool = False,
) -> PlanResult:
    say = progress or (lambda message: None)
    settings = content.planning
    name = solver or settings.solver or solve.default_solver()
    solve.solver_class(name)  # fail before building when the solver is missing
    limit = float(time_limit if time_limit is not None else settings.time_limit)
    wanted_gap = float(gap if gap is not None else settings.gap)
    started = time.perf_counter()
    deadline = started + limit
    fallback = None
    if previous and settings.weights.stability >= KEEP_WEIGHT:
        fallback, proven = _repair(content, previous, name, wanted_gap, limit / 2, log, say)
        if fallback is not None and proven:
            return dataclasses.replace(fallback, seconds=time.perf_counter() - started)
    try:
        return _plan_whole(
            content, previous, name, wanted_gap, room_limit, deadline, started, log, say
        )
    except (Infeasible, NoPlan):
        if fallback is None:
            raise
        return dataclasses.replace(fallback, seconds=time.perf_counter() - started)


# From this stability weight up (the default is 1000), a re-plan keeps every session whose
# place still keeps the rules and re-plans only those the change concerns; below it, moves
# are traded against the other goals over the whole conference.
KEEP_WEIGHT = 1000.0


def _repair(
    content: Content,
    previous: dict[str, Placement],
    name: str,
    gap: float,
    limit: float,
    log: bool,
    say: agenda_model.Progress,
) -> tuple[PlanResult | None, bool]:
    """Re-plan by moving only what the change forces: sessions whose old place breaks a
    rule of their own (a speaker away, a room gone, a new length), one of each clash, and
    new sessions; every other session is held where it was. Returns the plan (None when
    that is not enough) and whether its moves are proven the fewest possible: every
    session breaking a rule alone must move, and a clash among the others needs one more."""
    started = time.perf_counter()
    planned = set(planned_sessions(content))
    kept = {ident: place for ident, place in previous.items() if ident in planned}
    alone = {
        v.session
        for v in validate(content, kept)
        if v.rule not in GROUP_RULES and v.rule != "placed" and v.session in kept
    }
    rest = {ident: place for ident, place in kept.items() if ident not in alone}
    clashes = [v for v in validate(content, rest) if v.rule in GROUP_RULES]
    fewest = len(alone) + (1 if clashes else 0)
    free = alone | (planned - set(kept))
    free |= {ident for v in clashes for ident in (v.session, *v.others)}
    fixed = {ident: place for ident, place in kept.items() if ident not in free}
    say(f"re-planning {len(free)} sessions; {len(fixed)} keep their place")
    homes = homes_from(content, kept, {}) or None
    model = agenda_model.build(content, previous=previous, homes=homes, fixed=fixed, progress=say)
    if model.nowhere:
        return None, False
    outcome = solve.run(model.prob, name, time_limit=limit, gap=gap, log=log, progress=say)
    if not outcome.has_plan:
        return None, False
    agenda = model.agenda()
    if validate(content, agenda):
        return None, False
    result = dataclasses.replace(
        _measured(content, agenda, previous, outcome, model.size),
        build_seconds=time.perf_counter() - started - outcome.seconds,
        first_seconds=time.perf_counter() - started,
    )
    proven = result.moved <= fewest
    if not proven:
        say(f"{result.moved} moves where {fewest} might do; planning the whole conference")
    return result, proven


def _plan_whole(
    content: Content,
    previous: dict[str, Placement] | None,
    name: str,
    wanted_gap: float,
    room_limit: int | None,
    deadline: float,
    started: float,
    log: bool,
    say: agenda_model.Progress,
) -> PlanResult:
    limit = deadline - started
    timeline = Timeline(content)
    everywhere = {ident: places(content, timeline, ident) for ident in planned_sessions(content)}
    attempt = _Attempt(content, previous, name, wanted_gap, room_limit, log, say)
    chosen = None
    # When its goals allow and it is not too large, choose each session's day and room
    # first: the exact track goals, and a bound that holds for every agenda.
    if dayrooms.suits(content) and dayrooms.cells(everywhere) <= DAY_ROOMS_UP_TO:
        found, chosen = _by_day_rooms(
            content, timeline, everywhere, previous, name, wanted_gap, deadline, log, say
        )
        if found is not None:
            return dataclasses.replace(found, seconds=time.perf_counter() - started)
        say("planning with home rooms per track instead")
    homes = choose_homes(
        content,
        everywhere,
        name,
        time_limit=max(1.0, min(30.0, limit / 10)),
    )
    if homes:
        say(f"home rooms for {len({track for track, _ in homes})} tracks chosen")
    blocks_outcome = None
    if content.planning.one_track_per_block and attempt.choices() > BLOCKS_FIRST_AT:
        limited = {
            ident: places(content, timeline, ident, room_limit=attempt.rooms_per_block())
            for ident in everywhere
        }
        attempt.cell_of, blocks_outcome = choose_cells(
            content,
            timeline,
            limited,
            name,
            time_limit=max(1.0, BLOCKS_SHARE * limit),
            gap=wanted_gap,
            previous=previous,
            log=log,
            progress=say,
        )
        if attempt.cell_of:
            say("block and room chosen for every session; placing them within")
        elif blocks_outcome.status != "infeasible":
            # Out of time on the smaller model: the whole conference at once would take
            # longer still (bench/README.md, "Settings and their figures").
            raise OutOfTime(
                f"{solve.shown(blocks_outcome.solver)} found no choice of the tracks' rooms "
                f"and the sessions' blocks in {BLOCKS_SHARE * limit:.0f} s; raise --time-limit "
                "or try another solver",
                blocks_outcome.solver,
            )
    elif attempt.choices() > SPLIT_DAYS_AT and len(content.grid.days) > 1:
        attempt.day_of = assign_days(
            content,
            timeline,
            everywhere,
            name,
            time_limit=max(1.0, min(60.0, limit / 5)),
            previous=previous,
        )
        if attempt.day_of:
            say("days chosen for every session; planning the days")
    try:
        left = deadline - time.perf_counter()
        best = attempt.run(homes, max(1.0, DAYS_SHARE * left if attempt.day_of else left))
    except OutOfTime as err:
        # Planning the whole conference at once is a larger model: no quicker.
        raise OutOfTime(
            f"{solve.shown(err.solver)} found no agenda in the {limit:.0f} s given: "
            f"{len(everywhere)} sessions need longer on this machine; raise --time-limit or "
            "relax the content",
            err.solver,
        ) from None
    except (Infeasible, NoPlan):
        if not (attempt.day_of or attempt.cell_of):
            raise
        left = deadline - time.perf_counter()
        if attempt.cell_of and left < max(FALLBACK_SECONDS, 0.25 * limit):
            raise NoPlan(
                "the blocks and rooms chosen first cannot all be planned, and too little time "
                "is left to plan the whole conference at once; raise --time-limit"
            ) from None
        say(
            f"the chosen {'days' if attempt.day_of else 'blocks and rooms'} cannot all be "
            "planned; planning the whole conference at once"
        )
        attempt.day_of = attempt.cell_of = None
        best = attempt.run(homes, max(1.0, deadline - time.perf_counter()))
    best = dataclasses.replace(best, blocks_outcome=blocks_outcome)
    rounds = 1
    best_homes, best_pruned = homes, attempt.pruned
    first_seconds = time.perf_counter() - started
    # Home rooms are a guess made before the agenda; the agenda shows where each track
    # really fits. Re-plan against the rooms each track used most while that helps.
    for _round in range(HOME_ROUNDS):
        left = deadline - time.perf_counter()
        # A round costs about what the first did (building the model and handing it to the
        # solver are not under the solver's own limit): start one only with time to spare.
        if not homes or left < 1.5 * first_seconds:
            break
        better = homes_from(content, best.agenda, homes)
        if better == homes:
            break
        homes = better
        say("trying the rooms each track used most as its home rooms")
        try:
            candidate = attempt.run(homes, left)
        except (Infeasible, NoPlan):
            break
        rounds += 1
        if sum(candidate.costs.values()) >= sum(best.costs.values()) - 1e-9:
            break
        best, best_homes, best_pruned = candidate, homes, attempt.pruned
    left = deadline - time.perf_counter()
    if attempt.day_of and left >= POLISH_SECONDS:
        # Days were chosen first and the model's search stopped at its limit: with every
        # session's time kept, choosing the rooms again is a small model.
        say("choosing the rooms again, each session keeping its time")
        try:
            polished = attempt.rooms_again(best_homes, best_pruned, best, left)
        except (Infeasible, NoPlan):
            polished = None
        if polished is not None and sum(polished.costs.values()) < sum(best.costs.values()):
            best = polished
    if chosen is not None:
        # The days-and-rooms model's bound holds for this agenda too: the true gap.
        best = _against(best, chosen, wanted_gap)
    return dataclasses.replace(
        best, seconds=time.perf_counter() - started, rounds=rounds, first_seconds=first_seconds
    )


HOME_ROUNDS = 3
# Up to this many (session, day, room) cells a conference is planned days and rooms first
# (400 generated sessions in 10 rooms over 3 days have 9,669; 1,000 in 30 rooms over 4 days
# 99,252, where the first plan would take longer than the limit).
DAY_ROOMS_UP_TO = 20_000
DAY_ROOMS_SHARE = 0.6  # of the time limit, at most, for choosing the days and rooms


def _by_day_rooms(
    content: Content,
    timeline: Timeline,
    everywhere: dict[str, Places],
    previous: dict[str, Placement] | None,
    name: str,
    wanted_gap: float,
    deadline: float,
    log: bool,
    say: agenda_model.Progress,
) -> tuple[PlanResult | None, solve.Outcome | None]:
    """Plan by choosing each session's day and room first (``dayrooms.py``), then its
    time that day, in a room its track has then. The gap is against the first model's
    bound, which holds for every agenda. Returns the plan (None when no step finds one:
    the caller then plans another way) and the days-and-rooms model's outcome (None when
    it found nothing)."""
    began = time.perf_counter()
    choice = dayrooms.choose(
        content,
        timeline,
        everywhere,
        name,
        time_limit=max(1.0, DAY_ROOMS_SHARE * (deadline - began)),
        gap=wanted_gap,
        previous=previous,
        log=log,
        progress=say,
    )
    if choice is None:
        return None, None
    best = _place_chosen(content, choice, previous, name, wanted_gap, deadline, log, say, began)
    left = deadline - time.perf_counter()
    if (
        best is not None
        and (best.outcome.gap or 0.0) > wanted_gap + 1e-9
        and (choice.outcome.gap or 0.0) > 1e-9
        and left >= AGAIN_SECONDS
    ):
        # The plan is further from the bound than asked, and time is left: the days and
        # rooms again, to the best there is, from the ones chosen. Either model's bound
        # holds for every agenda, so the higher one counts.
        say("days and rooms again, to the best there is, from those chosen")
        again = dayrooms.choose(
            content,
            timeline,
            everywhere,
            name,
            time_limit=max(1.0, DAY_ROOMS_SHARE * left),
            gap=0.0,
            previous=previous,
            log=log,
            progress=say,
            start=choice.cells,
        )
        if again is not None:
            bounds = [b for b in (choice.outcome.bound, again.outcome.bound) if b is not None]
            before, after = choice.outcome.objective, again.outcome.objective
            if before is not None and after is not None and after < before - 1e-6:
                placed = _place_chosen(
                    content, again, previous, name, wanted_gap, deadline, log, say, began
                )
                if placed is not None and sum(placed.costs.values()) < sum(best.costs.values()):
                    best = dataclasses.replace(placed, first_seconds=best.first_seconds)
            kept = best.chosen_first or choice.outcome
            placing = best.outcome.seconds - kept.seconds
            bound = max(bounds) if bounds else None
            gap = None
            if bound is not None and kept.objective is not None:
                gap = solve.gap_of(kept.objective, bound)
            both = dataclasses.replace(
                kept,
                status="optimal" if gap is not None and gap <= wanted_gap + 1e-9 else kept.status,
                bound=bound,
                gap=gap,
                seconds=choice.outcome.seconds + again.outcome.seconds,
            )
            best = _against(
                dataclasses.replace(
                    best, outcome=dataclasses.replace(best.outcome, seconds=placing)
                ),
                both,
                wanted_gap,
            )
    return best, choice.outcome if best is None else best.chosen_first


AGAIN_SECONDS = 20.0  # at least this much left to choose the days and rooms again


def _place_chosen(
    content: Content,
    choice: dayrooms.Choice,
    previous: dict[str, Placement] | None,
    name: str,
    wanted_gap: float,
    deadline: float,
    log: bool,
    say: agenda_model.Progress,
    since: float,
) -> PlanResult | None:
    """Each session at a time on its chosen day: in its track's rooms of that day, or,
    failing that or when the times cost more than the cells promised, in any room.
    ``since`` is when planning began (for the time to the first plan)."""
    say("day and rooms chosen for every session; placing each at a time")
    # In its track's rooms of that day; failing that (the cells model knows nothing of
    # breaks within a day, walks between rooms or orders within a day), in any room, the
    # track's rooms of the day being its home rooms.
    homes = {}
    for ident, rooms in sorted(choice.rooms_of.items()):
        track = content.session[ident].track
        if track and not content.session[ident].is_plenary:
            homes[track, choice.day_of[ident]] = rooms
    best: PlanResult | None = None
    for rooms_of in (choice.rooms_of, None):
        if best is not None and (best.outcome.gap or 0.0) <= wanted_gap + 1e-9:
            break
        left = deadline - time.perf_counter()
        if best is not None and left < POLISH_SECONDS:
            break
        if best is not None:
            # Its speakers' times, attendees' clashes or a track in parallel cost more than
            # the cells promised: the rooms may change too, each session keeping its day.
            say("placing each session on its day in any room, from that plan")
        elif rooms_of is None:
            say("no times fit those rooms; placing each session on its day in any room")
        built = time.perf_counter()
        model = agenda_model.build(
            content,
            previous=previous,
            day_of=choice.day_of,
            rooms_of=rooms_of,
            homes=None if rooms_of else homes,
            progress=say,
        )
        if model.nowhere:
            continue
        start = None
        if best is not None:
            start = {}
            for (ident, k, room), var in model.x.items():
                place = best.agenda[ident]
                if place.room == room and not agenda_model.moved(
                    place, model.places[ident].starts[k], room, content
                ):
                    start[var] = start[model.y[ident, k]] = 1.0
        build_seconds = time.perf_counter() - built
        left = max(1.0, deadline - time.perf_counter())
        say(
            f"solving with {name}: {model.size[0]} variables, {model.size[1]} constraints "
            f"(time limit {left:.0f} s, gap {wanted_gap:g})"
        )
        outcome = solve.run(
            model.prob,
            name,
            time_limit=left,
            gap=wanted_gap,
            log=log,
            progress=say,
            start=start,
        )
        if not outcome.has_plan:
            continue
        agenda = model.agenda()
        violations = validate(content, agenda)
        if violations:
            raise BrokenPlan(violations)
        found = _against(
            dataclasses.replace(
                _measured(content, agenda, previous, outcome, model.size),
                build_seconds=build_seconds,
                first_seconds=(
                    best.first_seconds if best is not None else time.perf_counter() - since
                ),
            ),
            choice.outcome,
            wanted_gap,
        )
        if best is None or sum(found.costs.values()) < sum(best.costs.values()) - 1e-9:
            best = found
    return best


def _against(result: PlanResult, chosen: solve.Outcome, wanted_gap: float) -> PlanResult:
    """``result`` with its objective its measured cost, and its gap against the bound of the
    days-and-rooms model (which holds for every agenda, however it was found)."""
    cost = sum(result.costs.values())
    bound = chosen.bound
    gap = solve.gap_of(cost, bound) if bound is not None else None
    return dataclasses.replace(
        result,
        outcome=dataclasses.replace(
            result.outcome,
            status="optimal" if gap is not None and gap <= wanted_gap + 1e-9 else "feasible",
            objective=cost,
            bound=bound,
            gap=gap,
            seconds=chosen.seconds + result.outcome.seconds,
        ),
        chosen_first=chosen,
    )


POLISH_SECONDS = 10.0  # at least this much left to choose the rooms again


def homes_from(content: Content, agenda: dict[str, Placement], homes: Homes) -> Homes:
    """For each track and day in the agenda, the room that holds most of its sessions."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    order = {room.id: index for index, room in enumerate(content.venue.rooms)}
    for ident, place in sorted(agenda.items()):
        session = content.session[ident]
        if session.track and not session.is_plenary:
            room_counts = counts.setdefault((session.track, place.day), {})
            room_counts[place.room] = room_counts.get(place.room, 0) + 1
    chosen: Homes = {}
    for key, room_counts in sorted(counts.items()):
        before = homes.get(key, ())
        room = max(
            room_counts,
            key=lambda r: (room_counts[r], r in before, -order.get(r, 0)),
        )
        chosen[key] = (room,)
    return chosen


class _Attempt:
    """One solve of the agenda model for given home rooms, checked and measured."""

    def __init__(self, content, previous, name, gap, room_limit, log, say) -> None:  # type: ignore[no-untyped-def]
        self.content = content
        self.previous = previous
        self.name = name
        self.gap = gap
        self.room_limit = room_limit
        self.log = log
        self.say = say
        self.day_of: dict[str, str] | None = None
        self.cell_of: dict[str, tuple[int, tuple[str, ...]]] | None = None
        self.pruned = False  # whether the last model ``run`` solved had best-sized rooms only

    def choices(self) -> int:
        """About how many (session, start, room) variables the whole model would have."""
        timeline = Timeline(self.content)
        rooms = len(self.content.venue.rooms)
        per = min(rooms, self.rooms_per_session() or rooms)
        return per * sum(
            len(timeline.starts(self.content.session[ident]))
            for ident in planned_sessions(self.content)
        )

    def rooms_per_session(self) -> int | None:
        """How many rooms each parallel session considers: all when the model is small;
        on large conferences only the best-sized ones, so that the model keeps to about
        ``ROOM_CHOICES`` room choices (the best found with fewer rooms per session is
        still checked against every rule)."""
        if not self.room_limit:
            return None
        timeline = Timeline(self.content)
        starts = [
            len(timeline.starts(self.content.session[ident]))
            for ident in planned_sessions(self.content)
        ]
        total = sum(starts) or 1
        return max(MIN_ROOMS, min(self.room_limit, ROOM_CHOICES // total))

    def rooms_per_block(self) -> int | None:
        """How many rooms each session considers in the blocks-first model (``cells.py``):
        all but on very large conferences, where the best ones keep the model to about
        ``ROOM_CHOICES`` (session, block, room) choices."""
        if not self.room_limit:
            return None
        timeline = Timeline(self.content)
        total = sum(
            len({timeline.block_of[s.first.key] for s in timeline.starts(self.content.session[i])})
            for i in planned_sessions(self.content)
        )
        rooms = ROOM_CHOICES // max(total, 1)
        return None if rooms >= len(self.content.venue.rooms) else max(MIN_ROOMS, rooms)

    def feasible_start(
        self, model: agenda_model.AgendaModel, homes: Homes, limit: float
    ) -> dict | None:
        """Values for ``model``'s start and room variables from an agenda that keeps every
        rule but ignores the goals, or None."""
        quiet = self.content.planning.model_copy(
            update={
                "weights": self.content.planning.weights.model_copy(
                    update=dict.fromkeys(type(self.content.planning.weights).model_fields, 0.0)
                )
            }
        )
        began = time.perf_counter()
        plain = dataclasses.replace(self.content, planning=quiet)
        limit_rooms = self.rooms_per_session()
        pruned = bool(limit_rooms and len(plain.venue.rooms) > limit_rooms)
        first = agenda_model.build(
            plain,
            room_limit=limit_rooms if pruned else None,
            homes=homes,
            day_of=self.day_of,
        )
        self.say("finding any agenda that keeps the rules, to start from")
        outcome = solve.run(
            first.prob,
            self.name,
            time_limit=max(1.0, limit - (time.perf_counter() - began)),
            gap=1.0,
        )
        if not outcome.has_plan:
            return None
        chosen: dict = {}
        for key, var in first.x.items():
            if (var.varValue or 0) > 0.5 and key in model.x:
                chosen[model.x[key]] = 1.0
                ident, k, _room = key
                if (ident, k) in model.y:
                    chosen[model.y[ident, k]] = 1.0
        return chosen

    def rounded_start(
        self, model: agenda_model.AgendaModel, limit: float
    ) -> tuple[dict | None, bool]:
        """Values for every start and room variable of ``model`` from its LP relaxation:
        each session the relaxation starts mostly (over half; failing that, almost wholly)
        at one time is held at that time, and the solver chooses the rooms and places the
        rest. On large conferences the relaxation's bound is within a fraction of a percent
        of the best plan but its solution is spread over equivalent rooms and times, where
        the solver's own search for a first good plan took minutes. The values are None
        when there is no time or no plan this way (the sessions held cannot all get
        rooms); the flag says whether the relaxation itself is infeasible, and so the
        model."""
        began = time.perf_counter()
        self.say("solving the relaxation and placing what it leaves open")
        status, _bound = solve.relaxation(model.prob, self.name, time_limit=max(1.0, limit / 2))
        if status != "optimal":
            return None, status == "infeasible"
        relaxed = {y: y.varValue or 0.0 for y in model.y.values()}
        # Held at over half first; when those cannot all get rooms, only the nearly whole.
        for share, least in ((0.5, 0.5), (1.0, 0.9)):
            held = [y for y, value in relaxed.items() if value > least]
            for y in held:
                y.lowBound = 1
            try:
                outcome = solve.run(
                    model.prob,
                    self.name,
                    time_limit=max(1.0, share * (limit - (time.perf_counter() - began))),
                    gap=self.gap,
                )
            finally:
                for y in held:
                    y.lowBound = 0
            if outcome.has_plan:
                return {
                    var: 1.0 if (var.varValue or 0.0) > 0.5 else 0.0
                    for var in (*model.y.values(), *model.x.values())
                }, False
        return None, False

    def rooms_again(
        self, homes: Homes, pruned: bool, best: PlanResult, limit: float
    ) -> PlanResult | None:
        """``best`` with each session's day and start kept and the rooms chosen again, in
        the model that found it (the same ``homes``, days and rooms per session: only the
        best-sized when ``pruned``), starting from ``best``. That model holds every plan
        of this one, so its bound holds here too and gives the gap; None when the solver
        returns nothing in time."""
        content, say = self.content, self.say
        began = time.perf_counter()
        model = agenda_model.build(
            content,
            previous=self.previous,
            room_limit=self.rooms_per_session() if pruned else None,
            homes=homes,
            day_of=self.day_of,
            times=best.agenda,
            progress=say,
        )
        if model.nowhere:
            return None
        start: dict = {}
        for (ident, k, room), var in model.x.items():
            if best.agenda[ident].room == room:
                start[var] = start[model.y[ident, k]] = 1.0
        left = max(1.0, limit - (time.perf_counter() - began))
        outcome = split.run(
            split.parts(model.prob, _days_of(model)),
            self.name,
            time_limit=left,
            gap=self.gap,
            progress=say,
            start=start,
        )
        if not outcome.has_plan or outcome.objective is None:
            return None
        agenda = model.agenda()
        violations = validate(content, agenda)
        if violations:
            raise BrokenPlan(violations)
        main = best.outcome
        gap = None
        if main.bound is not None and outcome.objective:
            gap = max(0.0, outcome.objective - main.bound) / abs(outcome.objective)
        return dataclasses.replace(
            _measured(content, agenda, self.previous, outcome, (best.variables, best.constraints)),
            outcome=dataclasses.replace(
                main,
                status="optimal" if gap is not None and gap <= self.gap + 1e-9 else "feasible",
                objective=outcome.objective,
                gap=gap,
                seconds=main.seconds + outcome.seconds,
            ),
            build_seconds=best.build_seconds,
        )

    def _every_room(self, homes: Homes) -> agenda_model.AgendaModel:
        """The model again with every suitable room, for when each session's best-sized
        rooms leave no agenda."""
        self.say("no agenda with each session's best-sized rooms; trying every suitable room")
        return agenda_model.build(
            self.content,
            previous=self.previous,
            homes=homes,
            day_of=self.day_of,
            progress=self.say,
        )

    def run(self, homes: Homes, limit: float) -> PlanResult:
        content, previous, name, say = self.content, self.previous, self.name, self.say
        started = time.perf_counter()
        limit_rooms = self.rooms_per_session()
        pruned = bool(limit_rooms and len(content.venue.rooms) > limit_rooms)
        pruned = pruned and not self.cell_of  # one room each already
        model = agenda_model.build(
            content,
            previous=previous,
            room_limit=limit_rooms if pruned else None,
            homes=homes,
            day_of=self.day_of,
            cell_of=self.cell_of,
            progress=say,
        )
        build_seconds = time.perf_counter() - started
        variables, constraints = model.size
        if model.nowhere:
            if self.day_of or self.cell_of:
                raise NoPlan("a session has no place in its chosen day, block or room")
            raise Infeasible(diagnose(content, name, time_limit=limit, progress=say))
        say(
            f"solving with {name}: {variables} variables, {constraints} constraints "
            f"(time limit {limit:.0f} s, gap {self.gap:g})"
        )
        deadline = started + limit  # the limit covers building too
        start = None
        if self.day_of:
            # Large: start from the relaxation rounded (or, failing that, any agenda found
            # without goals), then improve it.
            start, impossible = self.rounded_start(model, (deadline - time.perf_counter()) / 2)
            if impossible and pruned:
                model, pruned = self._every_room(homes), False
                variables, constraints = model.size
                # Rooms this tight leave the relaxation nothing to round: the solver
                # gets the time left.
            elif start is None and not impossible:
                start = self.feasible_start(
                    model, homes, max(1.0, (deadline - time.perf_counter()) / 2)
                )
        limit = max(1.0, deadline - time.perf_counter())
        # With every session's day chosen, the model is one independent part per day.
        pieces = (
            split.parts(model.prob, _days_of(model))
            if self.day_of
            else [split.Part(model.prob, "")]
        )
        outcome = split.run(
            pieces,
            name,
            time_limit=limit,
            gap=self.gap,
            log=self.log,
            progress=say,
            start=start,
        )
        if outcome.status == "infeasible" and pruned:
            model, pruned, start = self._every_room(homes), False, None
            variables, constraints = model.size
            outcome = solve.run(
                model.prob, name, time_limit=limit, gap=self.gap, log=self.log, progress=say
            )
        if outcome.status == "infeasible" and (self.day_of or self.cell_of):
            raise NoPlan("the chosen days, blocks or rooms cannot all be planned")
        if outcome.status == "infeasible":
            say("no agenda keeps every rule; finding out why")
            raise Infeasible(diagnose(content, name, time_limit=limit, progress=say))
        if not outcome.has_plan and start:
            # The plan it started from keeps every rule: better than none.
            say("no better plan in time; keeping the one it started from")
            for var in model.x.values():
                var.varValue = start.get(var, 0.0)
            outcome = dataclasses.replace(outcome, status="feasible", objective=None)
        if not outcome.has_plan:
            raise OutOfTime(
                f"{solve.shown(outcome.solver)} found no agenda within {limit:.0f} s; "
                "raise --time-limit or relax the content",
                outcome.solver,
            )
        agenda = model.agenda()
        violations = validate(content, agenda)
        if violations:
            raise BrokenPlan(violations)
        self.pruned = pruned
        return dataclasses.replace(
            _measured(content, agenda, previous, outcome, (variables, constraints)),
            build_seconds=build_seconds,
        )


def _days_of(model: agenda_model.AgendaModel) -> dict[str, str]:
    """The day of every start and room variable of ``model``, by variable name."""
    days = {}
    for (ident, k), var in model.y.items():
        days[var.name] = model.places[ident].starts[k].day
    for (ident, k, _room), var in model.x.items():
        days[var.name] = model.places[ident].starts[k].day
    return days


def _measured(
    content: Content,
    agenda: dict[str, Placement],
    previous: dict[str, Placement] | None,
    outcome: solve.Outcome,
    size: tuple[int, int],
) -> PlanResult:
    """The result for a valid ``agenda``: every goal measured on the agenda itself."""
    amounts = measure(content, agenda, previous)
    return PlanResult(
        agenda=agenda,
        outcome=outcome,
        amounts=amounts,
        costs=weighted(content, amounts),
        variables=size[0],
        constraints=size[1],
        build_seconds=0.0,
        moved=int(amounts["stability"]),
    )


def fewest_moves(
    content: Content,
    previous: dict[str, Placement],
    *,
    solver: str | None = None,
    time_limit: float = 600,
) -> int | None:
    """The fewest sessions any valid agenda must move from ``previous``: the whole model
    (every room, every day, no shortcuts) with moves as its only goal, solved to proven
    optimality. None when the solver cannot prove it within ``time_limit``. A check on
    re-planning, independent of how ``plan`` finds its moves."""
    name = solver or content.planning.solver or solve.default_solver()
    weights = content.planning.weights
    only_moves = weights.model_copy(
        update=dict.fromkeys(type(weights).model_fields, 0.0) | {"stability": 1.0}
    )
    quiet = dataclasses.replace(
        content, planning=content.planning.model_copy(update={"weights": only_moves})
    )
    model = agenda_model.build(quiet, previous=previous)
    if model.nowhere:
        return None
    outcome = solve.run(model.prob, name, time_limit=time_limit, gap=0.0)
    if outcome.status != "optimal":
        return None
    agenda = model.agenda()
    return sum(1 for ident, place in previous.items() if ident in agenda and agenda[ident] != place)
