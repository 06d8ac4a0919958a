"""The built example site in a real browser: Debian's headless Chromium driven by Playwright.

One site build (the session fixture ``example_site``), one local HTTP server and one browser
serve every test; each test gets fresh browser contexts, so localStorage starts empty. The
tests measure what a visitor sees (where a session card sits, what is visible, what the page
fetched), not only what the HTML contains. Screenshots land in ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page

from confsite.load.loader import load_content
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan.planfile import read_plan
from tests.conftest import EXAMPLE, ROOT, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# A word in the middle of one session's Chinese abstract, and nowhere else in the content:
# jieba keeps it whole at build time, so search finds it only if segmentation works.
SEARCH_WORD = "退换货"
SEARCH_SESSION = "cs-ecommerce-service"


# --- what the content says ------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One planned session: where and when, in the conference's time zone."""

    day: str
    room: str
    start: datetime
    end: datetime


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(EXAMPLE)


@pytest.fixture(scope="session")
def plan(content: Content) -> dict[str, Slot]:
    located, problems = read_plan(EXAMPLE / "plan.yaml")
    assert located is not None and not problems, problems
    zone = ZoneInfo(content.conference.timezone)
    dates: dict[str, date] = {day.id: day.date for day in content.grid.days}
    slots = {}
    for session_id, placement in located.record.sessions.items():
        start = datetime.combine(dates[placement.day], placement.start, tzinfo=zone)
        length = timedelta(minutes=content.session[session_id].length)
        slots[session_id] = Slot(placement.day, placement.room, start, start + length)
    assert slots, "the example plan schedules no session"
    return slots


# --- the site, served, and the browser ------------------------------------------------------


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (the root is the Chinese site)."""
    with served(example_site) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """``open_page(path, viewport=DESKTOP)``: a page in a fresh context (empty localStorage),
    loaded and settled. Any uncaught JavaScript error on any page fails the test."""
    contexts = []
    errors: list[str] = []

    def open_(path: str = "", viewport: dict[str, int] = DESKTOP) -> Page:
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        goto(page, base_url + path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


def goto(page: Page, url: str, *, idle: bool = False) -> None:
    """Load ``url`` and wait until confsite's script has bound the stars (its init has run);
    with ``idle``, also until the network is quiet (the search index, the sitemaps)."""
    page.goto(url, wait_until="load")
    settle(page, idle)


def reload(page: Page) -> None:
    page.reload(wait_until="load")
    settle(page, False)


def settle(page: Page, idle: bool) -> None:
    if page.locator("[data-star]").count():
        page.locator("[data-star][data-bound]").first.wait_for(state="attached")
    if idle:
        page.wait_for_load_state("networkidle")


def load_images(page: Page) -> list[str]:
    """Load the lazy images now (a full-page screenshot does not scroll) and wait for every
    image; the sources of those that are broken."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")
    return page.evaluate(
        "Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src)"
    )


# --- reading the page -----------------------------------------------------------------------

RECTS_JS = """elements => elements.map(el => {
  const r = el.getBoundingClientRect();
  const data = Object.assign({}, el.dataset);
  const clock = el.querySelector('time[data-time]');
  return {data, classes: Array.from(el.classList),
          day: (el.closest('section.cs-day') || {}).id || null,
          time: clock ? clock.dataset.time : null,
          left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          width: r.width, height: r.height};
})"""


def boxes(page: Page, selector: str) -> list[dict]:
    """Every element matching ``selector``: its data-* attributes, classes, day and box."""
    return page.locator(selector).evaluate_all(RECTS_JS)


VISIBLE_JS = """elements => elements.filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === "visible";
}).map(el => el.dataset.session)"""


def visible_ids(page: Page, selector: str) -> list[str]:
    """data-session of the elements matching ``selector`` that are visible, as Playwright's
    ``is_visible`` defines it (a non-empty box and not visibility:hidden), in one call."""
    return page.locator(selector).evaluate_all(VISIBLE_JS)


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- 1. the grid ----------------------------------------------------------------------------


