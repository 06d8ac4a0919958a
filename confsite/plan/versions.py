"""Schedule versions: recording the agenda each time it changes, and reading the history.

``confsite plan`` calls ``record`` after writing the plan file: when the agenda as attendees
see it (times, rooms, lengths, titles, speakers) differs from the latest version, a new
version file is written next to the plan, in ``<plan>-versions/NNNN.yaml``. Versions are
never rewritten, except that ``--release NAME`` may name the latest one when the agenda has
not changed since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from confsite import atomic, stamps
from confsite.load.loader import Loaded, read_record
from confsite.model.common import LangText, Text
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.versions import ScheduleVersion, VersionSession
from confsite.plan.changes import Changes, diff
from confsite.problems import ContentError, Problem

HEADER = """\
# yaml-language-server: $schema=../schemas/plan-versions.schema.json
# A schedule version, recorded by `confsite plan` when the agenda changed.
# Do not edit: `confsite diff` compares versions, and the site's changelog, badges and
# calendar feeds are made from them.
"""


def history_folder(plan_file: Path) -> Path:
    """Where the versions of ``plan_file`` are kept: ``plan-versions/`` beside ``plan.yaml``."""
    return plan_file.with_name(f"{plan_file.stem}-versions")


def snapshot(
    content: Content, agenda: Mapping[str, Placement]
) -> tuple[dict[str, VersionSession], dict[str, Text]]:
    """The agenda as attendees see it: every placed, not cancelled session, and the names of
    its speakers."""
    sessions: dict[str, VersionSession] = {}
    people: dict[str, Text] = {}
    for ident in sorted(agenda):
        session = content.session.get(ident)
        place = agenda[ident]
        day = content.day.get(place.day)
        room = content.room.get(place.room)
        if session is None or session.status == "cancelled" or day is None or room is None:
            continue
        sessions[ident] = VersionSession(
            title=session.title,
            kind=session.kind,
            day=place.day,
            date=day.date,
            start=f"{place.start:%H:%M}",
            length=session.length,
            room=place.room,
            room_name=room.name,
            speakers=session.people,
        )
        for person in session.people:
            speaker = content.speaker.get(person)
            if speaker is not None:
                people[person] = speaker.name
    return sessions, dict(sorted(people.items()))


@dataclass(frozen=True)
class History:
    """Every recorded version, oldest first."""

    versions: tuple[ScheduleVersion, ...] = ()

    @property
    def latest(self) -> ScheduleVersion | None:
        return self.versions[-1] if self.versions else None

    def get(self, number: int) -> ScheduleVersion | None:
        for version in self.versions:
            if version.version == number:
                return version
        return None

    def sequence(self, ident: str, now: VersionSession | bool | None = False) -> int:
        """How many times the session's time, length or room changed from one version to
        the next (an iCalendar SEQUENCE: calendar apps take the higher one as newer). With
        ``now`` (the session as the plan has it now; None when it is not in the agenda),
        a change since the latest version counts too."""
        states: list[VersionSession | None] = [v.sessions.get(ident) for v in self.versions]
        if now is not False:
            assert now is None or isinstance(now, VersionSession)
            states.append(now)
        count = 0
        seen = False
        last: tuple[object, ...] | None = None
        for entry in states:
            state = _when(entry) if entry is not None else None
            if seen and state != last:
                count += 1  # moved, retimed, cancelled, or back again
            last = state
            seen = seen or entry is not None
        return count

    def changes(self) -> list[Changes]:
        """What each version changed from the one before, newest first."""
        found = []
        for index, version in enumerate(self.versions):
            found.append(diff(self.versions[index - 1] if index else None, version))
        return found[::-1]

    def latest_change(self) -> Changes | None:
        """What the latest version changed from the one before (None with fewer than two
        versions: a first version changes nothing that was published)."""
        if len(self.versions) < 2:
            return None
        return diff(self.versions[-2], self.versions[-1])

    def matches(self, content: Content, agenda: Mapping[str, Placement]) -> bool:
        """Whether the agenda is the latest version's (nothing changed since)."""
        return self.latest is not None and self.latest.sessions == snapshot(content, agenda)[0]

    def cancelled(self, content: Content) -> dict[str, tuple[ScheduleVersion, VersionSession]]:
        """Sessions an earlier version had that the latest has not, and that are gone from
        the content or cancelled in it: id -> (last version that had it, as it was then)."""
        latest = self.latest
        found: dict[str, tuple[ScheduleVersion, VersionSession]] = {}
        if latest is None:
            return found
        for version in self.versions:
            for ident, entry in version.sessions.items():
                if ident not in latest.sessions:
                    found[ident] = (version, entry)
        return {
            ident: found[ident]
            for ident in sorted(found)
            if ident not in content.session or content.session[ident].status == "cancelled"
        }


def _when(entry: VersionSession) -> tuple[object, ...]:
    return (entry.date, entry.start, entry.length, entry.room)


