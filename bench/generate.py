"""Synthetic conference content of any size, for benchmarks and tests.

    python bench/generate.py --sessions 300 --rooms 8 --days 2 --seed 1 OUT

writes a complete, valid content folder into OUT: conference.yaml, venue.yaml,
timeslots.yaml, tracks.yaml, speakers/, sessions/, interest.yaml and planning.yaml.

The instance is meant to be feasible yet not trivial:

* the number of 30-minute parallel slots per day is computed from the sessions' total
  length so that the non-plenary sessions fill about 75 % of (parallel slots x rooms);
* keynotes (about 3 %) are plenary and never outnumber the plenary slots;
* workshops (60 or 90 minutes, needing ``lab_desks``) always fit a run of back-to-back
  slots, and there are enough labs to pack them;
* about 10 % of speakers are unavailable for a day (``not``) or available on some days only
  (``only``), but never a keynote or workshop speaker, never two people of one session, and
  never the people of pinned or ordered sessions, so no session becomes impossible;
* a few ``after`` orders and pins, one track with a held room, audiences drawn from the room
  sizes with some that overflow, and survey interest correlated within tracks.

The same arguments give byte-identical files. If the sessions cannot fit into the given
rooms and days (a day would have to end after 23:30), the instance is written anyway, with
a warning giving the load and how many rooms or days would make it feasible.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SLOT = 30  # minutes of a parallel slot
PLENARY = 45  # minutes of a plenary slot (and of a keynote)
TARGET_LOAD = 0.75  # non-plenary demand / (parallel slots x rooms)
MAX_LOAD = 0.80
MIN_SLOTS_PER_DAY = 4
DAY_START = 9 * 60
EARLIEST_START = 8 * 60
PREFERRED_END = 18 * 60 + 30
LATEST_END = 23 * 60 + 30
LAB_LOAD = 0.65  # workshop slots / lab slots at most
FIRST_DAY = date(2026, 10, 16)

KINDS = ("keynote", "talk", "workshop", "case_study", "panel", "lightning")
ID_PREFIX = {
    "keynote": "keynote",
    "talk": "talk",
    "workshop": "workshop",
    "case_study": "case",
    "panel": "panel",
    "lightning": "lightning",
}

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# fmt: off
# (id, zh, en, tags, topics as (zh, en))
TRACKS: tuple[tuple[str, str, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("llm-training", "大模型训练", "LLM Training", ("training", "gpu"),
     (("分布式训练", "Distributed Training"), ("混合精度训练", "Mixed-Precision Training"),
      ("预训练数据配比", "Pre-training Data Mixtures"), ("长上下文训练", "Long-Context Training"))),
    ("inference", "推理与服务", "Inference & Serving", ("inference", "serving"),
     (("推理加速", "Inference Acceleration"), ("KV 缓存优化", "KV-Cache Optimisation"),
      ("投机解码", "Speculative Decoding"), ("模型量化", "Model Quantisation"))),
    ("agents", "智能体", "AI Agents", ("agents", "tools"),
     (("多智能体协作", "Multi-Agent Collaboration"), ("工具调用", "Tool Calling"),
      ("智能体记忆", "Agent Memory"), ("智能体评测", "Agent Evaluation"))),
    ("rag", "检索增强生成", "Retrieval-Augmented Generation", ("rag", "search"),
     (("检索增强生成", "Retrieval-Augmented Generation"), ("向量检索", "Vector Search"),
      ("知识图谱问答", "Knowledge-Graph QA"), ("文档解析", "Document Parsing"))),
    ("multimodal", "多模态", "Multimodal Models", ("vision", "multimodal"),
     (("视觉语言模型", "Vision-Language Models"), ("视频生成", "Video Generation"),
      ("图像理解", "Image Understanding"), ("多模态对齐", "Multimodal Alignment"))),
    ("ai-infra", "AI 基础设施", "AI Infrastructure", ("infra", "kubernetes"),
     (("GPU 集群调度", "GPU Cluster Scheduling"), ("训练容错", "Fault-Tolerant Training"),
      ("高速网络", "High-Speed Interconnects"), ("异构算力", "Heterogeneous Compute"))),
    ("open-source", "开源生态", "Open-Source Ecosystem", ("open-source", "community"),
     (("开源模型", "Open Models"), ("开源社区治理", "Open-Source Governance"),
      ("模型许可证", "Model Licensing"), ("开源工具链", "Open-Source Toolchains"))),
    ("data", "数据工程", "Data Engineering", ("data", "pipelines"),
     (("数据清洗", "Data Cleaning"), ("合成数据", "Synthetic Data"),
      ("数据标注", "Data Labelling"), ("数据治理", "Data Governance"))),
    ("safety", "AI 安全与对齐", "AI Safety & Alignment", ("safety", "alignment"),
     (("对齐技术", "Alignment Techniques"), ("红队测试", "Red Teaming"),
      ("内容安全", "Content Safety"), ("可解释性", "Interpretability"))),
    ("edge-ai", "端侧智能", "On-Device AI", ("edge", "mobile"),
     (("端侧大模型", "On-Device LLMs"), ("模型压缩", "Model Compression"),
      ("移动端推理", "Mobile Inference"), ("端云协同", "Edge-Cloud Collaboration"))),
    ("coding", "智能编程", "AI for Coding", ("coding", "devtools"),
     (("代码生成", "Code Generation"), ("编程助手", "Coding Assistants"),
      ("自动化测试", "Automated Testing"), ("代码审查", "Code Review"))),
    ("evaluation", "模型评测", "Evaluation & Benchmarks", ("evaluation", "benchmarks"),
     (("基准测试", "Benchmarking"), ("人类偏好评测", "Human-Preference Evaluation"),
      ("幻觉检测", "Hallucination Detection"), ("评测平台", "Evaluation Platforms"))),
    ("embodied", "具身智能", "Embodied AI", ("robotics", "embodied"),
     (("机器人学习", "Robot Learning"), ("世界模型", "World Models"),
      ("仿真训练", "Simulation Training"), ("具身感知", "Embodied Perception"))),
    ("ai-science", "AI for Science", "AI for Science", ("science", "research"),
     (("蛋白质结构预测", "Protein Structure Prediction"), ("材料发现", "Materials Discovery"),
      ("气象预测", "Weather Forecasting"), ("科学计算", "Scientific Computing"))),
    ("mlops", "MLOps 与工程化", "MLOps", ("mlops", "platform"),
     (("模型上线", "Model Deployment"), ("特征平台", "Feature Platforms"),
      ("在线监控", "Production Monitoring"), ("实验管理", "Experiment Tracking"))),
    ("industry", "行业应用", "Industry Applications", ("industry", "enterprise"),
     (("金融风控", "Financial Risk Control"), ("智慧医疗", "Healthcare AI"),
      ("智能制造", "Smart Manufacturing"), ("智能客服", "Customer-Service Bots"))),
    ("speech", "语音技术", "Speech & Audio", ("speech", "audio"),
     (("语音识别", "Speech Recognition"), ("语音合成", "Speech Synthesis"),
      ("实时语音对话", "Real-Time Voice Chat"), ("音乐生成", "Music Generation"))),
    ("rl", "强化学习", "Reinforcement Learning", ("rl", "reasoning"),
     (("推理模型", "Reasoning Models"), ("基于人类反馈的强化学习", "RLHF"),
      ("奖励建模", "Reward Modelling"), ("策略优化", "Policy Optimisation"))),
    ("prompting", "提示工程", "Prompt Engineering", ("prompts", "applications"),
     (("提示工程", "Prompt Engineering"), ("结构化输出", "Structured Output"),
      ("上下文工程", "Context Engineering"), ("提示注入防护", "Prompt-Injection Defence"))),
    ("hardware", "AI 芯片", "AI Hardware", ("hardware", "chips"),
     (("AI 芯片", "AI Accelerators"), ("编译器优化", "Compiler Optimisation"),
      ("算子开发", "Kernel Development"), ("存算一体", "Compute-in-Memory"))),
)

COLOURS = (
    "#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#d81b60",
    "#3949ab", "#7cb342", "#f4511e", "#5e35b1", "#039be5", "#c0ca33", "#6d4c41",
    "#00acc1", "#fdd835", "#546e7a", "#ec407a", "#26a69a", "#ab47bc",
)

TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "keynote": (
        ("{zh}的未来", "The Future of {en}"),
        ("迈向下一代{zh}", "Towards the Next Generation of {en}"),
        ("{zh}：十年回顾与展望", "{en}: A Decade in Review"),
    ),
    "talk": (
        ("{zh}实践：从原型到生产", "{en} in Practice: From Prototype to Production"),
        ("深入理解{zh}", "Understanding {en} in Depth"),
        ("{zh}的十个坑", "Ten Pitfalls of {en}"),
        ("大规模{zh}系统设计", "Designing {en} Systems at Scale"),
        ("{zh}：现状与展望", "{en}: State of the Art and Outlook"),
        ("用开源工具做{zh}", "{en} with Open-Source Tools"),
        ("{zh}性能调优", "Performance Tuning for {en}"),
        ("如何评估{zh}", "How to Evaluate {en}"),
        ("{zh}的工程挑战", "Engineering Challenges in {en}"),
        ("低成本{zh}", "{en} on a Budget"),
    ),
    "workshop": (
        ("动手实验：{zh}", "Hands-on Lab: {en}"),
        ("{zh}工作坊", "{en} Workshop"),
        ("从零搭建{zh}", "Build {en} from Scratch"),
    ),
    "case_study": (
        ("{org}的{zh}实践", "{en} at {org_en}"),
        ("案例：{zh}在{org}的落地", "Case Study: Rolling Out {en} at {org_en}"),
    ),
    "panel": (
        ("圆桌：{zh}的下一步", "Panel: What's Next for {en}"),
        ("圆桌对话：{zh}落地之路", "Round Table: Bringing {en} to Production"),
    ),
    "lightning": (
        ("闪电演讲：{zh}小技巧", "Lightning Talks: Quick Tips for {en}"),
        ("闪电演讲：{zh}五分钟", "Lightning Talks: {en} in Five Minutes"),
    ),
}

ABSTRACTS = (
    ("本场分享介绍{zh}的关键技术、踩过的坑和可复用的经验，并给出开源实现与评测数据。",
     "This session walks through the key techniques of {en}, the pitfalls we hit and the "
     "lessons that carry over, with an open-source implementation and benchmark results."),
    ("我们将从真实业务出发，讲解{zh}在大规模生产环境中的架构设计与性能优化。",
     "Starting from a real product, we explain the architecture and performance work behind "
     "{en} in a large production system."),
    ("面向希望上手{zh}的开发者：从基本概念到完整示例，现场演示每一步。",
     "For developers who want to get started with {en}: from the basic ideas to a complete "
     "example, demonstrated step by step."),
)

SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"),
    ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("韩", "Han"),
    ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"), ("彭", "Peng"),
)
GIVEN_NAMES = (
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"),
    ("磊", "Lei"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"),
    ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("强", "Qiang"),
    ("军", "Jun"), ("平", "Ping"), ("思远", "Siyuan"), ("子涵", "Zihan"), ("浩然", "Haoran"),
    ("雨桐", "Yutong"), ("一鸣", "Yiming"), ("嘉怡", "Jiayi"), ("宇航", "Yuhang"),
    ("晓东", "Xiaodong"), ("文博", "Wenbo"), ("欣怡", "Xinyi"), ("建国", "Jianguo"),
    ("海涛", "Haitao"), ("梦琪", "Mengqi"),
)
FIRST_NAMES = (
    "Alice", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kavya", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara",
)
LAST_NAMES = (
    "Smith", "Müller", "Rossi", "Tanaka", "Kim", "Dubois", "Novak", "Silva", "Larsen",
    "Okafor", "Patel", "Garcia", "Nguyen", "Schmidt", "Cohen", "Ivanova",
)
COMPANIES = (
    ("星河智能", "Galaxy AI"), ("深言科技", "DeepWord Technology"), ("云图数据", "CloudMap Data"),
    ("极光算力", "Aurora Compute"), ("启明大学", "Qiming University"),
    ("东海理工大学", "Donghai University of Technology"), ("澜码科技", "Lanma Technology"),
    ("灵犀实验室", "Lingxi Lab"), ("青松金融", "Qingsong Finance"), ("北辰医疗", "Beichen Health"),
    ("开源之家社区", "OpenHome Community"), ("远山机器人", "Yuanshan Robotics"),
    ("知微研究院", "Zhiwei Institute"), ("万象电商", "Wanxiang Commerce"),
)
FOREIGN_COMPANIES = ("Northwind Labs", "Contoso Research", "Fabrikam AI", "Tailspin University",
                     "Litware Systems", "Woodgrove Bank")
JOB_TITLES = (
    ("首席科学家", "Chief Scientist"), ("技术总监", "Engineering Director"),
    ("高级工程师", "Senior Engineer"), ("研究员", "Researcher"), ("副教授", "Associate Professor"),
    ("开源项目维护者", "Open-Source Maintainer"), ("产品经理", "Product Manager"),
    ("架构师", "Software Architect"), ("博士研究生", "PhD Student"),
    ("算法专家", "Algorithm Expert"),
)
DOMESTIC_CITIES = (("北京", "Beijing"), ("深圳", "Shenzhen"), ("杭州", "Hangzhou"),
                   ("成都", "Chengdu"), ("南京", "Nanjing"), ("武汉", "Wuhan"), ("西安", "Xi'an"))
FOREIGN_CITIES = (("Singapore", "Singapore", "Asia/Singapore"),
                  ("Berlin", "Germany", "Europe/Berlin"),
                  ("San Francisco", "United States", "America/Los_Angeles"),
                  ("London", "United Kingdom", "Europe/London"),
                  ("Tokyo", "Japan", "Asia/Tokyo"), ("Seoul", "South Korea", "Asia/Seoul"),
                  ("Toronto", "Canada", "America/Toronto"))
ZH_NUMBERS = "一二三四五六七八九十"
# fmt: on

# --------------------------------------------------------------------------------------
# Records built before writing
# --------------------------------------------------------------------------------------


@dataclass
class DayPlan:
    id: str
    date: date
    plenary: list[int]  # start minutes of plenary slots
    runs: list[list[int]]  # start minutes of the parallel slots, run by run
    slots: list[dict[str, Any]]

    @property
    def parallel_slots(self) -> int:
        return sum(len(run) for run in self.runs)


@dataclass
class RoomPlan:
    id: str
    name: dict[str, str]
    capacity: int
    features: tuple[str, ...]
    floor: str
    lab: bool = False
    main: bool = False


@dataclass
class SessionPlan:
    id: str
    kind: str
    length: int
    track: str | None = None
    topic: tuple[str, str] = ("", "")
    speakers: list[int] = field(default_factory=list)
    moderators: list[int] = field(default_factory=list)
    speaker_count: int = 1
    moderator_count: int = 0
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def slots(self) -> int:
        return self.length // SLOT

    @property
    def plenary(self) -> bool:
        return self.kind == "keynote"

    @property
    def people(self) -> list[int]:
        return [*self.speakers, *self.moderators]


@dataclass
class Instance:
    """A generated content folder, still in memory: relative path -> YAML data."""

    files: dict[str, Any]
    summary: dict[str, Any]
    warnings: list[str]


# --------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------


def kind_counts(sessions: int, days: int) -> dict[str, int]:
    """How many sessions of each kind an instance of this size holds."""
    if sessions < 1:
        raise ValueError("at least one session")
    keynote = min(max(1, round(0.03 * sessions)), 2 * days, sessions)
    rest = sessions - keynote
    counts = {
        "keynote": keynote,
        "workshop": round(0.08 * sessions),
        "case_study": round(0.08 * sessions),
        "panel": round(0.05 * sessions),
        "lightning": round(0.06 * sessions),
    }
    others = ("lightning", "panel", "case_study", "workshop")
    while sum(counts[k] for k in others) > rest:  # tiny instances: drop the extras first
        for kind in others:
            if counts[kind] and sum(counts[k] for k in others) > rest:
                counts[kind] -= 1
    counts["talk"] = rest - sum(counts[k] for k in others)
    return {kind: counts[kind] for kind in KINDS}


def plenary_per_day(keynotes: int, days: int) -> list[int]:
    """One plenary slot every morning, a second on the first days when keynotes need it."""
    extra = max(0, keynotes - days)
    return [1 + (1 if index < extra else 0) for index in range(days)]


def _run_sizes(slots: int) -> list[int]:
    runs = max(1, int(slots / 4 + 0.5))
    base, extra = divmod(slots, runs)
    return [base + 1] * extra + [base] * (runs - extra)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


PAUSE_NAMES = {
    "plenary": {"zh": "主题演讲", "en": "Keynote"},
    "break": {"zh": "茶歇", "en": "Coffee break"},
    "lunch": {"zh": "午餐", "en": "Lunch"},
    "social": {"zh": "欢迎酒会", "en": "Welcome reception"},
}


def _slot(start: int, length: int, kind: str = "session") -> dict[str, Any]:
    if kind == "session":
        return {"start": _clock(start), "length": length}
    return {"start": _clock(start), "length": length, "kind": kind, "name": PAUSE_NAMES[kind]}


def _lay_out(
    start: int, slots: int, plenaries: int
) -> tuple[list[dict[str, Any]], list[int], list[list[int]], int]:
    """One day from ``start``: plenaries, a break, then runs of parallel slots separated by
    coffee breaks and lunch. Returns the slots, plenary starts, runs and the end minute."""
    out: list[dict[str, Any]] = []
    plenary: list[int] = []
    runs: list[list[int]] = []
    t = start
    for _ in range(plenaries):
        out.append(_slot(t, PLENARY, "plenary"))
        plenary.append(t)
        t += PLENARY
    gap = SLOT - (t - start) % SLOT  # back on the half hour
    if gap < 15:
        gap += SLOT
    out.append(_slot(t, gap, "break"))
    t += gap
    sizes = _run_sizes(slots)
    # Lunch after the run ending closest to 12:30, but not after the last of several runs.
    ends, probe = [], t
    for size in sizes:
        probe += size * SLOT
        ends.append(probe)
        probe += SLOT
    choices = range(len(sizes) - 1) if len(sizes) > 1 else range(1)
    lunch_after = min(choices, key=lambda i: (abs(ends[i] - 12 * 60 - 30), i))
    for index, size in enumerate(sizes):
        runs.append([])
        for _ in range(size):
            out.append(_slot(t, SLOT))
            runs[-1].append(t)
            t += SLOT
        if index == lunch_after:
            out.append(_slot(t, 60, "lunch"))
            t += 60
        elif index < len(sizes) - 1:
            out.append(_slot(t, SLOT, "break"))
            t += SLOT
    return out, plenary, runs, t


def _day_start(slots: int, plenaries: int) -> tuple[int, int]:
    """Start at 09:00, earlier (down to 08:00) when the day would end after 18:30."""
    end = _lay_out(DAY_START, slots, plenaries)[3]
    start = DAY_START
    if end > PREFERRED_END:
        start = max(EARLIEST_START, DAY_START - (end - PREFERRED_END) // SLOT * SLOT)
        end = _lay_out(start, slots, plenaries)[3]
    return start, end


def max_slots_per_day() -> int:
    """The most parallel slots a day can hold before running past 23:30."""
    slots = MIN_SLOTS_PER_DAY
    while _day_start(slots + 1, 2)[1] <= LATEST_END:
        slots += 1
    return slots


def slots_per_day(demand: int, rooms: int, days: int) -> int:
    """Parallel slots per day so that demand fills about 75 % of the room-slots."""
    slots = max(MIN_SLOTS_PER_DAY, int(demand / (TARGET_LOAD * rooms * days) + 0.5))
    while demand / (slots * rooms * days) > MAX_LOAD:
        slots += 1
    return slots


def _pack(items: list[int], bins: list[int]) -> bool:
    """First-fit decreasing: do the items fit into bins of these capacities?"""
    free = sorted(bins, reverse=True)
    for item in sorted(items, reverse=True):
        for index, space in enumerate(free):
            if space >= item:
                free[index] -= item
                break
        else:
            return False
    return True


# --------------------------------------------------------------------------------------
# Building the instance
# --------------------------------------------------------------------------------------


def build(sessions: int, rooms: int, days: int, seed: int) -> Instance:
    """The whole content folder as data, deterministic for the arguments."""
    if sessions < 1 or rooms < 1 or days < 1:
        raise ValueError("sessions, rooms and days must be at least 1")
    if days > 14:
        raise ValueError("at most 14 days")
    rng = random.Random(seed)
    notes: list[str] = []
    counts = kind_counts(sessions, days)
    plans = _session_plans(rng, counts, width=max(3, len(str(sessions))))
    demand = sum(p.slots for p in plans if not p.plenary)
    per_day = _slots_or_note(demand, rooms, days, notes)
    plenaries = plenary_per_day(counts["keynote"], days)
    day_plans = _days(per_day, plenaries)
    labs = _lab_count(plans, day_plans, rooms, notes)
    room_plans = _rooms(rng, sessions, rooms, labs)
    tracks, track_weights = _assign_tracks(rng, plans, sessions)
    speaker_total = _assign_people(rng, plans)
    sessions_of: list[list[SessionPlan]] = [[] for _ in range(speaker_total)]
    for plan in plans:
        for person in plan.people:
            sessions_of[person].append(plan)
    people = _people(rng, speaker_total)
    for plan in plans:
        plan.data["language"] = "en" if people[plan.people[0]]["foreign"] else "zh"
    availability, restricted = _restrict(rng, sessions_of, day_plans)
    _needs_and_audiences(rng, plans, room_plans, per_day * days)
    restricted_sessions = {p.id for person in restricted for p in sessions_of[person]}
    held_room = _pins_and_order(rng, plans, restricted_sessions, room_plans, day_plans)
    for plan in plans:
        _texts(rng, plan)

    speaker_ids = [person["id"] for person in people]
    files: dict[str, Any] = {
        "conference.yaml": _conference(sessions, day_plans),
        "venue.yaml": _venue(room_plans, day_plans),
        "timeslots.yaml": _timeslots(day_plans),
        "tracks.yaml": _tracks(tracks, plans, speaker_ids, held_room),
    }
    for index, person in enumerate(people):
        files[f"speakers/{person['id']}.yaml"] = _speaker(
            rng, person, availability[index], any(p.plenary for p in sessions_of[index])
        )
    for plan in plans:
        files[f"sessions/{plan.id}.yaml"] = _session(plan, speaker_ids)
    files["interest.yaml"] = _interest(rng, plans, tracks, track_weights)
    files["planning.yaml"] = {
        "time_limit": 300,
        "gap": 0.01,
        "speaker_buffer": 10,
        "weights": {
            "interest_clash": 1.0,
            "same_track_parallel": 20.0,
            "track_room_changes": 5.0,
            "room_overflow": 2.0,
            "room_empty": 0.1,
            "speaker_preference": 10.0,
        },
    }
    summary = {
        "sessions": sessions,
        "rooms": rooms,
        "labs": labs,
        "days": days,
        "speakers": speaker_total,
        "tracks": len(tracks),
        "by_kind": counts,
        "parallel_slots_per_day": per_day,
        "plenary_slots": sum(plenaries),
        "demand": demand,
        "load": demand / (per_day * rooms * days),
        "restricted_speakers": len(restricted),
        "pins": sum(1 for p in plans if "pin" in p.data),
        "after": sum(1 for p in plans if "after" in p.data),
    }
    return Instance(dict(sorted(files.items())), summary, notes)


def _session_plans(rng: random.Random, counts: dict[str, int], width: int) -> list[SessionPlan]:
    """Every session's id, kind and length; ids number all sessions in kind order."""
    plans: list[SessionPlan] = []
    for kind in KINDS:
        for _ in range(counts[kind]):
            if kind == "keynote":
                length = PLENARY
            elif kind == "workshop":
                length = rng.choice((60, 90))
            elif kind == "panel":
                length = 60
            elif kind == "case_study":
                length = 60 if rng.random() < 0.3 else 30
            else:
                length = 30
            number = len(plans) + 1
            plans.append(SessionPlan(f"{ID_PREFIX[kind]}-{number:0{width}d}", kind, length))
    return plans


