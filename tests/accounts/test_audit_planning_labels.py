"""Issue 9 req. 7: the planning app's audit entries read in Chinese like every other: model verbose
names, field labels, choice labels (also inside JSON lists), workflow states and transitions by their
labels, related records by name — one mechanism in accounts.console_selectors, no per-event case."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from huanjie.accounts.console_selectors import audit_rows
from huanjie.core.models import AuditEvent
from huanjie.planning import services
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

RAW = re.compile(r"[A-Za-z_]{3,}")


def _planning_trail(cast):
    city, town, approver = cast["city_operator"], cast["town_operator"], cast["county_approver"]
    campaign = services.campaign_create(
        actor=city,
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
    )
    services.milestone_add(actor=city, campaign=campaign, name="选民登记", date=dt.date(2026, 2, 1))
    services.batch_add(
        actor=city, campaign=campaign, name="第一批", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1)
    )
    services.campaign_act(actor=city, campaign=campaign, name="publish")
    services.committee_seats_set(
        actor=town,
        campaign=campaign,
        unit=cast.village,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 10),
        document_no="东村〔2026〕1号",
    )
    services.party_seats_set(
        actor=town,
        campaign=campaign,
        unit=cast.village,
        members=5,
        form="general_branch",
        request_no="东村党〔2026〕1号",
        request_date=dt.date(2026, 1, 5),
        approval_no="青石党〔2026〕2号",
        approval_date=dt.date(2026, 1, 8),
    )
    tenure = seat(
        PersonFactory(name="钱东升", domicile_unit=cast.village), cast.village, "villagers_committee", "chair"
    )
    a = services.assessment_create(actor=town, campaign=campaign, unit=cast.village)
    services.assessment_update(
        actor=town,
        assessment=a,
        grade="poor",
        category="weak",
        problems=["economy", "clan"],
        risks=["vote_buying"],
        notes="班子较弱",
    )
    services.member_view_set(actor=town, assessment=a, tenure=tenure, view="adjust", reason="年龄偏大")
    services.assessment_act(actor=town, assessment=a, name="submit")
    services.assessment_act(actor=approver, assessment=a, name="return", reason="问题分析不具体")
    return AuditEvent.objects.filter(model__startswith="planning.").order_by("seq")


def test_every_planning_entry_reads_in_chinese(cast):
    rows = audit_rows(_planning_trail(cast))
    raw = [
        (r.event.action, r.event.model, c.field, c.before, c.after)
        for r in rows
        for c in r.changes
        if RAW.search(f"{c.field}{c.before}{c.after}")
    ]
    assert raw == [], "\n".join(map(str, raw))
    assert all(not RAW.search(r.model_label) for r in rows)
    shown = {(c.field, c.after) for r in rows for c in r.changes}
    assert ("存在问题", "宗族、家族势力干扰、集体经济薄弱") in shown
    assert ("风险点", "拉票贿选风险") in shown
    assert ("村（社区）类别", "软弱涣散") in shown
    assert ("组织形式", "党总支") in shown
    assert ("意见", "调整") in shown
    assert ("换届工作", "2026年换届") in shown  # a foreign key without a verbose name: its model's
    assert ("状态", "已发布") in shown or any(f == "状态" for f, _ in shown)
    assert ("省级配置", "浙江省") in shown


def test_the_audit_page_shows_the_labels(cast, client):
    _planning_trail(cast)
    client.force_login(cast["auditadmin"])
    response = client.get(reverse("console:audit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "软弱涣散" in html and "拉票贿选风险" in html
    for raw in ("vote_buying", "general_branch", "zhejiang", "submitted", ">campaign<"):
        assert raw not in html
