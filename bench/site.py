"""How long ``confsite build`` takes, and how much of it is MkDocs (not run in CI).

    python bench/site.py [--sizes 100,500,2000] [--languages en] [--seed 1]
                         [--engine mkdocs|zensical|mkdocs,zensical]
                         [--workdir DIR] [--keep] [--verify/--no-verify] [--promo]
                         [--profile] [--timeout 1800] [--json FILE]

For each size (a number of sessions) the script writes a synthetic, valid content folder
with a finished ``plan.yaml``, then measures, for each engine (``--engine``: MkDocs, the
default, or Zensical, or both, one after the other, each with its own work and site
folders), each in a child process of its own so that its peak memory (the child's
``ru_maxrss``) is its own:

* **confsite**: ``confsite.site.build.build_site(content, site_dir=..., work=...)`` with
  ``SOURCE_DATE_EPOCH`` set, as ``confsite build --no-promo`` runs it (``--promo`` adds
  the promotion kit, which bench/promo.py measures on its own): start one MkDocs process per
  language (it imports MkDocs, Material and jieba meanwhile), load and check the content,
  read and validate the plan, write each language's small files and config and start its
  MkDocs build, make and write the pages while MkDocs works on the first of them (see
  ``confsite/site/page_stream.py``), make the feeds and session calendars while MkDocs
  builds, then assemble the site. With ``--engine zensical`` it is
  ``build_site(..., engine="zensical")``: every page is written first, then one Zensical
  process per language builds. ``total s`` is the wall time of the whole call.
  ``engine s`` is ``BuildResult.engine_span_seconds``, the wall time during which at
  least one MkDocs (or Zensical) process was building (with any wait for a page not yet
  written; the languages build side by side). ``start-up wait s`` is
  ``BuildResult.engine_startup_seconds``: MkDocs' start-up (its imports, jieba's
  dictionary) overlaps with loading, and this is how long a config, once written, still
  waited for it while no build ran; it is the engine's time, not confsite's. ``confsite
  own s`` is the rest (``total - engine - start-up wait``), the time the build waits for
  confsite: loading, checking, the plan's validation, the small files, and assembling.
  ``own share`` is its share of the total; ``with start-up`` counts the start-up wait as
  confsite's too. ``render s`` is ``BuildResult.render_seconds``: pages plus feeds and
  calendars, all overlapping MkDocs.
* **plain engine**: a ``mkdocs build`` (or ``zensical build``) of a copy of the docs tree
  confsite wrote for the first language, with a minimal ``mkdocs.yml``: the same
  ``site_name``, ``nav``, ``not_in_nav`` ``markdown_extensions`` and ``extra`` as
  confsite's effective config, ``theme: {name: material, font: false}`` with confsite's
  theme templates as ``custom_dir`` (session and speaker pages are laid out from their
  front matter by ``session.html`` and ``speaker.html``) and confsite's ``theme.language``
  (so a Chinese site is indexed the same way), ``plugins: [search]``, no CSS or JS of
  confsite's. MkDocs is timed the way confsite runs it: ``load_config``,
  ``plugins.on_startup``, ``build``, ``plugins.on_shutdown``; Zensical through its
  ``build`` function, with its cache cleaned first. ``engine/plain`` compares the two
  engine times: above 1 is what confsite's theme layer and pages cost the engine beyond
  the plain theme.

Wall times grow when other work shares the machine. ``CPU s (own share)`` is the build's
CPU time (``time.process_time`` of the build plus the engine processes' CPU time, every
thread of theirs included) and confsite's own share of it: a busy machine stretches it
much less. ``peak MB`` adds the largest engine process's peak to the build process's.
The load average is printed at the start and the end. With two engines a second table
puts them side by side per size (wall, CPU, peak memory).

The generated conference: 2 days up to 200 sessions, 3 up to 1,000, else 4; each day has
one 45-minute plenary slot (a keynote in the first room) and ten 45-minute parallel slots
with breaks and lunch between them, and ``ceil(parallel sessions / (days x 10))`` rooms.
``plan.yaml`` is written directly (no solver): the parallel sessions fill (day, slot,
room) in order. Sessions are 45-minute talks, case studies, panels, workshops and
lightning talks with a title, a three-to-five-sentence abstract, tags, a track and a level;
about 0.8 speakers per session (some give two sessions, always in the same room and slot
on two different days, so they never clash; about one session in ten has a co-speaker),
each with a short bio, and one speaker in 25 (at most 40) with a tiny PNG photo when
Pillow is installed. With ``--languages zh,en`` every text is written in both languages
and both sites are built; by default only English (``languages: [en]``).

``--verify`` (the default) runs ``python -m confsite check`` and ``python -m confsite plan
--check`` on each generated folder first; a size whose folder either rejects is not built
and its row says why. ``--profile`` adds, per size, a third child that runs ``build_site``
under cProfile (slower; not in the table) and prints where the time goes on standard
error; the ``.prof`` files are kept in the work folder even without ``--keep``.

The table is printed as Markdown on standard output, progress on standard error. The
targets checked: confsite's own share of the total at most 15 %, and 2,000 sessions built
in under 30 s on the 2-core machine the project plans for.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import number, say, versions  # noqa: E402
from bench.generate import (  # noqa: E402  (vocabulary only)
    COLOURS,
    COMPANIES,
    FIRST_NAMES,
    GIVEN_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    SURNAMES,
    TITLES,
    TRACKS,
)

DEFAULT_SIZES = "100,500,2000"
ENGINES = ("mkdocs", "zensical")
VERSIONS = ("confsite", "mkdocs", "mkdocs-material", "zensical", "markdown", "jinja2", "jieba")
FIRST_DAY = date(2027, 9, 14)
SOURCE_DATE_EPOCH = "1788000000"  # 2026-08-29, any fixed value will do
OWN_SHARE_TARGET = 0.15
TOTAL_TARGET = (2000, 30.0)  # sessions, seconds
PAIR_SHARE = 0.3  # speakers giving two sessions, per session
CO_SPEAKER_SHARE = 0.1  # sessions with a second speaker
PHOTO_EVERY, PHOTO_MAX = 25, 40

# (start, length, kind, en, zh); every parallel slot is 45 minutes, like every session.
GRID: tuple[tuple[str, int, str, str, str], ...] = (
    ("09:00", 45, "plenary", "Keynote", "主题演讲"),
    ("09:45", 15, "break", "Coffee break", "茶歇"),
    ("10:00", 45, "session", "", ""),
    ("10:45", 45, "session", "", ""),
    ("11:30", 45, "session", "", ""),
    ("12:15", 60, "lunch", "Lunch", "午餐"),
    ("13:15", 45, "session", "", ""),
    ("14:00", 45, "session", "", ""),
    ("14:45", 45, "session", "", ""),
    ("15:30", 15, "break", "Coffee break", "茶歇"),
    ("15:45", 45, "session", "", ""),
    ("16:30", 45, "session", "", ""),
    ("17:15", 45, "session", "", ""),
    ("18:00", 45, "session", "", ""),
)
PARALLEL = [start for start, _, kind, _, _ in GRID if kind == "session"]
PLENARY = next(start for start, _, kind, _, _ in GRID if kind == "plenary")
KINDS = (("talk", 75), ("case_study", 10), ("panel", 8), ("workshop", 5), ("lightning", 2))
LEVELS = ("beginner", "intermediate", "advanced", "all")

# Abstract sentences after the first one (which names the topic): (zh, en).
MORE = (
    ("我们会分享在线上环境中积累的指标、失败案例和调优方法。",
     "We share the metrics, the failures and the tuning steps collected in production."),
    ("报告还会对比几种主流开源方案在延迟、吞吐和成本上的差异。",
     "The talk also compares popular open-source options on latency, throughput and cost."),
    ("听众将带走一份可以直接落地的检查清单和示例代码。",
     "Attendees leave with a checklist they can apply at once and with sample code."),
    ("最后讨论尚未解决的问题，以及社区接下来可以一起推进的方向。",
     "We close with the open problems and where the community could take them next."),
    ("内容基于过去一年在多个团队中的真实项目经验。",
     "Everything comes from real projects run with several teams over the past year."),
    ("我们会解释为什么简单的基线往往比复杂的方案更可靠。",
     "We explain why a simple baseline often beats an elaborate design in practice."),
    ("现场演示会覆盖数据准备、训练、评测和上线的完整流程。",
     "The live demo covers data preparation, training, evaluation and deployment end to end."),
    ("适合有一定工程经验、希望把原型推向生产环境的开发者。",
     "It suits engineers with some experience who want to take a prototype to production."),
)  # fmt: skip
BIOS = (
    ("{name}在{org}担任{title}，长期关注{topic}。",
     "{name} is {title} at {org}, working on {topic}."),
    ("{name}是{org}的{title}，曾主导多个{topic}相关的开源项目。",
     "{name} is {title} at {org} and has led several open-source projects on {topic}."),
    ("{name}目前在{org}从事{topic}方向的研究与工程工作。",
     "{name} works on research and engineering for {topic} at {org}."),
)  # fmt: skip
OPENERS = (
    ("本场分享介绍{zh}的关键技术、踩过的坑和可复用的经验。",
     "This session walks through the key techniques of {en}, the pitfalls we hit and the "
     "lessons that carry over."),
    ("我们从真实业务出发，讲解{zh}在大规模生产环境中的架构设计与性能优化。",
     "Starting from a real product, we explain the architecture and performance work behind "
     "{en} in a large production system."),
    ("面向希望上手{zh}的开发者：从基本概念到完整示例，一步一步讲清楚。",
     "For developers who want to get started with {en}: from the basic ideas to a complete "
     "example, step by step."),
)  # fmt: skip


# --------------------------------------------------------------------------------------
# Instances
# --------------------------------------------------------------------------------------


@dataclass
class Instance:
    sessions: int
    days: int
    rooms: int
    speakers: int
    two_session_speakers: int
    photos: int
    folder: Path  # holds content/, and site-, work- and plain-<engine>/; profiles beside it

    @property
    def content(self) -> Path:
        return self.folder / "content"


PACKAGES = (
    "confsite",
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "jinja2",
    "jieba",
)  # whose versions the table reports


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def days_for(sessions: int) -> int:
    return 2 if sessions <= 200 else 3 if sessions <= 1000 else 4


class Writer:
    """Text in the conference's languages: a plain string for one, {zh, en} for both."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages

    def __call__(self, zh: str, en: str) -> str | dict[str, str]:
        if self.languages == ["en"]:
            return en
        if self.languages == ["zh"]:
            return zh
        return {"zh": zh, "en": en}