def _slots_or_note(demand: int, rooms: int, days: int, notes: list[str]) -> int:
    """Parallel slots per day, capped at what a day holds (with a note if that is too few)."""
    per_day = slots_per_day(demand, rooms, days)
    limit = max_slots_per_day()
    if per_day <= limit:
        return per_day
    need_rooms = math.ceil(demand / (TARGET_LOAD * limit * days))
    need_days = math.ceil(demand / (TARGET_LOAD * limit * rooms))
    notes.append(
        f"{demand} session-slots do not fit {rooms} rooms x {days} days of at most "
        f"{limit} parallel slots (load {demand / (limit * rooms * days):.0%}); the "
        f"instance is infeasible. About {need_rooms} rooms or {need_days} days would "
        f"give a load of 75 %."
    )
    return limit


def _days(per_day: int, plenaries: list[int]) -> list[DayPlan]:
    day_plans = []
    for index, count in enumerate(plenaries):
        start, _ = _day_start(per_day, count)
        slots, plenary, runs, end = _lay_out(start, per_day, count)
        if index == 0 and end + 90 <= 21 * 60:
            slots.append(_slot(end, 90, "social"))
        day_plans.append(
            DayPlan(f"day-{index + 1}", FIRST_DAY + timedelta(days=index), plenary, runs, slots)
        )
    return day_plans


