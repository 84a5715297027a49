import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent, WorkflowHistory
from huanjie.core.workflow import RecordLocked, leader_notices
from huanjie.planning import services
from huanjie.planning.capabilities import PlanningCap

pytestmark = pytest.mark.django_db


def test_only_the_city_creates_a_campaign(cast):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=cast["county_operator"],
            city=cast.city,
            name="x",
            profile_code="zhejiang",
            window_start=dt.date(2026, 1, 1),
            window_end=dt.date(2026, 6, 1),
        )
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            actor=cast["city_operator"],
            city=cast.city,
            name="x",
            profile_code="atlantis",
            window_start=dt.date(2026, 6, 1),
            window_end=dt.date(2026, 1, 1),
        )
    assert set(exc.value.error_dict) == {"profile_code", "window_end"}


def test_milestones_and_batches_are_audited(cast, campaign):
    m = services.milestone_add(
        actor=cast["city_operator"], campaign=campaign, name="研判完成", date=dt.date(2026, 1, 15)
    )
    services.batch_add(
        actor=cast["city_operator"],
        campaign=campaign,
        name="试点",
        start=dt.date(2025, 12, 1),
        end=dt.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError):
        services.batch_add(
            actor=cast["city_operator"],
            campaign=campaign,
            name="一批",
            start=dt.date(2026, 3, 1),
            end=dt.date(2026, 2, 1),
        )
    services.milestone_delete(actor=cast["city_operator"], milestone=m)
    actions = list(
        AuditEvent.objects.filter(org_path=cast.city.path).order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["create", "create", "create", "delete"]


def test_a_published_campaign_is_locked_until_the_city_unlocks_it_with_a_reason(cast, published):
    city_op = cast["city_operator"]
    with pytest.raises(RecordLocked):
        services.milestone_add(actor=city_op, campaign=published, name="x", date=dt.date(2026, 1, 1))
    with pytest.raises(RecordLocked):
        services.campaign_update(
            actor=city_op,
            campaign=published,
            name="改名",
            profile_code="zhejiang",
            window_start=published.window_start,
            window_end=published.window_end,
        )
    from huanjie.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused):
        services.campaign_act(actor=city_op, campaign=published, name="unlock", reason=" ")
    with pytest.raises(PermissionDenied):
        services.campaign_act(
            actor=cast["county_operator"], campaign=published, name="unlock", reason="改节点"
        )
    services.campaign_act(actor=city_op, campaign=published, name="unlock", reason="调整节点日期")
    assert published.state == "draft"
    assert AuditEvent.objects.filter(action="unlock", reason="调整节点日期").exists()
    # The city's unlock of its own record is flagged for its leader.
    assert [h.reason for h in leader_notices(cast["leader"], capability=PlanningCap.VIEW)] == ["调整节点日期"]
    services.milestone_add(actor=city_op, campaign=published, name="研判完成", date=dt.date(2026, 1, 15))
    assert WorkflowHistory.objects.filter(transition="unlock").count() == 1


def test_every_planning_user_of_the_city_sees_the_campaign_page(cast, published, client):
    services_ok = ["city_operator", "county_operator", "town_operator", "county_approver", "leader"]
    for role in services_ok:
        client.force_login(cast[role])
        r = client.get(reverse("planning:campaign", args=[published.pk]))
        assert r.status_code == 200, role
        assert "2026年换届" in r.content.decode()
    for role in ("village_operator", "vetting", "supervisor"):
        client.force_login(cast[role])
        assert client.get(reverse("planning:index")).status_code == 403, role


def test_the_city_creates_publishes_and_unlocks_through_the_pages(cast, client):
    client.force_login(cast["city_operator"])
    r = client.post(
        reverse("planning:campaign_new"),
        {
            "name": "2026年换届",
            "profile_code": "zhejiang",
            "window_start": "2025-12-01",
            "window_end": "2026-06-30",
        },
    )
    assert r.status_code == 302
    url = r["Location"]
    pk = int(url.rstrip("/").split("/")[-1])
    r = client.post(reverse("planning:milestone_add", args=[pk]), {"name": "研判完成", "date": "2026-01-15"})
    assert r.status_code == 302
    r = client.post(reverse("planning:campaign_act", args=[pk]), {"action": "publish"})
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "已发布" in page and "研判完成" in page and "解锁" in page
    r = client.post(reverse("planning:campaign_act", args=[pk]), {"action": "unlock", "reason": ""})
    assert r.status_code == 400 and "解锁须填写理由" in r.content.decode()
    r = client.post(reverse("planning:milestone_add", args=[pk]), {"name": "x", "date": "2026-01-15"})
    assert r.status_code == 400 and "锁定" in r.content.decode()
