"""The organiser's project as every output reads it: where the content, the plan and the
templates are, the content and plan loaded and checked once, the recorded schedule
versions, and where each site language lives.

The site, the promotion kit and the commands all start here; nothing here knows how a
page, a card or a feed is made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from confsite.load.loader import check_folder
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.plan.planfile import read_plan, violation_problems
from confsite.plan.validate import validate
from confsite.plan.versions import History, history_folder, read_history
from confsite.problems import ContentError, Problem


@dataclass(frozen=True)
class SiteLanguage:
    """One language's build: the other languages' builds live at ``/<lang>/``."""

    lang: str
    base_url: str  # absolute URL of this language's root, ending in "/", or "" if unknown
    languages: tuple[str, ...]
    internal: bool = False
    promo: bool = False  # the promotion kit (its cards are the pages' og:image) is built


def load_plan(
    content: Content, plan_file: Path, *, allow_rule_breaks: bool = False
) -> tuple[dict[str, Placement], list[Problem]]:
    """The plan to publish (empty when there is none yet) and warnings about it. A plan
    that breaks a rule of the content (what `confsite plan --check` rejects) is a
    ContentError, unless ``allow_rule_breaks``: then each break is a warning, and a session
    placed on a day or in a room that does not exist is left without a time."""
    if not plan_file.is_file():
        return {}, []
    located, problems = read_plan(plan_file)
    if located is None:
        raise ContentError(problems)
    plan = {
        ident: place
        for ident, place in located.record.sessions.items()  # type: ignore[attr-defined]
        if ident in content.session
    }
    breaks = violation_problems(located, validate(content, plan))
    if breaks and not allow_rule_breaks:
        raise ContentError(
            [
                *breaks,
                Problem(
                    str(plan_file),
                    0,
                    0,
                    "",
                    "the plan breaks rules of the content (each is listed), so it is not "
                    "published: re-plan with `confsite plan` (`confsite plan --check` lists "
                    "what breaks), or publish it as it is with `--allow-rule-breaks`",
                ),
            ]
        )
    warnings = [
        dataclasses.replace(
            p, severity="warning", message=f"{p.message} (re-plan with `confsite plan`)"
        )
        for p in breaks
    ]
    nowhere = sorted(
        ident
        for ident, place in plan.items()
        if place.day not in content.day or place.room not in content.room
    )
    return {ident: place for ident, place in plan.items() if ident not in nowhere}, warnings


@dataclass(frozen=True)
class Project:
    """Where an organiser's things are: content, plan, their mkdocs.yml and templates."""

    content_dir: Path
    root: Path
    plan_file: Path
    config_file: Path | None
    # Publish a plan that breaks rules of the content (with warnings), as a preview does.
    allow_rule_breaks: bool = False

    @classmethod
    def find(
        cls,
        content_dir: Path,
        plan_file: Path | None = None,
        config_file: Path | None = None,
        *,
        allow_rule_breaks: bool = False,
    ) -> Project:
        root = content_dir.resolve().parent
        if config_file is None and (root / "mkdocs.yml").is_file():
            config_file = root / "mkdocs.yml"
        plan = plan_file or content_dir / "plan.yaml"
        return cls(content_dir, root, plan, config_file, allow_rule_breaks)

    def load(self) -> tuple[Content, dict[str, Placement], list[Problem]]:
        content, problems = check_folder(self.content_dir)
        if content is None:
            raise ContentError(problems)
        plan, warnings = load_plan(
            content, self.plan_file, allow_rule_breaks=self.allow_rule_breaks
        )
        history = self.history()
        if history.latest is not None and not history.matches(content, plan):
            warnings.append(
                Problem(
                    str(self.plan_file),
                    0,
                    0,
                    "",
                    f"the agenda differs from schedule version {history.latest.version}; "
                    "run `confsite plan` to record it, so that the changelog and the "
                    "calendars' update counts know of the change",
                    severity="warning",
                )
            )
        return content, plan, warnings

    def history(self) -> History:
        """The recorded schedule versions of the plan file (none before the first plan)."""
        return read_history(history_folder(self.plan_file))


def site_language(content: Content, lang: str, internal: bool, promo: bool = False) -> SiteLanguage:
    """Where the site of ``lang`` lives: the first language at the root, the others under
    ``/<lang>/``."""
    conf = content.conference
    base = (conf.url.rstrip("/") + "/") if conf.url else ""
    if lang != conf.languages[0] and base:
        base += f"{lang}/"
    return SiteLanguage(lang, base, conf.languages, internal, promo)