def _lab_count(
    plans: list[SessionPlan], day_plans: list[DayPlan], rooms: int, notes: list[str]
) -> int:
    """The fewest labs that pack every workshop into runs with some room to spare."""
    workshop_slots = [p.slots for p in plans if p.kind == "workshop"]
    run_sizes = [len(run) for day in day_plans for run in day.runs]
    lab_slots = sum(run_sizes)
    labs = 1
    while labs < max(1, rooms - 1) and not (
        _pack(workshop_slots, run_sizes * labs)
        and sum(workshop_slots) <= LAB_LOAD * labs * lab_slots
    ):
        labs += 1
    if not _pack(workshop_slots, run_sizes * labs):
        notes.append("the workshops do not fit into the labs; the instance is infeasible")
    return labs


def _assign_tracks(
    rng: random.Random, plans: list[SessionPlan], sessions: int
) -> tuple[list[Any], list[float]]:
    """About one track per 12 sessions (3 to 20), popular ones first; keynotes have none."""
    topical = [p for p in plans if not p.plenary]
    count = max(1, min(20, max(3, round(sessions / 12)), len(topical)))
    tracks = list(TRACKS[:count])
    weights = [1.0 / (1 + 0.35 * i) for i in range(count)]
    order = topical[:]
    rng.shuffle(order)
    for index, plan in enumerate(order):
        if index < count:
            plan.track = tracks[index][0]
        else:
            plan.track = rng.choices(tracks, weights=weights)[0][0]
    by_id = {t[0]: t for t in tracks}
    for plan in plans:
        if plan.track:
            plan.topic = rng.choice(by_id[plan.track][4])
        else:
            plan.topic = rng.choice(rng.choice(tracks)[4])
    return tracks, weights