def read_history(folder: Path) -> History:
    """The versions in ``folder`` (none when it does not exist). A version file that cannot
    be read is a ContentError: the history must not be silently shortened."""
    if not folder.is_dir():
        return History()
    loaded = Loaded(folder)
    versions: list[ScheduleVersion] = []
    for path in sorted(folder.glob("*.yaml")):
        located = read_record(path, folder, ScheduleVersion, loaded)
        if located is not None:
            record = located.record
            assert isinstance(record, ScheduleVersion)
            if path.stem != f"{record.version:04d}":
                loaded.add(
                    Problem(
                        str(path),
                        0,
                        0,
                        "version",
                        f"the file holds version {record.version}",
                        f"{record.version:04d}.yaml",
                    )
                )
            versions.append(record)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return History(tuple(sorted(versions, key=lambda v: v.version)))


def _text(value: Text) -> str | dict[str, str]:
    if isinstance(value, LangText):
        return {k: v for k, v in (("zh", value.zh), ("en", value.en)) if v}
    return value


def render(version: ScheduleVersion) -> str:
    """The version file's text: sessions in time order, one block each."""
    sessions = sorted(
        version.sessions.items(), key=lambda kv: (kv[1].date, kv[1].start, kv[1].room, kv[0])
    )
    data: dict[str, object] = {"version": version.version, "date": version.date.isoformat()}
    if version.name:
        data["name"] = version.name
    if version.conference:
        data["conference"] = version.conference
    data["people"] = {ident: _text(name) for ident, name in version.people.items()}
    data["sessions"] = {
        ident: {
            "title": _text(entry.title),
            "kind": entry.kind,
            "day": entry.day,
            "date": entry.date.isoformat(),
            "start": f"{entry.start:%H:%M}",
            "length": entry.length,
            "room": entry.room,
            "room_name": _text(entry.room_name),
            "speakers": list(entry.speakers),
        }
        for ident, entry in sessions
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


@dataclass(frozen=True)
class Recorded:
    version: ScheduleVersion
    new: bool  # False: the agenda had not changed (the latest version is returned)
    previous: ScheduleVersion | None


def record(
    plan_file: Path,
    content: Content,
    agenda: Mapping[str, Placement],
    *,
    name: str | None = None,
    when: date | None = None,
) -> Recorded:
    """Record the agenda as a new version if it differs from the latest one."""
    folder = history_folder(plan_file)
    history = read_history(folder)
    sessions, people = snapshot(content, agenda)
    latest = history.latest
    if latest is not None and latest.sessions == sessions:
        if name and not latest.name:
            latest = latest.model_copy(update={"name": name})
            atomic.write_text(folder / f"{latest.version:04d}.yaml", render(latest))
        previous = history.versions[-2] if len(history.versions) > 1 else None
        return Recorded(latest, False, previous)
    version = ScheduleVersion(
        version=(latest.version + 1) if latest else 1,
        date=when or stamps.build_date().date(),
        name=name or None,
        conference=content.conference.id,
        people=people,
        sessions=sessions,
    )
    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_text(folder / f"{version.version:04d}.yaml", render(version))
    return Recorded(version, True, latest)


class UnknownVersion(ValueError):
    """A version asked for that the history does not have."""


def current(plan_file: Path, content: Content, agenda: Mapping[str, Placement]) -> ScheduleVersion:
    """The plan file as an unrecorded version, to compare with recorded ones."""
    sessions, people = snapshot(content, agenda)
    return ScheduleVersion(
        version=1,
        date=stamps.build_date().date(),
        name=f"{plan_file.name} (not recorded)",
        conference=content.conference.id,
        people=people,
        sessions=sessions,
    )


def pick_pair(
    history: History,
    old: str | None,
    new: str | None,
    plan_now: ScheduleVersion | None,
) -> tuple[ScheduleVersion | None, ScheduleVersion]:
    """The two versions `confsite diff OLD NEW` compares. Each is a version number, or
    "plan" for the plan file as it is now; NEW defaults to the latest version (or the plan
    when nothing is recorded), OLD to the version before NEW."""

    def one(spec: str) -> ScheduleVersion:
        if spec == "plan":
            if plan_now is None:
                raise UnknownVersion("there is no plan file")
            return plan_now
        try:
            number = int(spec.lstrip("v"))
        except ValueError:
            raise UnknownVersion(f"{spec!r} is neither a version number nor 'plan'") from None
        found = history.get(number)
        if found is None:
            have = ", ".join(str(v.version) for v in history.versions) or "none"
            raise UnknownVersion(f"there is no version {number} (recorded: {have})")
        return found

    if new is not None:
        newer = one(new)
    elif history.latest is not None:
        newer = history.latest
    elif plan_now is not None:
        newer = plan_now
    else:
        raise UnknownVersion("no schedule version is recorded yet; run `confsite plan`")
    if old is not None:
        return one(old), newer
    earlier = [v for v in history.versions if v is not newer and v.version < newer.version]
    if newer is plan_now:
        earlier = list(history.versions)
    return (earlier[-1] if earlier else None), newer
