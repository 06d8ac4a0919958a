"""Content that passed `check` and then did harm: private files published through media
fields, pages linked in from outside the content folder, page slugs the site needs for
itself, and invisible characters that disguise names."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from confsite.load.loader import check_folder
from tests.conftest import EXAMPLE, confsite
from tests.test_check_errors import dump, load

SPEAKER = "speakers/bai-lin.yaml"
PNG = EXAMPLE / "media" / "logo.png"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    return folder


def problems(root: Path) -> list[str]:
    """Every problem `check` reports for ``root``, as printed."""
    return [str(problem) for problem in check_folder(root)[1]]


def replace_line(path: Path, start: str, line: str) -> None:
    """Replace the line of ``path`` that starts with ``start`` by ``line``."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(rf"(?m)^{re.escape(start)}.*$", lambda _: line, text, count=1)
    assert changed != text, start
    path.write_text(changed, encoding="utf-8")


def set_photo(root: Path, value: str) -> None:
    replace_line(root / SPEAKER, "photo:", f"photo: {value}")


# --- media fields name images, never content files -------------------------------------


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def svg(body: str) -> bytes:
    return f'<?xml version="1.0"?>\n{SVG_HEAD}\n{body}\n</svg>\n'.encode()


# name: (file to write under media/, its bytes or None to name an existing file, words)
MEDIA_CASES: dict[str, tuple[str, bytes | None, str]] = {
    "budget": ("budget.yaml", None, "'budget.yaml' is a content file, not an image"),
    "plan": ("plan.yaml", None, "'plan.yaml' is a content file"),
    "speaker-file": ("speakers/cao-yang.yaml", None, "is a content file"),
    "page": ("pages/about.md", None, "is a content file"),
    "yaml-named-png": ("media/notes.png", b"budget: 100000\n", "is not an image"),
    "text": ("media/photo.txt", b"hello\n", "is not an image"),
    "svg-script": ("media/x.svg", svg("<script>alert(1)</script>"), "a <script> element"),
    "svg-handler": ("media/x.svg", svg('<rect onload="alert(1)"/>'), "an event handler"),
    "svg-link": (
        "media/x.svg",
        svg('<image xlink:href="https://tracker.example/p.png"/>'),
        "a reference to another file or site",
    ),
    "svg-file": ("media/x.svg", svg('<use href="../budget.yaml#a"/>'), "another file"),
    "svg-css": (
        "media/x.svg",
        svg("<style>@import url(https://evil.example/x.css);</style>"),
        "a style sheet that loads another file",
    ),
    "svg-fill": ("media/x.svg", svg('<rect fill="url(https://x.example/a)"/>'), "fill"),
    "svg-javascript": (
        "media/x.svg",
        svg('<a href="javascript:alert(1)"><rect/></a>'),
        "a script address",
    ),
    "svg-foreign": (
        "media/x.svg",
        svg("<foreignObject><p>hi</p></foreignObject>"),
        "a <foreignObject> element",
    ),
    "svg-entity": (
        "media/x.svg",
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + SVG_HEAD.encode()
        + b"<text>&x;</text></svg>",
        "a DTD",
    ),
    "html": ("media/x.svg", b"<html><body><svg></svg></body></html>", "not an SVG"),
}


@pytest.mark.parametrize("name", sorted(MEDIA_CASES))
def test_a_media_field_must_name_an_image(name: str, root: Path) -> None:
    relative, data, words = MEDIA_CASES[name]
    if data is not None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    set_photo(root, relative)
    found = [p for p in problems(root) if p.startswith(f"{root}/{SPEAKER}:") and "photo" in p]
    assert found, problems(root)
    assert words in found[0], found
    assert "(expected " in found[0]


def test_a_link_to_a_content_file_is_not_media(root: Path) -> None:
    (root / "media" / "photo.png").symlink_to(root / "budget.yaml")
    set_photo(root, "media/photo.png")
    assert any("is a content file" in p and "photo" in p for p in problems(root))


@pytest.mark.parametrize("field", ["logo", "logo_dark", "favicon"])
def test_every_branding_file_is_checked(field: str, root: Path) -> None:
    conference = root / "conference.yaml"
    text = re.sub(rf"(?m)^  {field}:.*\n", "", conference.read_text(encoding="utf-8"))
    text = text.replace("branding:\n", f"branding:\n  {field}: budget.yaml\n", 1)
    conference.write_text(text, encoding="utf-8")
    assert any(f"branding.{field}: 'budget.yaml' is a content file" in p for p in problems(root))


def test_venue_sponsor_team_and_qr_files_are_checked(root: Path) -> None:
    with (root / "venue.yaml").open("a", encoding="utf-8") as venue:
        venue.write("photo: budget.yaml\n")
    replace_line(root / "sponsors.yaml", "    logo:", "    logo: plan.yaml")
    replace_line(root / "team.yaml", "    photo:", "    photo: faq.yaml")
    qr = "      url: https://aidev2027.example.org/community/wechat"
    replace_line(root / "conference.yaml", qr, f"{qr}\n      qr: interest.yaml")
    found = "\n".join(problems(root))
    assert "venue.yaml:" in found and "photo: 'budget.yaml' is a content file" in found
    assert "sponsors[0].logo: 'plan.yaml' is a content file" in found
    assert "members[0].photo: 'faq.yaml' is a content file" in found
    assert "after.community[1].qr: 'interest.yaml' is a content file" in found


