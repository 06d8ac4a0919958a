"""`confsite build` on the example conference: every page kind, links that resolve, nothing
private published, byte-identical rebuilds, and a failed build that leaves the site alone."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import icalendar
import pytest

from confsite.load.loader import load_content
from confsite.model.common import PrivateContact
from confsite.plan.planfile import read_plan
from tests.conftest import EXAMPLE

CONTENT = load_content(EXAMPLE)
PLAN = dict(read_plan(EXAMPLE / "plan.yaml")[0].record.sessions)  # type: ignore[union-attr]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []  # what the browser fetches to show the page
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for name in ("href", "src"):
            if found.get(name) and tag in ("a", "link", "img", "script"):
                self.links.append(found[name] or "")
        if tag in ("script", "img", "iframe") and found.get("src"):
            self.resources.append(found["src"] or "")
        if (
            tag == "link"
            and found.get("rel") not in ("canonical", "alternate")
            and found.get("href")
        ):
            self.resources.append(found["href"] or "")
        if tag == "meta":
            key = found.get("property") or found.get("name")
            if key:
                self.meta[key] = found.get("content") or ""
        if tag == "script":
            self._script = found
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, self._text))
            self._script = None


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"


def test_every_page_kind_exists_in_both_languages(example_site: Path) -> None:
    for root in (example_site, example_site / "en"):
        for url in (
            "",
            "schedule",
            "sessions",
            "speakers",
            "tracks",
            "venue",
            "sponsors",
            "sponsorship",
            "team",
            "faq",
            "cfp",
            "news",
            "after",
            "about",
            "code-of-conduct",
            "travel",
        ):
            assert page(root, url).is_file(), f"{root}/{url} missing"
        for ident, _ in CONTENT.sessions:
            assert page(root, f"sessions/{ident}").is_file()
        for ident, _ in CONTENT.speakers:
            assert page(root, f"speakers/{ident}").is_file()
        for document, post in CONTENT.news:
            assert page(root, f"news/{post.slug or document.id}").is_file()
        assert (root / "news" / "feed.xml").is_file()
        assert (root / "sitemap.xml").is_file()
        assert (root / "search" / "search_index.json").is_file()
    assert not (example_site / "internal").exists(), "organiser pages in a public build"


def test_no_internal_link_is_broken(example_site: Path) -> None:
    broken = []
    pages = sorted(example_site.rglob("*.html"))
    anchors = {path: parse(path) for path in pages}
    for path, parsed in anchors.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
                continue
            if parts.path.startswith("/"):  # 404 pages link from the site's root path
                target = (example_site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(example_site)}: {link}")
                continue
            if (
                parts.fragment
                and target in anchors
                and unquote(parts.fragment) not in anchors[target].ids
            ):
                broken.append(f"{path.relative_to(example_site)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def _private_values() -> set[str]:
    values: set[str] = set()

    def contact(block: PrivateContact) -> None:
        for value in (block.email, block.phone, block.wechat, block.notes):
            if value:
                values.add(value.strip())

    for _, speaker in CONTENT.speakers:
        contact(speaker.contact)
        if speaker.notes:
            values.add(speaker.notes.strip()[:40])
    for _, session in CONTENT.sessions:
        if session.notes:
            values.add(session.notes.strip()[:40])
    for sponsor in CONTENT.sponsors.sponsors:
        contact(sponsor.contact)
    for member in CONTENT.team.members:
        contact(member.contact)
    return values


def _budget_figures() -> set[str]:
    """Amounts in budget.yaml that appear in no public content file."""
    budget = (EXAMPLE / "budget.yaml").read_text(encoding="utf-8")
    public = "".join(
        path.read_text(encoding="utf-8")
        for path in sorted(EXAMPLE.rglob("*"))
        if path.suffix in (".yaml", ".md")
        and path.name not in ("budget.yaml", "plan.yaml")
        and "schemas" not in path.parts
    )
    figures = set()
    for number in re.findall(r"(?<![\w.])(\d{4,})(?![\w.])", budget):
        if number not in public and f"{int(number):,}" not in public:
            figures.update({number, f"{int(number):,}"})
    return figures


def test_nothing_private_is_published(example_site: Path) -> None:
    private = _private_values()
    figures = _budget_figures()
    assert len(private) > 20 and len(figures) > 10, "the example lost its private data?"
    private_pattern = re.compile("|".join(re.escape(value) for value in sorted(private)))
    figure_pattern = re.compile(
        r"(?<![\w,.])(" + "|".join(re.escape(f) for f in sorted(figures)) + r")(?![\d,])"
    )
    leaks = []
    for path in sorted(example_site.rglob("*")):
        if not path.is_file() or path.suffix in (".png", ".jpg", ".gz", ".woff2", ".ico", ".map"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(example_site)
        leaks += [f"{where}: {match!r}" for match in private_pattern.findall(text)]
        if "assets" in where.parts:
            continue  # the theme's and confsite's code: numbers there are not content
        leaks += [f"{where}: budget figure {match}" for match in figure_pattern.findall(text)]
    assert not leaks, "\n".join(leaks[:20])


def test_session_page_has_time_room_links_and_structured_data(example_site: Path) -> None:
    ident = "t-agent-eval"
    place = PLAN[ident]
    parsed = parse(page(example_site / "en", f"sessions/{ident}"))
    text = page(example_site / "en", f"sessions/{ident}").read_text(encoding="utf-8")
    assert "Evaluating Agents in the Wild" in text
    assert f"{place.start:%H:%M}" in text
    assert parsed.meta["og:title"] == "Evaluating Agents in the Wild"
    # The share image is the session's own card, in the page's language.
    card = f"promo/cards/sessions/{ident}-og.jpg"
    assert parsed.meta["og:image"] == f"https://aidev2027.example.org/en/{card}"
    assert (example_site / "en" / card).is_file()
    assert parsed.meta["og:url"] == f"https://aidev2027.example.org/en/sessions/{ident}/"
    assert parsed.meta["twitter:card"] == "summary_large_image"
    (data,) = [
        json.loads(body)
        for attrs, body in parsed.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    assert data["@type"] == "Event"
    assert data["startDate"].startswith(f"{CONTENT.day[place.day].date}T{place.start:%H:%M}")
    assert data["startDate"].endswith("+08:00")
    assert [p["name"] for p in data["performer"]] == ["Priya Raman"]
    # Previous/next in the same room, the calendar file, the feedback survey.
    assert 'rel="prev"' in text and 'rel="next"' in text
    assert f"../../calendar/{ident}.ics" in text
    assert CONTENT.conference.after.feedback_url in text


def test_session_calendar_files_parse_with_the_event_time(example_site: Path) -> None:
    for ident, place in sorted(PLAN.items())[:10]:
        calendar = icalendar.Calendar.from_ical(
            (example_site / "calendar" / f"{ident}.ics").read_bytes()
        )
        (event,) = calendar.walk("VEVENT")
        start = event.decoded("dtstart")
        assert start.utcoffset().total_seconds() == 8 * 3600
        assert (start.date(), start.time()) == (CONTENT.day[place.day].date, place.start)
        assert str(event["uid"]) == f"{ident}@aidev2027.confsite"


def test_home_page_has_conference_event_and_key_parts(example_site: Path) -> None:
    parsed = parse(example_site / "index.html")
    text = (example_site / "index.html").read_text(encoding="utf-8")
    (data,) = [
        json.loads(body)
        for attrs, body in parsed.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    assert data["@type"] == "Event" and data["startDate"] == "2027-06-18"
    assert data["offers"]["url"] == CONTENT.conference.tickets.registration_url
    assert "立即购票" in text  # the call to action
    assert "cs-figures" in text and "主题演讲嘉宾" in text
    for sponsor in CONTENT.sponsors.sponsors:
        assert f'src="{sponsor.logo}"' in text
    assert text.count('class="cs-date ') == len(CONTENT.conference.important_dates)
    # The language switch points at the English site.
    assert 'hreflang="en"' in text
    # Chinese lines of one paragraph join without the space Markdown would put there.
    assert "真实经验。大会设有" in text


def test_session_and_speaker_pages_stay_out_of_the_nav(example_site: Path) -> None:
    text = (example_site / "schedule" / "index.html").read_text(encoding="utf-8")
    nav = text[text.index('class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="../speakers/"' in nav and 'href="../tracks/"' in nav
    assert "sessions/t-" not in nav and "speakers/xu-qing" not in nav


def test_faq_entries_are_linkable_and_grouped(example_site: Path) -> None:
    parsed = parse(example_site / "faq" / "index.html")
    for entry in CONTENT.faq.entries:
        assert entry.id in parsed.ids
    for category in CONTENT.faq.categories:
        assert category.id in parsed.ids


def test_news_feed_is_atom_with_every_post(example_site: Path) -> None:
    root = ElementTree.parse(example_site / "news" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(CONTENT.news)
    dates = [entry.find("a:updated", ns).text for entry in entries]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)


def test_pages_fetch_nothing_from_the_internet(example_site: Path) -> None:
    for url in ("", "schedule", "sessions/t-agent-eval", "speakers/xu-qing", "venue"):
        for root in (example_site, example_site / "en"):
            parsed = parse(page(root, url))
            fetched = [
                link for link in parsed.resources if urlsplit(link).scheme or link.startswith("//")
            ]
            assert not fetched, f"{url}: {fetched}"
            assert "fonts.googleapis" not in page(root, url).read_text(encoding="utf-8")


def test_schedule_page_places_every_session(example_site: Path) -> None:
    text = (example_site / "schedule" / "index.html").read_text(encoding="utf-8")
    grid = set(re.findall(r'<article class="cs-session[^"]*" data-session="([^"]+)"', text))
    assert grid == set(PLAN)
    for ident, place in PLAN.items():
        match = re.search(
            rf'<article class="cs-session[^"]*" data-session="{re.escape(ident)}"[^>]*>', text
        )
        assert match
        tag = match.group(0)
        assert f'data-room="{place.room}"' in tag
        assert f'data-start="{CONTENT.day[place.day].date}T{place.start:%H:%M}:00+08:00"' in tag


@pytest.mark.slow
def test_two_builds_are_byte_identical(example_site: Path, tmp_path: Path, monkeypatch) -> None:
    """The same inputs give the same bytes, whether MkDocs is handed the pages as they are
    made (as every build here does) or all written before it starts (as when the organiser
    has plugins of their own): the search index, for one, follows MkDocs' order of pages."""
    from confsite.site import config
    from confsite.site.build import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    monkeypatch.setattr(config, "streamable", lambda user: False)
    again = tmp_path / "again"
    build_site(EXAMPLE, site_dir=again)
    first = {
        p.relative_to(example_site): p.read_bytes() for p in example_site.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(path) for path in first if first[path] != second[path]]
    assert not differing, differing[:10]


def test_the_privacy_check_would_see_a_leak() -> None:
    """The organisers' budget page holds the figures the public site must not: the
    detector above finds them there, so its silence on the public site means something."""
    from confsite.project import SiteLanguage
    from confsite.site.pages import make_pages
    from confsite.templating import page_environment

    tree = make_pages(
        CONTENT,
        PLAN,
        SiteLanguage("zh", "", ("zh", "en"), internal=True),
        page_environment(EXAMPLE.parent),
    )
    budget_page = tree.files["internal/budget.md"].decode()
    assert any(
        re.search(rf"(?<![\w,.]){re.escape(f)}(?![\d,])", budget_page) for f in _budget_figures()
    )
    public = make_pages(
        CONTENT, PLAN, SiteLanguage("zh", "", ("zh", "en")), page_environment(EXAMPLE.parent)
    )
    assert not any(path.startswith("internal/") for path in public.files)
