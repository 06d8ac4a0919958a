"""``confsite init``: a new, small, valid conference to start from.

The files are Jinja templates under ``files/``: a project folder with the content in
``content/`` (where every command looks by default), the organiser's own ``mkdocs.yml``
and a ``.gitignore``. Each language has its own strings in ``STRINGS`` so a zh and an en
conference get the same structure; a Chinese conference also has an English site, an
English one is English only.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from confsite.schema import write_schemas

FILES = Path(__file__).parent / "files"

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "name": "我的开发者大会",
        "name_en": "My Developer Conference",
        "tagline": "开发者的一天",
        "city": "上海",
        "venue": "会议中心",
        "address": "上海市浦东新区示例路 1 号",
        "main_hall": "主会场",
        "room_b": "分会场 B",
        "day": "第一天",
        "coffee": "茶歇",
        "lunch": "午餐",
        "track_a": "技术实践",
        "track_b": "应用与案例",
        "speaker_1": "李明",
        "speaker_1_latin": "Li Ming",
        "speaker_2": "王芳",
        "speaker_2_latin": "Wang Fang",
        "affiliation": "示例科技",
        "bio": "在这里写演讲者简介（支持 Markdown）。",
        "keynote": "开幕主题演讲",
        "talk_1": "从零开始构建你的第一个服务",
        "talk_2": "一次生产事故的复盘",
        "workshop": "动手工作坊：写出可测试的代码",
        "abstract": "在这里写议题简介（支持 Markdown）。",
        "faq_q1": "这是什么活动？",
        "faq_a1": "一场面向开发者的技术大会。",
        "faq_q2": "如何报名？",
        "faq_a2": "点击首页的“报名”按钮。",
        "coc_title": "行为准则",
        "coc_body": "我们希望每一位参会者都能感到被尊重。",
        "tier": "金牌赞助",
        "chair": "大会主席",
    },
    "en": {
        "name": "My Developer Conference",
        "name_en": "My Developer Conference",
        "tagline": "A day for developers",
        "city": "Shanghai",
        "venue": "Conference Centre",
        "address": "1 Example Road, Pudong, Shanghai",
        "main_hall": "Main Hall",
        "room_b": "Room B",
        "day": "Day 1",
        "coffee": "Coffee break",
        "lunch": "Lunch",
        "track_a": "Engineering",
        "track_b": "Applications and case studies",
        "speaker_1": "Ming Li",
        "speaker_1_latin": "Ming Li",
        "speaker_2": "Fang Wang",
        "speaker_2_latin": "Fang Wang",
        "affiliation": "Example Tech",
        "bio": "The speaker's biography goes here (markdown).",
        "keynote": "Opening keynote",
        "talk_1": "Building your first service from scratch",
        "talk_2": "Lessons from a production incident",
        "workshop": "Hands-on workshop: writing testable code",
        "abstract": "The session's abstract goes here (markdown).",
        "faq_q1": "What is this event?",
        "faq_a1": "A technical conference for developers.",
        "faq_q2": "How do I register?",
        "faq_a2": "Use the Register button on the home page.",
        "coc_title": "Code of conduct",
        "coc_body": "We want every attendee to feel respected.",
        "tier": "Gold",
        "chair": "Conference chair",
    },
}


# Templates whose file name cannot be the written one (package data leaves out dot files).
RENAMED = {"gitignore": ".gitignore"}

# The languages of a new conference, its main language first.
LANGUAGES = {"zh": ("zh", "en"), "en": ("en",)}


class ScaffoldError(Exception):
    """The folder cannot be created."""


def _today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def create(directory: Path, lang: str) -> list[Path]:
    """Write a new conference project into ``directory``, which must not exist or be
    empty: its content in ``directory/content``."""
    directory = directory.absolute()
    if lang not in STRINGS:
        raise ScaffoldError(f"unknown language {lang!r} (expected zh or en)")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} already exists and is not empty; nothing was written")
    day = _today() + timedelta(days=180)
    context = {
        "s": STRINGS[lang],
        "lang": lang,
        "languages": ", ".join(LANGUAGES[lang]),
        "day": day.isoformat(),
        "cfp_open": (day - timedelta(days=150)).isoformat(),
        "cfp_close": (day - timedelta(days=90)).isoformat(),
        "notification": (day - timedelta(days=75)).isoformat(),
    }
    env = Environment(
        loader=FileSystemLoader(FILES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # Every inserted string is written as a double-quoted YAML scalar, whatever it holds.
    env.filters["q"] = lambda value: json.dumps(value, ensure_ascii=False)
    staging = directory.with_name(f".{directory.name}.init-tmp")
    if staging.exists():
        raise ScaffoldError(f"{staging} exists (left by an interrupted init?); remove it first")
    written: list[Path] = []
    try:
        for template in sorted(p for p in FILES.rglob("*") if p.is_file()):
            source = template.relative_to(FILES)
            relative = source.with_name(RENAMED.get(source.name, source.name))
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            text = env.get_template(source.as_posix()).render(context)
            target.write_text(text, encoding="utf-8")
            written.append(directory / relative)
        schemas = write_schemas(staging / "content" / "schemas")
        written.extend(directory / p.relative_to(staging) for p in schemas)
        if directory.exists():
            # An empty folder that exists stays (it may be the organiser's current one):
            # the new files move into it.
            for entry in sorted(staging.iterdir()):
                entry.rename(directory / entry.name)
            staging.rmdir()
        else:
            staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(written)