@pytest.mark.parametrize(
    "body",
    [
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="4"/>',
        '<use href="#g"/><style>rect { fill: url("#g") }</style>',
        '<image href="data:image/png;base64,iVBORw0KGgo="/>',
    ],
)
def test_a_plain_svg_and_real_images_pass(body: str, root: Path) -> None:
    (root / "media" / "logo.svg").write_bytes(svg(body))
    replace_line(root / "conference.yaml", "  logo:", "  logo: media/logo.svg")
    shutil.copy(PNG, root / "media" / "renamed.bin")  # a PNG by content, whatever its name
    set_photo(root, "media/renamed.bin")
    assert not [p for p in problems(root) if "warning" not in p]


def test_check_refuses_a_private_file_as_a_photo(root: Path) -> None:
    set_photo(root, "budget.yaml")
    result = confsite("check", "--content", root, cwd=root.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"content/{SPEAKER}:13:8: photo: 'budget.yaml' is a content file, not an image "
        "(it would be published) (expected an image" in result.stderr
    )


# --- pages linked in from outside -------------------------------------------------------


def test_a_page_linked_from_outside_the_content_folder_is_refused(
    root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "private-notes.md"
    outside.write_text("---\ntitle: Notes\n---\nThe board's salaries.\n", encoding="utf-8")
    (root / "pages" / "notes.md").symlink_to(outside)
    (root / "news" / "2027-01-01-notes.md").symlink_to(outside)
    found = "\n".join(problems(root))
    for name in ("pages/notes.md", "news/2027-01-01-notes.md"):
        assert f"{root}/{name}: is a link to a file outside the content folder" in found


def test_a_page_linked_from_inside_the_content_folder_is_read(root: Path) -> None:
    os.symlink("about.md", root / "pages" / "about-us.md")
    replace_line(root / "pages" / "about.md", "slug:", "")
    assert not [p for p in problems(root) if "pages/about" in p and "warning" not in p]


# --- names the site has for itself ------------------------------------------------------


def add_page(root: Path, name: str, slug: str | None = None) -> None:
    front = f"title: A page\nslug: {slug}\n" if slug else "title: A page\n"
    (root / "pages" / f"{name}.md").write_text(f"---\n{front}---\nText.\n", encoding="utf-8")


@pytest.mark.parametrize("slug", ["schedule", "index", "en", "zh", "sessions", "internal", "promo"])
def test_a_free_page_may_not_take_the_sites_own_paths(slug: str, root: Path) -> None:
    add_page(root, f"my-{slug}", slug)
    found = [p for p in problems(root) if f"pages/my-{slug}.md:" in p]
    assert found, problems(root)
    assert f"slug: the page would take {slug}/index.md, which the site has for itself" in found[0]
    assert "(expected a slug other than after, cfp, changes, en, faq, index," in found[0]


def test_a_page_named_like_a_site_page_by_its_file_name_is_refused(root: Path) -> None:
    add_page(root, "speakers")
    assert any(
        p.startswith(f"{root}/pages/speakers.md:2:1: slug: the page would take speakers/index.md")
        for p in problems(root)
    ), problems(root)


def test_the_reserved_names_cover_every_page_the_site_builder_makes(root: Path) -> None:
    """Derived, not kept by hand: every top-level name of a built docs tree is either
    reserved, a free page, or a folder that cannot clash with a page's own folder."""
    from confsite.model.site_paths import SITE_PAGES
    from confsite.project import Project, site_language
    from confsite.site.build import prepare_language

    project = Project.find(root)
    content, plan, _ = project.load()
    free = {
        SITE_PAGES.page(page.slug or document.id).split("/")[0] for document, page in content.pages
    }
    for lang in content.conference.languages:
        site = site_language(content, lang, internal=True, promo=True)
        tree = prepare_language(content, plan, project.root, site, project.history())
        # assets/ (stylesheets) and media/ (the organiser's images) hold files, never an
        # index page, so a page named like them does not clash.
        tops = {path.split("/")[0] for path in (*tree.files, *tree.pending)} - free
        assert {top.removesuffix(".md") for top in tops} - {"assets", "media"} <= set(
            SITE_PAGES.reserved_slugs()
        )


# --- invisible characters in names and titles -------------------------------------------


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_invisible_characters_in_a_name_are_a_warning(
    character: str, name: str, root: Path
) -> None:
    replace_line(root / SPEAKER, "name_latin:", f"name_latin: Bai{character} Lin")
    content, found = check_folder(root)
    assert content is not None  # a warning, not an error
    lines = [str(p) for p in found if f"{SPEAKER}:" in str(p)]
    assert lines == [
        f"{root}/{SPEAKER}:3:13: warning: name_latin: contains {name}: invisible, it can make "
        "the text read as other text (expected text without bidi controls or zero-width "
        "characters)"
    ]


def test_titles_in_either_language_and_nested_names_are_looked_at(root: Path) -> None:
    session = sorted((root / "sessions").glob("*.yaml"))[0]
    data = load(session)
    data["title"] = {"zh": "标题", "en": "Safe\u202egpj.exe"}
    dump(session, data)
    replace_line(root / "venue.yaml", "      zh: 星河厅", "      zh: 星河\u200d厅（主会场）")
    found = [str(p) for p in check_folder(root)[1] if "invisible" in str(p)]
    assert any(f"{session.name}:" in p and "title.en: contains U+202E" in p for p in found), found
    assert any(
        "venue.yaml:" in p and "rooms[0].name.zh: contains U+200D ZERO WIDTH JOINER" in p
        for p in found
    ), found


def test_check_prints_the_warning_and_succeeds(root: Path) -> None:
    replace_line(root / SPEAKER, "name_latin:", 'name_latin: "Bai Lin\u202e"')
    result = confsite("check", "--content", root, cwd=root.parent)
    assert result.returncode == 0, result.stderr
    assert f"content/{SPEAKER}:3:13: warning: name_latin: contains U+202E" in result.stderr
