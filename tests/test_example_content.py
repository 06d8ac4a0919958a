"""The example conference is complete: what the foundation issue promises organisers."""

from __future__ import annotations

from collections import Counter

import pytest

from confsite.load.loader import load_content
from confsite.model.common import localize
from confsite.model.content import Content
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(EXAMPLE)


def test_sessions_cover_every_kind(content: Content) -> None:
    kinds = Counter(session.kind for _, session in content.sessions)
    assert len(content.sessions) >= 40
    assert kinds["keynote"] >= 3
    assert kinds["workshop"] >= 3
    assert kinds["case_study"] >= 1
    assert kinds["panel"] >= 2
    assert kinds["competition"] >= 1
    assert kinds["lightning"] >= 1
    talk_tracks = {s.track for _, s in content.sessions if s.kind == "talk"}
    assert len(talk_tracks) >= 3


def test_workshops_span_several_slots(content: Content) -> None:
    slot = min(s.length for d in content.grid.days for s in d.slots if s.kind == "session")
    workshops = [s for _, s in content.sessions if s.kind == "workshop"]
    assert sum(1 for w in workshops if w.length > slot) >= 3


def test_competition_has_a_final_after_it(content: Content) -> None:
    competitions = {i for i, s in content.sessions if s.kind == "competition"}
    assert any(set(content.session[i].after) & competitions for i in competitions)


def test_speakers(content: Content) -> None:
    assert len(content.speakers) >= 30
    talks = Counter(p for _, s in content.sessions for p in s.people)
    assert any(count >= 2 for count in talks.values()), "some speakers have two sessions"
    one_day = [
        i
        for i, sp in content.speakers
        if sp.availability.only and len({w.day for w in sp.availability.only}) == 1
    ]
    assert one_day, "some speakers are available on one day only"
    names = Counter(localize(sp.name, "zh") for _, sp in content.speakers)
    assert any(count > 1 for count in names.values()), "two speakers share a name"


def test_venue_team_sponsors_faq(content: Content) -> None:
    capacities = {room.capacity for room in content.venue.rooms}
    assert len(content.venue.rooms) >= 4 and len(capacities) >= 4
    assert content.venue.hotels and content.venue.catering.meals
    assert len(content.sponsors.tiers) >= 3
    roles = {m.role for m in content.team.members}
    assert {"chair", "organising", "programme", "volunteer"} <= roles
    assert len(content.faq.entries) >= 10
    assert len(content.grid.days) == 2
    assert {"zh", "en"} <= set(content.conference.languages)


def test_budget_inputs(content: Content) -> None:
    budget = content.budget
    assert budget is not None
    assert budget.funds == 50000
    assert budget.limits.max_days == 2
    assert budget.limits.min_area_m2 >= 1000
    assert budget.limits.min_attendance >= 500


def test_promotion_channels(content: Content) -> None:
    kinds = {channel.kind for channel in content.promotion.channels}
    assert {"website", "wechat", "weibo", "zhihu", "media", "email"} <= kinds
