"""Presenters in other time zones: how well the hours of a block suit them.

A session is presented from its own ``timezone`` or, without one, from each of its
speakers' time zones. Its block (the run of slots between two breaks that it is in) is
turned into the presenter's local time on that date, daylight saving included, and judged
by planning.yaml's ``presenter_hours``: within the suitable hours it costs nothing, within
the less suitable hours ``less_suitable_penalty``, otherwise (or across local midnight)
``unsuitable_penalty``. A session with several presenters pays for the least suited one.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from confsite.model.common import utc_offset
from confsite.model.content import Content
from confsite.model.sessions import Session
from confsite.plan.grid import DAY, Block, Timeline


def _zone(name: str) -> tzinfo:
    offset = utc_offset(name)
    if offset is not None:
        return timezone(timedelta(minutes=offset))
    return ZoneInfo(name)


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def session_zones(content: Content, session: Session) -> tuple[str, ...]:
    """The time zones a session is presented from (none: the conference's own)."""
    if session.timezone:
        return (session.timezone,)
    zones = []
    for person in session.speakers:
        speaker = content.speaker.get(person)
        if speaker is not None and speaker.timezone and speaker.timezone not in zones:
            zones.append(speaker.timezone)
    return tuple(zones)


class PresenterHours:
    """Penalties of blocks for presenters' time zones, computed once per zone and block."""

    def __init__(self, content: Content, timeline: Timeline) -> None:
        self.content = content
        self.timeline = timeline
        self.home = ZoneInfo(content.conference.timezone)
        self._cache: dict[tuple[str, int], float] = {}

    def local(self, zone: str, block: Block) -> tuple[int, int]:
        """The block's start and end in minutes after the presenter's local midnight of
        the day it starts on (the end may pass 24:00)."""
        day = self.content.day[block.day]
        begin = block.begin % DAY
        moment = datetime.combine(day.date, time()) + timedelta(minutes=begin)
        here = moment.replace(tzinfo=self.home)
        there = here.astimezone(_zone(zone))
        local_begin = there.hour * 60 + there.minute
        return local_begin, local_begin + (block.end - block.begin)

    def penalty(self, zone: str, block: Block) -> float:
        key = (zone, block.index)
        if key not in self._cache:
            hours = self.content.planning.presenter_hours
            begin, end = self.local(zone, block)

            def within(start: time, stop: time) -> bool:
                return _minutes(start) <= begin and end <= _minutes(stop)

            if within(hours.suitable.start, hours.suitable.end):
                value = 0.0
            elif within(hours.less_suitable.start, hours.less_suitable.end):
                value = float(hours.less_suitable_penalty)
            else:
                value = float(hours.unsuitable_penalty)
            self._cache[key] = value
        return self._cache[key]

    def of(self, session: Session, block: Block) -> float:
        """The session's penalty in ``block`` (per slot it takes)."""
        return max(
            (self.penalty(z, block) for z in session_zones(self.content, session)), default=0
        )
