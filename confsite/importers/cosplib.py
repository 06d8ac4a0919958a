"""Import a CoSPLib workbook (a conference scheduling benchmark instance) into a content
folder that ``confsite plan`` schedules with every CoSPLib weight and penalty.

The grid, the ids and where each CoSPLib session goes are ``confsite.cosplib.layout``'s.
What becomes what:

* submissions: talks of their track, ``length`` = required time slots x the slot length,
  with their presenters as speakers, their session and room penalties
  (``block_penalties``, ``room_penalties``), and a ``timezone`` of their own when a
  presenter's usual time zone is not the submission's;
* presenters and chairs: speakers, with the time zone most of their submissions give;
* tracks: with chairs, ``block_penalties`` (tracks_sessions), ``room_penalties``
  (tracks_rooms) and the ``similar`` pairs; rooms: ``block_penalties`` (sessions_rooms);
* attendees: interest.yaml, one response per pair of submissions that CoSPLib counts as
  an attendee conflict (an attendee of one attends or presents the other, or chairs its
  track), as CoSPLib counts pairs;
* the order within a track: ``after`` chains, a goal (``order: soft``);
* parameters: planning.yaml, one track per room and block, presenter hours, and a weight
  for every penalty (``WEIGHTS``); the goals CoSPLib does not have are switched off.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from confsite.cosplib.layout import Layout, layout
from confsite.cosplib.workbook import Instance, Submission, WorkbookError, read_instance
from confsite.importers.draft import PALETTE
from confsite.importers.fit import fit_folder
from confsite.importers.limits import MAX_SESSIONS
from confsite.importers.report import ImportFailed, ImportReport
from confsite.importers.source import SourceProblem, at_most, check_size
from confsite.importers.writer import dump_yaml, write_folder
from confsite.load.yamlsource import MAX_VALUES
from confsite.slugs import slugify

# CoSPLib weight -> planning.yaml weight.
WEIGHTS = {
    "tracks_sessions": "track_block",
    "tracks_rooms": "track_room",
    "sessions_rooms": "room_block",
    "similar_tracks": "similar_tracks",
    "rooms_per_track": "track_rooms",
    "parallel_tracks": "track_block_rooms",
    "consecutive_tracks": "track_gaps",
    "submissions_timezones": "presenter_hours",
    "submissions_order": "order",
    "submissions_sessions": "session_block",
    "submissions_rooms": "session_room",
    "presenters_conflicts": "person_block_rooms",
    "attendees_conflicts": "interest_block_rooms",
    "attendees_conflicts_timeslot": "interest_clash",
}
# confsite's own goals, which CoSPLib does not have.
SWITCHED_OFF = (
    "same_track_parallel",
    "track_room_changes",
    "track_days",
    "room_overflow",
    "room_empty",
    "speaker_preference",
)
CAPACITY = 100  # CoSPLib rooms have no seats; every room gets the same
NOT_CARRIED = {
    "Presenters Conflicts Timeslot Level": "a hard rule in confsite: a speaker is never in "
    "two sessions at once",
    "room capacities": f"CoSPLib has none; every room gets {CAPACITY} seats",
}
CHAIRS = (
    "Chairs Conflicts weight",
    "a chair is needed wherever their tracks run, like a presenter: weighted as Presenters "
    "Conflicts (person_block_rooms)",
)


class CosplibError(ImportFailed):
    """The workbook cannot be read."""


def _offset(hours: int) -> str:
    return f"UTC{'+' if hours >= 0 else '-'}{abs(hours):02d}:00"


def _conference_zone(hours: int) -> str:
    """An IANA name for a whole-hour offset (the Etc/GMT names count the other way)."""
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _clock(value: time) -> str:
    return f"{value:%H:%M}"


def attendee_pairs(instance: Instance, limit: int | None = None) -> list[tuple[str, str]]:
    """Pairs of submissions some attendee wants both of: an attendee of one attends or
    presents the other, or chairs the other's track (when the tracks differ). With
    ``limit``, it stops soon after finding that many."""
    submissions = instance.submissions
    involved: dict[str, set[int]] = defaultdict(set)  # person: submissions attended, presented
    by_track: dict[str, set[int]] = defaultdict(set)
    for index, submission in enumerate(submissions):
        by_track[submission.track].add(index)
        for person in (*submission.attendees, *submission.presenters):
            involved[person].add(index)
    chairs: dict[str, set[str]] = defaultdict(set)
    for track in instance.tracks:
        for person in track.chairs:
            chairs[person].add(track.name)
    pairs: set[tuple[int, int]] = set()
    for index, submission in enumerate(submissions):
        for person in submission.attendees:
            wanted = set(involved[person])
            for track in chairs.get(person, ()):
                if track != submission.track:
                    wanted |= by_track[track]
            wanted.discard(index)
            pairs.update((min(index, other), max(index, other)) for other in wanted)
        if limit is not None and len(pairs) >= limit:
            break
    return [(submissions[a].reference, submissions[b].reference) for a, b in sorted(pairs)]


def _orders(instance: Instance, plan: Layout, report: ImportReport) -> dict[str, list[str]]:
    """``after`` of each session: each ordered submission follows the one ordered before it
    in its track; when a track's orders are 1..n, its other submissions follow the n-th."""
    by_track: dict[str, list[Submission]] = defaultdict(list)
    for submission in instance.submissions:
        by_track[submission.track].append(submission)
    after: dict[str, list[str]] = defaultdict(list)
    for track, members in by_track.items():
        ordered = sorted((s for s in members if s.order), key=lambda s: s.order)
        if not ordered:
            continue
        orders = [s.order for s in ordered]
        for first, second in pairwise(ordered):
            if first.order == second.order:
                report.repair(
                    f"two submissions of one track share an order; {second.reference} "
                    f"follows {first.reference}",
                    track,
                )
            after[plan.submissions[second.reference]].append(plan.submissions[first.reference])
        if orders == list(range(1, len(orders) + 1)):
            last = plan.submissions[ordered[-1].reference]
            for submission in members:
                if not submission.order:
                    after[plan.submissions[submission.reference]].append(last)
        else:
            report.repair(
                "orders with gaps (a position, not only a sequence) kept as a sequence "
                f"({', '.join(map(str, orders[:6]))}{', …' if len(orders) > 6 else ''})",
                track,
            )
    return after


