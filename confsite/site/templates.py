"""Where templates come from: ours, and the organiser's, which win file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parent.parent


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
    ours, file by file."""
    search = [str(root / folder) for root in user_folders(project)]
    search.append(str(bundled() / folder))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
    )


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