def _assign_people(rng: random.Random, plans: list[SessionPlan]) -> int:
    """Speakers and moderators: about 70 % with one session, 30 % with two.

    Returns the number of people; each session gets distinct people, and no one gives
    two keynotes.
    """
    for plan in plans:
        if plan.kind == "panel":
            plan.speaker_count = rng.choice((3, 4))
            plan.moderator_count = 1
        elif plan.kind == "workshop":
            plan.speaker_count = 2 if rng.random() < 0.4 else 1
        elif plan.kind == "case_study":
            plan.speaker_count = 2 if rng.random() < 0.3 else 1
        elif plan.kind == "talk":
            plan.speaker_count = 2 if rng.random() < 0.1 else 1
    roles = sum(p.speaker_count + p.moderator_count for p in plans)
    total = max(1, round(roles / 1.3))
    doubles = min(roles - total, total)
    tickets = [i for i in range(total) for _ in range(2 if i < doubles else 1)]
    while len(tickets) < roles:  # only if every speaker already has two sessions
        tickets.append(total)
        total += 1
    rng.shuffle(tickets)
    keynote_people: set[int] = set()
    position = 0
    for plan in plans:
        chosen: list[int] = []
        for _ in range(plan.speaker_count + plan.moderator_count):
            j = position
            while j < len(tickets) and (
                tickets[j] in chosen or (plan.plenary and tickets[j] in keynote_people)
            ):
                j += 1
            if j == len(tickets):
                tickets.append(total)
                total += 1
            tickets[position], tickets[j] = tickets[j], tickets[position]
            chosen.append(tickets[position])
            position += 1
        plan.speakers = chosen[: plan.speaker_count]
        plan.moderators = chosen[plan.speaker_count :]
        if plan.plenary:
            keynote_people.update(chosen)
    return total


