"""Script in every text field, published: nothing runs anywhere on the site.

The example conference gets a payload in every field the content format takes as text
(found from the models, so a new text field joins by itself; the Markdown bodies of the
organiser's own pages and news posts may hold HTML on purpose, and `check` warns of it);
it is checked, built (zh and en, promotion kit included) and every page kind is opened in
headless Chromium with a dialog listener: no dialog ever opens, and no page holds a script,
an event handler or a ``javascript:`` link that the payload put there.
"""

from __future__ import annotations

import copy
import re
import shutil
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from confsite.load.files import CONTENT_FILES
from confsite.model.common import LangText
from tests.conftest import EXAMPLE, confsite, served

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAYLOAD = (
    "Hi<img src=x onerror=alert(1)>\"'><script>alert(2)</script>"
    "&lt;svg onload=alert(3)&gt;[x](javascript:alert(4))<iframe src=javascript:alert(5)>"
)


class LiveMarkup(HTMLParser):
    """The elements and attributes in a page that would run the payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "iframe":
            self.found.append(f"<iframe {attrs}>")
        kind = dict(attrs).get("type") or "text/javascript"
        self._script = tag == "script" and "json" not in kind  # JSON-LD is data

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def _free_text(annotation: Any) -> bool:
    """A string type that takes any text: the model itself says (ids, colours, times, time
    zones and URLs refuse the payload)."""
    try:
        TypeAdapter(annotation).validate_python(f"Some text {PAYLOAD}")
    except (ValidationError, TypeError):
        return False
    return True


def _text_fields(annotation: Any, value: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """The paths in ``value`` (data of type ``annotation``) that hold free text."""
    for kind in _choices(annotation):
        if isinstance(value, str) and _hashable(kind) and _free_text(kind):
            yield path
            return
        if isinstance(value, dict) and isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind is LangText:
                yield from ((*path, lang) for lang, text in value.items() if text)
                return
            for name, field in kind.model_fields.items():
                key = field.alias or name
                if key in value:
                    # pydantic keeps a field's own constraints apart from its annotation
                    annotation = field.annotation
                    if field.metadata:
                        annotation = typing.Annotated[(annotation, *field.metadata)]
                    yield from _text_fields(annotation, value[key], (*path, key))
            return
        origin = typing.get_origin(kind)
        if isinstance(value, list) and origin in (list, tuple):
            item = next(a for a in typing.get_args(kind) if a is not Ellipsis)
            for index, entry in enumerate(value):
                yield from _text_fields(item, entry, (*path, index))
            return
        if isinstance(value, dict) and origin is dict:
            _key, item = typing.get_args(kind)
            for key, entry in value.items():
                yield from _text_fields(item, entry, (*path, key))
            return


def _choices(annotation: Any) -> list[Any]:
    """Like ``_kinds``, but keeping each member's own Annotated metadata (patterns)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner = typing.get_args(annotation)[0]
        if typing.get_origin(inner) in (typing.Union, types.UnionType):
            return _choices(inner)
        return [annotation]
    if origin in (typing.Union, types.UnionType):
        return [kind for arg in typing.get_args(annotation) for kind in _choices(arg)]
    return [annotation]


def _hashable(annotation: Any) -> bool:
    try:
        hash(annotation)
    except TypeError:
        return False
    return True


def _poison(data: Any, paths: list[tuple[Any, ...]]) -> None:
    for path in paths:
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = f"{node[path[-1]]} {PAYLOAD}"


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


@dataclass
class Poisoned:
    """One content file with the payload in its text fields (``body``: a Markdown body)."""

    path: Path
    data: dict[str, Any]
    original: dict[str, Any]
    fields: list[tuple[Any, ...]]
    body: str | None

    def write(self) -> None:
        dumped = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False)
        if self.body is not None:
            dumped = f"---\n{dumped}---\n{self.body}"
        self.path.write_text(dumped, encoding="utf-8")

    def restore(self, field: tuple[Any, ...]) -> None:
        """Give ``field`` its own value back: the checks refuse the payload there (a file
        name, a reference to another record)."""
        node, original = self.data, self.original
        for step in field[:-1]:
            node, original = node[step], original[step]
        node[field[-1]] = original[field[-1]]
        self.fields.remove(field)