def test_grid_puts_every_session_in_its_room_column_and_time_row(
    open_page, plan: dict[str, Slot]
) -> None:
    page = open_page("schedule/")
    sessions = boxes(page, "section.cs-day .cs-grid article.cs-session")
    ids = [s["data"]["session"] for s in sessions]
    assert sorted(ids) == sorted(set(ids)), "a session appears twice in the grid"
    assert set(ids) == set(plan), "the grid and plan.yaml hold different sessions"

    rooms = {}  # (day, room) -> box of the column header
    for header in boxes(page, "section.cs-day .cs-grid .cs-room"):
        rooms[(header["day"], header["data"]["room"])] = header
    marks = {}  # (day, row) -> box of the time mark
    for mark in boxes(page, "section.cs-day .cs-grid .cs-mark"):
        marks[(mark["day"], mark["data"]["row"])] = mark

    problems = []
    plenaries = 0
    for session in sessions:
        sid, data = session["data"]["session"], session["data"]
        slot = plan[sid]
        where = f"{sid} ({slot.day} {slot.start:%H:%M} {slot.room})"
        if session["day"] != slot.day or data["day"] != slot.day:
            problems.append(f"{where}: shown on {session['day']}")
            continue
        if data["room"] != slot.room:
            problems.append(f"{where}: data-room is {data['room']}")
        if parse_iso(data["start"]) != slot.start:
            problems.append(f"{where}: data-start is {data['start']}")
        if parse_iso(data["end"]) != slot.end:
            problems.append(f"{where}: data-end is {data['end']}")
        if session["width"] < 20 or session["height"] < 20:
            problems.append(f"{where}: card is {session['width']}x{session['height']} px")

        mark = marks.get((slot.day, data["row"]))
        if mark is None:
            problems.append(f"{where}: no time mark for its row {data['row']}")
        else:
            if parse_iso(mark["time"]) != slot.start:
                problems.append(f"{where}: its row {data['row']} is marked {mark['time']}")
            if abs(session["top"] - mark["top"]) > 2:
                problems.append(
                    f"{where}: top {session['top']:.0f} px, its time mark at {mark['top']:.0f} px"
                )

        day_rooms = [box for (day, _), box in rooms.items() if day == slot.day]
        if "cs-session--plenary" in session["classes"]:
            plenaries += 1
            for header in day_rooms:
                if session["left"] > header["left"] + 1 or session["right"] < header["right"] - 1:
                    problems.append(
                        f"{where}: plenary spans {session['left']:.0f}–{session['right']:.0f} px, "
                        f"does not cover room {header['data']['room']} "
                        f"({header['left']:.0f}–{header['right']:.0f} px)"
                    )
        else:
            header = rooms.get((slot.day, slot.room))
            centre = (session["left"] + session["right"]) / 2
            if header is None:
                problems.append(f"{where}: no column for its room")
            elif not header["left"] <= centre <= header["right"]:
                column = [box["data"]["room"] for box in day_rooms if box["left"] <= centre]
                problems.append(f"{where}: centre at {centre:.0f} px, under {column[-1:]}")
    assert plenaries, "no plenary session in the grid"
    assert not problems, "\n".join(problems)


# --- 2. filters -----------------------------------------------------------------------------


