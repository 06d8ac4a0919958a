"""Checks across files, run on records that loaded cleanly.

Each check is a function of the content and the loaded files (for positions); it reports
through ``Loaded.problem`` so every message points at the field that is wrong.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path, PurePosixPath

from confsite.load.invisible import invisible_characters, named_texts
from confsite.load.loader import Loaded, Located
from confsite.load.media import media_problem
from confsite.load.validation import suggest
from confsite.markup import active_html
from confsite.model.common import BlockPenalty
from confsite.model.content import Content
from confsite.model.sessions import Session
from confsite.model.site_paths import SITE_PAGES
from confsite.model.timeslots import Day
from confsite.problems import Problem

Check = Callable[[Content, Loaded], None]


def _expected_id(ident: str, known: Iterable[str], what: str) -> str:
    choices = sorted(known)
    hint = suggest(ident, choices)
    if hint:  # "expected a speaker id; did you mean 'chen-jing'?"
        return f"a {what} id; {hint}"
    if not choices:
        return f"a {what} id, but none are defined"
    shown = ", ".join(choices[:8]) + (", …" if len(choices) > 8 else "")
    return f"a {what} id: {shown}"


def _ref(
    loaded: Loaded,
    located: Located | None,
    path: tuple[str | int, ...],
    ident: str | None,
    known: Iterable[str],
    what: str,
) -> None:
    known = set(known)
    if located is None or ident is None or ident in known:
        return
    loaded.problem(located, path, f"unknown {what} {ident!r}", _expected_id(ident, known, what))


def _duplicates(
    loaded: Loaded, located: Located | None, field: str, ids: list[str], what: str = "id"
) -> None:
    if located is None:
        return
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            loaded.problem(
                located,
                (field, index, "id"),
                f"duplicate {what} {ident!r}",
                f"unique ids; {ident!r} is also {field}[{seen[ident]}]",
            )
        else:
            seen[ident] = index


def _media(
    content: Content,
    loaded: Loaded,
    located: Located | None,
    path: tuple[str | int, ...],
    value: str | None,
) -> None:
    """A media file named in content (it is published) must be an image inside the
    content folder (``confsite.load.media``)."""
    if located is None or value is None:
        return
    root = content.root.resolve()
    if PurePosixPath(value).is_absolute() or Path(value).is_absolute():
        loaded.problem(
            located, path, f"{value!r} is an absolute path", "a path relative to the content folder"
        )
        return
    target = (content.root / value).resolve()
    if not target.is_relative_to(root):
        loaded.problem(
            located,
            path,
            f"{value!r} points outside the content folder",
            "a file inside the content folder",
        )
        return
    if not target.is_file():
        loaded.problem(
            located,
            path,
            f"file {value!r} does not exist",
            "a file inside the content folder, e.g. media/…",
        )
        return
    problem = media_problem(target)
    if problem is not None:
        message, expected = problem
        loaded.problem(located, path, f"{value!r} {message}", expected)


def _blocks(
    content: Content,
    loaded: Loaded,
    located: Located | None,
    path: tuple[str | int, ...],
    entries: tuple[BlockPenalty, ...],
) -> None:
    """Each entry names a block: a known day, and the start of a run of slots there."""
    seen: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        here = (*path, index)
        day = content.day.get(entry.day)
        if day is None:
            _ref(loaded, located, (*here, "day"), entry.day, content.day, "day")
            continue
        starts = [f"{run[0].start:%H:%M}" for run in day.runs()]
        start = f"{entry.start:%H:%M}"
        if located is not None and start not in starts:
            loaded.problem(
                located,
                (*here, "start"),
                f"no block starts at {start} on {entry.day}",
                "the start of a block (the first slot after a break): " + ", ".join(starts)
                if starts
                else f"a day with slots ({entry.day} has none)",
            )
        key = (entry.day, start)
        if located is not None and key in seen:
            loaded.problem(
                located,
                here,
                f"the block {entry.day} {start} is listed twice",
                f"one entry per block; it is also entry [{seen[key]}]",
            )
        seen.setdefault(key, index)


def _room_keys(
    content: Content,
    loaded: Loaded,
    located: Located | None,
    path: tuple[str | int, ...],
    penalties: dict[str, float],
) -> None:
    for room in penalties:
        _ref(loaded, located, (*path, room), room, content.room, "room")


# --- the conference ---------------------------------------------------------------------


def check_conference(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("conference")
    conf = content.conference
    branding = conf.branding
    for name in ("logo", "logo_dark", "favicon"):
        _media(content, loaded, located, ("branding", name), getattr(branding, name))
    for index, link in enumerate(conf.after.community):
        _media(content, loaded, located, ("after", "community", index, "qr"), link.qr)
    if conf.after.feedback_closes and conf.after.feedback_closes < conf.end:
        loaded.problem(
            located,
            ("after", "feedback_closes"),
            "the feedback survey closes before the conference ends",
            f"a date on or after {conf.end}",
        )
    before_start = (
        "cfp_open",
        "cfp_close",
        "notification",
        "agenda_published",
        "early_bird_end",
    )
    by_kind: dict[str, date] = {}
    for index, item in enumerate(conf.important_dates):
        by_kind.setdefault(item.kind, item.date)
        if item.kind in before_start and item.date >= conf.start:
            loaded.problem(
                located,
                ("important_dates", index, "date"),
                f"{item.kind} on {item.date} is after the conference",
                f"a date before {conf.start}",
            )
        if item.kind == "conference" and not conf.start <= item.date <= conf.end:
            loaded.problem(
                located,
                ("important_dates", index, "date"),
                f"{item.date} is outside the conference",
                f"a date from {conf.start} to {conf.end}",
            )
    order = ("cfp_open", "cfp_close", "notification")
    for first, second in itertools.pairwise(order):
        if first in by_kind and second in by_kind and by_kind[second] < by_kind[first]:
            index = next(i for i, d in enumerate(conf.important_dates) if d.kind == second)
            loaded.problem(
                located,
                ("important_dates", index, "date"),
                f"{second} ({by_kind[second]}) comes before {first} ({by_kind[first]})",
                f"{second} on or after {first}",
            )


# --- venue and time grid ------------------------------------------------------------------


def check_venue(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("venue")
    venue = content.venue
    _duplicates(loaded, located, "rooms", [room.id for room in venue.rooms])
    _duplicates(loaded, located, "hotels", [hotel.id for hotel in venue.hotels])
    _media(content, loaded, located, ("photo",), venue.photo)
    for index, meal in enumerate(venue.catering.meals):
        _ref(loaded, located, ("catering", "meals", index, "day"), meal.day, content.day, "day")
    for index, room in enumerate(venue.rooms):
        _blocks(content, loaded, located, ("rooms", index, "block_penalties"), room.block_penalties)


def check_grid(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("grid")
    conf = content.conference
    days = content.grid.days
    _duplicates(loaded, located, "days", [day.id for day in days])
    dates = Counter(day.date for day in days)
    for d_index, day in enumerate(days):
        if not conf.start <= day.date <= conf.end:
            loaded.problem(
                located,
                ("days", d_index, "date"),
                f"{day.date} is outside the conference",
                f"a date from {conf.start} to {conf.end} (conference.yaml)",
            )
        if dates[day.date] > 1:
            loaded.problem(
                located,
                ("days", d_index, "date"),
                f"two days share the date {day.date}",
                "one entry per date",
            )
        for r_index, room in enumerate(day.rooms):
            _ref(loaded, located, ("days", d_index, "rooms", r_index), room, content.room, "room")
        order = sorted(range(len(day.slots)), key=lambda i: day.slots[i].start_minutes())
        previous = None
        for s_index in order:
            slot = day.slots[s_index]
            path = ("days", d_index, "slots", s_index, "start")
            if slot.end_minutes() > 24 * 60:
                loaded.problem(
                    located,
                    path,
                    f"slot at {slot.start:%H:%M} runs past midnight",
                    "slots that end within their day",
                )
            if day.opens and slot.start < day.opens:
                loaded.problem(
                    located,
                    path,
                    f"slot at {slot.start:%H:%M} starts before the day opens ({day.opens:%H:%M})",
                    "slots within opens and closes",
                )
            if day.closes and slot.end_minutes() > day.closes.hour * 60 + day.closes.minute:
                loaded.problem(
                    located,
                    path,
                    f"slot at {slot.start:%H:%M} ends after the day closes ({day.closes:%H:%M})",
                    "slots within opens and closes",
                )
            if previous is not None and slot.start_minutes() < previous.end_minutes():
                end = previous.end_minutes()
                loaded.problem(
                    located,
                    path,
                    f"slot at {slot.start:%H:%M} overlaps the slot at "
                    f"{previous.start:%H:%M} (which ends at {end // 60:02d}:{end % 60:02d})",
                    "slots that do not overlap",
                )
            previous = slot


# --- tracks, speakers, sessions ------------------------------------------------------------


def check_tracks(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("tracks")
    tracks = content.tracks.tracks
    _duplicates(loaded, located, "tracks", [track.id for track in tracks])
    for t_index, track in enumerate(tracks):
        for c_index, chair in enumerate(track.chairs):
            _ref(
                loaded,
                located,
                ("tracks", t_index, "chairs", c_index),
                chair,
                loaded.ids["speakers"],
                "speaker",
            )
        for h_index, held in enumerate(track.held_rooms):
            base = ("tracks", t_index, "held_rooms", h_index)
            _ref(loaded, located, (*base, "day"), held.day, content.day, "day")
            _ref(loaded, located, (*base, "room"), held.room, content.room, "room")
        path = ("tracks", t_index, "block_penalties")
        _blocks(content, loaded, located, path, track.block_penalties)
        _room_keys(
            content, loaded, located, ("tracks", t_index, "room_penalties"), track.room_penalties
        )
    pairs: dict[frozenset[str], int] = {}
    for p_index, pair in enumerate(content.tracks.similar):
        for i_index, ident in enumerate(pair.tracks):
            _ref(
                loaded,
                located,
                ("similar", p_index, "tracks", i_index),
                ident,
                content.track,
                "track",
            )
        key = frozenset(pair.tracks)
        if located is not None and key in pairs:
            loaded.problem(
                located,
                ("similar", p_index, "tracks"),
                f"the pair {' and '.join(pair.tracks)} is listed twice",
                f"one entry per pair; it is also similar[{pairs[key]}]",
            )
        pairs.setdefault(key, p_index)


def check_speakers(content: Content, loaded: Loaded) -> None:
    records = loaded.folders.get("speakers", {})
    for ident, speaker in content.speakers:
        located = records[ident]
        _media(content, loaded, located, ("photo",), speaker.photo)
        availability = speaker.availability
        for key, windows in (
            ("only", availability.only),
            ("not", availability.not_),
            ("preferred", availability.preferred),
        ):
            for index, window in enumerate(windows):
                _ref(
                    loaded,
                    located,
                    ("availability", key, index, "day"),
                    window.day,
                    content.day,
                    "day",
                )


def _runs_for(session: Session, day: Day) -> list[list]:
    kind = "plenary" if session.is_plenary else "session"
    return [run for run in day.runs() if run[0].kind == kind]


def _fits(session: Session, run: list, start_at: int = 0) -> bool:
    return sum(slot.length for slot in run[start_at:]) >= session.length


def check_sessions(content: Content, loaded: Loaded) -> None:
    records = loaded.folders.get("sessions", {})
    max_capacity = max(room.capacity for room in content.venue.rooms)
    features = {f for room in content.venue.rooms for f in room.features}
    longest: dict[bool, int] = {
        plenary: max(
            (
                sum(s.length for s in run)
                for day in content.grid.days
                for run in day.runs()
                if run[0].kind == ("plenary" if plenary else "session")
            ),
            default=0,
        )
        for plenary in (True, False)
    }
    for ident, session in content.sessions:
        located = records[ident]
        for key in ("speakers", "moderators"):
            for index, person in enumerate(getattr(session, key)):
                _ref(loaded, located, (key, index), person, loaded.ids["speakers"], "speaker")
            if len(set(getattr(session, key))) != len(getattr(session, key)):
                loaded.problem(
                    located, (key,), "the same person is listed twice", "each speaker once"
                )
        _ref(loaded, located, ("track",), session.track, content.track, "track")
        for index, feature in enumerate(session.needs.features):
            if feature not in features:
                loaded.problem(
                    located,
                    ("needs", "features", index),
                    f"no room has the feature {feature!r}",
                    _expected_id(feature, features, "room feature"),
                )
        for index, room in enumerate(session.needs.rooms):
            _ref(loaded, located, ("needs", "rooms", index), room, content.room, "room")
        _blocks(content, loaded, located, ("block_penalties",), session.block_penalties)
        _room_keys(content, loaded, located, ("room_penalties",), session.room_penalties)
        if session.needs.capacity and session.needs.capacity > max_capacity:
            loaded.problem(
                located,
                ("needs", "capacity"),
                f"needs {session.needs.capacity} seats but the largest room has {max_capacity}",
                f"at most {max_capacity}",
            )
        for index, other in enumerate(session.after):
            if other == ident:
                loaded.problem(
                    located,
                    ("after", index),
                    "a session cannot follow itself",
                    "another session's id",
                )
            else:
                _ref(loaded, located, ("after", index), other, loaded.ids["sessions"], "session")
        if session.kind in ("talk", "keynote", "workshop", "case_study", "lightning") and not (
            session.speakers
        ):
            loaded.problem(
                located,
                ("speakers",),
                f"a {session.kind.replace('_', ' ')} without speakers",
                "at least one speaker id",
                severity="warning",
            )
        kind_name = "plenary" if session.is_plenary else "session"
        if session.length > longest[session.is_plenary]:
            loaded.problem(
                located,
                ("length",),
                f"{session.length} minutes is longer than any run of back-to-back "
                f"{kind_name} slots ({longest[session.is_plenary]} minutes)",
                f"at most {longest[session.is_plenary]}, or longer runs in timeslots.yaml",
            )
        _check_pin(content, loaded, located, session)
    _check_order_cycles(content, loaded, records)


def _check_pin(content: Content, loaded: Loaded, located: Located, session: Session) -> None:
    pin = session.pin
    if pin is None:
        return
    _ref(loaded, located, ("pin", "room"), pin.room, content.room, "room")
    if pin.day is None:
        return
    day = content.day.get(pin.day)
    if day is None:
        _ref(loaded, located, ("pin", "day"), pin.day, content.day, "day")
        return
    if pin.start is None:
        return
    minutes = pin.start.hour * 60 + pin.start.minute
    for run in _runs_for(session, day):
        for index, slot in enumerate(run):
            if slot.start_minutes() == minutes:
                if not _fits(session, run, index):
                    loaded.problem(
                        located,
                        ("pin", "start"),
                        f"{session.length} minutes from {pin.start:%H:%M} run past "
                        "the end of the slots before the next break",
                        "a start with enough back-to-back slots",
                    )
                return
    kind = "plenary" if session.is_plenary else "session"
    starts = sorted({f"{s.start:%H:%M}" for run in _runs_for(session, day) for s in run})
    loaded.problem(
        located,
        ("pin", "start"),
        f"no {kind} slot starts at {pin.start:%H:%M} on {pin.day}",
        "one of " + ", ".join(starts) if starts else f"a day with {kind} slots",
    )


def _check_order_cycles(content: Content, loaded: Loaded, records: dict[str, Located]) -> None:
    """Report each cycle of `after` constraints once (iterative search: chains can be long)."""
    graph = {
        ident: sorted(o for o in s.after if o in content.session and o != ident)
        for ident, s in content.sessions
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(graph[root])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                loaded.problem(
                    records[path[-1]],
                    ("after",),
                    "order constraints form a cycle: " + " → ".join(cycle),
                    "an order without cycles",
                )
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph[nxt]))


# --- everything else ----------------------------------------------------------------------


def check_interest(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("interest")
    for r_index, response in enumerate(content.interest.responses):
        for s_index, session in enumerate(response.sessions):
            _ref(
                loaded,
                located,
                ("responses", r_index, "sessions", s_index),
                session,
                loaded.ids["sessions"],
                "session",
            )


def check_sponsors(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("sponsors")
    sponsors = content.sponsors
    _duplicates(loaded, located, "tiers", [tier.id for tier in sponsors.tiers])
    _duplicates(loaded, located, "sponsors", [s.id for s in sponsors.sponsors])
    tiers = {tier.id: tier for tier in sponsors.tiers}
    used = Counter(s.tier for s in sponsors.sponsors)
    for index, sponsor in enumerate(sponsors.sponsors):
        _ref(loaded, located, ("sponsors", index, "tier"), sponsor.tier, tiers, "tier")
        _media(content, loaded, located, ("sponsors", index, "logo"), sponsor.logo)
    for index, tier in enumerate(sponsors.tiers):
        if used[tier.id] > tier.slots:
            loaded.problem(
                located,
                ("tiers", index, "slots"),
                f"{used[tier.id]} sponsors in a tier with {tier.slots} slots",
                f"at least {used[tier.id]} slots",
            )


def check_team(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("team")
    members = content.team.members
    _duplicates(loaded, located, "members", [m.id for m in members])
    for index, member in enumerate(members):
        _ref(
            loaded,
            located,
            ("members", index, "speaker"),
            member.speaker,
            loaded.ids["speakers"],
            "speaker",
        )
        _media(content, loaded, located, ("members", index, "photo"), member.photo)


def check_faq(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("faq")
    faq = content.faq
    _duplicates(loaded, located, "categories", [c.id for c in faq.categories])
    _duplicates(loaded, located, "entries", [e.id for e in faq.entries])
    categories = {c.id for c in faq.categories}
    for index, entry in enumerate(faq.entries):
        _ref(
            loaded, located, ("entries", index, "category"), entry.category, categories, "category"
        )


def check_budget(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("budget")
    budget = content.budget
    if budget is None:
        return
    _duplicates(loaded, located, "venues", [v.id for v in budget.venues])
    _duplicates(loaded, located, "costs", [c.id for c in budget.costs])
    _duplicates(loaded, located, "tickets", [t.id for t in budget.tickets])
    _duplicates(loaded, located, "activities", [a.id for a in budget.activities])
    tiers = {tier.id for tier in content.sponsors.tiers}
    channels = {channel.id for channel in content.promotion.channels}
    for index, demand in enumerate(budget.sponsors if loaded.readable("sponsors") else ()):
        _ref(loaded, located, ("sponsors", index, "tier"), demand.tier, tiers, "sponsor tier")
    for index, channel in enumerate(budget.channels if loaded.readable("promotion") else ()):
        _ref(
            loaded,
            located,
            ("channels", index, "channel"),
            channel.channel,
            channels,
            "promotion channel",
        )
    if budget.tickets:
        total = sum(t.share for t in budget.tickets)
        if abs(total - 1) > 1e-6:
            loaded.problem(
                located,
                ("tickets",),
                f"ticket shares add up to {total:g}",
                "shares that add up to 1",
            )
    if sum(1 for v in budget.venues if v.venue) > 1:
        loaded.problem(
            located, ("venues",), "more than one option is marked venue: true", "at most one"
        )
    for index, cost in enumerate(budget.costs):
        if cost.min is not None and cost.max is not None and cost.min > cost.max:
            loaded.problem(
                located, ("costs", index, "min"), "min is above max", f"at most {cost.max:g}"
            )
    limits = budget.limits
    if limits.max_attendance is not None and limits.max_attendance < limits.min_attendance:
        loaded.problem(
            located,
            ("limits", "max_attendance"),
            "below min_attendance",
            f"at least {limits.min_attendance}",
        )
    days = sorted(day.date for day in content.grid.days)
    for index, option in enumerate(budget.venues):
        busy = [day for day in days if option.dates and day not in option.dates]
        if busy:
            loaded.problem(
                located,
                ("venues", index, "dates"),
                f"not free on {', '.join(map(str, busy))}; the budget plan cannot choose it",
                "every conference day among its dates",
                severity="warning",
            )


def check_promotion(content: Content, loaded: Loaded) -> None:
    located = loaded.singles.get("promotion")
    promotion = content.promotion
    _duplicates(loaded, located, "channels", [c.id for c in promotion.channels])
    _duplicates(loaded, located, "timeline", [c.id for c in promotion.timeline])
    channels = {c.id for c in promotion.channels}
    subjects = loaded.ids["sessions"] | loaded.ids["speakers"]
    for index, item in enumerate(promotion.timeline):
        for c_index, channel in enumerate(item.channels):
            _ref(
                loaded,
                located,
                ("timeline", index, "channels", c_index),
                channel,
                channels,
                "channel",
            )
        _ref(
            loaded,
            located,
            ("timeline", index, "subject"),
            item.subject,
            subjects,
            "session or speaker",
        )


def check_documents(content: Content, loaded: Loaded) -> None:
    for folder, documents in (("pages", content.pages), ("news", content.news)):
        records = loaded.folders.get(folder, {})
        seen: dict[str, str] = {}
        for document, meta in documents:
            slug = meta.slug or document.id
            if slug in seen:
                loaded.problem(
                    records[document.id],
                    ("slug",),
                    f"duplicate slug {slug!r}",
                    f"unique slugs; also used by {folder}/{seen[slug]}.md",
                )
            seen[slug] = document.id


def check_page_html(content: Content, loaded: Loaded) -> None:
    """The organiser's own pages and news posts may hold HTML, and it is published as it
    is: what in it would run in a visitor's browser is worth a second look."""
    for folder in ("pages", "news"):
        for located in loaded.folders.get(folder, {}).values():
            for number, line in enumerate(located.body.splitlines(), located.body_line):
                for found in active_html(line):
                    loaded.add(
                        Problem(
                            located.file,
                            number,
                            line.find(found) + 1 if found in line else 1,
                            "",
                            f"active HTML {found[:40]!r} is published as it is",
                            "Markdown, or HTML you wrote yourself and trust",
                            "warning",
                        )
                    )