def _restrict(
    rng: random.Random, sessions_of: list[list[SessionPlan]], day_plans: list[DayPlan]
) -> tuple[list[dict[str, Any]], list[int]]:
    """About 10 % of speakers lose a day; a few more prefer one run of one day.

    Never a keynote or workshop speaker, and never two people of one session, so every
    session keeps at least one whole day (or, with one day, all runs but the first).
    """
    total = len(sessions_of)
    availability: list[dict[str, Any]] = [{} for _ in range(total)]
    touched: set[str] = set()
    restricted: list[int] = []
    candidates = list(range(total))
    rng.shuffle(candidates)
    for person in candidates:
        if len(restricted) >= round(0.10 * total):
            break
        mine = sessions_of[person]
        if any(p.kind in ("keynote", "workshop") or p.id in touched for p in mine):
            continue
        window = _unavailability(rng, day_plans)
        if window is None:
            break
        availability[person] = window
        restricted.append(person)
        touched.update(p.id for p in mine)
    for person in candidates[::-1][: max(1, round(0.06 * total))]:
        day = rng.choice(_allowed_days(availability[person], day_plans))
        blocked = {
            w.get("start") for w in availability[person].get("not", []) if w["day"] == day.id
        }
        run = rng.choice([run for run in day.runs if _clock(run[0]) not in blocked])
        availability[person] = {
            **availability[person],
            "preferred": [{"day": day.id, "start": _clock(run[0]), "end": _clock(run[-1] + SLOT)}],
        }
    return availability, sorted(restricted)