def _zones(instance: Instance) -> dict[str, int]:
    """Each person's usual time zone: the one most of their submissions give."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    for submission in instance.submissions:
        for person in submission.presenters:
            seen[person][submission.utc_offset] += 1
    return {person: counts.most_common(1)[0][0] for person, counts in seen.items()}


def _block_entries(plan: Layout, penalties: dict[str, int] | Any) -> list[dict[str, Any]]:
    entries = []
    for session, penalty in penalties.items():
        block = plan.block(session)
        entries.append(
            {"day": block.day, "start": block.clock(plan.slot_minutes), "penalty": penalty}
        )
    return entries


def build(instance: Instance, report: ImportReport) -> dict[str, str]:
    """The content folder's files (relative path: text) for ``instance``."""
    plan = layout(instance)
    parameters = instance.parameters
    weights = parameters.weights
    header = f"# Imported from the CoSPLib workbook {instance.name} by `confsite import cosplib`.\n"
    if not plan.uniform:
        report.repair(
            f"the sessions' time slots differ in length; every slot is {plan.slot_minutes} "
            "minutes, so a submission takes its number of slots in any session (sessions "
            "with longer slots end early in timeslots.yaml)",
            "timeslots",
        )
        if weights.submissions_timezones and any(
            s.utc_offset != parameters.local_utc_offset for s in instance.submissions
        ):
            report.repair(
                "presenters' hours are judged on the sessions as timeslots.yaml has them",
                "presenter_hours",
            )
    for block in plan.blocks:
        if block.moved_from is not None:
            report.repair(
                f"shares its time with an earlier session on {block.moved_from}; moved to "
                f"{block.day} (same hours)",
                block.session,
            )
    if [b.session for b in sorted(plan.blocks, key=lambda b: (b.date, b.start))] != [
        b.session for b in plan.blocks
    ]:
        report.repair(
            "the sessions sheet is not in time order; tracks' consecutive sessions are "
            "judged in time order",
            "sessions",
        )

    dates = sorted({block.date for block in plan.blocks})
    conference = {
        "id": slugify(instance.name) or "cosplib",
        "name": f"{instance.name} (CoSPLib instance)",
        "start": dates[0].isoformat(),
        "end": dates[-1].isoformat(),
        "timezone": _conference_zone(parameters.local_utc_offset),
        "languages": ["en"],
    }

    room_blocks: dict[str, dict[str, int]] = defaultdict(dict)
    for (session, room), penalty in instance.sessions_rooms.items():
        room_blocks[room][session] = penalty
    rooms = []
    for name, ident in plan.rooms.items():
        record: dict[str, Any] = {"id": ident, "name": name, "capacity": CAPACITY}
        if room_blocks.get(name):
            record["block_penalties"] = _block_entries(plan, room_blocks[name])
        rooms.append(record)
    venue = {"name": instance.name, "address": "A CoSPLib benchmark instance", "rooms": rooms}

    days = []
    for day in dates:
        slots = []
        for block in sorted((b for b in plan.blocks if b.date == day), key=lambda b: b.start):
            for slot in range(block.slots):
                slots.append(
                    {
                        "start": block.clock(plan.slot_minutes, slot),
                        "length": plan.slot_minutes,
                        "name": block.session,
                    }
                )
        days.append({"id": day.isoformat(), "date": day.isoformat(), "slots": slots})

    track_blocks: dict[str, dict[str, int]] = defaultdict(dict)
    for (track, session), penalty in instance.tracks_sessions.items():
        track_blocks[track][session] = penalty
    track_rooms: dict[str, dict[str, int]] = defaultdict(dict)
    for (track, room), penalty in instance.tracks_rooms.items():
        track_rooms[track][plan.rooms[room]] = penalty
    tracks = []
    for index, track in enumerate(instance.tracks):
        record = {
            "id": plan.tracks[track.name],
            "name": track.name,
            "colour": PALETTE[index % len(PALETTE)],
        }
        if track.chairs:
            record["chairs"] = [plan.people[c] for c in dict.fromkeys(track.chairs)]
        if track_blocks.get(track.name):
            record["block_penalties"] = _block_entries(plan, track_blocks[track.name])
        if track_rooms.get(track.name):
            record["room_penalties"] = track_rooms[track.name]
        tracks.append(record)
    similar = [
        {"tracks": [plan.tracks[first], plan.tracks[second]], "penalty": penalty}
        for (first, second), penalty in sorted(instance.similar_tracks.items())
    ]
    tracks_file: dict[str, Any] = {"tracks": tracks}
    if similar:
        tracks_file["similar"] = similar

    zones = _zones(instance)
    speakers = {}
    for name, ident in plan.people.items():
        record = {"name": name}
        if name in zones:
            record["timezone"] = _offset(zones[name])
        speakers[ident] = record

    after = _orders(instance, plan, report)
    sessions = {}
    own_zone = []
    for submission in instance.submissions:
        ident = plan.submissions[submission.reference]
        record = {
            "kind": "talk",
            "title": submission.reference,
            "language": "en",
            "length": submission.required_timeslots * plan.slot_minutes,
            "track": plan.tracks[submission.track],
        }
        people = [plan.people[p] for p in dict.fromkeys(submission.presenters)]
        if people:
            record["speakers"] = people
        else:
            report.repair("submission without presenters; a talk without speakers", ident)
        if any(zones[p] != submission.utc_offset for p in submission.presenters):
            record["timezone"] = _offset(submission.utc_offset)
            own_zone.append(ident)
        if submission.session_penalties:
            record["block_penalties"] = _block_entries(plan, submission.session_penalties)
        if submission.room_penalties:
            record["room_penalties"] = {
                plan.rooms[room]: penalty for room, penalty in submission.room_penalties.items()
            }
        if after.get(ident):
            record["after"] = after[ident]
        record["notes"] = f"CoSPLib submission {submission.reference}"
        sessions[ident] = record
    for ident in own_zone:
        report.repair(
            "presented from another time zone than the presenter's other submissions; "
            "the session has its own timezone",
            ident,
        )

    planning: dict[str, Any] = {
        "time_limit": 600,
        "gap": 0,
        "one_track_per_block": True,
        "order": "soft",
        "presenter_hours": {
            "suitable": {
                "start": _clock(parameters.suitable_from),
                "end": _clock(parameters.suitable_to),
            },
            "less_suitable": {
                "start": _clock(parameters.less_suitable_from),
                "end": _clock(parameters.less_suitable_to),
            },
            "less_suitable_penalty": parameters.less_suitable_penalty,
            "unsuitable_penalty": parameters.unsuitable_penalty,
        },
        "weights": {name: 0 for name in SWITCHED_OFF}
        | {ours: getattr(weights, theirs) for theirs, ours in WEIGHTS.items()},
    }
    if weights.chairs_conflicts != weights.presenters_conflicts and any(
        t.chairs for t in instance.tracks
    ):
        report.repair(
            f"chairs' conflicts weigh {weights.chairs_conflicts} in the workbook; a chair is "
            f"weighted like a presenter ({weights.presenters_conflicts})",
            "person_block_rooms",
        )

    files = {
        "conference.yaml": dump_yaml(conference, header),
        "venue.yaml": dump_yaml(venue, header),
        "timeslots.yaml": dump_yaml({"days": days}, header),
        "tracks.yaml": dump_yaml(tracks_file, header),
        "planning.yaml": dump_yaml(planning, header),
    }
    # More pairs than MAX_VALUES could never load: fit_folder refuses them.
    pairs = attendee_pairs(instance, limit=MAX_VALUES)
    if pairs:
        interest = {
            "source": f"CoSPLib {instance.name}: one response per pair of submissions an "
            "attendee wants both of",
            "responses": [
                {"sessions": [plan.submissions[a], plan.submissions[b]], "count": 1}
                for a, b in pairs
            ],
        }
        files["interest.yaml"] = dump_yaml(interest, header)
    for ident, record in speakers.items():
        files[f"speakers/{ident}.yaml"] = dump_yaml(record)
    for ident, record in sessions.items():
        files[f"sessions/{ident}.yaml"] = dump_yaml(record)
    fit_folder(files, report)

    report.sessions = len(sessions)
    report.speakers = len(speakers)
    report.rooms = len(rooms)
    report.days = len(days)
    report.tracks = len(tracks)
    report.unscheduled = len(sessions)
    return files


def import_cosplib(source: Path, into: Path, *, force: bool = False) -> ImportReport:
    """Import the CoSPLib workbook ``source`` into the content folder ``into``."""
    source = Path(source)
    into = Path(into)
    report = ImportReport(
        source=str(source), into=str(into), format="CoSPLib workbook", not_carried=dict(NOT_CARRIED)
    )
    try:
        check_size(source)
        instance = read_instance(source)
        at_most(len(instance.submissions), MAX_SESSIONS, "submissions")
        if any(track.chairs for track in instance.tracks):
            report.not_carried[CHAIRS[0]] = CHAIRS[1]
        files = build(instance, report)
    except WorkbookError as err:
        raise CosplibError(str(err) if err.sheet else f"{source}: {err.message}") from None
    except SourceProblem as err:
        raise err.in_file(source) from None
    report.record(write_folder(into, files, force=force, source=source.name))
    return report