def _png(path: Path, colour: str) -> bool:
    try:
        from PIL import Image
    except ImportError:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (48, 48), colour).save(path, format="PNG", optimize=True)
    return True


def generate(folder: Path, sessions: int, languages: list[str], seed: int) -> Instance:
    """Write ``folder/content``: a valid conference of ``sessions`` sessions with its plan."""
    rng = random.Random(f"{seed}-{sessions}-{','.join(languages)}")
    text = Writer(languages)
    content = folder / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    days = days_for(sessions)
    keynotes = min(days, sessions)
    parallel = sessions - keynotes
    rooms = max(1, math.ceil(parallel / (days * len(PARALLEL))))
    day_ids = [f"day{d + 1}" for d in range(days)]
    room_ids = [f"room-{r + 1:02d}" for r in range(rooms)]
    tracks = TRACKS[: 8 if sessions <= 200 else 12 if sessions <= 1000 else len(TRACKS)]
    conference_id = f"bench{sessions}"

    _dump(
        content / "conference.yaml",
        {
            "id": conference_id,
            "name": text(f"基准大会 {sessions}", f"Benchmark Conference {sessions}"),
            "short_name": text("基准大会", "BenchConf"),
            "tagline": text("为测量而生的大会", "A conference made to be measured"),
            "description": text(
                f"{days} 天、{sessions} 场报告、{rooms} 个会场的合成大会，用于测量网站构建。",
                f"A synthetic conference of {days} days, {sessions} sessions and {rooms} "
                "rooms, for measuring the site build.",
            ),
            "start": FIRST_DAY.isoformat(),
            "end": (FIRST_DAY + timedelta(days=days - 1)).isoformat(),
            "timezone": "Asia/Shanghai",
            "languages": languages,
            "url": f"https://{conference_id}.example.org",
            "city": text("上海", "Shanghai"),
            "organiser": text("基准社区", "Bench Community"),
            "public_email": f"hello@{conference_id}.example.org",
            "tickets": {"url": f"https://{conference_id}.example.org/tickets"},
        },
    )
    _dump(
        content / "venue.yaml",
        {
            "name": text("基准会议中心", "Bench Convention Centre"),
            "address": text("上海市浦东新区基准路 1 号", "1 Bench Road, Pudong, Shanghai"),
            "rooms": [
                {
                    "id": ident,
                    "name": text(f"{index + 1} 号厅", f"Hall {index + 1}"),
                    "capacity": 800 if index == 0 else rng.choice((80, 120, 200, 300)),
                }
                for index, ident in enumerate(room_ids)
            ],
        },
    )
    _dump(
        content / "timeslots.yaml",
        {
            "days": [
                {
                    "id": ident,
                    "date": (FIRST_DAY + timedelta(days=d)).isoformat(),
                    "name": text(f"第 {d + 1} 天", f"Day {d + 1}"),
                    "slots": [
                        {"start": start, "length": length, "kind": kind}
                        | ({"name": text(zh, en)} if en else {})
                        for start, length, kind, en, zh in GRID
                    ],
                }
                for d, ident in enumerate(day_ids)
            ]
        },
    )
    _dump(
        content / "tracks.yaml",
        {
            "tracks": [
                {
                    "id": ident,
                    "name": text(zh, en),
                    "colour": COLOURS[index % len(COLOURS)],
                    "description": text(
                        "、".join(t[0] for t in topics), ", ".join(t[1] for t in topics)
                    ),
                }
                for index, (ident, zh, en, _, topics) in enumerate(tracks)
            ]
        },
    )

    # Where each session goes: keynotes first (one a day), then (day, slot, room) in order.
    places: list[tuple[str, str, str]] = [
        (day_ids[d], PLENARY, room_ids[0]) for d in range(keynotes)
    ]
    for d in range(days):
        for start in PARALLEL:
            for room in room_ids:
                if len(places) < sessions:
                    places.append((day_ids[d], start, room))
    # Speakers: a pair of sessions in the same slot and room on two days can share one.
    column: dict[tuple[str, str], list[int]] = {}
    for index in range(keynotes, sessions):
        _, start, room = places[index]
        column.setdefault((start, room), []).append(index)
    pairs = [
        (indices[k], indices[k + 1])
        for indices in column.values()
        for k in range(0, len(indices) - 1, 2)
    ]
    rng.shuffle(pairs)
    pairs = pairs[: round(PAIR_SHARE * sessions)]
    owner: dict[int, int] = {}  # session index -> speaker number
    people = 0
    for first, second in pairs:
        owner[first] = owner[second] = people
        people += 1
    for index in range(sessions):
        if index not in owner:
            owner[index] = people
            people += 1
    co_speaker: dict[int, int] = {}
    for index in rng.sample(range(keynotes, sessions), round(CO_SPEAKER_SHARE * parallel)):
        co_speaker[index] = people
        people += 1

    # Speakers' files.
    speaker_ids = [f"sp-{n + 1:04d}" for n in range(people)]
    photos = 0
    track_of_speaker = [rng.choice(tracks) for _ in range(people)]
    for n, ident in enumerate(speaker_ids):
        surname, surname_latin = rng.choice(SURNAMES)
        given, given_latin = rng.choice(GIVEN_NAMES)
        if rng.random() < 0.2:  # some foreign speakers
            name_zh = name_en = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        else:
            name_zh, name_en = surname + given, f"{given_latin} {surname_latin}"
        org_zh, org_en = rng.choice(COMPANIES)
        title_zh, title_en = rng.choice(JOB_TITLES)
        topic_zh, topic_en = rng.choice(track_of_speaker[n][4])
        bio_zh, bio_en = rng.choice(BIOS)
        record: dict[str, Any] = {"name": name_en if languages == ["en"] else name_zh}
        if languages != ["en"] and name_en != name_zh:
            record["name_latin"] = name_en
        record["affiliation"] = text(org_zh, org_en)
        record["title"] = text(title_zh, title_en)
        record["bio"] = text(
            bio_zh.format(name=name_zh, org=org_zh, title=title_zh, topic=topic_zh),
            bio_en.format(name=name_en, org=org_en, title=title_en.lower(), topic=topic_en),
        )
        if n % 7 == 0:
            record["links"] = [{"kind": "github", "url": f"https://github.com/{ident}"}]
        if n < keynotes:
            record["featured"] = True
        if n % PHOTO_EVERY == 0 and photos < PHOTO_MAX:
            relative = f"media/speakers/{ident}.png"
            if _png(content / relative, COLOURS[n % len(COLOURS)]):
                record["photo"] = relative
                photos += 1
        _dump(content / "speakers" / f"{ident}.yaml", record)

    # Sessions' files and the plan.
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    plan: dict[str, dict[str, str]] = {}
    for index in range(sessions):
        keynote = index < keynotes
        kind = "keynote" if keynote else rng.choices(kinds, weights)[0]
        track = track_of_speaker[owner[index]] if rng.random() < 0.7 else rng.choice(tracks)
        track_id, _, _, tags, topics = track
        topic_zh, topic_en = rng.choice(topics)
        org_zh, org_en = rng.choice(COMPANIES)
        title_zh, title_en = rng.choice(TITLES[kind])
        opener_zh, opener_en = rng.choice(OPENERS)
        more = rng.sample(MORE, rng.randint(2, 4))
        fill = {"zh": topic_zh, "en": topic_en, "org": org_zh, "org_en": org_en}
        ident = f"{'keynote' if keynote else kind.replace('_', '-')}-{index + 1:04d}"
        speakers = [speaker_ids[owner[index]]]
        if index in co_speaker:
            speakers.append(speaker_ids[co_speaker[index]])
        record = {
            "kind": kind,
            "title": text(title_zh.format(**fill), title_en.format(**fill)),
            "abstract": text(
                opener_zh.format(**fill) + "".join(zh for zh, _ in more),
                " ".join([opener_en.format(**fill), *(en for _, en in more)]),
            ),
            "speakers": speakers,
            "length": 45,
            "track": track_id,
            "level": "all" if keynote else rng.choice(LEVELS),
            "language": "en" if languages == ["en"] or rng.random() < 0.3 else "zh",
            "tags": [*tags, topic_en.lower()],
        }
        if index % 5 == 0:
            record["links"] = {"slides": f"https://slides.example.org/{ident}"}
        _dump(content / "sessions" / f"{ident}.yaml", record)
        day, start, room = places[index]
        plan[ident] = {"day": day, "start": start, "room": room}
    (content / "plan.yaml").write_text(
        "# Written by bench/site.py: every session in (day, slot, room) order, no solver.\n"
        + yaml.safe_dump(
            {"version": 1, "conference": conference_id, "sessions": plan},
            sort_keys=False,
            default_flow_style=None,
            width=200,
        ),
        encoding="utf-8",
    )
    return Instance(sessions, days, rooms, people, len(pairs), photos, folder)