def _needs_and_audiences(
    rng: random.Random, plans: list[SessionPlan], room_plans: list[RoomPlan], slots: int
) -> None:
    """Audiences drawn from the room sizes (about 10 % overflow) and a few room needs.

    ``slots`` is the number of parallel slots over all days; needs that only a few rooms
    meet (recording, interpretation) stay well within those rooms' time.
    """
    halls = [r for r in room_plans if not r.lab] or room_plans
    caps = sorted((r.capacity for r in halls if not r.main), reverse=True) or [
        r.capacity for r in halls
    ]
    min_lab = min(r.capacity for r in room_plans if r.lab)
    recording_rooms = sum(1 for r in room_plans if "recording" in r.features)
    recording_budget = max(1, int(0.3 * recording_rooms * slots))
    interpretation_budget = max(1, slots // 4)
    seat_threshold = caps[len(caps) // 2] // 10 * 10 if len(caps) >= 2 else 0
    main_cap = room_plans[0].capacity
    for plan in plans:
        needs: dict[str, Any] = {}
        if plan.kind == "keynote":
            audience = round(main_cap * rng.uniform(0.8, 1.05))
        elif plan.kind == "workshop":
            audience = round(min_lab * rng.uniform(0.6, 1.0))
            needs["features"] = ["lab_desks"]
            needs["capacity"] = min(min_lab, rng.choice((20, 24, 30, 36)))
        else:
            pool = caps[: max(1, len(caps) // 2)] if plan.kind == "panel" else caps
            base = rng.choice(pool)
            if rng.random() < 0.1:
                audience = round(base * rng.uniform(1.1, 1.5))
            else:
                audience = round(base * rng.uniform(0.45, 0.95))
            roll = rng.random()
            if plan.data["language"] == "en" and roll < 0.25 and interpretation_budget:
                needs["features"] = ["interpretation"]
                interpretation_budget -= 1
            elif plan.kind == "talk" and roll < 0.05 and recording_budget:
                needs["features"] = ["recording"]
                recording_budget -= 1
            elif plan.kind == "talk" and roll > 0.97 and seat_threshold:
                needs["capacity"] = seat_threshold
        plan.data["audience"] = max(5, audience)
        plan.data["needs"] = needs


def _pins_and_order(
    rng: random.Random,
    plans: list[SessionPlan],
    restricted: set[str],
    room_plans: list[RoomPlan],
    day_plans: list[DayPlan],
) -> tuple[str, str, str] | None:
    """Pins, ``after`` pairs and a held room, all on sessions whose people are free.

    The opening keynote is pinned to the first plenary slot; one talk gets a full pin
    (day, start, room); a few get a day or a room; about one pair of talks in 60 is
    ordered (part 1 before part 2). Returns the held room as (track, day, room) or None.
    """
    free = [
        p
        for p in plans
        if p.kind in ("talk", "case_study", "panel", "lightning") and p.id not in restricted
    ]
    rng.shuffle(free)
    used: set[str] = set()

    def take(predicate: Any) -> SessionPlan | None:
        for candidate in free:
            if candidate.id not in used and predicate(candidate):
                used.add(candidate.id)
                return candidate
        return None

    halls = [r for r in room_plans if not r.lab] or room_plans
    per_day = day_plans[0].parallel_slots
    held_room = None
    if len(halls) >= 3 and len(room_plans) >= 4:
        units: dict[str, int] = {}
        for plan in plans:
            if plan.track:
                units[plan.track] = units.get(plan.track, 0) + plan.slots
        biggest = min(units, key=lambda t: (-units[t], t))
        if units[biggest] >= per_day:
            held_room = (biggest, day_plans[0].id, halls[1].id)
    pinnable = [r for r in halls if not held_room or r.id != held_room[2]]
    keynotes = [p for p in plans if p.plenary]
    keynotes[0].data["pin"] = {"day": day_plans[0].id, "start": _clock(day_plans[0].plenary[0])}
    count = len(plans)
    if count >= 30 and pinnable:
        plan = take(lambda p: p.kind == "talk" and not p.data["needs"])
        if plan:
            last = day_plans[-1]
            run = last.runs[len(last.runs) // 2]
            plan.data["pin"] = {"day": last.id, "start": _clock(run[0]), "room": pinnable[-1].id}
    for _ in range(max(1, count // 100)):
        plan = take(lambda p: True)
        if plan:
            plan.data["pin"] = {"day": rng.choice(day_plans).id}
    for _ in range(max(1, count // 200)):
        plan = take(lambda p: not p.data["needs"])
        if plan and pinnable:
            plan.data["pin"] = {"room": rng.choice(pinnable).id}
    for _ in range(max(1, count // 60)):
        first = take(lambda p: p.kind == "talk")
        if first is None:
            break
        track = first.track
        second = take(lambda p, track=track: p.kind == "talk" and p.track == track)
        if second is None:
            continue
        second.topic = first.topic
        first.data["part"] = 1
        second.data["part"] = 2
        second.data["after"] = [first.id]
    return held_room


def _timeslots(day_plans: list[DayPlan]) -> dict[str, Any]:
    days = []
    for index, day in enumerate(day_plans):
        zh = f"第{ZH_NUMBERS[index]}天" if index < 10 else f"第{index + 1}天"
        last = day.slots[-1]
        days.append(
            {
                "id": day.id,
                "date": day.date,
                "name": {"zh": zh, "en": f"Day {index + 1}"},
                "opens": _clock(_minutes(day.slots[0]["start"]) - 30),
                "closes": _clock(_minutes(last["start"]) + last["length"]),
                "slots": day.slots,
            }
        )
    return {"days": days}


def _tracks(
    tracks: list[Any],
    plans: list[SessionPlan],
    speaker_ids: list[str],
    held_room: tuple[str, str, str] | None,
) -> dict[str, Any]:
    chairs: dict[str, list[str]] = {}
    for plan in plans:
        if plan.track and plan.kind in ("talk", "panel", "case_study"):
            mine = chairs.setdefault(plan.track, [])
            for person in plan.people:
                if len(mine) < 2 and speaker_ids[person] not in mine:
                    mine.append(speaker_ids[person])
    records = []
    for index, (ident, zh, en, _tags, _topics) in enumerate(tracks):
        record: dict[str, Any] = {
            "id": ident,
            "name": {"zh": zh, "en": en},
            "colour": COLOURS[index],
            "description": {
                "zh": f"{zh}方向的最新进展与实践。",
                "en": f"Recent progress and practice: {en}.",
            },
        }
        if chairs.get(ident):
            record["chairs"] = sorted(chairs[ident])
        if held_room and held_room[0] == ident:
            record["held_rooms"] = [{"day": held_room[1], "room": held_room[2]}]
        records.append(record)
    return {"tracks": records}


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _rooms(rng: random.Random, sessions: int, rooms: int, labs: int) -> list[RoomPlan]:
    main_cap = min(2000, max(300, round((300 + 1.2 * sessions) / 50) * 50))
    main_features = ["projector", "stage", "recording", "streaming", "interpretation"]
    if rooms == 1:
        main_features.append("lab_desks")
    out = [
        RoomPlan(
            "main-hall",
            {"zh": "主会场", "en": "Main Hall"},
            main_cap,
            tuple(main_features),
            "1F",
            lab=rooms == 1,
            main=True,
        )
    ]
    halls = rooms - 1 - (labs if rooms > 1 else 0)
    caps = sorted(
        (
            rng.choices((60, 80, 100, 120, 150, 200, 250, 300), weights=(3, 3, 3, 3, 2, 2, 1, 1))[0]
            for _ in range(halls)
        ),
        reverse=True,
    )
    for index, cap in enumerate(caps):
        letter = _letters(index)
        features = ["projector", "whiteboard"]
        if cap >= 120:
            features += ["recording", "streaming"]
        out.append(
            RoomPlan(
                f"room-{letter.lower()}",
                {"zh": f"会议室 {letter}", "en": f"Room {letter}"},
                cap,
                tuple(features),
                f"{2 + index % 3}F",
            )
        )
    if rooms > 1:
        for index in range(labs):
            cap = rng.choice((36, 40, 48, 60))
            out.append(
                RoomPlan(
                    f"lab-{index + 1}",
                    {"zh": f"实验室 {index + 1}", "en": f"Lab {index + 1}"},
                    cap,
                    ("projector", "lab_desks", "power_outlets", "whiteboard"),
                    "B1",
                    lab=True,
                )
            )
    return out


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _people(rng: random.Random, count: int) -> list[dict[str, Any]]:
    taken: dict[str, int] = {}
    out = []
    for _ in range(count):
        foreign = rng.random() < 0.15
        if foreign:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name, latin = f"{first} {last}", f"{first} {last}"
        else:
            (szh, slat), (gzh, glat) = rng.choice(SURNAMES), rng.choice(GIVEN_NAMES)
            name, latin = f"{szh}{gzh}", f"{slat} {glat}"
        base = re.sub(r"[^a-z0-9]+", "-", latin.lower().replace("ü", "u")).strip("-")
        taken[base] = taken.get(base, 0) + 1
        ident = base if taken[base] == 1 else f"{base}-{taken[base]}"
        out.append({"id": ident, "name": name, "latin": latin, "foreign": foreign})
    return out


def _unavailability(rng: random.Random, day_plans: list[DayPlan]) -> dict[str, Any] | None:
    """A day off (or days only) that always leaves at least one whole day."""
    if len(day_plans) == 1:
        day = day_plans[0]
        if len(day.runs) < 2:
            return None
        run = day.runs[0]
        return {"not": [{"day": day.id, "start": _clock(run[0]), "end": _clock(run[-1] + SLOT)}]}
    ids = [d.id for d in day_plans]
    if rng.random() < 0.65:
        return {"not": [{"day": rng.choice(ids)}]}
    keep = 1 if len(ids) == 2 else rng.randint(1, len(ids) - 1)
    return {"only": [{"day": day} for day in sorted(rng.sample(ids, keep))]}


def _allowed_days(availability: dict[str, Any], day_plans: list[DayPlan]) -> list[DayPlan]:
    whole_off = {w["day"] for w in availability.get("not", []) if "start" not in w}
    only = {w["day"] for w in availability.get("only", [])}
    return [d for d in day_plans if d.id not in whole_off and (not only or d.id in only)]


def _texts(rng: random.Random, plan: SessionPlan) -> None:
    zh_topic, en_topic = plan.topic
    org_zh, org_en = rng.choice(COMPANIES)
    zh_fmt, en_fmt = rng.choice(TITLES[plan.kind])
    if "part" in plan.data:
        zh_fmt, en_fmt = TITLES["talk"][1]
    zh = zh_fmt.format(zh=zh_topic, org=org_zh)
    en = en_fmt.format(en=en_topic, org_en=org_en)
    if "part" in plan.data:
        part = plan.data["part"]
        zh += "（上）" if part == 1 else "（下）"
        en += f", Part {part}"
    abstract_zh, abstract_en = rng.choice(ABSTRACTS)
    abstract_zh, abstract_en = abstract_zh.format(zh=zh_topic), abstract_en.format(en=en_topic)
    roll = rng.random()
    if plan.data["language"] == "en":
        title: Any = en if roll < 0.5 else {"zh": zh, "en": en}
        abstract: Any = abstract_en
    elif roll < 0.6:
        title, abstract = {"zh": zh, "en": en}, {"zh": abstract_zh, "en": abstract_en}
    else:
        title, abstract = zh, abstract_zh
    plan.data["title"] = title
    plan.data["abstract"] = abstract
    if plan.kind == "workshop":
        plan.data["level"] = rng.choice(("intermediate", "advanced"))
    elif plan.kind != "keynote":
        plan.data["level"] = rng.choice(
            ("beginner", "intermediate", "intermediate", "advanced", "all")
        )
    track = next((t for t in TRACKS if t[0] == plan.track), None)
    if track:
        plan.data["tags"] = sorted(rng.sample(track[3], rng.randint(1, 2)))
    tentative = plan.kind != "keynote" and rng.random() < 0.03
    plan.data["status"] = "tentative" if tentative else "confirmed"


def _session(plan: SessionPlan, speaker_ids: list[str]) -> dict[str, Any]:
    d = plan.data
    out: dict[str, Any] = {
        "kind": plan.kind,
        "title": d["title"],
        "abstract": d["abstract"],
        "speakers": [speaker_ids[i] for i in plan.speakers],
    }
    if plan.moderators:
        out["moderators"] = [speaker_ids[i] for i in plan.moderators]
    out["length"] = plan.length
    if plan.track:
        out["track"] = plan.track
    if "level" in d:
        out["level"] = d["level"]
    out["language"] = d["language"]
    if d.get("tags"):
        out["tags"] = d["tags"]
    out["audience"] = d["audience"]
    if d["needs"]:
        out["needs"] = d["needs"]
    if "pin" in d:
        out["pin"] = d["pin"]
    if "after" in d:
        out["after"] = d["after"]
    if d["status"] != "confirmed":
        out["status"] = d["status"]
    return out


def _speaker(
    rng: random.Random, person: dict[str, Any], availability: dict[str, Any], keynote: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": person["name"]}
    if not person["foreign"]:
        out["name_latin"] = person["latin"]
    handle = person["id"].replace("-", "")
    if person["foreign"]:
        company = rng.choice(FOREIGN_COMPANIES)
        out["affiliation"] = company
        job = rng.choice(JOB_TITLES)[1]
        out["title"] = job
        out["bio"] = f"{person['name']}, {job}, {company}."
    else:
        company_zh, company_en = rng.choice(COMPANIES)
        job_zh, job_en = rng.choice(JOB_TITLES)
        out["affiliation"] = {"zh": company_zh, "en": company_en}
        out["title"] = {"zh": job_zh, "en": job_en}
        out["bio"] = {
            "zh": f"{person['name']}，{company_zh}{job_zh}。",
            "en": f"{person['latin']}, {job_en}, {company_en}.",
        }
    out["links"] = [{"url": f"https://github.com/{handle}", "kind": "github"}]
    if keynote:
        out["featured"] = True
    if availability:
        ordered = {
            key: availability[key] for key in ("only", "not", "preferred") if key in availability
        }
        out["availability"] = ordered
    if person["foreign"]:
        city, country, zone = rng.choice(FOREIGN_CITIES)
        remote = rng.random() < 0.15
        out["timezone"] = zone
        out["origin"] = {
            "city": city,
            "country": country,
            "region": "remote" if remote else "international",
        }
    else:
        if rng.random() < 0.4:
            out["origin"] = {"city": {"zh": "上海", "en": "Shanghai"}, "region": "local"}
        else:
            city_zh, city_en = rng.choice(DOMESTIC_CITIES)
            out["origin"] = {"city": {"zh": city_zh, "en": city_en}, "region": "domestic"}
    if keynote:
        out["honorarium"] = 5000
    out["contact"] = {"email": f"{handle}@example.com"}
    return out


def _conference(sessions: int, day_plans: list[DayPlan]) -> dict[str, Any]:
    start, end = day_plans[0].date, day_plans[-1].date
    attendance = min(2000, max(300, round((300 + 1.2 * sessions) / 50) * 50))
    return {
        "id": f"synthetic-{start.year}",
        "name": {
            "zh": f"AI 大模型开发者大会（合成数据，{sessions} 场）",
            "en": f"AI Large-Model Developer Conference (synthetic, {sessions} sessions)",
        },
        "short_name": {"zh": "合成大会", "en": "SynthConf"},
        "edition": str(start.year),
        "tagline": {"zh": "为基准测试生成的会议", "en": "A conference generated for benchmarks"},
        "description": {
            "zh": "由 bench/generate.py 生成的合成会议内容。",
            "en": "Synthetic conference content written by bench/generate.py.",
        },
        "start": start,
        "end": end,
        "timezone": "Asia/Shanghai",
        "languages": ["zh", "en"],
        "url": "https://synthconf.example.com",
        "city": {"zh": "上海", "en": "Shanghai"},
        "organiser": {"zh": "合成大会组委会", "en": "SynthConf Organising Committee"},
        "public_email": "hello@synthconf.example.com",
        "tickets": {
            "url": "https://synthconf.example.com/tickets",
            "price_from": 299,
            "currency": "CNY",
        },
        "goals": [
            {"zh": "连接大模型开发者", "en": "Connect large-model developers"},
            {"zh": "分享可落地的工程实践", "en": "Share engineering practice that works"},
        ],
        "audiences": [
            {"kind": "developers", "target": round(attendance * 0.6)},
            {"kind": "researchers", "target": round(attendance * 0.2)},
            {"kind": "companies", "target": round(attendance * 0.15)},
            {"kind": "students", "target": round(attendance * 0.05)},
        ],
        "important_dates": [
            {"kind": "cfp_open", "date": start - timedelta(days=120)},
            {"kind": "cfp_close", "date": start - timedelta(days=60)},
            {"kind": "notification", "date": start - timedelta(days=45)},
            {"kind": "agenda_published", "date": start - timedelta(days=30)},
            {"kind": "conference", "date": start},
        ],
        "social": [{"url": "https://github.com/synthconf", "kind": "github"}],
    }


def _venue(room_plans: list[RoomPlan], day_plans: list[DayPlan]) -> dict[str, Any]:
    rooms = []
    for room in room_plans:
        rooms.append(
            {
                "id": room.id,
                "name": room.name,
                "capacity": room.capacity,
                "area_m2": float(round(room.capacity * (2.5 if room.lab else 1.4))),
                "floor": room.floor,
                "features": list(room.features),
            }
        )
    meals = []
    for day in day_plans:
        meals.append({"day": day.id, "kind": "coffee"})
        meals.append(
            {
                "day": day.id,
                "kind": "lunch",
                "description": {"zh": "自助午餐", "en": "Buffet lunch"},
            }
        )
    return {
        "name": {"zh": "浦江会议中心", "en": "Pujiang Convention Centre"},
        "address": {
            "zh": "上海市浦东新区示例路 100 号",
            "en": "100 Example Road, Pudong, Shanghai",
        },
        "city": {"zh": "上海", "en": "Shanghai"},
        "country": {"zh": "中国", "en": "China"},
        "coordinates": {"lat": 31.2304, "lon": 121.4737},
        "transport": {
            "zh": "地铁 2 号线示例站 3 号口步行 5 分钟。",
            "en": "Five minutes' walk from exit 3 of the Example metro station, line 2.",
        },
        "hotels": [
            {
                "id": "riverside-hotel",
                "name": {"zh": "江畔酒店", "en": "Riverside Hotel"},
                "distance": {"zh": "步行 5 分钟", "en": "5 min walk"},
                "booking_code": "SYNTH",
            }
        ],
        "catering": {
            "dietary": [{"zh": "素食", "en": "Vegetarian"}, {"zh": "清真", "en": "Halal"}],
            "meals": meals,
        },
        "rooms": rooms,
    }


def _interest(
    rng: random.Random, plans: list[SessionPlan], tracks: list[Any], weights: list[float]
) -> dict[str, Any]:
    """Survey answers: each picks 2 to 6 sessions, three in four from one favourite track.

    Identical answers are merged; popular tracks are favoured with the tracks' weights.
    """
    by_track: dict[str, list[str]] = {}
    for plan in plans:
        if plan.track:
            by_track.setdefault(plan.track, []).append(plan.id)
    everything = [p.id for p in plans]
    members = {track: set(ids) for track, ids in by_track.items()}
    all_members = set(everything)
    answers: dict[tuple[str, ...], int] = {}
    for _ in range(max(12, round(0.6 * len(plans)))):
        track = rng.choices(tracks, weights=weights)[0][0]
        home = by_track.get(track, everything)
        home_set = members.get(track, all_members)
        size = min(len(everything), rng.randint(2, 6))
        chosen: list[str] = []
        while len(chosen) < size:
            home_left = sum(1 for c in chosen if c in home_set) < len(home)
            pool = home if rng.random() < 0.75 and home_left else everything
            pick = rng.choice(pool)
            if pick not in chosen:
                chosen.append(pick)
        key = tuple(sorted(chosen))
        answers[key] = answers.get(key, 0) + min(40, int(rng.expovariate(1 / 6)) + 1)
    return {
        "source": "synthetic registration survey (bench/generate.py)",
        "responses": [
            {"sessions": list(key), "count": count} for key, count in sorted(answers.items())
        ],
    }


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

_CLOCK_TEXT = re.compile(r"^\d{2}:\d{2}$")
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\x00-\x1f\x7f\u2028\u2029]*$")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


@functools.lru_cache(maxsize=65536)
def _text(value: str) -> str:
    """A string as a YAML scalar: plain when it cannot be misread, else double-quoted.

    Times are always quoted ("09:30"). A plain string must not look like a number, a
    boolean, null or a date to either YAML 1.1 (PyYAML) or 1.2 readers.
    """
    if (
        _CLOCK_TEXT.match(value)
        or not _PLAIN_SAFE.match(value)
        or value != value.strip()
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG
        or re.match(r"^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.?[0-9])", value)
    ):
        return json.dumps(value, ensure_ascii=False)
    return value


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def _emit(value: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                lines.append(f"{pad}{key}:")
                _emit(item, indent + 2, lines)
            elif isinstance(item, list) and item:
                lines.append(f"{pad}{key}:")
                _emit(item, indent, lines)
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                first = len(lines)
                _emit(item, indent + 2, lines)
                lines[first] = f"{pad}- {lines[first][indent + 2 :]}"
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}- {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    else:
        lines.append(f"{pad}{_scalar(value)}")


def dump(data: Any) -> str:
    """One YAML document in block style, keys in the given order, stable for the same data.

    Hand-written rather than ``yaml.safe_dump`` because it is ten times faster and the data
    is known: mappings with plain keys, lists, strings, numbers, booleans and dates.
    """
    lines: list[str] = []
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


def write(instance: Instance, out: Path, *, force: bool = False) -> None:
    """Write the instance into ``out``, refusing a non-empty folder unless ``force``.

    With ``force``, the files this generator writes (and every ``*.yaml`` in speakers/ and
    sessions/) are replaced; anything else in the folder is left alone.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use --force to overwrite)")
        for folder in ("speakers", "sessions"):
            if (out / folder).is_dir():
                for old in (out / folder).glob("*.yaml"):
                    old.unlink()
    for folder in ("speakers", "sessions"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for name, data in instance.files.items():
        (out / name).write_text(dump(data), encoding="utf-8", newline="\n")


def generate(
    out: Path, sessions: int, rooms: int, days: int, seed: int, *, force: bool = False
) -> None:
    """Write a synthetic conference into ``out`` (see the module docstring)."""
    instance = build(sessions, rooms, days, seed)
    for note in instance.warnings:
        warnings.warn(note, stacklevel=2)
    write(instance, Path(out), force=force)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python bench/generate.py",
        description="Write a valid, realistic synthetic conference content folder.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write (new or empty)")
    parser.add_argument("--sessions", type=int, default=100, help="number of sessions (100)")
    parser.add_argument("--rooms", type=int, default=5, help="number of rooms (5)")
    parser.add_argument("--days", type=int, default=2, help="number of days (2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder, replacing generated files",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        instance = build(args.sessions, args.rooms, args.days, args.seed)
        write(instance, args.out, force=args.force)
    except (ValueError, FileExistsError) as err:
        parser.exit(2, f"error: {err}\n")
    for note in instance.warnings:
        print(f"warning: {note}", file=sys.stderr)
    if not args.quiet:
        s = instance.summary
        kinds = ", ".join(f"{n} {k}" for k, n in s["by_kind"].items() if n)
        print(
            f"{args.out}: {s['sessions']} sessions ({kinds}), {s['speakers']} speakers, "
            f"{s['tracks']} tracks, {s['rooms']} rooms ({s['labs']} labs), {s['days']} days x "
            f"{s['parallel_slots_per_day']} parallel slots, {s['plenary_slots']} plenary "
            f"slots, load {s['load']:.0%}, {s['restricted_speakers']} speakers restricted, "
            f"{s['pins']} pins, {s['after']} orders; {time.perf_counter() - began:.2f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
