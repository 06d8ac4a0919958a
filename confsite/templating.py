"""Where templates come from: ours, and the organiser's, which win file by file."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import jinja2

from confsite.markup import inert, markdown_html

PACKAGE = Path(__file__).resolve().parent  # the confsite package


def bundled() -> Path:
    """Our ``site_template`` folder: package data when installed, the repository's otherwise."""
    for candidate in (PACKAGE / "site_template", PACKAGE.parent / "site_template"):
        if (candidate / "pages").is_dir():
            return candidate
    raise FileNotFoundError("confsite's site_template folder is missing from the installation")


def user_folders(project: Path) -> list[Path]:
    """The organiser's template folders next to the content, strongest first."""
    return [folder for folder in (project / "site_template",) if folder.is_dir()]


def environment(
    project: Path, folder: str, *, autoescape: bool = True, trim: bool = False
) -> jinja2.Environment:
    """Jinja2 for the templates in ``site_template/<folder>``: the organiser's first, then
    ours, file by file. One environment per search path is kept for the process, so a
    preview compiles each template once (Jinja reloads a template whose file changed)."""
    search = [str(root / folder) for root in user_folders(project)]
    # Jinja notices a template file that changed, not one that appears in an earlier
    # folder and now hides ours: the organiser's file names are part of the key.
    theirs = tuple(
        sorted(str(path) for root in search for path in Path(root).rglob("*") if path.is_file())
    )
    search.append(str(bundled() / folder))
    return _environment(tuple(search), theirs, autoescape, trim)


@lru_cache(maxsize=64)
def _environment(
    search: tuple[str, ...], theirs: tuple[str, ...], autoescape: bool, trim: bool
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(search)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
        # Escaping environments make pages: their plain text is inert Markdown too.
        finalize=inert if autoescape else None,
    )
    # Markdown from a content field (an abstract, a biography, an FAQ answer) becomes clean
    # HTML before the engine sees it; only the bodies of the organiser's own pages and news
    # posts go to the engine as they are.
    env.filters["markdown_field"] = markdown_html
    return env


def page_environment(project: Path) -> jinja2.Environment:
    """Jinja2 for page bodies (``site_template/pages``)."""
    return environment(project, "pages")


def theme_overrides(project: Path, target: Path) -> Path:
    """Merge our theme overrides with the organiser's (``site_template/overrides`` or
    ``overrides/`` next to the content) into ``target``, theirs winning file by file."""
    sources = [bundled() / "overrides"]
    sources += [project / "site_template" / "overrides", project / "overrides"]
    for source in sources:
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def asset_files(project: Path) -> dict[str, bytes]:
    """Files under ``assets/`` to ship with every language (CSS, JS), organiser's winning."""
    files: dict[str, bytes] = {}
    for root in (bundled(), *reversed(user_folders(project))):
        folder = root / "assets"
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[f"assets/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return files
