"""The promotion kit: social cards, channel posts, newsletters, press release, speaker kits,
posters with QR codes and the campaign calendar, for every site language."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from confsite.atomic import remove_leftovers, replace_folder, scratch_folder
from confsite.export.programme import build_programme
from confsite.project import Project, SiteLanguage, site_language
from confsite.promo.kit import Kit, card_cache, make_kit
from confsite.stamps import build_date

if TYPE_CHECKING:
    from confsite.model.content import Content
    from confsite.model.plan import Placement
    from confsite.plan.versions import History


def site_kit(
    content: Content,
    plan: dict[str, Placement],
    site: SiteLanguage,
    project_root: Path,
    stamp: datetime,
    history: History,
    *,
    channels: frozenset[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Kit:
    """The kit of one site language, as that site's pages link it (its addresses)."""
    programme = build_programme(
        content, plan, base_url=site.base_url, lang=site.lang, history=history
    )
    return make_kit(
        content,
        programme,
        project_root=project_root,
        stamp=stamp,
        changes=history.latest_change(),
        channels=channels,
        cache=card_cache(),
        progress=progress,
    )


@dataclass
class KitResult:
    folder: Path
    kits: list[Kit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    channels: tuple[str, ...] = ()  # the channel ids promotion.yaml has


def write_kits(
    content_dir: Path,
    out_dir: Path,
    *,
    plan_file: Path | None = None,
    channels: frozenset[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> KitResult:
    """The kit of every site language into ``out_dir/<lang>/``, swapped in whole."""
    project = Project.find(content_dir, plan_file)
    content, plan, warnings = project.load()
    history = project.history()
    stamp = build_date()
    result = KitResult(
        out_dir.resolve(),
        warnings=[str(w) for w in warnings],
        channels=tuple(c.id for c in content.promotion.channels),
    )
    # As for the site: what a killed run left goes, and the kit is made beside its folder.
    remove_leftovers(out_dir)
    scratch = scratch_folder(out_dir, "build")
    try:
        for lang in content.conference.languages:
            site = site_language(content, lang, internal=False, promo=True)
            kit = site_kit(
                content,
                plan,
                site,
                project.root,
                stamp,
                history,
                channels=channels,
                progress=progress,
            )
            for path, data in sorted(kit.files.items()):
                target = scratch / lang / path.removeprefix("promo/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            kit.write_zip(scratch / lang / kit.zip_path.removeprefix("promo/"))
            result.kits.append(kit)
        replace_folder(scratch, out_dir)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return result
