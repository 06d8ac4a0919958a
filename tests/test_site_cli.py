"""`confsite build` as an organiser runs it: before the agenda is planned, with their own
templates, with mistakes (which leave the previous site whole), and with organiser pages."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, confsite

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new conference from `confsite init` (English first, Chinese added), built once
    without a plan."""
    root = tmp_path_factory.mktemp("project")
    run = confsite("init", root, "--lang", "en")
    assert run.returncode == 0, run.stderr
    conference = root / "content" / "conference.yaml"
    text = conference.read_text(encoding="utf-8")
    conference.write_text(text.replace("languages: [en]", "languages: [en, zh]"), "utf-8")
    run = confsite("build", "--content", root / "content", cwd=root)
    assert run.returncode == 0, run.stderr
    assert "without a time yet" in run.stdout
    return root


def test_before_planning_sessions_are_listed_without_times(project: Path) -> None:
    schedule = (project / "site" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert 'id="unscheduled"' in schedule and "Time to be announced" in schedule
    sessions = sorted((project / "content" / "sessions").glob("*.yaml"))
    for path in sessions:
        assert f'data-session="{path.stem}"' in schedule
        text = (project / "site" / "sessions" / path.stem / "index.html").read_text("utf-8")
        assert "Time to be announced" in text and ".ics" not in text
    # The second language lives under /zh/ with Chinese interface texts.
    assert "时间待定" in (project / "site" / "zh" / "schedule" / "index.html").read_text("utf-8")


def test_a_failed_build_leaves_the_previous_site_whole(project: Path) -> None:
    before = snapshot(project / "site")
    page = project / "content" / "pages" / "code-of-conduct.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nSee [the rules](no-such-page.md).\n", encoding="utf-8")
    try:
        run = confsite("build", "--content", project / "content", cwd=project)
    finally:
        page.write_text(original, encoding="utf-8")
    assert run.returncode == 1
    assert "no-such-page.md" in run.stderr
    assert "previous site was left as it was" in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site")], "scratch left behind"


