"""`confsite check`, `init` and `schema` on valid content, as an organiser runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from confsite.reference import PAGE, embedded, render
from tests.conftest import EXAMPLE, ROOT, confsite


def test_example_content_passes(tmp_path: Path) -> None:
    result = confsite("check", "--content", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert "OK: no errors" in result.stdout
    assert "Traceback" not in result.stderr


def test_default_content_folder_is_content(tmp_path: Path) -> None:
    result = confsite("check", cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = confsite("check", "--content", tmp_path / "nowhere")
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_creates_a_project_that_every_command_finds_without_options(
    tmp_path: Path,
) -> None:
    for lang in ("zh", "en"):
        target = tmp_path / f"conf-{lang}"
        result = confsite("init", target, "--lang", lang, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        # The next steps, from the folder the organiser is in.
        steps = result.stdout
        assert f"cd {target.name}" in steps or f"cd {target}" in steps
        for command in ("confsite check", "confsite plan", "confsite serve", "confsite build"):
            assert command in steps
        assert "static host" in steps
        assert sorted(p.name for p in target.iterdir()) == [".gitignore", "content", "mkdocs.yml"]
        assert (target / "content" / "schemas" / "sessions.schema.json").is_file()
        check = confsite("check", cwd=target)
        assert check.returncode == 0, check.stderr
    zh = (tmp_path / "conf-zh" / "content" / "conference.yaml").read_text(encoding="utf-8")
    en = (tmp_path / "conf-en" / "content" / "conference.yaml").read_text(encoding="utf-8")
    assert "我的开发者大会" in zh and "languages: [zh, en]" in zh
    assert "languages: [en]" in en  # English only


def test_init_refuses_an_existing_folder(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = confsite("init", target)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_is_deterministic(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    for name in ("a", "b"):
        assert confsite("init", tmp_path / name).returncode == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    result = confsite("schema", "--out", tmp_path / "schemas")
    assert result.returncode == 0, result.stderr
    fresh = sorted((tmp_path / "schemas").iterdir())
    committed_names = sorted(path.name for path in (EXAMPLE / "schemas").iterdir())
    assert [path.name for path in fresh] == committed_names
    assert "plan.schema.json" in committed_names
    for path in fresh:
        committed = EXAMPLE / "schemas" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"run: confsite schema ({path.name})"


def test_every_example_file_names_its_schema() -> None:
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        if "schemas" in path.parts:
            continue
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("$schema=", 1)[1].strip()).resolve()
        assert target.is_file(), f"{path}: {target}"


def test_docs_reference_matches_the_models() -> None:
    assert embedded(ROOT / PAGE) == render(), "run: python -m confsite.reference"


def test_warnings_do_not_fail_the_check(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    (root / "sesions.yaml").write_text("a: 1\n", encoding="utf-8")
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content/sesions.yaml: warning: not a content file" in result.stderr


def test_init_in_the_current_folder(tmp_path: Path) -> None:
    target = tmp_path / "here"
    target.mkdir()
    folder = target.stat().st_ino  # the organiser's shell is in it: it must stay
    result = confsite("init", ".", cwd=target)
    assert target.stat().st_ino == folder
    assert result.returncode == 0, result.stderr
    assert "cd " not in result.stdout  # already there
    assert confsite("check", cwd=target).returncode == 0


def test_active_html_in_the_organisers_own_pages_is_warned_about(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    page = root / "pages" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines += ["", 'Hi <img src=x onerror="alert(1)"> and [me](javascript:alert(2))']
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # the organiser's HTML is theirs to write
    where = f"content/pages/about.md:{len(lines)}:"
    warned = [line for line in result.stderr.splitlines() if line.startswith(where)]
    assert any("active HTML" in line and "onerror" in line for line in warned), result.stderr
    assert any("javascript:" in line for line in warned), result.stderr