def _field_path(text: str) -> tuple[Any, ...]:
    """``sponsors[4].logo`` as ("sponsors", 4, "logo")."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", text))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    files: dict[str, Poisoned] = {}
    for entry in CONTENT_FILES:
        if entry.name in ("plan.yaml", "plan-versions/", "budget.yaml"):
            continue  # no text of its own that is published (the budget never is)
        if entry.shape == "file":
            paths = [content / entry.name]
        else:
            pattern = "*.md" if entry.shape == "markdown" else "*.yaml"
            paths = sorted((content / entry.name).glob(pattern))
        for path in paths:
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            body = None
            if entry.shape == "markdown":
                data, body = _front_matter(text)
            else:
                data = yaml.safe_load(text)
            fields = list(_text_fields(entry.model, data, ()))
            poisoned = Poisoned(path, data, copy.deepcopy(data), fields, body)
            _poison(data, fields)
            poisoned.write()
            files[str(path)] = poisoned
    # Text the model takes but the checks refuse (a file that does not exist, an unknown
    # name) is no free text: those fields get their own values back.
    for _round in range(3):
        check = confsite("check", "--content", content)
        if check.returncode == 0:
            break
        refused = re.findall(r"^(/[^:]+):\d+:\d+: ([^:]+): ", check.stderr, re.M)
        assert refused, check.stderr[-3000:]
        for name, field in refused:
            poisoned = files.get(name)
            if poisoned is not None and _field_path(field) in poisoned.fields:
                poisoned.restore(_field_path(field))
        for poisoned in files.values():
            poisoned.write()
    assert check.returncode == 0, check.stderr[-4000:]
    count = sum(len(p.fields) for p in files.values())
    assert count > 500, count  # every text field of the example, not a handful
    site = root / "site"
    built = confsite("build", "--content", content, "-d", site, timeout=600)
    assert built.returncode == 0, built.stderr[-4000:]
    return site


def test_no_published_file_holds_live_markup(hostile_site: Path) -> None:
    """Pages, the promotion kit's newsletters, the XML feeds: the payload is text there.
    (JSON, calendars and plain-text posts carry it as the text it is.)"""
    found = []
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix not in (".html", ".xml", ".svg"):
            continue
        parser = LiveMarkup()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path.relative_to(hostile_site)}: {live}" for live in parser.found]
    assert found == [], "\n".join(sorted(set(found))[:60])


PAGE_KINDS = (
    "",
    "schedule/",
    "sessions/",
    "speakers/",
    "tracks/",
    "venue/",
    "sponsors/",
    "team/",
    "faq/",
    "news/",
    "changes/",
    "cfp/",
    "after/",
    "promo/",
    "about/",
    "404.html",
)


PLANTED = """() => {
    const found = [];
    for (const s of document.querySelectorAll('script'))
      if (!/json/.test(s.type) && /alert\\(/.test(s.textContent))
        found.push('script: ' + s.textContent.slice(0, 80));
    for (const el of document.querySelectorAll('*'))
      for (const a of el.attributes)
        if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))
          if (/alert/.test(a.value))
            found.push(el.tagName + ' ' + a.name + '=' + a.value);
    for (const f of document.querySelectorAll('iframe'))
      found.push('iframe ' + f.src);
    return found;
}"""  # script, handlers and frames the payload put in a page


def test_no_page_runs_the_payload(hostile_site: Path, browser: Any) -> None:
    session = sorted((hostile_site / "sessions").iterdir())[0].name
    speaker = sorted((hostile_site / "speakers").iterdir())[0].name
    post = next(p.name for p in sorted((hostile_site / "news").iterdir()) if p.is_dir())
    kinds = [*PAGE_KINDS, f"sessions/{session}/", f"speakers/{speaker}/", f"news/{post}/"]
    dialogs: list[str] = []
    with served(hostile_site) as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.on(
                "dialog",
                lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()),
            )
            for prefix in ("", "en/"):
                for kind in kinds:
                    response = page.goto(base + prefix + kind, wait_until="load")
                    assert response is not None and response.ok, base + prefix + kind
                    page.wait_for_timeout(50)
                    planted = page.evaluate(PLANTED)
                    assert planted == [], (prefix + kind, planted[:5])
                # The search shows titles and names: search for the payload's first word.
                page.goto(base + prefix, wait_until="load")
                page.locator(".md-search__input").click()
                page.keyboard.type("Hi")
                page.keyboard.press("End")
                page.wait_for_timeout(1500)
        finally:
            context.close()
    assert dialogs == [], dialogs[:10]