def test_track_filter_hides_the_other_tracks(open_page) -> None:
    page = open_page("schedule/")
    all_sessions = boxes(page, ".cs-grid article.cs-session")
    tracks = {s["data"]["track"] for s in all_sessions}
    track = "infra" if "infra" in tracks else sorted(tracks - {"none"})[0]
    assert set(visible_ids(page, ".cs-grid article.cs-session")) == {
        s["data"]["session"] for s in all_sessions
    }, "sessions hidden before any filter was chosen"

    page.select_option("select[data-filter=track]", track)
    shown = visible_ids(page, ".cs-grid article.cs-session")
    by_id = {s["data"]["session"]: s["data"] for s in all_sessions}
    wanted = {sid for sid, data in by_id.items() if data["track"] == track}
    assert shown, f"track {track}: nothing left in the grid"
    assert {by_id[sid]["track"] for sid in shown} == {track}
    assert set(shown) == wanted, f"track {track}: sessions of the track were hidden"
    others = [sid for sid, data in by_id.items() if data["track"] != track]
    assert others and not set(others) & set(shown)

    # The list view filters the same way (there hidden items leave no gap).
    page.click(".cs-views button[data-view=list]")
    assert not page.locator(".cs-grid").first.is_visible()
    assert set(visible_ids(page, ".cs-list li.cs-item[data-session]")) == wanted

    page.select_option("select[data-filter=track]", "")
    assert len(visible_ids(page, ".cs-list li.cs-item[data-session]")) == len(by_id)


def test_desktop_shows_one_view_at_a_time(open_page) -> None:
    page = open_page("schedule/")
    grid, day_list = page.locator(".cs-grid").first, page.locator("section.cs-day ol.cs-list").first
    assert grid.is_visible()
    assert not day_list.is_visible(), "the list is shown under the grid"
    page.click(".cs-views button[data-view=list]")
    assert day_list.is_visible() and not grid.is_visible()
    page.click(".cs-views button[data-view=grid]")
    assert grid.is_visible() and not day_list.is_visible()


# --- 3. stars -------------------------------------------------------------------------------


def starred_on_page(page: Page) -> set[str]:
    return set(
        page.locator('[data-star][aria-pressed="true"]').evaluate_all(
            "els => els.map(e => e.dataset.star)"
        )
    )


def test_stars_survive_a_reload_and_are_shared_with_session_pages(
    open_page, base_url: str, plan: dict[str, Slot]
) -> None:
    page = open_page("schedule/")
    first, second = sorted(plan)[0], sorted(plan)[-1]
    assert starred_on_page(page) == set()

    page.click(f'.cs-grid article[data-session="{first}"] button.cs-star')
    reload(page)
    for copy in page.locator(f'[data-star="{first}"]').all():
        assert copy.get_attribute("aria-pressed") == "true"
        assert copy.inner_text() == "★"
    assert starred_on_page(page) == {first}

    page.check("input[data-only-starred]")
    assert visible_ids(page, ".cs-grid article.cs-session") == [first]

    # A session page writes to the same localStorage.
    goto(page, f"{base_url}sessions/{second}/")
    star = page.locator(f'.cs-session-page [data-star="{second}"]')
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    goto(page, f"{base_url}schedule/")
    assert starred_on_page(page) == {first, second}
    page.check("input[data-only-starred]")
    assert sorted(visible_ids(page, ".cs-grid article.cs-session")) == sorted({first, second})

    # Un-starring in the grid takes the session out of "only my sessions" at once.
    page.click(f'.cs-grid article[data-session="{first}"] button.cs-star')
    assert visible_ids(page, ".cs-grid article.cs-session") == [second]


# --- 4. search ------------------------------------------------------------------------------


def test_search_finds_a_chinese_word_from_the_middle_of_an_abstract(
    open_page, content: Content
) -> None:
    session = content.session[SEARCH_SESSION]
    abstract = localize(session.abstract, "zh")
    position = abstract.find(SEARCH_WORD)
    assert position > 10, "the word must be inside the abstract, not at its start"
    assert SEARCH_WORD not in localize(session.title, "zh")
    elsewhere = [
        sid
        for sid, other in content.sessions
        if sid != SEARCH_SESSION
        and SEARCH_WORD in localize(other.title, "zh") + localize(other.abstract, "zh")
    ]
    assert not elsewhere, f"{SEARCH_WORD} is also in {elsewhere}"

    page = open_page("")
    page.click(".md-search__input")
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("End")
    link = page.locator(f'.md-search-result__item a[href*="sessions/{SEARCH_SESSION}/"]').first
    link.wait_for(state="visible", timeout=10_000)
    results = page.locator(".md-search-result__list > .md-search-result__item")
    assert results.count() >= 1
    hrefs = results.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any(urlsplit(href).path.endswith(f"/sessions/{SEARCH_SESSION}/") for href in hrefs)


