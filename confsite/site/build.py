"""``confsite build``: content and plan → docs trees → real MkDocs builds → the site,
swapped in whole only when every language built.

Each language is its own MkDocs site (the default language at the root, the others under
``/<lang>/``) with its own search index, so Chinese search segments Chinese text.

The engine is MkDocs by default, or Zensical (``engine="zensical"``), which builds the
same docs tree from the same effective config. What only MkDocs allows (its hooks, pages
written while it builds) is a speed-up the pages do not depend on: with Zensical every
page is written before it starts, and the hooks are not run.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from confsite import templating
from confsite.atomic import remove_leftovers, replace_folder, scratch_folder
from confsite.errors import BuildFailed
from confsite.export import export_files, render_export
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.versions import History
from confsite.problems import Problem
from confsite.project import Project, SiteLanguage, site_language
from confsite.promo import site_kit
from confsite.promo.fonts import FontMissing, find_font
from confsite.site import config as site_config
from confsite.site import zensical_run
from confsite.site.mkdocs_run import MkDocsFailed, Running, get_ready
from confsite.site.pages import PageMaker
from confsite.site.tree import DocsTree
from confsite.stamps import build_date

Progress = Callable[[str], None]
# The engines that build the site from the docs trees, and their names for people.
ENGINES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
# One language's build in a child process of its own.
EngineProcess = Running | zensical_run.Running


@dataclass
class BuildResult:
    site_dir: Path
    languages: tuple[str, ...]
    pages: int = 0
    files: int = 0
    engine: str = "mkdocs"  # which built the site (ENGINES)
    render_seconds: float = 0.0  # confsite's pages and calendars (not loading)
    engine_seconds: float = 0.0  # the engine's builds, summed (they may run side by side)
    engine_span_seconds: float = 0.0  # wall time while at least one of them was building
    # Wall time while a language's config, once written, waited for its engine's process
    # to get ready (imports, jieba's dictionary for MkDocs) and no other build ran: the
    # engine starting, not confsite working.
    engine_startup_seconds: float = 0.0
    seconds: float = 0.0  # the whole build, wall clock
    scheduled: int = 0
    unscheduled: int = 0
    promo_files: int = 0  # the promotion kit's files, all languages
    cards_drawn: int = 0  # cards drawn in this build (others came from the card cache)
    warnings: list[str] = field(default_factory=list)

    @property
    def engine_name(self) -> str:
        return ENGINES[self.engine]


def media_files(content: Content) -> dict[str, bytes]:
    """Every content file the public pages show (photos, logos), and nothing else."""
    conf = content.conference
    wanted = {
        conf.branding.logo,
        conf.branding.logo_dark,
        conf.branding.favicon,
        content.venue.photo,
        *(speaker.photo for _, speaker in content.speakers),
        *(sponsor.logo for sponsor in content.sponsors.sponsors),
        *(member.photo for member in content.team.members),
        *(link.qr for link in conf.after.community),
    }
    root = content.root.resolve()
    files = {}
    for relative in sorted(path for path in wanted if path):
        source = (root / relative).resolve()
        if source.is_file() and source.is_relative_to(root):
            files[relative.replace("\\", "/")] = source.read_bytes()
    return files


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _move_into(source: Path, target: Path) -> None:
    """Move everything in ``source`` into ``target``: whole folders in one rename where
    ``target`` has none of that name, file by file where it has."""
    if not source.is_dir():
        return
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if not destination.exists():
            entry.rename(destination)
        elif entry.is_dir() and destination.is_dir():
            _move_into(entry, destination)
        else:
            raise BuildFailed(f"two parts of the build write {destination.relative_to(target)}")


def prepare_language(
    content: Content,
    plan: dict[str, Placement],
    project: Path,
    site: SiteLanguage,
    history: History | None = None,
    remember: bool = False,
    defer: bool = False,
) -> DocsTree:
    """The whole docs tree of one language, in memory (``remember``, ``defer``: see
    PageMaker)."""
    env = templating.page_environment(project)
    maker = PageMaker(content, plan, site, env, history, remember=remember, defer=defer)
    tree = maker.make()
    for path, data in media_files(content).items():
        tree.add(path, data)
    for path, data in templating.asset_files(project).items():
        tree.add(path, data)
    branding = content.conference.branding
    tree.add(
        "assets/confsite/brand.css",
        site_config.brand_css(branding.primary_colour, branding.accent_colour),
    )
    return tree


def calendar_files(
    content: Content,
    plan: dict[str, Placement],
    site: SiteLanguage,
    stamp: datetime,
    history: History | None = None,
) -> dict[str, bytes]:
    """One .ics per session in the site's language, for the pages' "add to calendar"
    (the same exporter as the feeds, so UIDs and events agree)."""
    return render_export(
        content,
        plan,
        "sessions.ics",
        base_url=site.base_url,
        stamp=stamp,
        lang=site.lang,
        history=history,
    )


def promo_font_problem(content: Content) -> str | None:
    """Why the promotion kit cannot be drawn on this machine (no font), or None."""
    conf = content.conference
    try:
        find_font(conf.languages, conf.branding.font, content.root)
    except FontMissing as err:
        return str(err)
    return None


def relative_to(path: Path, folder: Path) -> Path:
    """``path`` relative to ``folder`` (with ``..`` where it lies outside)."""
    return Path(os.path.relpath(path.resolve(), folder))


def stage(
    project: Project,
    content: Content,
    plan: dict[str, Placement],
    site: SiteLanguage,
    *,
    folder: Path,
    overrides: Path,
    output: Path,
    calendars_at: datetime | None = None,
    history: History | None = None,
    remember: bool = False,
    defer: bool = False,
) -> tuple[DocsTree, Path]:
    """Write one language's docs tree to ``folder/docs`` (only files that changed) and its
    effective MkDocs config to ``folder/mkdocs.yml``, which names the docs, ``output`` (the
    site) and ``overrides`` (the theme layer) relative to ``folder``; returns the tree and
    the config's path. With ``calendars_at`` the session calendars go into the tree too;
    ``remember`` keeps page bodies for the next call in this process (`confsite serve`);
    with ``defer`` the pages are left for ``DocsTree.stream`` to make and write."""
    conf = content.conference
    lang = site.lang
    history = history if history is not None else project.history()
    tree = prepare_language(content, plan, project.root, site, history, remember, defer)
    if calendars_at is not None:
        for path, data in calendar_files(content, plan, site, calendars_at, history).items():
            tree.add(path, data)
    docs = folder / "docs"
    tree.write(docs)
    owner = localize(conf.organiser, lang) or localize(conf.name, lang)
    # The config names its folders relative to itself, as both engines read them: Zensical
    # refuses an absolute docs_dir and a site_dir outside the config's folder.
    here = folder.resolve()
    effective = site_config.effective_config(
        user_file=project.config_file,
        user=site_config.read_user_config(project.config_file),
        site_name=localize(conf.name, lang),
        site_url=site.base_url,
        lang=lang,
        languages=conf.languages,
        default_language=conf.languages[0],
        docs_dir=relative_to(docs, here),
        site_dir=relative_to(output, here),
        overrides=relative_to(overrides, here),
        nav=tree.nav,
        conference=conf.id,
        timezone=conf.timezone,
        logo=conf.branding.logo,
        favicon=conf.branding.favicon,
        primary=conf.branding.primary_colour,
        accent=conf.branding.accent_colour,
        copyright_text=f"© {conf.start.year} {owner}",
    )
    config_path = folder / "mkdocs.yml"
    text = site_config.dump(effective)
    if not config_path.is_file() or config_path.read_text(encoding="utf-8") != text:
        config_path.write_text(text, encoding="utf-8")
    return tree, config_path


def build_site(
    content_dir: Path,
    *,
    plan_file: Path | None = None,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    internal: bool = False,
    strict: bool = True,
    progress: Progress | None = None,
    work: Path | None = None,
    promo: bool = True,
    ready: dict[str, EngineProcess] | None = None,
    engine: str = "mkdocs",
    allow_rule_breaks: bool = False,
) -> BuildResult:
    """Build the site into ``site_dir`` (default: ``site`` next to the content folder),
    with the promotion kit under ``promo/`` unless ``promo`` is False, by ``engine``
    (``mkdocs`` or ``zensical``; raises ``ZensicalMissing`` when Zensical is asked for and
    not installed).

    ``work`` keeps each language's docs tree, effective mkdocs.yml and engine's cache (for
    benchmarks and for looking at what the engine was given); by default they live in a
    scratch folder. ``ready`` are MkDocs processes ``get_ready`` started earlier (the build
    stops them when it ends); without them an MkDocs build starts its own at once."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "zensical":
        zensical_run.require()
    say = progress or (lambda message: None)
    began = time.perf_counter()
    project = Project.find(content_dir, plan_file, config_file, allow_rule_breaks=allow_rule_breaks)
    # MkDocs gets ready in its own processes while the content is read.
    if ready is None:
        ready = get_ready(content_dir, strict=strict) if engine == "mkdocs" else {}
    try:
        return _build(project, ready, site_dir, internal, strict, say, work, began, promo, engine)
    finally:
        for build in ready.values():
            build.stop()


