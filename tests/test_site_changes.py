"""Publishing a change: after a re-plan the site has a changelog and its Atom feed,
"changed" badges, a page at a removed session's old address, and calendars whose SEQUENCE
rises for moved sessions and which cancel the removed ones."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from confsite.load.loader import load_content
from tests.conftest import ROOT, confsite

# 2027-05-01 00:00 UTC: the versions are recorded "today", and the badge lasts 7 days.
EPOCH = "1808956800"
MOVED = "t-eval-contamination"
REMOVED = "keynote-next-decade"
CANCELLED = "t-llm-roi"
RENAMED = "t-agent-eval"


def _edit(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example planned (version 1), then changed and re-planned (version 2), and built."""
    root = tmp_path_factory.mktemp("changes")
    folder = root / "content"
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns("plan-versions"))
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    import os

    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        run = confsite("plan", "--content", folder, "-q", "--only", "agenda", "--release", "One")
        assert run.returncode == 0, run.stderr
        content = load_content(folder)
        speaker = content.session[MOVED].people[0]
        path = folder / "speakers" / f"{speaker}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.setdefault("availability", {}).setdefault("not", []).append({"day": "day1"})
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        (folder / "sessions" / f"{REMOVED}.yaml").unlink()
        _edit(folder / "sessions" / f"{CANCELLED}.yaml", status="cancelled")
        _edit(folder / "sessions" / f"{RENAMED}.yaml", title={"zh": "新标题", "en": "New title"})
        run = confsite("plan", "--content", folder, "-q", "--only", "agenda", timeout=300)
        assert run.returncode == 0, run.stderr
        assert "Recorded schedule version 2" in run.stdout
        site = root / "site"
        built = confsite("build", "--content", folder, "-d", site, "-q", timeout=300)
        assert built.returncode == 0, built.stderr[-3000:]
        assert "differs from schedule version" not in built.stderr
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return site


def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.slow
def test_changelog_page_lists_each_change_in_both_languages(changed_site: Path) -> None:
    zh = _html(changed_site, "changes/index.html")
    en = _html(changed_site, "en/changes/index.html")
    assert 'id="v2"' in en and 'id="v1"' in en and en.index('id="v2"') < en.index('id="v1"')
    assert "Version 1 · One" in en and "First published agenda: 53 sessions" in en
    moved = re.search(r'cs-changes--moved">(.*?)</ul>', en, re.S)
    assert moved and f"sessions/{MOVED}/" in moved[1] and "<del>" in moved[1]
    cancelled = re.search(r'cs-changes--cancelled">(.*?)</ul>', en, re.S)
    assert cancelled and f"sessions/{REMOVED}/" in cancelled[1]
    assert f"sessions/{CANCELLED}/" in cancelled[1]
    assert "New title" in en and "日程变更" in zh and "新标题" in zh
    assert "changes/" in _html(changed_site, "en/index.html")  # in the navigation