# --- 5. phones ------------------------------------------------------------------------------


def test_phone_width_shows_the_list_with_every_session(open_page, plan: dict[str, Slot]) -> None:
    page = open_page("schedule/", viewport=PHONE)
    grids = page.locator(".cs-grid")
    lists = page.locator("section.cs-day ol.cs-list")
    assert grids.count() == lists.count() == len({slot.day for slot in plan.values()})
    for index in range(grids.count()):
        assert not grids.nth(index).is_visible(), "the grid is shown on a phone"
        assert lists.nth(index).is_visible(), "the list is not shown on a phone"
    assert page.get_attribute(".cs-schedule", "data-view") == "list"
    assert page.get_attribute(".cs-views button[data-view=list]", "aria-pressed") == "true"

    listed = visible_ids(page, "section.cs-day ol.cs-list li.cs-item[data-session]")
    assert sorted(listed) == sorted(plan)
    # Each item sits under its own day, and nothing is wider than the phone.
    for item in boxes(page, "section.cs-day ol.cs-list li.cs-item[data-session]"):
        assert item["day"] == plan[item["data"]["session"]].day
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The visitor can still ask for the grid.
    page.click(".cs-views button[data-view=grid]")
    assert grids.first.is_visible()


# --- 6. the "now" line ----------------------------------------------------------------------


def running_ids(page: Page, selector: str) -> list[str]:
    return page.locator(f"{selector}.cs-running").evaluate_all(
        "els => els.map(e => e.dataset.session)"
    )


def test_now_line_marks_the_running_sessions(open_page, plan: dict[str, Slot]) -> None:
    first_day = min(slot.start.date() for slot in plan.values())
    day_slots = {sid: slot for sid, slot in plan.items() if slot.start.date() == first_day}
    # The busiest start of day 1, ten minutes in.
    starts = [slot.start for slot in day_slots.values()]
    busiest = max(sorted(set(starts)), key=starts.count)
    now = busiest + timedelta(minutes=10)
    running = {sid for sid, slot in day_slots.items() if slot.start <= now < slot.end}
    assert len(running) >= 2
    day = day_slots[next(iter(running))].day

    page = open_page(f"schedule/?now={quote(now.isoformat(timespec='minutes'))}")
    assert sorted(running_ids(page, ".cs-grid .cs-session")) == sorted(running)
    assert sorted(running_ids(page, ".cs-list .cs-item")) == sorted(running)

    lines = page.locator(".cs-now-line")
    assert lines.count() == 1
    assert page.locator(f"section#{day} .cs-grid .cs-now-line").count() == 1
    jump = page.locator("[data-jump-now]")
    assert jump.is_visible(), "the 'jump to now' button is hidden during the conference"

    # The line crosses the running sessions ten minutes below their top edge.
    line = boxes(page, ".cs-now-line")[0]
    for card in boxes(page, ".cs-grid .cs-session.cs-running"):
        slot = plan[card["data"]["session"]]
        assert card["top"] < line["top"] < card["bottom"], card["data"]["session"]
        if slot.start == busiest:
            minutes = (slot.end - slot.start).total_seconds() / 60
            expected = card["top"] + 10 / minutes * card["height"]
            assert abs(line["top"] - expected) <= 6, (line["top"], expected)

    jump.click()
    page.wait_for_function(
        "() => { const r = document.querySelector('.cs-now-line').getBoundingClientRect();"
        " return r.top >= 0 && r.top <= window.innerHeight; }",
        timeout=5_000,
    )

    # At the minute a session ends it is over: only the ones starting then are running.
    edge = min(slot.end for slot in day_slots.values() if slot.start == busiest)
    goto(page, page.url.split("?")[0] + "?now=" + quote(edge.isoformat()))
    running = {sid for sid, slot in day_slots.items() if slot.start <= edge < slot.end}
    ended = {sid for sid, slot in day_slots.items() if slot.end == edge}
    assert ended
    assert set(running_ids(page, ".cs-grid .cs-session")) == running
    assert set(running_ids(page, ".cs-list .cs-item")) == running


