"""The MkDocs process a build starts before it has a config: it gets ready (MkDocs,
Material, jieba) meanwhile, then builds what it is handed and says how long the config
waited for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from confsite.site.build import covered
from confsite.site.mkdocs_run import Running, get_ready, site_languages

pytestmark = pytest.mark.slow


def test_jieba_segments_chinese_without_pkg_resources() -> None:
    """jieba opens its dictionary by path when pkg_resources is hidden, and the hiding
    ends with the import (a plugin importing pkg_resources later still can)."""
    script = (
        "import sys\n"
        "from confsite.site.mkdocs_run import quiet_jieba\n"
        "quiet_jieba()\n"
        "import jieba\n"
        "assert sys.modules.get('pkg_resources', 'absent') is not None\n"
        "print('|'.join(jieba.cut('欢迎参加大模型开发者大会')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    words = run.stdout.strip().split("|")
    assert "开发者" in words and "大会" in words, words


def test_jiebas_dictionary_loads_from_its_cache_as_jieba_loads_it(tmp_path: Path) -> None:
    """The quick load reads jieba's own cache and gives the very dictionary jieba's slow
    load gives; a broken cache is left to jieba, which builds it again."""
    script = (
        "import sys, jieba\n"
        "from confsite.site.mkdocs_run import load_jieba_dictionary\n"
        "folder = sys.argv[1]\n"
        "reference = jieba.Tokenizer()\n"
        "reference.tmp_dir = folder\n"
        "reference.initialize()  # jieba's own load, which writes the cache\n"
        "jieba.dt.tmp_dir = folder\n"
        "load_jieba_dictionary()\n"
        "assert jieba.dt.initialized\n"
        "assert jieba.dt.FREQ == reference.FREQ and jieba.dt.total == reference.total\n"
        "broken = jieba.Tokenizer()\n"
        "jieba.dt = broken\n"
        "broken.tmp_dir = folder\n"
        "open(folder + '/jieba.cache', 'wb').write(b'not marshal data')\n"
        "load_jieba_dictionary()\n"
        "assert broken.initialized and broken.FREQ == reference.FREQ\n"
        "print('ok')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_the_config_waits_for_a_process_still_starting(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hello\n\nWelcome.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Test\ndocs_dir: {tmp_path / 'docs'}\nsite_dir: {tmp_path / 'site'}\n"
        "theme:\n  name: material\n  font: false\nplugins: [search]\n",
        encoding="utf-8",
    )
    build = Running("en")
    try:
        build.start(config)  # at once: the process is still importing MkDocs
        report = build.wait()
    finally:
        build.stop()
    assert report.messages == []
    assert report.sent < report.ready <= report.began < report.ended
    assert report.seconds > 0
    assert (tmp_path / "site" / "index.html").is_file()


def test_one_process_per_site_language(tmp_path: Path) -> None:
    (tmp_path / "conference.yaml").write_text("languages: [en, zh]\n", encoding="utf-8")
    assert site_languages(tmp_path) == ("en", "zh")
    (tmp_path / "conference.yaml").write_text("languages: [\n", encoding="utf-8")
    assert site_languages(tmp_path) == ("zh", "en")  # unreadable: both, the check says why
    ready = get_ready(tmp_path)
    try:
        assert sorted(ready) == ["en", "zh"]
    finally:
        for build in ready.values():
            build.stop()
    assert all(build.process.poll() is not None for build in ready.values())


def test_time_covered_by_builds_side_by_side() -> None:
    assert covered([]) == 0
    assert covered([(0, 2), (1, 3)]) == 3  # overlapping
    assert covered([(5, 6), (0, 1), (0.5, 0.8)]) == 2  # apart, one inside another
    assert covered([(0, 4), (1, 2), (3, 5)]) == 5
