"""The ``confsite`` command line: options and help texts; the work happens in the library.

Exit status: 0 success, 1 problems in the content (listed one per line), 2 usage errors.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from confsite import __version__

CONTENT_HELP = "The content folder (default: ./content)."


def _content_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("content"),
        show_default=True,
        help=CONTENT_HELP,
    )(func)


def _plan_option(more: str = ""):  # type: ignore[no-untyped-def]
    return click.option(
        "--plan",
        "plan_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"The plan file (default: <content>/plan.yaml).{more}",
    )


def _locked(parameter: str, *, unless: str | None = None):  # type: ignore[no-untyped-def]
    """Run the command holding the lock of the content folder its option ``parameter``
    names (confsite.lock), unless its flag ``unless`` asks for a read-only run."""

    def decorate(func):  # type: ignore[no-untyped-def]
        @functools.wraps(func)
        def run(**options: Any) -> Any:
            from confsite.lock import Busy, holding

            if unless is not None and options.get(unless):
                return func(**options)
            held = contextlib.ExitStack()
            try:
                held.enter_context(holding(Path(options[parameter])))
            except Busy as err:
                raise click.ClickException(str(err)) from None
            with held:
                return func(**options)

        return run

    return decorate


def _existing(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise click.UsageError(f"content folder {str(content_dir)!r} does not exist")
    return content_dir


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="confsite")
def main() -> None:
    """confsite: plan a conference and publish its website from a folder of YAML."""
    from confsite.interrupt import stop_on_terminate

    # Stopped by SIGTERM, a command cleans up as on Ctrl-C (scratch folders, MkDocs
    # processes) and leaves the previous plan and site as they were.
    stop_on_terminate()


@main.command()
@_content_option
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, no summary.")
def check(content_dir: Path, quiet: bool) -> None:
    """Check the content folder and report every problem at once."""
    from confsite.load.loader import check_folder
    from confsite.load.summary import summarise
    from confsite.plan.planfile import stale_plan
    from confsite.problems import ContentError

    _existing(content_dir)
    started = time.perf_counter()
    content, problems = check_folder(content_dir)
    if content is None:
        raise ContentError(problems)
    problems = [*problems, *stale_plan(content, content_dir / "plan.yaml")]
    elapsed = time.perf_counter() - started
    for problem in problems:
        click.echo(str(problem), err=True)
    if not quiet:
        click.echo(summarise(content))
        warnings = f", {len(problems)} warning(s)" if problems else ""
        click.echo(f"OK: no errors{warnings} ({elapsed:.2f} s)")


@main.command()
@_content_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the schemas (default: <content>/schemas).",
)
def schema(content_dir: Path, out: Path | None) -> None:
    """Write a JSON Schema for each content file (for editor completion and checks)."""
    from confsite.schema import write_schemas

    target = out if out is not None else content_dir / "schemas"
    written = write_schemas(target)
    click.echo(f"Wrote {len(written)} schemas to {target}")


@main.command()
@_content_option
@_plan_option()
@click.option(
    "--solver",
    default=None,
    help="highs, cbc, or any installed PuLP solver (GUROBI, CPLEX_CMD, …). "
    "Default: planning.yaml, else highs.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds the solver may take (default: planning.yaml).",
)
@click.option(
    "--gap",
    type=click.FloatRange(0, 1),
    default=None,
    help="Relative gap at which a plan counts as good enough, e.g. 0.01.",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Ignore the previous plan (by default moves against it are avoided).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Only check the plan file against the content; change nothing.",
)
@click.option(
    "--only",
    type=click.Choice(["agenda", "budget"]),
    default=None,
    help="Plan only the agenda or only the budget (the other part of the plan file is kept).",
)
@click.option(
    "--release",
    default=None,
    metavar="NAME",
    help="Name the schedule version this plan records, e.g. 'Final programme'.",
)
@click.option(
    "--explain", is_flag=True, help="List each moved session and the rule that forced it."
)
@click.option("--log", is_flag=True, help="Show the solver's own log.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@_locked("content_dir", unless="check_only")
def plan(
    content_dir: Path,
    plan_file: Path | None,
    solver: str | None,
    time_limit: float | None,
    gap: float | None,
    fresh: bool,
    check_only: bool,
    only: str | None,
    release: str | None,
    explain: bool,
    log: bool,
    quiet: bool,
) -> None:
    """Fix the day, start and room of every session, and write the plan file.

    Each time the agenda changes a new schedule version is recorded beside the plan file
    (plan-versions/), which `confsite diff` compares and the site publishes as a changelog."""
    from confsite.load.loader import check_folder
    from confsite.plan import planfile, report
    from confsite.plan.score import measure
    from confsite.plan.validate import validate
    from confsite.problems import ContentError, Problem

    _existing(content_dir)
    target = plan_file if plan_file is not None else content_dir / "plan.yaml"
    content, problems = check_folder(content_dir)
    if content is None:
        raise ContentError(problems)
    if not check_only and only != "budget":
        # A new schedule version is recorded after planning: a history that cannot be read
        # is reported now, not after minutes of solving.
        from confsite.plan import versions

        versions.read_history(versions.history_folder(target))

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"… {message}", err=True)

    def previous_plan(why: str | None) -> Any:
        """The plan file as read; when it cannot be read, its problems (and ``why`` it
        matters) as an error."""
        located, plan_problems = planfile.read_plan(target)
        if located is None:
            if why:
                plan_problems.append(Problem(str(target), 0, 0, "", why))
            raise ContentError(plan_problems)
        return located

    previous = None
    previous_budget = None
    if only == "budget" and target.exists():
        located = previous_plan(
            "its agenda cannot be kept, as the file cannot be read "
            "(fix it, or plan without --only budget)"
        )
        previous = dict(located.record.sessions)
    elif check_only or (target.exists() and not fresh):
        if not target.exists():
            raise click.ClickException(f"no plan file at {target}; run `confsite plan` first")
        located = previous_plan(
            None
            if check_only
            else "the previous plan cannot be read (fix it, or plan with --fresh to ignore it)"
        )
        previous = dict(located.record.sessions)
        previous_budget = located.record.budget
        if check_only:
            violations = validate(content, previous)
            if violations:
                raise ContentError(planfile.violation_problems(located, violations))
            click.echo(f"{target}: {len(previous)} sessions, every rule kept")
            for line in report.terms_table(content, measure(content, previous)):
                click.echo(line)
            return
    elif only == "agenda" and target.exists():
        # A fresh agenda: the previous one is ignored, but its budget part is kept.
        previous_budget = previous_plan(
            "the budget part of the previous plan cannot be kept, as the file cannot be read "
            "(fix it, or plan without --only agenda)"
        ).record.budget
    if only == "budget":
        agenda = previous or {}
    else:
        agenda = _plan_agenda(content, previous, solver, time_limit, gap, progress, log, target)
    budget_record = previous_budget
    if only != "agenda" and content.budget is not None:
        budget_record = _plan_budget(content, solver, time_limit, target)
    elif only == "budget":
        raise click.ClickException(f"there is no budget.yaml in {content_dir}")
    planfile.write_plan(target, content, agenda, budget_record)
    if only != "budget":
        _record_version(target, content, agenda, release)
    if explain and previous is not None and only != "budget":
        from confsite.plan.explain import explain_moves

        for move in explain_moves(content, previous, agenda):
            click.echo(
                f"moved {move.session}: {move.before.day} {move.before.start:%H:%M} "
                f"{move.before.room} → {move.after.day} {move.after.start:%H:%M} "
                f"{move.after.room}: {move.reason}"
            )
    if budget_record is not None:
        from confsite.plan.budgeting import venue_fit

        rooms_used = len({place.room for place in agenda.values()})
        for note in venue_fit(content, budget_record.venue, rooms_used):
            click.echo(f"warning: {note}", err=True)
    click.echo(f"Wrote {target}")


def _record_version(target: Path, content: Any, agenda: Any, release: str | None) -> None:
    from confsite.plan import versions
    from confsite.plan.changes import diff

    recorded = versions.record(target, content, agenda, name=release)
    version = recorded.version
    label = f"version {version.version}" + (f" «{version.name}»" if version.name else "")
    if recorded.new:
        changes = diff(recorded.previous, version)
        what = "first version" if recorded.previous is None else changes.count()
        click.echo(f"Recorded schedule {label} ({what}); see `confsite diff`")
    else:
        click.echo(f"The agenda is unchanged since schedule {label}")


def _site_options(func):  # type: ignore[no-untyped-def]
    func = click.option(
        "--internal",
        is_flag=True,
        help="Add the organisers' pages (budget, agenda diagnostics, checklist). "
        "Never publish such a build.",
    )(func)
    func = click.option(
        "--config-file",
        "-f",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help="Your mkdocs.yml (default: mkdocs.yml next to the content folder, if any).",
    )(func)
    func = _plan_option(" Without one, sessions are listed without times.")(func)
    return _content_option(func)


@main.command()
@_site_options
@click.option(
    "--site-dir",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site goes (default: site/ next to the content folder).",
)
@click.option(
    "--promo/--no-promo",
    default=True,
    show_default=True,
    help="Make the promotion kit (cards, posts, posters) under promo/.",
)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="What builds the site from the generated pages: MkDocs with Material, or Zensical "
    "(Material's successor; pip install 'confsite[zensical]').",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.option(
    "--allow-rule-breaks",
    is_flag=True,
    help="Publish the plan file even where it breaks rules of the content (a room booked "
    "twice, a day that does not exist, …), which `confsite plan --check` lists. Without "
    "it such a plan is refused.",
)
@_locked("content_dir")
def build(
    content_dir: Path,
    plan_file: Path | None,
    config_file: Path | None,
    internal: bool,
    site_dir: Path | None,
    promo: bool,
    engine: str,
    quiet: bool,
    allow_rule_breaks: bool,
) -> None:
    """Build the public website with MkDocs Material or Zensical (swapped in only if it all
    builds)."""
    from confsite.site.mkdocs_run import get_ready

    _existing(content_dir)
    started = time.perf_counter()
    # MkDocs starts getting ready (its imports, jieba's dictionary) before confsite's own
    # modules are imported.
    ready = get_ready(content_dir) if engine == "mkdocs" else None

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"… {message}", err=True)

    try:
        from confsite.errors import BuildFailed
        from confsite.site.build import build_site
        from confsite.site.zensical_run import ZensicalMissing

        try:
            result = build_site(
                content_dir,
                plan_file=plan_file,
                site_dir=site_dir,
                config_file=config_file,
                internal=internal,
                progress=progress,
                promo=promo,
                ready=ready,
                engine=engine,
                allow_rule_breaks=allow_rule_breaks,
            )
        except ZensicalMissing as err:
            raise click.ClickException(str(err)) from None
        except BuildFailed as err:
            for detail in err.details:
                click.echo(f"  - {detail}", err=True)
            raise click.ClickException(f"{err} (the previous site was left as it was)") from None
    finally:
        for process in (ready or {}).values():
            process.stop()
    for warning in result.warnings:
        click.echo(warning, err=True)
    elapsed = time.perf_counter() - started
    click.echo(
        f"Built {result.pages} pages in {len(result.languages)} language(s) "
        f"({', '.join(result.languages)}): {result.scheduled} sessions scheduled"
        + (f", {result.unscheduled} without a time yet" if result.unscheduled else "")
        + f"{' (with internal pages)' if internal else ''}"
    )
    click.echo(
        f"{result.files} files in {result.site_dir} ({elapsed:.1f} s: pages "
        f"{result.render_seconds:.1f} s, {result.engine_name} {result.engine_seconds:.1f} s over "
        f"{len(result.languages)} build(s) side by side)"
    )
    if result.promo_files:
        click.echo(
            f"Promotion kit: {result.promo_files} files under promo/ "
            f"({result.cards_drawn} cards drawn, the others from the card cache)"
        )


@main.command()
@_content_option
@_plan_option()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the kit goes, one folder per language (default: promo/ next to the content).",
)
@click.option(
    "--channel",
    "channels",
    multiple=True,
    help="Only this channel's posts (a channel id from promotion.yaml; repeat for more).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
def promo(
    content_dir: Path,
    plan_file: Path | None,
    out_dir: Path | None,
    channels: tuple[str, ...],
    quiet: bool,
) -> None:
    """Make the promotion kit alone: cards, posts, newsletters, press release, posters."""
    from confsite.errors import BuildFailed
    from confsite.promo import write_kits
    from confsite.promo.fonts import FontMissing

    _existing(content_dir)
    out_dir = out_dir or content_dir.resolve().parent / "promo"

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"… {message}", err=True)

    started = time.perf_counter()
    try:
        result = write_kits(
            content_dir,
            out_dir,
            plan_file=plan_file,
            channels=frozenset(channels) if channels else None,
            progress=progress,
        )
    except FontMissing as err:
        raise click.ClickException(str(err)) from None
    except BuildFailed as err:
        for detail in err.details:
            click.echo(f"  - {detail}", err=True)
        raise click.ClickException(f"{err} (the previous kit was left as it was)") from None
    for warning in result.warnings:
        click.echo(warning, err=True)
    for channel in sorted(set(channels) - set(result.channels)):
        click.echo(f"warning: no channel {channel!r} in promotion.yaml", err=True)
    for kit in result.kits:
        per_channel: dict[str, int] = {}
        for post in kit.posts:
            per_channel[post.channel.id] = per_channel.get(post.channel.id, 0) + 1
        click.echo(
            f"{kit.lang}: {kit.cards_total} cards ({kit.cards_drawn} drawn), "
            f"{len(kit.posts)} posts ("
            + ", ".join(f"{ident} {n}" for ident, n in sorted(per_channel.items()))
            + f"), {len(kit.rows)} campaign entries, {len(kit.files)} files"
        )
    click.echo(f"Promotion kit in {result.folder} ({time.perf_counter() - started:.1f} s)")


@main.command()
@_site_options
@click.option(
    "--dev-addr",
    "-a",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address (IP:PORT) of the preview server.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language to preview (default: the conference's first language).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Re-render every page on each change. By default only the pages whose files "
    "changed are, and every page when the navigation, mkdocs.yml or theme templates do.",
)
def serve(
    content_dir: Path,
    plan_file: Path | None,
    config_file: Path | None,
    internal: bool,
    dev_addr: str,
    lang: str | None,
    full: bool,
) -> None:
    """Preview the site and reload it when the content, the plan or the templates change."""
    from confsite.errors import BuildFailed
    from confsite.site.serve import serve_site

    _existing(content_dir)
    try:
        serve_site(
            content_dir,
            plan_file=plan_file,
            config_file=config_file,
            lang=lang,
            internal=internal,
            address=dev_addr,
            full=full,
            say=lambda message: click.echo(message, err=True),
        )
    except BuildFailed as err:
        for detail in err.details:
            click.echo(f"  - {detail}", err=True)
        raise click.ClickException(str(err)) from None


def _plan_agenda(content, previous, solver, time_limit, gap, progress, log, target):  # type: ignore[no-untyped-def]
    from confsite.plan import planner, report
    from confsite.plan.solve import SolverError

    try:
        result = planner.plan(
            content,
            previous=previous,
            solver=solver,
            time_limit=time_limit,
            gap=gap,
            progress=progress,
            log=log,
        )
    except SolverError as err:
        raise click.ClickException(str(err)) from None
    except planner.Infeasible as err:
        for conflict in err.conflicts:
            click.echo(f"  - {conflict.message}", err=True)
        raise click.ClickException(
            "no agenda keeps every rule; the conflicts above must be resolved in the content "
            f"({target} was left as it was)"
        ) from None
    except planner.NoPlan as err:
        raise click.ClickException(f"{err} ({target} was left as it was)") from None
    except planner.BrokenPlan as err:
        for violation in err.violations:
            click.echo(f"  - {violation.session}: {violation.message}", err=True)
        raise click.ClickException(
            "internal error: the solver's plan breaks the rules above; it was not written"
        ) from None
    for line in report.summary(content, result):
        click.echo(line)
    if previous is not None:
        click.echo(f"Moved {result.moved} of {len(previous)} sessions from the previous plan.")
    return result.agenda


def _plan_budget(content, solver, time_limit, target):  # type: ignore[no-untyped-def]
    from confsite.plan import budget_report
    from confsite.plan.budgeting import BudgetInfeasible, plan_budget
    from confsite.plan.solve import SolverError, default_solver

    try:
        result = plan_budget(
            content, solver=solver or default_solver(), time_limit=time_limit or 60
        )
    except SolverError as err:
        raise click.ClickException(str(err)) from None
    except BudgetInfeasible as err:
        for reason in err.reasons:
            click.echo(f"  - {reason}", err=True)
        raise click.ClickException(
            f"no budget plan keeps every rule ({target} was left as it was)"
        ) from None
    click.echo("")
    for line in budget_report.table(result):
        click.echo(line)
    return budget_report.record(result)


@main.command("export")
@_content_option
@click.argument("identifier", metavar="FORMAT")
@_plan_option()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write: a file, or a folder for formats with many files "
    "(default: standard output for one file).",
)
def export(content_dir: Path, identifier: str, plan_file: Path | None, output: Path | None) -> None:
    """Write one feed: schedule.ics, schedule.xml (frab), schedule.json (frab JSON),
    schedule.csv, sessions.json, speakers.json, tracks.ics or speakers.ics."""
    from confsite import atomic
    from confsite.export import UnknownExport, export_identifiers, render_export
    from confsite.project import Project

    _existing(content_dir)
    if identifier not in export_identifiers():
        raise click.UsageError(
            f"unknown format {identifier!r}; one of: {', '.join(export_identifiers())}"
        )
    project = Project.find(content_dir, plan_file)
    content, plan, warnings = project.load()
    for warning in warnings:
        click.echo(str(warning), err=True)
    try:
        files = render_export(content, plan, identifier, history=project.history())
    except UnknownExport as err:  # pragma: no cover - checked above
        raise click.UsageError(str(err)) from None
    if len(files) == 1 and (output is None or not output.is_dir()):
        (data,) = files.values()
        if output is None:
            click.echo(data.decode("utf-8"), nl=False)
            return
        atomic.write_bytes(output, data)
        click.echo(f"Wrote {output}", err=True)
        return
    if output is None:
        raise click.UsageError(f"{identifier} makes {len(files)} files: give a folder with -o")
    for path, data in sorted(files.items()):
        atomic.write_bytes(output / path, data)
    click.echo(f"Wrote {len(files)} files into {output}", err=True)


@main.command("diff")
@_content_option
@_plan_option()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of the titles."
)
@click.option(
    "--notices",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write an email draft (.eml) to each speaker the changes concern, into this "
    "folder (private: it holds their addresses).",
)
def diff_command(
    content_dir: Path,
    plan_file: Path | None,
    old: str | None,
    new: str | None,
    lang: str | None,
    notices: Path | None,
) -> None:
    """What changed between two schedule versions: moved (old → new day, time, room), added,
    cancelled, renamed, and speaker changes. OLD and NEW are version numbers or 'plan' (the
    plan file as it is now); by default the latest version against the one before it."""
    from confsite.load.loader import check_folder
    from confsite.plan import versions
    from confsite.plan.changes import diff
    from confsite.problems import ContentError
    from confsite.project import load_plan

    _existing(content_dir)
    target = plan_file if plan_file is not None else content_dir / "plan.yaml"
    content, problems = check_folder(content_dir)
    if content is None:
        raise ContentError(problems)
    history = versions.read_history(versions.history_folder(target))
    agenda, _ = load_plan(content, target, allow_rule_breaks=True)
    plan_now = versions.current(target, content, agenda) if target.is_file() else None
    try:
        older, newer = versions.pick_pair(history, old, new, plan_now)
    except versions.UnknownVersion as err:
        raise click.ClickException(str(err)) from None
    changes = diff(older, newer)

    def label(version: object) -> str:
        if version is None:
            return "nothing"
        if version is plan_now:
            return str(target)
        assert isinstance(version, versions.ScheduleVersion)
        name = f" «{version.name}»" if version.name else ""
        return f"version {version.version}{name} of {version.date.isoformat()}"

    click.echo(f"{label(older)} → {label(newer)}: {changes.count()}")
    for line in changes.lines(lang or content.conference.languages[0]):
        click.echo(f"  {line}")
    if notices is not None:
        from confsite.export.programme import site_base_url
        from confsite.notices import speaker_notices, write_notices

        project = content_dir.resolve().parent
        drafts = speaker_notices(content, changes, project, site_base_url(content))
        write_notices(drafts, notices)
        missing = [d.speaker for d in drafts if not d.to]
        click.echo(f"Wrote {len(drafts)} email drafts to {notices}")
        if missing:
            click.echo(
                f"warning: no contact email for {', '.join(missing)}; their drafts have no "
                "recipient",
                err=True,
            )


@main.group("import")
def import_() -> None:
    """Make a content folder from another system's export: frab, pretalx, Sessionize, or a
    CoSPLib workbook. Importing again updates the folder and keeps the files you edited."""


def _into_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option(
        "--force", is_flag=True, help="Also replace files you edited since the last import."
    )(command)
    return click.option(
        "--into",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="The content folder to create or update.",
    )(command)


def _run_import(into: Path, work: Callable[[], Any]) -> None:
    from confsite.importers.report import ImportFailed

    try:
        report_ = work()
    except ImportFailed as err:
        raise click.ClickException(str(err)) from None
    for line in report_.lines():
        click.echo(line)
    click.echo(f"Next: confsite check --content {into}")


@import_.command("frab")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_into_options
@_locked("into")
def import_frab_command(source: Path, into: Path, force: bool) -> None:
    """Import a frab schedule.xml or schedule.json (FOSDEM, CCC, DebConf, pretalx exports):
    rooms, tracks, speakers, sessions, a time grid and the plan, pinned as published."""
    from confsite.importers.frab import import_frab

    _run_import(into, lambda: import_frab(source, into, force=force))


@import_.command("pretalx")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_into_options
@_locked("into")
def import_pretalx_command(sources: tuple[Path, ...], into: Path, force: bool) -> None:
    """Import accepted talks from pretalx API exports: the submissions and speakers JSON
    (v1 lists or v2 pages; files or folders), and the event, rooms and tracks if saved.
    Scheduled submissions are pinned; the others wait for confsite plan."""
    from confsite.importers.pretalx import import_pretalx

    _run_import(into, lambda: import_pretalx(list(sources), into, force=force))


@import_.command("cosplib")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_into_options
@_locked("into")
def import_cosplib_command(source: Path, into: Path, force: bool) -> None:
    """Import a CoSPLib workbook (conference scheduling benchmark, .xlsx): submissions as
    talks in tracks, sessions as blocks of slots, and every weight and penalty, ready for
    confsite plan."""
    from confsite.importers.cosplib import import_cosplib

    _run_import(into, lambda: import_cosplib(source, into, force=force))


@import_.command("sessionize")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_into_options
@_locked("into")
def import_sessionize_command(source: Path, into: Path, force: bool) -> None:
    """Import a Sessionize API export (the "All" view, or the sessions list): sessions,
    speakers with their links, rooms, and categories as tracks, levels and tags."""
    from confsite.importers.sessionize import import_sessionize

    _run_import(into, lambda: import_sessionize(source, into, force=force))


@main.group()
def report() -> None:
    """Reports for the organisers (never published)."""


@report.command("budget")
@_content_option
@click.option("--solver", default=None, help="highs, cbc, or any installed PuLP solver.")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the allocation as CSV.",
)
def report_budget(content_dir: Path, solver: str | None, csv_file: Path | None) -> None:
    """The budget plan: allocation, revenue, binding rules, what-if lines."""
    from confsite import atomic
    from confsite.load.loader import check_folder
    from confsite.plan import budget_report
    from confsite.plan.budgeting import BudgetInfeasible, plan_budget
    from confsite.plan.solve import SolverError, default_solver
    from confsite.problems import ContentError

    _existing(content_dir)
    content, problems = check_folder(content_dir)
    if content is None:
        raise ContentError(problems)
    if content.budget is None:
        raise click.ClickException(f"there is no budget.yaml in {content_dir}")
    try:
        result = plan_budget(content, solver=solver or default_solver())
    except SolverError as err:
        raise click.ClickException(str(err)) from None
    except BudgetInfeasible as err:
        for reason in err.reasons:
            click.echo(f"  - {reason}", err=True)
        raise click.ClickException("no budget plan keeps every rule") from None
    for line in budget_report.table(result):
        click.echo(line)
    stored = None
    plan_path = content_dir / "plan.yaml"
    if plan_path.is_file():
        from confsite.plan.planfile import read_plan

        located, _ = read_plan(plan_path)
        stored = located.record.budget if located is not None else None  # type: ignore[attr-defined]
    if stored is not None and stored != budget_report.record(result):
        click.echo(
            f"warning: the budget in {plan_path} is out of date; run `confsite plan --only budget`",
            err=True,
        )
    if csv_file is not None:
        atomic.write_text(csv_file, budget_report.csv_text(result))
        click.echo(f"Wrote {csv_file}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Main language of the new conference.",
)
def init(directory: Path, lang: str) -> None:
    """Create a new, small, valid conference project in DIRECTORY (its content in
    DIRECTORY/content)."""
    from confsite.scaffold import ScaffoldError, create

    here = directory.resolve() == Path.cwd().resolve()
    try:
        files = create(directory, lang)
    except ScaffoldError as err:
        raise click.UsageError(str(err)) from None
    click.echo(f"Created {len(files)} files in {directory} (the content is in content/).")
    click.echo("")
    click.echo("Next steps:")
    if not here:
        click.echo(f"  cd {directory}")
    for command, what in (
        ("confsite check", "every mistake in the content, with its file and line"),
        ("confsite plan", "place the sessions and plan the budget (content/plan.yaml)"),
        ("confsite serve", "preview at http://127.0.0.1:8000, updated as you edit"),
        ("confsite build", "the website, in site/"),
    ):
        click.echo(f"  {command:<16}# {what}")
    click.echo("Publish by copying site/ to any static host (GitHub Pages, Netlify, a web server).")


if __name__ == "__main__":  # pragma: no cover
    main()
