"""The promotion kit of the example conference: complete, within every channel's limits,
no text outside its box, QR codes that scan back to the right pages, and a change to one
session touching only what mentions it."""

from __future__ import annotations

import email
import io
import os
import re
import shutil
import zipfile
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar
from PIL import Image

from confsite.export.programme import build_programme
from confsite.project import Project, site_language
from confsite.promo import counting
from confsite.promo.cards import SIZES, card_path
from confsite.promo.fonts import FontMissing, find_font
from confsite.promo.kit import CardCache, Kit, make_kit
from confsite.promo.posts import ANNOUNCEMENTS
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow
STAMP = "1800000000"


def kits_of(content_dir: Path) -> dict[str, Kit]:
    """Every language's kit, drawn afresh (an empty card cache), as the build makes it."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = STAMP
    try:
        from confsite.stamps import build_date

        project = Project.find(content_dir)
        content, plan, _ = project.load()
        history = project.history()
        cache = CardCache(None)
        kits = {}
        for lang in content.conference.languages:
            site = site_language(content, lang, internal=False, promo=True)
            programme = build_programme(
                content, plan, base_url=site.base_url, lang=lang, history=history
            )
            kits[lang] = make_kit(
                content,
                programme,
                project_root=project.root,
                stamp=build_date(),
                changes=history.latest_change(),
                cache=cache,
            )
        return kits
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="module")
def kits() -> dict[str, Kit]:
    return kits_of(EXAMPLE)


@pytest.fixture(scope="module")
def content():
    loaded, _, _ = Project.find(EXAMPLE).load()
    return loaded


def test_the_kit_has_every_part(kits: dict[str, Kit], content) -> None:
    talks = [ident for ident, s in content.sessions if s.kind != "break"]
    for lang, kit in kits.items():
        files = kit.files
        for size in SIZES:
            assert card_path("conference", "conference", size) in files
            for ident in talks:
                assert card_path("session", ident, size) in files, (lang, ident)
        speaking = {p for _, s in content.sessions for p in (*s.speakers, *s.moderators)}
        for ident in speaking:
            for size in SIZES:
                assert card_path("speaker", ident, size) in files, (lang, ident)
            assert f"promo/speakers/{ident}/posts.txt" in files
            assert f"promo/speakers/{ident}/badge.txt" in files
        channels = [c for c in content.promotion.channels if c.language in (None, lang)]
        assert channels
        names = {post.name for post in kit.posts}
        for channel in channels:
            mine = {post.name for post in kit.posts if post.channel.id == channel.id}
            for announcement in ANNOUNCEMENTS:
                if announcement == "day_of":
                    assert {f"day_of-{day.id}" for day in content.grid.days} <= mine
                else:
                    assert announcement in mine, (channel.id, announcement)
            assert {f"session-{ident}" for ident in talks} <= mine
        assert "keynote_reveal-chen-jingyi" in names
        for announcement in ANNOUNCEMENTS:
            if announcement != "day_of":
                for extension in ("eml", "txt", "html"):
                    assert f"promo/newsletters/{announcement}.{extension}" in files
        assert "promo/press-release.md" in files and "promo/press-release.html" in files
        assert "promo/posters/poster-a3.pdf" in files
        for day in content.grid.days:
            assert f"promo/posters/agenda-{day.id}-a4.pdf" in files
        assert "promo/campaign.ics" in files
        with zipfile.ZipFile(io.BytesIO(kit.zip_bytes())) as archive:
            inside = set(archive.namelist())
        assert inside == {p.removeprefix("promo/") for p in files}


def test_cards_have_their_sizes(kits: dict[str, Kit]) -> None:
    checked = 0
    for kit in kits.values():
        for path, data in kit.files.items():
            if path.startswith("promo/cards/"):
                size = path.rsplit("-", 1)[1].removesuffix(".jpg")
                with Image.open(io.BytesIO(data)) as image:
                    assert image.format == "JPEG"
                    assert image.size == SIZES[size], path
                    assert len(data) < 5 * 1024 * 1024  # what link previews accept
                checked += 1
    assert checked > 300


def test_no_text_is_drawn_outside_its_box(kits: dict[str, Kit]) -> None:
    checked = 0
    for kit in kits.values():
        assert kit.drawn, "the cards came from a cache: nothing was drawn to check"
        for path, texts in kit.drawn.items():
            size = SIZES[path.rsplit("-", 1)[1].removesuffix(".jpg")]
            for text in texts:
                if text.ink is None:
                    continue
                assert text.box.contains(text.ink), (path, text.role, text.box, text.ink)
                left, top, right, bottom = text.ink
                assert left >= 0 and top >= 0 and right <= size[0] and bottom <= size[1]
                checked += 1
    assert checked > 1000


def test_long_titles_are_shrunk_and_wrapped_never_cut(kits: dict[str, Kit], content) -> None:
    from dataclasses import replace

    from confsite.i18n import Texts
    from confsite.promo.cards import session_card
    from confsite.promo.context import Promo

    programme = build_programme(content, {}, base_url="https://x.example/", lang="zh")
    session = next(s for s in programme.sessions if s.id == "t-rag-production")
    promo = Promo(content, programme, "zh", find_font(("zh", "en")), _stamp(), Texts("zh"))
    titles = [
        "超长标题" * 60,
        "Retrieval-augmented generation " * 20,
        "Supercalifragilisticexpialidocious" * 8,  # one word wider than the card
    ]
    for title in titles:
        for size in SIZES:
            card = session_card(promo, replace(session, title=title), size)
            (drawn,) = [t for t in card.texts if t.role == "title"]
            assert drawn.ink is not None and drawn.box.contains(drawn.ink)
    # Every character of the title is drawn: wrapping loses nothing.
    from confsite.promo.layout import Box, fit

    fitted = fit(titles[0], promo.font, Box(0, 0, 400, 200), size=80)
    assert "".join(fitted.lines) == titles[0]


def _stamp():
    from datetime import UTC, datetime

    return datetime.fromtimestamp(int(STAMP), UTC)


def test_counting_rules_of_each_channel() -> None:
    assert counting.x_length("Hello") == 5
    assert counting.x_length("你好") == 4  # CJK counts 2 on X
    assert counting.x_length("é—“”") == 4  # Latin and general punctuation count 1
    assert counting.x_length("see https://example.org/" + "a" * 200) == 4 + 23
    assert counting.mastodon_length("中文 https://example.org/" + "b" * 100) == 3 + 23
    assert counting.weibo_length("ab中文") == 3  # two half-width characters make one
    assert counting.weibo_length("https://example.org/" + "c" * 80) == 12


def test_every_post_fits_its_channel(kits: dict[str, Kit]) -> None:
    short = 0
    for kit in kits.values():
        for post in kit.posts:
            assert post.length <= post.limit, (post.path, post.length, post.limit)
            assert post.link in post.text, post.path  # shortening never drops the link
            if post.channel.kind == "x":
                assert counting.x_length(post.text) <= 280
                short += 1
            if post.channel.kind == "weibo":
                assert counting.weibo_length(post.text) <= (post.channel.max_length or 2000)
            if "?" in post.link and post.channel.kind != "website":
                assert f"utm_source={post.channel.id}" in post.link
    assert short > 50


def test_newsletters_are_text_and_html(kits: dict[str, Kit]) -> None:
    data = kits["zh"].files["promo/newsletters/agenda_published.eml"]
    message = email.message_from_bytes(data, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "议程" in message["Subject"]
    assert "53" in plain and "<li>" in html
    assert "https://aidev2027.example.org/promo/cards/" in html


def _pdf_pages(data: bytes) -> list[Image.Image]:
    """The page images of a PDF the kit wrote (each page is one JPEG image)."""
    streams = re.findall(rb"/DCTDecode.*?stream\r?\n(.*?)\r?\nendstream", data, re.S)
    return [Image.open(io.BytesIO(stream)).convert("L") for stream in streams]


def test_qr_codes_scan_back_to_the_right_pages(kits: dict[str, Kit], content) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    kit = kits["en"]
    base = "https://aidev2027.example.org/en/"
    day1 = [s for s in kit.posts if False]  # noqa: F841 (the sessions come from the plan)
    wanted = {base + "schedule/"}
    plan = Project.find(EXAMPLE).load()[1]
    wanted |= {f"{base}sessions/{ident}/" for ident, place in plan.items() if place.day == "day1"}
    found: set[str] = set()
    for page in _pdf_pages(kit.files["promo/posters/agenda-day1-a4.pdf"]):
        found |= {code.text for code in zxingcpp.read_barcodes(page)}
    assert found == wanted
    poster = _pdf_pages(kit.files["promo/posters/poster-a3.pdf"])
    scanned = {code.text for page in poster for code in zxingcpp.read_barcodes(page)}
    conf = content.conference
    assert scanned == {
        base + "schedule/",
        conf.tickets.registration_url or conf.tickets.url,
        conf.after.feedback_url,
    }


def test_campaign_calendar_lists_the_timeline(kits: dict[str, Kit], content) -> None:
    calendar = Calendar.from_ical(kits["zh"].files["promo/campaign.ics"])
    events = calendar.walk("VEVENT")
    assert len(events) == len(content.promotion.timeline)
    by_uid = {str(e["UID"]): e for e in events}
    agenda = by_uid["agenda@aidev2027.confsite-campaign"]
    assert agenda.decoded("DTSTART").isoformat() == "2027-05-10"
    assert "posts/wechat/agenda_published.md" in str(agenda["DESCRIPTION"])


def test_the_kit_is_the_same_bytes_every_time(kits: dict[str, Kit]) -> None:
    again = kits_of(EXAMPLE)
    for lang, kit in kits.items():
        assert sorted(again[lang].files) == sorted(kit.files)
        differ = [p for p in kit.files if again[lang].files[p] != kit.files[p]]
        assert differ == []
        assert again[lang].zip_bytes() == kit.zip_bytes()


def test_moving_one_session_changes_only_what_mentions_it(
    kits: dict[str, Kit], content, tmp_path: Path
) -> None:
    copy = tmp_path / "content"
    shutil.copytree(EXAMPLE, copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    old = 't-data-pipeline: {day: day2, start: "13:55", room: hall-b}'
    assert old in text
    plan.write_text(
        text.replace(old, 't-data-pipeline: {day: day2, start: "15:45", room: lab}'),
        encoding="utf-8",
    )
    moved = kits_of(copy)
    session = content.session["t-data-pipeline"]
    people = {*session.speakers, *session.moderators}
    for lang, kit in kits.items():
        after = moved[lang].files
        assert sorted(after) == sorted(kit.files)
        changed = {p for p in kit.files if kit.files[p] != after[p]}
        title = session.title if isinstance(session.title, str) else session.title.get(lang)
        pictures = {card_path("session", "t-data-pipeline", size) for size in SIZES}
        pictures |= {card_path("speaker", p, size) for p in people for size in SIZES}
        pictures.add("promo/posters/agenda-day2-a4.pdf")
        assert pictures & changed, "the session's own card did not change"
        assert card_path("session", "t-data-pipeline", "og") in changed
        for path in sorted(changed):
            if path.endswith((".jpg", ".pdf")):
                assert path in pictures, path
            else:
                text = after[path].decode("utf-8").replace("\r\n ", "")  # unfolded .ics
                assert title in text or title.replace(",", "\\,") in text, path


def test_a_font_that_cannot_draw_chinese_is_refused(tmp_path: Path) -> None:
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("no DejaVu Sans on this machine")
    with pytest.raises(FontMissing, match="does not draw zh"):
        find_font(("zh", "en"), str(latin))
    with pytest.raises(FontMissing, match="neither a font file"):
        find_font(("zh",), "fonts/none.ttf", tmp_path)


def test_no_font_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from confsite.promo import fonts

    monkeypatch.setattr(fonts, "_installed", lambda: ())
    with pytest.raises(FontMissing) as caught:
        fonts.find_font(("zh", "en"))
    assert "fonts-noto-cjk" in str(caught.value)
    assert "branding.font" in str(caught.value)


def test_confsite_promo_writes_the_kit_of_one_channel(run_confsite, tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(EXAMPLE, copy)
    out = tmp_path / "kit"
    result = run_confsite("promo", "--content", copy, "--out", out, "--channel", "x", "-q")
    assert result.returncode == 0, result.stderr
    assert "Promotion kit in" in result.stdout
    posts = sorted(p.relative_to(out).parts[:3] for p in out.glob("*/posts/*/*"))
    assert {channel for _, _, channel in posts} == {"x"}
    assert (out / "en" / "posts" / "x" / "cfp.txt").is_file()
    assert (out / "zh" / "cards" / "conference-og.jpg").is_file()
    # A broken template is reported by file and line, and the kit stays as it was.
    templates = tmp_path / "site_template" / "promo" / "posts"
    templates.mkdir(parents=True)
    (templates / "cfp.txt").write_text("{% if %}\n", encoding="utf-8")
    broken = run_confsite("promo", "--content", copy, "--out", out, "-q")
    assert broken.returncode != 0
    assert "cfp.txt:1" in broken.stderr and "Traceback" not in broken.stderr
    assert (out / "en" / "posts" / "x" / "cfp.txt").is_file()


def test_the_site_links_the_kit_and_shares_the_cards(example_site: Path) -> None:
    page = (example_site / "promo" / "index.html").read_text(encoding="utf-8")
    links = re.findall(
        r'href="(\.\./promo/[^"#]+|[^"#:]+\.(?:zip|pdf|txt|md|ics|svg|jpg|html))"', page
    )
    assert len(links) > 50
    for link in links:
        target = (example_site / "promo" / link).resolve()
        assert target.is_file(), link
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'content="https://aidev2027.example.org/promo/cards/conference-og.jpg"' in home
    assert (example_site / "promo" / "cards" / "conference-og.jpg").is_file()
    assert (example_site / "en" / "promo" / "promo-kit-en.zip").is_file()


def test_a_few_cards_are_kept_as_artefacts(kits: dict[str, Kit]) -> None:
    folder = ROOT / "test-artifacts" / "promo"
    folder.mkdir(parents=True, exist_ok=True)
    for lang, path in (
        ("zh", card_path("session", "t-rag-production", "og")),
        ("en", card_path("session", "panel-open-models", "square")),
        ("zh", card_path("speaker", "chen-jingyi", "square")),
        ("en", card_path("conference", "conference", "og")),
    ):
        target = folder / f"{lang}-{path.removeprefix('promo/cards/').replace('/', '-')}"
        target.write_bytes(kits[lang].files[path])
        assert target.stat().st_size > 10_000


def test_a_schedule_change_gets_a_post_on_every_channel(tmp_path: Path) -> None:
    from confsite.plan.versions import record

    copy = tmp_path / "content"
    shutil.copytree(EXAMPLE, copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    old = 't-data-pipeline: {day: day2, start: "13:55", room: hall-b}'
    plan.write_text(
        text.replace(old, 't-data-pipeline: {day: day2, start: "15:45", room: lab}'),
        encoding="utf-8",
    )
    project = Project.find(copy)
    content, agenda, _ = project.load()
    record(project.plan_file, content, agenda, name="Room swap")
    kits = kits_of(copy)
    title = content.session["t-data-pipeline"].title
    for lang, kit in kits.items():
        changes = [post for post in kit.posts if post.announcement == "change"]
        channels = {c.id for c in content.promotion.channels if c.language in (None, lang)}
        assert {post.channel.id for post in changes} == channels
        for post in changes:
            assert post.name == "change-v2"
            assert post.length <= post.limit
            if post.article:
                assert "15:45" in post.text and "13:55" in post.text  # before → after
                assert title.get(lang) in post.text
        assert "/changes/" in changes[0].link


def test_the_budget_s_channel_spend_shows_on_organisers_builds_only(content) -> None:
    from confsite.project import SiteLanguage
    from confsite.site.pages import make_pages
    from confsite.templating import page_environment

    plan = Project.find(EXAMPLE).load()[1]

    def kit_page(internal: bool) -> str:
        site = SiteLanguage("en", "", ("zh", "en"), internal=internal, promo=True)
        tree = make_pages(content, plan, site, page_environment(ROOT))
        return tree.files["promo/index.md"].decode("utf-8")

    assert "Paid promotion" in kit_page(internal=True)
    assert re.search(r"WeChat official account</td><td>[\d,]+ CNY", kit_page(internal=True))
    public = kit_page(internal=False)
    assert "Paid promotion" not in public and " CNY</td>" not in public


def test_a_font_family_name_finds_the_installed_font() -> None:
    from confsite.promo.fonts import font_dirs

    families = [p for d in font_dirs() for p in d.rglob("wqy-microhei.ttc")]
    if not families:
        pytest.skip("WenQuanYi Micro Hei is not installed")
    font = find_font(("zh", "en"), "WenQuanYi Micro Hei")
    assert font.path.endswith("wqy-microhei.ttc")
    with pytest.raises(FontMissing, match="nor the family of an installed font"):
        find_font(("zh",), "No Such Sans")