def test_no_now_line_outside_the_conference(
    open_page, base_url: str, plan: dict[str, Slot]
) -> None:
    before = min(slot.start for slot in plan.values()) - timedelta(days=30)
    after = max(slot.end for slot in plan.values()) + timedelta(days=2)
    page = open_page(f"schedule/?now={quote(before.isoformat())}")
    for moment in (before, after):
        if moment is after:
            goto(page, f"{base_url}schedule/?now={quote(moment.isoformat())}")
        assert page.locator(".cs-now-line").count() == 0
        assert page.locator(".cs-running").count() == 0
        assert page.locator("[data-jump-now]").evaluate("button => button.hidden")
        assert not page.locator("[data-jump-now]").is_visible(), (
            f"'jump to now' is shown at {moment.isoformat()}, outside the conference"
        )


# --- 7. English ------------------------------------------------------------------------------


def test_english_site_has_an_english_schedule(open_page, content: Content) -> None:
    page = open_page("en/schedule/")
    assert page.get_attribute("html", "lang") == "en"
    label = page.locator("label:has(select[data-filter=track])").inner_text()
    assert label.strip().startswith("Track"), label
    assert page.locator(".cs-schedule").get_attribute("data-lang") == "en"
    first_day = content.grid.days[0]
    heading = page.locator(f"section#{first_day.id} h2").inner_text()
    assert heading.strip() == localize(first_day.name, "en")
    title = page.locator(f'.cs-grid article[data-session="{SEARCH_SESSION}"] .cs-session__title')
    assert title.inner_text().strip() == localize(content.session[SEARCH_SESSION].title, "en")
    assert not re.search(r"[\u4e00-\u9fff]", page.locator("form.cs-filters").inner_text())


# --- 8. offline ------------------------------------------------------------------------------


def test_pages_fetch_nothing_from_the_internet_and_raise_no_errors(
    browser: Browser, base_url: str, plan: dict[str, Slot]
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    requests: list[str] = []
    failures: list[str] = []
    errors: list[str] = []
    broken: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    context.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    session = sorted(plan)[0]
    try:
        for path in ("", "schedule/", f"sessions/{session}/"):
            goto(page, base_url + path, idle=True)
            broken.extend(load_images(page))
            page.wait_for_load_state("networkidle")
    finally:
        context.close()

    local = urlsplit(base_url).netloc
    outside = [
        url
        for url in requests
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != local
    ]
    assert len(requests) > 5
    assert not outside, "fetched from outside 127.0.0.1:\n" + "\n".join(sorted(set(outside)))
    assert not failures, "failed requests:\n" + "\n".join(failures)
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)
    assert not broken, "broken images:\n" + "\n".join(broken)


# --- 9. screenshots -------------------------------------------------------------------------


def test_screenshots_of_home_schedule_and_a_session(
    browser: Browser, base_url: str, plan: dict[str, Slot]
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    session = "t-kv-cache" if "t-kv-cache" in plan else sorted(plan)[0]
    pages = {"home": "", "schedule": "schedule/", "session": f"sessions/{session}/"}
    written = []
    for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            for name, path in pages.items():
                goto(page, base_url + path)
                load_images(page)
                target = SCREENSHOTS / f"{name}-{width_name}.png"
                target.unlink(missing_ok=True)
                page.screenshot(path=str(target), full_page=True)
                written.append((target, viewport))
        finally:
            context.close()
    for target, viewport in written:
        assert target.is_file(), target
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", target
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == viewport["width"], (target, width)
        assert height >= viewport["height"] // 2, (target, height)
        assert len(data) > 20_000, f"{target} is only {len(data)} bytes"