# --------------------------------------------------------------------------------------
# The children's side
# --------------------------------------------------------------------------------------


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_confsite(spec: dict[str, Any]) -> None:
    import confsite.site.build as site_build

    # confsite runs each language's engine build (MkDocs or Zensical) in a child process
    # of its own (they run side by side, and the calendars are made meanwhile): the
    # children's CPU time is the engine's CPU time, and their peak memory adds to this
    # process's.
    folder = Path(spec["folder"])
    engine = spec["engine"]
    profiler = None
    if spec.get("profile"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    began, began_cpu = time.perf_counter(), time.process_time()
    result = site_build.build_site(
        folder / "content",
        site_dir=folder / f"site-{engine}",
        work=folder / f"work-{engine}",
        strict=spec["strict"],
        promo=spec.get("promo", False),
        engine=engine,
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    engine_cpu = children.ru_utime + children.ru_stime
    total = time.perf_counter() - began
    total_cpu = time.process_time() - began_cpu + engine_cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(spec["profile"])
    say(
        event="result",
        total_seconds=total,
        total_cpu=total_cpu,
        engine_cpu=engine_cpu,
        engine_seconds=result.engine_span_seconds,
        startup_seconds=result.engine_startup_seconds,
        render_seconds=result.render_seconds,
        pages=result.pages,
        files=result.files,
        languages=list(result.languages),
        scheduled=result.scheduled,
        unscheduled=result.unscheduled,
        warnings=result.warnings[:10],
        warning_count=len(result.warnings),
        peak_kib=peak_kib() + children.ru_maxrss,  # this process + the largest engine child
    )


def child_plain(spec: dict[str, Any]) -> None:

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.utils.yaml import yaml_load

    folder = Path(spec["folder"])
    lang = spec["lang"]
    engine = spec["engine"]
    work = folder / f"work-{engine}" / lang
    with (work / "mkdocs.yml").open("rb") as handle:
        effective = yaml_load(handle)
    from confsite.templating import bundled

    # Session and speaker pages are laid out by theme templates that read their front
    # matter (session.html, speaker.html): the plain build gets those templates (and the
    # interface texts they read from `extra`), but none of confsite's Python.
    theme: dict[str, Any] = {
        "name": "material",
        "font": False,
        "custom_dir": str(bundled() / "overrides"),
    }
    if (effective.get("theme") or {}).get("language"):
        theme["language"] = effective["theme"]["language"]
    # A copy of the docs tree beside the plain config: Zensical reads only docs inside the
    # config's folder.
    plain = folder / f"plain-{engine}"
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(work / "docs", plain / "docs")
    config = {
        "extra": effective.get("extra", {}),
        "site_name": effective["site_name"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "nav": effective["nav"],
        "not_in_nav": effective.get("not_in_nav", ""),
        "markdown_extensions": effective.get("markdown_extensions", []),
        "plugins": ["search"],
    }
    path = plain / "mkdocs.yml"
    path.write_text(yaml.dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    began, began_cpu = time.perf_counter(), time.process_time()
    if engine == "zensical":
        import zensical

        # Zensical's threads count in this process's CPU time.
        zensical.build(str(path.resolve()), {"clean": True, "strict": False})
        warnings: list[str] = []
    else:
        # The same in-process build confsite's MkDocs processes run (load_config,
        # startup, build, shutdown, warnings collected), on the plain config.
        from confsite.site.mkdocs_run import run_build

        warnings = run_build(path, strict=False)
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    files = sum(1 for p in (plain / "site").rglob("*") if p.is_file())
    say(
        event="result",
        seconds=seconds,
        cpu=cpu,
        files=files,
        warnings=warnings[:10],
        warning_count=len(warnings),
        peak_kib=peak_kib(),
    )


# --------------------------------------------------------------------------------------
# The parent's side
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    sessions: int
    engine: str = "mkdocs"
    days: int = 0
    rooms: int = 0
    speakers: int = 0
    pages: int | None = None
    files: int | None = None
    total_seconds: float | None = None
    engine_seconds: float | None = None
    startup_seconds: float = 0.0  # the config waiting for the engine's start-up
    render_seconds: float | None = None
    peak_mb: float | None = None
    total_cpu: float | None = None  # CPU seconds, for comparison on a busy machine
    engine_cpu: float | None = None
    plain_seconds: float | None = None
    plain_cpu: float | None = None
    plain_peak_mb: float | None = None
    plain_files: int | None = None
    warnings: int = 0
    plain_warnings: int = 0
    errors: list[str] = field(default_factory=list)
    generate_seconds: float | None = None
    verify_seconds: float | None = None
    profile: str | None = None

    @property
    def own_seconds(self) -> float | None:
        if self.total_seconds is None or self.engine_seconds is None:
            return None
        return self.total_seconds - self.engine_seconds - self.startup_seconds

    @property
    def own_share(self) -> float | None:
        own = self.own_seconds
        if own is None or not self.total_seconds:
            return None
        return own / self.total_seconds

    @property
    def own_share_with_startup(self) -> float | None:
        """The share if the engine's start-up wait were counted as confsite's time."""
        own = self.own_seconds
        if own is None or not self.total_seconds:
            return None
        return (own + self.startup_seconds) / self.total_seconds

    @property
    def own_cpu_share(self) -> float | None:
        if self.total_cpu is None or self.engine_cpu is None or not self.total_cpu:
            return None
        return (self.total_cpu - self.engine_cpu) / self.total_cpu


def run_child(spec: dict[str, Any], timeout: float) -> tuple[dict[str, Any] | None, str, float]:
    """Run this script as a child with ``spec``; its last JSON line, its stderr, wall s."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    began = time.monotonic()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired as err:
        stderr = err.stderr.decode(errors="replace") if isinstance(err.stderr, bytes) else ""
        return None, f"killed after {timeout:.0f} s\n{stderr}", time.monotonic() - began
    wall = time.monotonic() - began
    result = None
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                result = json.loads(line)
    if done.returncode != 0:
        result = None
    return result, done.stderr, wall


def last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"


def verify(instance: Instance) -> list[str]:
    """``confsite check`` and ``confsite plan --check`` must accept the generated folder."""
    problems = []
    for command in (["check", "--quiet"], ["plan", "--check", "--quiet"]):
        done = subprocess.run(
            [sys.executable, "-m", "confsite", *command, "--content", str(instance.content)],
            capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip().splitlines()
            problems.append(
                f"confsite {' '.join(command)} exited {done.returncode}: " + " | ".join(output[:5])
            )
    return problems


def profile_summary(path: Path, limit: int = 30) -> str:
    import io
    import pstats

    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("cumulative").print_stats(r"confsite", limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def measure(instance: Instance, args: argparse.Namespace, engine: str) -> Row:
    row = Row(instance.sessions, engine, instance.days, instance.rooms, instance.speakers)
    folder = str(instance.folder)
    spec = {
        "job": "confsite",
        "folder": folder,
        "strict": args.strict,
        "promo": args.promo,
        "engine": engine,
    }
    result, stderr, _ = run_child(spec, args.timeout)
    if result is None:
        row.errors.append(f"confsite build: {last_line(stderr)}")
        return row
    row.pages, row.files = result["pages"], result["files"]
    row.total_seconds = result["total_seconds"]
    row.engine_seconds = result["engine_seconds"]
    row.startup_seconds = result["startup_seconds"]
    row.render_seconds = result["render_seconds"]
    row.total_cpu, row.engine_cpu = result["total_cpu"], result["engine_cpu"]
    row.peak_mb = result["peak_kib"] / 1024
    row.warnings = result["warning_count"]
    for warning in result["warnings"][:3]:
        print(f"  [{row.sessions}] confsite warning: {warning}", file=sys.stderr)
    if result["unscheduled"]:
        row.errors.append(f"{result['unscheduled']} session(s) not scheduled")
    progress(row, f"confsite build ({engine})")

    spec = {"job": "plain", "folder": folder, "lang": args.languages[0], "engine": engine}
    result, stderr, _ = run_child(spec, args.timeout)
    if result is None:
        row.errors.append(f"plain {engine}: {last_line(stderr)}")
    else:
        row.plain_seconds = result["seconds"]
        row.plain_cpu = result["cpu"]
        row.plain_peak_mb = result["peak_kib"] / 1024
        row.plain_files = result["files"]
        row.plain_warnings = result["warning_count"]
        for warning in result["warnings"][:3]:
            print(f"  [{row.sessions}] plain {engine} warning: {warning}", file=sys.stderr)
        print(
            f"[{row.sessions}] plain {engine}: {row.plain_seconds:.2f} s, "
            f"{row.plain_peak_mb:.0f} MB",
            file=sys.stderr,
            flush=True,
        )

    if args.profile:
        prof = instance.folder.parent / f"{instance.folder.name}-{engine}.prof"
        spec = {
            "job": "confsite",
            "folder": folder,
            "strict": args.strict,
            "promo": args.promo,
            "engine": engine,
            "profile": str(prof),
        }
        result, stderr, _ = run_child(spec, args.timeout * 3)
        if result is None:
            row.errors.append(f"profiled build: {last_line(stderr)}")
        else:
            row.profile = str(prof)
            print(
                f"\n[{row.sessions}] cProfile of build_site ({result['total_seconds']:.1f} s "
                f"profiled, {engine} {result['engine_seconds']:.1f} s): {prof}",
                file=sys.stderr,
            )
            print(profile_summary(prof), file=sys.stderr, flush=True)
    return row


def progress(row: Row, what: str) -> None:
    print(
        f"[{row.sessions}] {what}: total {number(row.total_seconds)} s, engine "
        f"{number(row.engine_seconds)} s, start-up wait {number(row.startup_seconds)} s, "
        f"own {number(row.own_seconds)} s "
        f"(render {number(row.render_seconds)} s), CPU {number(row.total_cpu)} s "
        f"(engine {number(row.engine_cpu)} s), {number(row.peak_mb)} MB, "
        f"{row.pages} pages",
        file=sys.stderr,
        flush=True,
    )


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

COLUMNS = (
    "sessions",
    "engine",
    "speakers",
    "rooms×days",
    "pages",
    "render s",
    "confsite own s",
    "engine s",
    "start-up wait s",
    "total s",
    "own share",
    "with start-up",
    "CPU s (own share)",
    "peak MB",
    "plain engine s",
    "plain peak MB",
    "engine/plain",
    "targets",
)


def targets(row: Row) -> str:
    share = row.own_share
    if share is None:
        return "error"
    marks = [f"own ≤ {OWN_SHARE_TARGET:.0%}: {'yes' if share <= OWN_SHARE_TARGET else 'NO'}"]
    sessions, seconds = TOTAL_TARGET
    if row.sessions == sessions and row.total_seconds is not None:
        met = row.total_seconds < seconds
        marks.append(f"total < {seconds:.0f} s: {'yes' if met else 'NO'}")
    return "; ".join(marks)


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * (len(COLUMNS) - 1) + "---|"]
    notes: list[str] = []
    for row in rows:
        ratio = (
            f"{row.engine_seconds / row.plain_seconds:.2f}×"
            if row.engine_seconds and row.plain_seconds
            else "—"
        )
        verdict = targets(row)
        for error in row.errors:
            notes.append(f"{row.sessions} ({row.engine}): {error}")
            verdict += f" [{len(notes)}]"
        cells = [
            f"{row.sessions:,}",
            row.engine,
            f"{row.speakers:,}",
            f"{row.rooms}×{row.days}",
            f"{row.pages:,}" if row.pages is not None else "—",
            number(row.render_seconds),
            number(row.own_seconds),
            number(row.engine_seconds),
            number(row.startup_seconds),
            number(row.total_seconds),
            f"{row.own_share:.1%}" if row.own_share is not None else "—",
            f"{row.own_share_with_startup:.1%}" if row.own_share_with_startup is not None else "—",
            f"{number(row.total_cpu)} ({row.own_cpu_share:.1%})"
            if row.own_cpu_share is not None
            else "—",
            number(row.peak_mb),
            number(row.plain_seconds),
            number(row.plain_peak_mb),
            ratio,
            verdict,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if notes:
        lines.append("")
        lines.extend(f"[{n}] {text}" for n, text in enumerate(notes, 1))
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    measured = [row for row in rows if row.own_share is not None]
    lines = []
    if measured:
        worst = max(measured, key=lambda row: row.own_share or 0.0)
        met = all((row.own_share or 0.0) <= OWN_SHARE_TARGET for row in measured)
        lines.append(
            f"Target own share ≤ {OWN_SHARE_TARGET:.0%}: {'met' if met else 'NOT met'} "
            f"(highest {worst.own_share:.1%} at {worst.sessions:,} sessions, "
            f"{worst.engine})."
        )
    sessions, seconds = TOTAL_TARGET
    engines = list(dict.fromkeys(row.engine for row in rows))
    for engine in engines or ["mkdocs"]:
        big = next((r for r in rows if r.sessions == sessions and r.engine == engine), None)
        target = f"Target {sessions:,} sessions in < {seconds:.0f} s ({engine})"
        if big is None:
            lines.append(f"{target}: not measured.")
        elif big.total_seconds is None:
            lines.append(f"{target}: build failed.")
        else:
            met = big.total_seconds < seconds
            lines.append(
                f"{target}: {'met' if met else 'NOT met'} "
                f"({big.total_seconds:.1f} s on {os.cpu_count()} CPU(s))."
            )
    return "\n".join(lines)


def engines_side_by_side(rows: list[Row]) -> str:
    """Per size, each engine's whole build: wall time, CPU time and peak memory, and how
    the second engine compares with the first (its figure over the first's)."""
    engines = list(dict.fromkeys(row.engine for row in rows))
    if len(engines) < 2:
        return ""
    first, *others = engines
    header = ["sessions", "pages"]
    for engine in engines:
        header += [f"{engine} wall s", f"{engine} CPU s", f"{engine} peak MB"]
    for engine in others:
        header += [f"{engine}/{first} wall", f"{engine}/{first} CPU", f"{engine}/{first} peak"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]

    def ratio(a: float | None, b: float | None) -> str:
        return f"{a / b:.2f}×" if a is not None and b else "—"

    for sessions in dict.fromkeys(row.sessions for row in rows):
        by_engine = {row.engine: row for row in rows if row.sessions == sessions}
        pages = next((row.pages for row in by_engine.values() if row.pages is not None), None)
        cells = [f"{sessions:,}", f"{pages:,}" if pages is not None else "—"]
        for engine in engines:
            row = by_engine.get(engine)
            cells += [
                number(row.total_seconds if row else None),
                number(row.total_cpu if row else None),
                number(row.peak_mb if row else None),
            ]
        base = by_engine.get(first)
        for engine in others:
            row = by_engine.get(engine)
            cells += [
                ratio(row and row.total_seconds, base and base.total_seconds),
                ratio(row and row.total_cpu, base and base.total_cpu),
                ratio(row and row.peak_mb, base and base.peak_mb),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_average() -> str:
    """Other work on the machine skews every time: say how busy it was (1, 5, 15 min)."""
    with contextlib.suppress(OSError):
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    return "unknown"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad sizes {text!r}: want e.g. 100,500,2000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be numbers of sessions >= 1")
    return sizes


def _languages(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names or any(name not in ("zh", "en") for name in names) or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError("languages: en, zh, or both (the first is the default)")
    return names


def _engines(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names or any(name not in ENGINES for name in names) or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError("engines: mkdocs, zensical, or both (comma-separated)")
    return names


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python bench/site.py",
        description="Benchmark `confsite build` against a plain `mkdocs build` (or `zensical "
        "build`) of its pages.",
        epilog="See the module docstring (bench/site.py) for what is measured.",
    )
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes(DEFAULT_SIZES),
        help=f"numbers of sessions, comma-separated ({DEFAULT_SIZES})",
    )
    p.add_argument(
        "--languages",
        type=_languages,
        default=["en"],
        help="site languages, the first the default: en (default), zh,en, en,zh or zh",
    )
    p.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    p.add_argument(
        "--engine",
        dest="engines",
        type=_engines,
        default=["mkdocs"],
        help="what builds the site: mkdocs (default), zensical, or mkdocs,zensical (both, in "
        "that order, on the same instances)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        help="where instances are generated and built (default: a new temporary folder)",
    )
    p.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated content, docs trees and sites (default: delete them)",
    )
    p.add_argument(
        "--verify",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run `confsite check` and `confsite plan --check` on each instance (default: yes)",
    )
    p.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build in the engine's strict mode, like `confsite build` (default: yes)",
    )
    p.add_argument(
        "--promo",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="make the promotion kit too, as `confsite build` does (default: no, the site "
        "alone; bench/promo.py measures the kit)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also run each build under cProfile and print where the time goes",
    )
    p.add_argument(
        "--timeout", type=float, default=1800.0, help="kill a child after S seconds (1800)"
    )
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.child:
        spec = json.loads(args.child)
        {"confsite": child_confsite, "plain": child_plain}[spec["job"]](spec)
        return 0
    if "zensical" in args.engines:
        from confsite.site.zensical_run import ZensicalMissing, require

        try:
            require()
        except ZensicalMissing as err:
            print(err, file=sys.stderr)
            return 2
    made_workdir = args.workdir is None
    workdir = (
        Path(tempfile.mkdtemp(prefix="confsite-bench-site-")) if made_workdir else args.workdir
    )
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"load average at start: {load_average()}", file=sys.stderr, flush=True)
    rows: list[Row] = []
    made: list[Path] = []
    try:
        for sessions in args.sizes:
            folder = workdir / f"{sessions}-{'-'.join(args.languages)}-seed{args.seed}"
            if folder.exists():
                shutil.rmtree(folder)
            made.append(folder)
            began = time.perf_counter()
            instance = generate(folder, sessions, args.languages, args.seed)
            generated = time.perf_counter() - began
            print(
                f"[{sessions}] generated in {generated:.1f} s: {instance.days} days, "
                f"{instance.rooms} rooms, {instance.speakers} speakers "
                f"({instance.two_session_speakers} with two sessions, {instance.photos} "
                f"photos) in {instance.content}",
                file=sys.stderr,
                flush=True,
            )
            problems: list[str] = []
            verified = None
            if args.verify:
                began = time.perf_counter()
                problems = verify(instance)
                verified = time.perf_counter() - began
                state = "rejected" if problems else "accepted"
                print(
                    f"[{sessions}] confsite check and plan --check: {state} ({verified:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
            for engine in args.engines:
                if problems:
                    row = Row(sessions, engine, instance.days, instance.rooms, instance.speakers)
                    row.errors = problems
                else:
                    row = measure(instance, args, engine)
                row.generate_seconds, row.verify_seconds = generated, verified
                rows.append(row)
    finally:
        if not args.keep:
            for folder in made:
                shutil.rmtree(folder, ignore_errors=True)
            if made_workdir:
                with contextlib.suppress(OSError):
                    workdir.rmdir()  # kept when it holds profiles
    print(markdown(rows))
    print()
    side_by_side = engines_side_by_side(rows)
    if side_by_side:
        print(side_by_side)
        print()
    print(summary(rows))
    elapsed = timedelta(seconds=round(time.monotonic() - started))
    print(
        f"\nlanguages {','.join(args.languages)}; engines {','.join(args.engines)}; "
        f"{len(args.sizes)} size(s) in {elapsed}; "
        f"{os.cpu_count()} CPU(s), load average {load_average()}; "
        + ", ".join(f"{name} {value}" for name, value in versions(*VERSIONS).items())
    )
    if args.keep:
        print(f"generated folders kept in {workdir}", file=sys.stderr)
    elif args.profile:
        print(f"profiles kept in {workdir}", file=sys.stderr)
    if args.json:
        data = {
            "arguments": {
                "sizes": args.sizes,
                "languages": args.languages,
                "engines": args.engines,
                "seed": args.seed,
                "strict": args.strict,
                "promo": args.promo,
            },
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "versions": versions(*VERSIONS),
            "rows": [
                asdict(row)
                | {
                    "own_seconds": row.own_seconds,
                    "own_share": row.own_share,
                    "own_cpu_share": row.own_cpu_share,
                }
                for row in rows
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0 if all(not row.errors for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