@pytest.mark.slow
def test_changes_feed_is_atom_newest_first(changed_site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for path in ("changes/feed.xml", "en/changes/feed.xml"):
        feed = ET.parse(changed_site / path).getroot()
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
        entries = feed.findall("a:entry", ns)
        assert len(entries) == 2
        for entry in entries:
            for child in ("title", "id", "updated", "summary"):
                assert entry.find(f"a:{child}", ns) is not None, child
        assert entries[0].findtext("a:id", namespaces=ns).endswith("#v2")
    summary = ET.parse(changed_site / "en/changes/feed.xml").getroot()
    text = summary.find("a:entry/a:summary", ns).text
    assert "Moved: Contaminated Benchmarks" in text and "Cancelled:" in text


@pytest.mark.slow
def test_removed_session_keeps_a_page_saying_so(changed_site: Path) -> None:
    for prefix in ("", "en/"):
        page = _html(changed_site, f"{prefix}sessions/{REMOVED}/index.html")
        assert "cs-chip--cancelled" in page and '<meta name="robots" content="noindex">' in page
        assert "<del>" in page and "10:00" in page
    cancelled = _html(changed_site, f"en/sessions/{CANCELLED}/index.html")
    assert "Cancelled" in cancelled


@pytest.mark.slow
def test_changed_badges_mark_exactly_the_changed_sessions(changed_site: Path) -> None:
    page = _html(changed_site, "en/schedule/index.html")
    marked = set()
    for article in re.findall(r"<article .*?</article>", page, re.S):
        if "cs-chip--changed" in article:
            marked.add(re.search(r'data-session="([^"]+)"', article)[1])
    assert marked == {MOVED, RENAMED}
    assert "cs-chip--changed" in _html(changed_site, f"en/sessions/{MOVED}/index.html")
    assert "cs-chip--changed" not in _html(changed_site, "en/sessions/opening/index.html")


@pytest.mark.slow
def test_calendars_raise_sequence_and_cancel(changed_site: Path) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical((changed_site / "schedule.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT"))  # each session once
    assert int(events[MOVED]["SEQUENCE"]) == 1 and str(events[MOVED]["STATUS"]) == "CONFIRMED"
    for ident in (REMOVED, CANCELLED):
        assert str(events[ident]["STATUS"]) == "CANCELLED"
        assert int(events[ident]["SEQUENCE"]) == 1
    assert events[REMOVED].decoded("DTSTART").strftime("%H:%M") == "09:20"
    unchanged = [e for i, e in events.items() if i not in (MOVED, REMOVED, CANCELLED)]
    assert unchanged and all(int(e["SEQUENCE"]) == 0 for e in unchanged)
    own = Calendar.from_ical((changed_site / "calendar" / f"{MOVED}.ics").read_bytes())
    assert int(own.walk("VEVENT")[0]["SEQUENCE"]) == 1


@pytest.mark.slow
def test_frab_feeds_carry_the_version_and_validate(changed_site: Path) -> None:
    import jsonschema
    import xmlschema

    schemas = ROOT / "tests" / "fixtures" / "schemas"
    xml = (changed_site / "schedule.xml").read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(schemas / "voc-schedule.xml.xsd")).validate(xml)
    assert "<version>2</version>" in xml
    data = json.loads((changed_site / "schedule.json").read_text(encoding="utf-8"))
    schema = json.loads((schemas / "voc-schedule.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["schedule"]["version"] == "2"
    titles = {
        event["id"]
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }
    assert len(titles) == 51  # 53 less the removed and the cancelled session


@pytest.mark.slow
def test_badges_expire_after_the_configured_days(
    changed_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confsite.project import Project, SiteLanguage
    from confsite.site.pages import make_pages
    from confsite.templating import page_environment

    project = Project.find(changed_site.parent / "content")
    content, plan, _ = project.load()
    site = SiteLanguage("en", "", ("zh", "en"))

    def badges(epoch: int) -> int:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        tree = make_pages(content, plan, site, page_environment(project.root), project.history())
        return tree.files["schedule/index.md"].decode().count("cs-chip--changed")

    day = 24 * 3600
    assert badges(int(EPOCH) + 7 * day) == 4  # grid and list, two sessions
    assert badges(int(EPOCH) + 8 * day) == 0


@pytest.mark.slow
def test_speakers_concerned_get_email_drafts(changed_site: Path, tmp_path: Path) -> None:
    from email import policy
    from email.parser import BytesParser

    folder = changed_site.parent / "content"
    content = load_content(folder)
    out = tmp_path / "notices"
    run = confsite("diff", "--content", folder, "--notices", out)
    assert run.returncode == 0, run.stderr
    moved_speaker = content.session[MOVED].people[0]
    cancelled_speaker = content.session[CANCELLED].people[0]
    drafts = sorted(p.stem for p in out.glob("*.eml"))
    assert moved_speaker in drafts and cancelled_speaker in drafts
    assert len(drafts) == len(set(drafts)) and "Wrote" in run.stdout
    message = BytesParser(policy=policy.default).parsebytes(
        (out / f"{moved_speaker}.eml").read_bytes()
    )
    assert message["To"].addresses[0].addr_spec == content.speaker[moved_speaker].contact.email
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    from confsite.plan.planfile import read_plan

    located, _ = read_plan(folder / "plan.yaml")
    start = located.record.sessions[MOVED].start  # type: ignore[union-attr]
    assert f"{start:%H:%M}" in text and f"sessions/{MOVED}/" in text
    assert "<del>" in html and "<script" not in html
    first = {p.name: p.read_bytes() for p in out.glob("*.eml")}
    assert confsite("diff", "--content", folder, "--notices", out).returncode == 0
    assert {p.name: p.read_bytes() for p in out.glob("*.eml")} == first  # reproducible
