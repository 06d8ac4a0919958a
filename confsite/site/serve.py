"""``confsite serve``: a live preview. When the content, the plan or the templates change,
the docs tree is regenerated (only files whose bytes differ are rewritten) and MkDocs
rebuilds in the same process; its live-reload server reloads the browser."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from confsite import templating
from confsite.errors import BuildFailed
from confsite.problems import ContentError
from confsite.project import Project, site_language
from confsite.site.build import stage
from confsite.site.mkdocs_run import load_jieba_dictionary, quiet_jieba
from confsite.site.tree import page_url
from confsite.stamps import build_date

Say = Callable[[str], None]


class _ThemeListing(jinja2.FileSystemLoader):
    """The theme's loader, listing each installed theme folder once per process.

    On every build MkDocs lists every file of the theme to copy its static files into the
    site; Material's folder holds thousands of icons, and walking and filtering them is a
    fifth of a preview's rebuild. The installed theme does not change while the preview
    runs, so its listing is kept; folders under the project (the organiser's overrides) are
    listed afresh. Hidden paths (``.icons/``) are left out: MkDocs never copies them."""

    _listed: ClassVar[dict[str, list[str]]] = {}

    def __init__(self, searchpath: list[str], project: Path) -> None:
        super().__init__(searchpath)
        self.project = project

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            names = self._listed.get(folder)
            if names is None:
                names = [
                    name
                    for name in jinja2.FileSystemLoader(folder).list_templates()
                    if not name.startswith(".") and "/." not in name
                ]
                if not Path(folder).resolve().is_relative_to(self.project):
                    self._listed[folder] = names
            found.update(names)
        return sorted(found)


def _list_theme_once(config: Any, project: Path) -> None:
    make_env = config.theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = _ThemeListing(list(env.loader.searchpath), project)
        return env

    config.theme.get_env = get_env


class Preview:
    """One language's docs tree kept up to date in ``work``."""

    def __init__(self, project: Project, lang: str | None, internal: bool, work: Path) -> None:
        self.project = project
        self.lang = lang
        self.internal = internal
        self.work = work
        self.config_path = work / "site" / "mkdocs.yml"
        self.pages: frozenset[str] = frozenset()  # the docs tree's pages, as last generated

    def watched(self) -> list[Path]:
        root = self.project.root
        return [
            self.project.content_dir,
            self.project.plan_file,
            root / "site_template",
            root / "overrides",
            *([self.project.config_file] if self.project.config_file else []),
        ]

    def generate(self) -> tuple[int, int]:
        """Regenerate; returns (pages, files rewritten). Raises ContentError, BuildFailed."""
        content, plan, _ = self.project.load()
        lang = self.lang or content.conference.default_language
        if lang not in content.conference.languages:
            raise BuildFailed(f"the conference has no {lang!r} language")
        overrides = templating.theme_overrides(self.project.root, self.work / "overrides")
        site = site_language(content, lang, self.internal)
        # Served from the root of the preview server, whatever the language.
        site = type(site)(site.lang, "", site.languages, site.internal)
        tree, _ = stage(
            self.project,
            content,
            plan,
            site,
            folder=self.work / "site",
            overrides=overrides,
            output=self.work / "output",
            calendars_at=build_date(),
            remember=True,
        )
        self.pages = frozenset(path for path in tree.files if path.endswith(".md"))
        return len(self.pages), tree.written

    def frame(self) -> tuple[Any, ...]:
        """What every page is rendered in: the generated mkdocs.yml (nav, theme, language)
        and the theme templates. While it stays the same, MkDocs need re-render only the
        pages whose files changed."""
        overrides = self.work / "overrides"
        templates = []
        for path in sorted(overrides.rglob("*")):
            if path.is_file():
                status = path.stat()
                name = path.relative_to(overrides).as_posix()
                templates.append((name, status.st_mtime_ns, status.st_size))
        return (self.config_path.read_bytes(), tuple(templates))


def serve_site(
    content_dir: Path,
    *,
    plan_file: Path | None = None,
    config_file: Path | None = None,
    lang: str | None = None,
    internal: bool = False,
    address: str = "127.0.0.1:8000",
    full: bool = False,
    say: Say,
) -> None:
    """Serve a live preview until interrupted.

    One loop does everything: MkDocs' live-reload server watches the organiser's files
    (content, plan, templates, mkdocs.yml); on a change the docs tree is regenerated (only
    files whose bytes differ are rewritten, and unchanged content files are not read
    again) and MkDocs rebuilds in this process, then the browser reloads. MkDocs re-renders
    only the pages whose files changed, unless the frame of every page changed (navigation,
    configuration, theme templates) or ``full`` asks for every page every time; the search
    index is completed by ``search_memory``."""
    import logging
    import os
    import tempfile

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    quiet_jieba()
    # MkDocs warns that a build of changed pages only may leave other pages stale: the
    # frame check below is what makes that safe here.
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)

    # A preview shows a plan that breaks rules (with warnings): the organiser is editing.
    project = Project.find(content_dir, plan_file, config_file, allow_rule_breaks=True)
    work = project.root / ".confsite" / "serve"
    preview = Preview(project, lang, internal, work)
    pages, _ = preview.generate()
    say(f"{pages} pages generated in {work}; watching {project.content_dir} and the plan")
    host, _, port = address.rpartition(":")
    site_dir = tempfile.mkdtemp(prefix="confsite-serve-")
    url = f"http://{host}:{port}/"

    def configured():  # type: ignore[no-untyped-def]
        config = load_config(config_file=str(preview.config_path), site_dir=site_dir)
        config.site_url = url
        _list_theme_once(config, project.root.resolve())
        return config

    config = configured()
    if str(config.theme.get("language", "")).startswith("zh"):
        load_jieba_dictionary()  # before the first build, which would load it slower
    # Material's own merging of partial search indexes assumes one changed page; the hooks
    # do it instead (search_memory), so the plugin is told every build is complete.
    config.plugins.on_startup(command="serve", dirty=False)
    built_in = [preview.frame()]
    shown = [preview.pages]

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            pages, changed = preview.generate()
        except ContentError as err:
            for problem in err.problems:
                say(str(problem))
            say("the preview keeps the last good version until this is fixed")
            return
        except BuildFailed as err:
            say(str(err))
            for detail in err.details:
                say(f"  - {detail}")
            return
        frame = preview.frame()
        # A page that left the tree (its session file deleted) leaves the site too: a
        # build of changed pages would keep serving it.
        for path in sorted(shown[0] - preview.pages):
            (Path(site_dir) / page_url(path) / "index.html").unlink(missing_ok=True)
        build(configured(), serve_url=url, dirty=not full and frame == built_in[0])
        built_in[0] = frame
        shown[0] = preview.pages
        say(
            f"regenerated: {changed} of {pages} pages changed "
            f"({time.perf_counter() - started:.1f} s)"
        )

    # Polling every 0.1 s (MkDocs' default is 0.5 s) sees a save sooner; a poll is a stat of
    # each watched file, a few milliseconds on a 500-session conference.
    server = LiveReloadServer(
        builder=rebuild, host=host, port=int(port), root=site_dir, polling_interval=0.1
    )
    # After a change MkDocs waits until no change came for this long (0.1 s by default):
    # an editor's save is one burst of events.
    server.build_delay = 0.05
    try:
        build(config, serve_url=url)
        for path in preview.watched():
            if path.exists():
                server.watch(str(path))
        say(f"serving at {url} (Ctrl-C stops)")
        try:
            server.serve()
        except KeyboardInterrupt:
            say("stopped")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
