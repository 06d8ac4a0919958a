"""The example conference built with Zensical (``confsite build --engine zensical``): the
same generated pages as MkDocs gets, built by Material's successor.

Every link on every page of both languages lands on a file of the built site, the English
site's links stay under /en/, and in Debian's headless Chromium the schedule shows every
planned session, a session page leads to its speaker, the speaker page back to the
session, and the search finds a Chinese word from the middle of an abstract. Skipped when
Zensical is not installed (``pip install 'confsite[zensical]'``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from confsite.load.loader import load_content
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan.planfile import read_plan
from tests.conftest import EXAMPLE, build_example, served
from tests.test_site_browser import (
    DESKTOP,
    SEARCH_SESSION,
    SEARCH_WORD,
)

pytest.importorskip(
    "zensical", reason="Zensical is not installed: pip install 'confsite[zensical]'"
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The feeds are written once, at the default language's root; the English schedule links
# them there.
ROOT_FEEDS = {"/schedule.ics", "/schedule.xml", "/schedule.json", "/schedule.csv"}
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with Zensical, as `confsite build --engine zensical` builds it."""
    folder = tmp_path_factory.mktemp("zensical-site") / "site"
    result = build_example(folder, engine="zensical")
    assert result.engine == "zensical" and result.engine_seconds > 0
    assert result.languages == ("zh", "en")
    return folder


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(EXAMPLE)


# --- links ----------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The links of one HTML page: (tag, target, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        target = attributes.get(LINKING.get(tag, ""))
        if target is not None:
            self.found.append((tag, target, attributes))


def internal_links(site: Path) -> Iterator[tuple[str, str, str, dict[str, str | None]]]:
    """Every link within the site: (page, link as written, its path from the site's root,
    the element's attributes); the site is taken to be served at the root of a host."""
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, target, attributes in parser.found:
            if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|#", target):
                continue  # another site, mailto:, data:, or a place on the same page
            path = urlsplit(urljoin("http://site/" + relative, target)).path
            yield relative, target, unquote(path), {"tag": tag, **attributes}


def lands(site: Path, path: str) -> bool:
    """Whether the site has a file at ``path`` (a folder's index.html for ``.../``)."""
    target = site / path.lstrip("/")
    return target.is_file() or (target.is_dir() and (target / "index.html").is_file())


def test_every_link_of_every_page_lands_on_a_file_of_the_site(site: Path) -> None:
    links = list(internal_links(site))
    pages = {page for page, *_ in links}
    assert any(page.startswith("en/") for page in pages)
    assert any(page.startswith("sessions/") for page in pages)
    assert "schedule/index.html" in pages and "en/schedule/index.html" in pages
    broken = sorted(
        {f"{page}: {target}" for page, target, path, _ in links if not lands(site, path)}
    )
    assert not broken, f"{len(broken)} broken links, e.g.\n" + "\n".join(broken[:20])
    # The pages that hold most links in raw HTML all link where MkDocs' pages do.
    schedule = [path for page, _, path, _ in links if page == "en/schedule/index.html"]
    assert "/en/sessions/" + SEARCH_SESSION + "/" in schedule
    assert len(links) > 5000


def test_the_english_site_links_only_to_itself(site: Path) -> None:
    leaving = sorted(
        {
            f"{page}: {target} -> {path}"
            for page, target, path, attributes in internal_links(site)
            if page.startswith("en/")
            and not path.startswith("/en/")
            and "hreflang" not in attributes  # the language switch
            and path not in ROOT_FEEDS
        }
    )
    assert not leaving, "\n".join(leaving[:20])


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[[str], Page]]:
    """``open_page(path)``: a loaded page in a fresh context. A JavaScript error or a
    request that leaves the local server fails the test."""
    contexts = []
    problems: list[str] = []

    def open_(path: str) -> Page:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((base_url, "data:", "blob:"))
                else problems.append(f"{page.url} fetched {request.url}")
            ),
        )
        page.goto(base_url + path, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def test_schedule_session_and_speaker_pages_work(open_page, content: Content) -> None:
    located, problems = read_plan(EXAMPLE / "plan.yaml")
    assert located is not None and not problems, problems
    planned = set(located.record.sessions)

    page = open_page("schedule/")
    page.locator("[data-star][data-bound]").first.wait_for(state="attached")  # schedule.js ran
    grid = page.locator("section.cs-day .cs-grid article.cs-session")
    shown = grid.evaluate_all("els => els.map(el => el.dataset.session)")
    assert sorted(shown) == sorted(planned)
    card = page.locator(
        f'section.cs-day .cs-grid article.cs-session[data-session="{SEARCH_SESSION}"]'
    )
    assert card.is_visible()

    session = content.session[SEARCH_SESSION]
    card.locator("a.cs-session__title").click()
    page.wait_for_url(f"**/sessions/{SEARCH_SESSION}/")
    assert page.locator("article h1").first.inner_text() == localize(session.title, "zh")
    assert localize(session.abstract, "zh").strip()[:20] in page.locator("article").inner_text()

    speaker_id = session.speakers[0]
    page.locator(f'a.cs-person[href*="speakers/{speaker_id}/"]').click()
    page.wait_for_url(f"**/speakers/{speaker_id}/")
    name = content.speaker[speaker_id].display_name("zh")
    assert name in page.locator("article h1").first.inner_text()
    back = page.locator(f'article a[href*="sessions/{SEARCH_SESSION}/"]').first
    back.click()
    page.wait_for_url(f"**/sessions/{SEARCH_SESSION}/")


def test_search_finds_a_chinese_word_from_the_middle_of_an_abstract(open_page) -> None:
    # Zensical's search is a dialog of its own (in a shadow root, which Playwright's
    # selectors enter), opened from the header's button; it needs no jieba.
    page = open_page("")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__button")
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("End")
    result = page.locator(f'a[role="option"][href*="sessions/{SEARCH_SESSION}/"]').first
    result.wait_for(state="visible", timeout=10_000)
    assert urlsplit(result.get_attribute("href") or "").path.endswith(
        f"/sessions/{SEARCH_SESSION}/"
    )
