"""The kit's Jinja templates (``site_template/promo``, the organiser's first), with their
errors told as the template's file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from confsite.errors import BuildFailed
from confsite.templating import environment


def environments(project: Path) -> tuple[jinja2.Environment, jinja2.Environment]:
    """Text templates (no escaping) and HTML templates (escaped)."""
    return (
        environment(project, "promo", autoescape=False, trim=False),
        environment(project, "promo", autoescape=True, trim=False),
    )


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise BuildFailed(
            f"promotion template {err.filename or name} is broken",
            [f"{err.filename or name}:{err.lineno}: {err.message}"],
        ) from None
    except jinja2.TemplateError as err:
        raise BuildFailed(
            f"promotion template {name} failed", [f"site_template/promo/{name}: {err}"]
        ) from None