def test_a_build_stopped_by_sigterm_cleans_up_and_leaves_the_site(project: Path) -> None:
    """SIGTERM (a CI timeout, ``kill``) stops a build as Ctrl-C does: the scratch folder
    goes, the MkDocs processes are stopped, the previous site is left whole."""
    before = snapshot(project / "site")
    build = subprocess.Popen(
        [sys.executable, "-m", "confsite", "build", "--content", str(project / "content")],
        cwd=project,
        env={**os.environ, "PYTHONUTF8": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(project.glob(".site.build-*")):
            time.sleep(0.02)
        assert list(project.glob(".site.build-*")), "the build never started"
        build.send_signal(signal.SIGTERM)
        output, _ = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 1 and "Aborted" in output and "Traceback" not in output
    assert not list(project.glob(".site.build-*")), "scratch left behind"
    assert snapshot(project / "site") == before


def test_a_build_killed_outright_leaves_nothing_the_next_build_does_not_clear(
    project: Path,
) -> None:
    """SIGKILL runs no cleanup: the engine's processes die with the build, and the next
    build removes the scratch folder the killed one left."""
    import psutil

    before = snapshot(project / "site")
    build = subprocess.Popen(
        [sys.executable, "-m", "confsite", "build", "--content", str(project / "content")],
        cwd=project,
        env={**os.environ, "PYTHONUTF8": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        engines: list[psutil.Process] = []
        while time.monotonic() < deadline and not engines:
            if list(project.glob(".site.build-*")):
                engines = psutil.Process(build.pid).children(recursive=True)
            time.sleep(0.02)
        assert engines, "the build never started its engine"
        build.kill()
        build.wait(timeout=10)
    finally:
        if build.poll() is None:
            build.kill()
    _gone, alive = psutil.wait_procs(engines, timeout=5)
    assert alive == [], "the engine's processes outlived the build"
    left = list(project.glob(".site.build-*"))
    assert left, "a killed build leaves its scratch folder (nothing ran to remove it)"
    assert snapshot(project / "site") == before

    again = confsite("build", "--content", project / "content", cwd=project)
    assert again.returncode == 0, again.stderr
    assert f"removed {left[0].name}" in again.stderr
    assert not list(project.glob(".site.build-*")) and not list(project.glob(".site.old-*"))


def test_content_mistakes_are_reported_with_lines_and_nothing_is_built(project: Path) -> None:
    before = snapshot(project / "site")
    conference = project / "content" / "conference.yaml"
    original = conference.read_text(encoding="utf-8")
    conference.write_text(original.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus"))
    try:
        run = confsite("build", "--content", project / "content", cwd=project)
    finally:
        conference.write_text(original, encoding="utf-8")
    assert run.returncode == 1
    assert "conference.yaml:" in run.stderr and "timezone" in run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(project / "site") == before


def test_a_broken_template_names_its_line(project: Path, tmp_path: Path) -> None:
    templates = project / "site_template" / "pages"
    templates.mkdir(parents=True)
    (templates / "speaker.md").write_text("# {{ speaker.name }\n", encoding="utf-8")
    try:
        run = confsite("build", "--content", project / "content", "-d", tmp_path / "s", cwd=project)
    finally:
        (templates / "speaker.md").unlink()
        templates.rmdir()
        templates.parent.rmdir()
    assert run.returncode == 1
    assert "speaker.md:1:" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "s").exists()


def test_the_organisers_templates_win_file_by_file(project: Path, tmp_path: Path) -> None:
    pages = project / "site_template" / "pages"
    pages.mkdir(parents=True)
    (pages / "speaker.md").write_text(
        "# {{ speaker.name }}\n\nOUR-OWN-SPEAKER-LAYOUT\n", encoding="utf-8"
    )
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}<meta name="ours" content="yes">'
        "{% endblock %}",
        encoding="utf-8",
    )
    try:
        run = confsite("build", "--content", project / "content", "-d", tmp_path / "s", cwd=project)
    finally:
        (pages / "speaker.md").unlink()
        pages.rmdir()
        pages.parent.rmdir()
        (overrides / "main.html").unlink()
        overrides.rmdir()
    assert run.returncode == 0, run.stderr
    speakers = sorted((tmp_path / "s" / "speakers").iterdir())
    speaker_page = next(p for p in speakers if p.is_dir()) / "index.html"
    assert "OUR-OWN-SPEAKER-LAYOUT" in speaker_page.read_text("utf-8")
    schedule = (tmp_path / "s" / "schedule" / "index.html").read_text("utf-8")
    assert '<meta name="ours" content="yes">' in schedule
    assert "OUR-OWN-SPEAKER-LAYOUT" not in schedule  # other pages keep our templates


def test_internal_build_adds_the_organiser_pages(project: Path, tmp_path: Path) -> None:
    run = confsite(
        "build", "--content", project / "content", "--internal", "-d", tmp_path / "s", cwd=project
    )
    assert run.returncode == 0, run.stderr
    for name in ("budget", "agenda", "checklist"):
        assert (tmp_path / "s" / "internal" / name / "index.html").is_file()
    checklist = (tmp_path / "s" / "internal" / "checklist" / "index.html").read_text("utf-8")
    assert "Every session has a time and room" in checklist
    assert not (project / "site" / "internal").exists()


def test_the_zensical_engine_without_zensical_says_how_to_install_it(tmp_path: Path) -> None:
    # The command line in a process where `import zensical` finds nothing.
    hidden = (
        "import sys; sys.modules['zensical'] = None; sys.argv[0] = 'confsite'; "
        "from confsite.cli import main; main()"
    )
    command = [sys.executable, "-c", hidden, "build", "--engine", "zensical"]
    command += ["--content", str(EXAMPLE), "-d", str(tmp_path / "s")]
    run = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "Error: Zensical is not installed; install it with: pip install 'confsite[zensical]'"
    ]
    assert not (tmp_path / "s").exists()


def test_a_plan_that_breaks_rules_is_not_published_without_being_told(tmp_path: Path) -> None:
    # An unknown day made the build die with a KeyError; a room booked twice and a room
    # that does not exist were published with exit 0.
    import re
    import shutil

    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    plan = root / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    entries = dict(re.findall(r"^  ([a-z0-9-]+): (\{day: .*\})$", text, re.M))
    first, second, third = sorted(i for i, e in entries.items() if "room: hall-a" in e)[:3]
    text = text.replace(entries[first], entries[first].replace("day: day1", "day: day9"))
    text = text.replace(entries[second], entries[third])  # the same room at the same time
    plan.write_text(text, encoding="utf-8")
    site = tmp_path / "site"

    refused = confsite("build", "--content", root, "-d", site, "--no-promo", cwd=tmp_path)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    lines = refused.stderr.splitlines()
    assert any(
        line.startswith("content/plan.yaml:") and f"sessions.{first}: no day 'day9'" in line
        for line in lines
    ), refused.stderr
    assert any(second in line or third in line for line in lines if "hall-a" in line)
    assert "--allow-rule-breaks" in refused.stderr and "confsite plan --check" in refused.stderr
    assert not site.exists()

    built = confsite(
        "build", "--content", root, "-d", site, "--no-promo", "--allow-rule-breaks", cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    assert f"sessions.{first}: no day 'day9'" in built.stderr  # still said, as a warning
    assert "1 without a time yet" in built.stdout  # the session on no day has no time