def covered(spans: list[tuple[float, float]]) -> float:
    """The length of the union of the intervals ``spans``."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def _build(
    project: Project,
    ready: dict[str, EngineProcess],
    site_dir: Path | None,
    internal: bool,
    strict: bool,
    say: Progress,
    work: Path | None,
    began: float,
    promo: bool = True,
    engine: str = "mkdocs",
) -> BuildResult:
    content, plan, warnings = project.load()
    if promo and (problem := promo_font_problem(content)):
        warnings.append(
            Problem("", 0, 0, "", f"promotion kit skipped: {problem}", severity="warning")
        )
        promo = False
    history = project.history()
    site_dir = (site_dir or project.root / "site").resolve()
    languages = content.conference.languages
    result = BuildResult(site_dir, languages, engine=engine, warnings=[str(w) for w in warnings])
    live = [(ident, s) for ident, s in content.sessions if s.status != "cancelled"]
    result.scheduled = sum(1 for ident, _ in live if ident in plan)
    result.unscheduled = len(live) - result.scheduled
    stamp = build_date()
    for folder in remove_leftovers(site_dir):
        say(f"removed {folder.name}, left by a build that was killed")
    scratch = scratch_folder(site_dir, "build")
    running: list[tuple[str, SiteLanguage, EngineProcess, Path]] = []
    try:
        # An organiser's own plugins or hooks may read pages before MkDocs builds them:
        # then every page is written first, as for Zensical.
        user = site_config.read_user_config(project.config_file)
        stream = engine == "mkdocs" and site_config.streamable(user)
        # Each language's build runs in its own process from the moment its config and
        # small files are written (with MkDocs, its pages follow while it works): languages
        # build side by side, and the calendars are made meanwhile.
        for lang in languages:
            started = time.perf_counter()
            say(f"{lang}: rendering pages")
            site = site_language(content, lang, internal, promo)
            # Each language's folder holds everything its build reads and writes: the docs
            # tree, the theme layer, the effective config, and the built site, which then
            # moves into the site being assembled.
            folder = (work or scratch) / lang
            output = folder / "site"
            # A kept ``work`` folder may hold the site of a build that stopped half-way, and
            # the theme layer of an earlier build (with templates since removed).
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(folder / "overrides", ignore_errors=True)
            overrides = templating.theme_overrides(project.root, folder / "overrides")
            tree, config_path = stage(
                project,
                content,
                plan,
                site,
                folder=folder,
                overrides=overrides,
                output=output,
                history=history,
                defer=stream,
            )
            result.pages += tree.pages
            say(f"{lang}: {engine} build ({tree.pages} pages)")
            build = ready.get(lang)
            if engine == "zensical":
                if build is not None:  # an MkDocs process, got ready for nothing
                    build.stop()
                build = ready[lang] = zensical_run.Running(lang, strict=strict)
            elif build is None:  # conference.yaml changed its mind between the two readings
                build = ready[lang] = Running(lang, strict=strict)
            # The engine starts now; with MkDocs the pages are made and written while it
            # works.
            build.start(config_path, tree.waiting())
            tree.stream(folder / "docs", build.ready)
            result.render_seconds += time.perf_counter() - started
            running.append((lang, site, build, output))
        # Calendars and feeds are written to disk while MkDocs builds; afterwards their
        # folders are moved into the site in one rename each.
        extras: dict[str, Path] = {}
        for lang, site, _, _ in running:
            started = time.perf_counter()
            if lang == languages[0]:
                # The feeds (iCal, frab XML/JSON, CSV, JSON API) at the site's root,
                # with the session calendars among them.
                files = export_files(
                    content, plan, base_url=site.base_url or None, stamp=stamp, history=history
                )
            else:
                files = calendar_files(content, plan, site, stamp, history)
            kit = None
            if site.promo:
                say(f"{lang}: promotion kit")
                kit = site_kit(content, plan, site, project.root, stamp, history)
                files.update(kit.files)
                result.cards_drawn += kit.cards_drawn
                result.promo_files += len(kit.files) + 1
            extras[lang] = scratch / f"extra-{lang}"
            _write_files(extras[lang], files)
            if kit is not None:
                kit.write_zip(extras[lang] / kit.zip_path)
            result.render_seconds += time.perf_counter() - started
        reports = []
        for lang, _, build, _ in running:
            try:
                report = build.wait()
            except (MkDocsFailed, zensical_run.ZensicalFailed) as err:
                raise BuildFailed(
                    f"{engine} build failed for the {lang} site", err.messages
                ) from None
            result.warnings += report.messages
            result.engine_seconds += report.seconds
            reports.append(report)
        result.engine_span_seconds = covered([(r.began, r.ended) for r in reports])
        result.engine_startup_seconds = (
            covered([(r.sent, r.ended) for r in reports]) - result.engine_span_seconds
        )
        say("assembling the site")
        final = scratch / "site"
        for index, (lang, _, _, output) in enumerate(running):
            target = final if index == 0 else final / lang
            # A rename, unless ``work`` is on another file system than the site.
            shutil.move(output, target)
            _move_into(extras[lang], target)
        # Counted from the folder listings: no file is looked at on its own.
        result.files = sum(len(names) for _, _, names in os.walk(final))
        replace_folder(final, site_dir)
    finally:
        # A language still building when another failed writes into the scratch folder:
        # it is stopped before the folder goes.
        for build in ready.values():
            build.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    result.seconds = time.perf_counter() - began
    return result
