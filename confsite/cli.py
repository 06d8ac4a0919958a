"""The ``confsite`` command line: options and help texts; the work happens in the library.

Exit status: 0 success, 1 problems in the content (listed one per line), 2 usage errors.
"""

from __future__ import annotations

import time
from pathlib import Path

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


def _existing(content_dir: Path) -> Path:
    if not content_dir.is_dir():
        raise click.UsageError(f"content folder {str(content_dir)!r} does not exist")
    return content_dir


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="confsite")
def main() -> None:
    """confsite: plan a conference and publish its website from a folder of YAML."""


@main.command()
@_content_option
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, no summary.")
def check(content_dir: Path, quiet: bool) -> None:
    """Check the content folder and report every problem at once."""
    from confsite.load.loader import check_folder
    from confsite.load.summary import summarise
    from confsite.problems import ContentError

    _existing(content_dir)
    started = time.perf_counter()
    content, problems = check_folder(content_dir)
    elapsed = time.perf_counter() - started
    if content is None:
        raise ContentError(problems)
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
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Main language of the new conference.",
)
def init(directory: Path, lang: str) -> None:
    """Create a new, small, valid conference in DIRECTORY."""
    from confsite.scaffold import ScaffoldError, create

    try:
        files = create(directory, lang)
    except ScaffoldError as err:
        raise click.UsageError(str(err)) from None
    click.echo(f"Created {len(files)} files in {directory}")
    click.echo(f"Next: confsite check --content {directory}")


if __name__ == "__main__":  # pragma: no cover
    main()