def check_site_paths(content: Content, loaded: Loaded) -> None:
    """Free pages may not take a path the site's own pages have
    (``confsite.model.site_paths``): the build would fail, or one page would hide another."""
    reserved = SITE_PAGES.reserved_slugs()
    for document, page in content.pages:
        slug = page.slug or document.id
        if slug in reserved:
            loaded.problem(
                loaded.folders["pages"][document.id],
                ("slug",),
                f"the page would take {SITE_PAGES.page(slug)}, which the site has for itself",
                "a slug other than " + ", ".join(reserved),
            )


def check_invisible_text(content: Content, loaded: Loaded) -> None:
    """Warn about bidi controls and zero-width characters in names and titles."""
    records = [*loaded.singles.values()]
    for folder in loaded.folders.values():
        records += folder.values()
    for located in records:
        for path, text in named_texts(located.record):
            found = invisible_characters(text)
            if found:
                loaded.problem(
                    located,
                    path,
                    f"contains {', '.join(found)}: invisible, it can make the text read "
                    "as other text",
                    "text without bidi controls or zero-width characters",
                    severity="warning",
                )


CHECKS: tuple[Check, ...] = (
    check_conference,
    check_venue,
    check_grid,
    check_tracks,
    check_speakers,
    check_sessions,
    check_interest,
    check_sponsors,
    check_team,
    check_faq,
    check_budget,
    check_promotion,
    check_documents,
    check_page_html,
    check_site_paths,
    check_invisible_text,
)


def run_checks(content: Content, loaded: Loaded) -> None:
    """Run every cross-file check; problems go into ``loaded``."""
    for check in CHECKS:
        check(content, loaded)
