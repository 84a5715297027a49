"""Campaign settings (issue 10 req. 1): the city writes them while the campaign may be edited, each
change audited; a published campaign is locked until the city unlocks it with a reason; every role
holding planning.settings in the city reads them (not confidential); the guidance joins the
village page's committee checks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.core.workflow import RecordLocked
from huanjie.planning import services
from huanjie.planning.models import (
    Campaign,
    CampaignBody,
    GuidanceRule,
    NegativeItem,
    ResponsiblePerson,
    ReviewDepartment,
    StructureTarget,
)
from huanjie.rules.citations import CITE_SPEECH_AGE
from tests.factories import PersonFactory, seat, unit

pytestmark = pytest.mark.django_db

AGE_TARGET = {
    "code": "average_age",
    "label": "",
    "low": Decimal(3),
    "high": Decimal(5),
    "baseline": "previous_term",
}
SECRETARY_AGE = {
    "post": "secretary",
    "applies_to": "all",
    "age_limit_male": 60,
    "age_limit_female": 55,
    "min_education": "",
    "cutoff": dt.date(2026, 12, 31),
    "severity": "warning",
    "citation": CITE_SPEECH_AGE,
}
SECRETARY_EDUCATION = {
    **SECRETARY_AGE,
    "age_limit_male": None,
    "age_limit_female": None,
    "min_education": "中专或高中",
    "citation": "青澜市换届工作实施意见 第三条",
}


def add(cast, campaign, section, /, **values):
    return services.setting_add(actor=cast["city_operator"], campaign=campaign, kind=section, values=values)


def test_every_kind_of_setting_is_added_and_deleted_with_an_audit_event(cast, campaign):
    rows = [
        add(cast, campaign, "body", kind="leadership_group", name="换届工作领导小组", head="市委副书记"),
        add(cast, campaign, "person", unit=cast.county, role="first", name="赵书记", position="县委书记"),
        add(cast, campaign, "task", title="研判", owner="市委组织部", deadline=dt.date(2026, 1, 15)),
        add(cast, campaign, "target", **AGE_TARGET),
        add(
            cast,
            campaign,
            "negative",
            code="1",
            text="受过刑事处罚",
            tier="cannot",
            lookback_years=None,
            department="公安局",
        ),
        add(cast, campaign, "guidance", **SECRETARY_AGE),
        add(cast, campaign, "department", name="公安局", checks="违法犯罪记录", days=5),
    ]
    assert rows[3].label == "“两委”成员平均年龄下降"  # the definition's name when none given
    created = AuditEvent.objects.filter(action="create", org_path=cast.city.path).count()
    assert created == 1 + len(rows)  # the campaign and each row
    services.setting_delete(actor=cast["city_operator"], row=rows[4])
    event = AuditEvent.objects.filter(action="delete").get()
    assert event.reason == "删除负面清单事项" and event.org_path == cast.city.path
    assert not NegativeItem.objects.exists()


def test_bad_values_are_refused_in_chinese(cast, campaign):
    with pytest.raises(ValidationError) as exc:
        add(cast, campaign, "person", unit=cast.town, role="first", name="", position="")
    assert set(exc.value.message_dict) == {"name", "position"}
    with pytest.raises(ValidationError) as exc:
        add(cast, campaign, "person", unit=cast.village, role="boss", name="x", position="y")
    assert exc.value.message_dict["unit"] == ["请选择市、县（市、区）或乡镇（街道）"]
    add(cast, campaign, "person", unit=cast.town, role="direct", name="钱", position="镇党委书记")
    with pytest.raises(ValidationError, match="已登记直接责任人"):
        add(cast, campaign, "person", unit=cast.town, role="direct", name="孙", position="镇党委书记")
    with pytest.raises(ValidationError) as exc:
        add(cast, campaign, "target", **{**AGE_TARGET, "baseline": "sitting_on"})
    assert exc.value.message_dict == {"baseline_date": ["以指定日期在任成员为基准时，请填写该日期"]}
    add(cast, campaign, "target", **AGE_TARGET)
    with pytest.raises(ValidationError, match="该目标已设置"):
        add(cast, campaign, "target", **AGE_TARGET)
    with pytest.raises(ValidationError, match="比例不能超过"):
        add(cast, campaign, "target", code="college", low=Decimal(120), high=None)
    with pytest.raises(ValidationError, match="请至少填写一项"):
        add(cast, campaign, "guidance", **{**SECRETARY_EDUCATION, "min_education": ""})
    with pytest.raises(ValidationError, match="办理时限"):
        add(cast, campaign, "department", name="法院", checks="判决", days=0)
    add(cast, campaign, "negative", code="1", text="x", tier="cannot", lookback_years=5, department="法院")
    with pytest.raises(ValidationError) as exc:
        add(cast, campaign, "negative", code="1", text="x", tier="maybe", lookback_years=0, department="法院")
    assert set(exc.value.message_dict) == {"code", "tier", "lookback_years"}
    with pytest.raises(ValidationError):
        add(cast, campaign, "unknown")


def test_only_the_city_writes_the_settings(cast, campaign):
    with pytest.raises(PermissionDenied):
        services.setting_add(
            actor=cast["county_operator"],
            campaign=campaign,
            kind="department",
            values={"name": "法院", "checks": "判决", "days": 5},
        )


def test_a_published_campaign_locks_its_settings_until_the_city_unlocks_it_with_a_reason(cast, campaign):
    city_op = cast["city_operator"]
    target = add(cast, campaign, "target", **AGE_TARGET)
    services.campaign_act(actor=city_op, campaign=campaign, name="publish")
    with pytest.raises(RecordLocked):
        add(cast, campaign, "department", name="法院", checks="判决", days=5)
    with pytest.raises(RecordLocked):
        services.setting_delete(actor=city_op, row=target)
    with pytest.raises(RecordLocked):
        services.target_update(
            actor=city_op,
            target=target,
            label="x",
            low=Decimal(3),
            high=Decimal(4),
            baseline="previous_term",
            baseline_date=None,
            majors="",
        )
    services.campaign_act(actor=city_op, campaign=campaign, name="unlock", reason="增加联审部门")
    add(cast, campaign, "department", name="法院", checks="判决", days=5)
    assert ReviewDepartment.objects.count() == 1
    assert AuditEvent.objects.filter(action="unlock", reason="增加联审部门").exists()


def test_a_target_edit_is_versioned_and_audited(cast, campaign):
    target = add(cast, campaign, "target", **AGE_TARGET)
    stale = StructureTarget.objects.get(pk=target.pk)
    kwargs = {"low": Decimal(3), "high": Decimal(5), "baseline_date": dt.date(2026, 11, 30), "majors": "x"}
    services.target_update(
        actor=cast["city_operator"], target=target, label="平均年龄下降", baseline="sitting_on", **kwargs
    )
    target.refresh_from_db()
    assert (target.baseline, target.baseline_date, target.majors) == ("sitting_on", dt.date(2026, 11, 30), "")
    with pytest.raises(StaleEdit):
        services.target_update(
            actor=cast["city_operator"], target=stale, label="旧", baseline="previous_term", **kwargs
        )
    assert AuditEvent.objects.filter(action="update", model="planning.StructureTarget").count() == 1


def test_the_settings_page_is_read_by_every_role_of_the_city_and_edited_by_the_city(cast, published, client):
    add_url = reverse("planning:department_add", args=[published.pk])
    page_url = reverse("planning:settings", args=[published.pk])
    readers = [
        "county_operator",
        "town_operator",
        "county_approver",
        "leader",
        "village_operator",
        "vetting",
        "supervisor",
    ]
    for role in readers:
        client.force_login(cast[role])
        r = client.get(page_url)
        assert r.status_code == 200, role
        assert "换届工作要求" in r.content.decode() and add_url not in r.content.decode()
        assert client.post(add_url, {"name": "法院", "checks": "判决", "days": "5"}).status_code == 403, role
    client.force_login(cast["city_operator"])
    page = client.get(page_url).content.decode()
    assert "已发布的换届工作处于锁定状态" in page and add_url not in page
    # 2025-12-01 to 2026-06-30: the window straddles the change of the law
    assert "跨越法律文本变更" in page and "2026-01-01" in page
    assert (
        "跨越法律文本变更" in client.get(reverse("planning:campaign", args=[published.pk])).content.decode()
    )


def test_the_city_fills_the_settings_through_the_pages(cast, campaign, client):
    client.force_login(cast["city_operator"])
    r = client.post(
        reverse("planning:person_add", args=[campaign.pk]),
        {"unit": cast.county.code, "role": "first", "name": "赵书记", "position": "县委书记"},
    )
    assert r.status_code == 302
    assert ResponsiblePerson.objects.get().unit == cast.county
    r = client.post(
        reverse("planning:target_add", args=[campaign.pk]),
        {"code": "field_fit", "low": "30", "majors": ""},
    )
    assert r.status_code == 400 and "请列出对口的专业" in r.content.decode()
    r = client.post(
        reverse("planning:target_add", args=[campaign.pk]),
        {"code": "field_fit", "low": "30", "majors": "农学、会计"},
    )
    target = StructureTarget.objects.get()
    r = client.get(reverse("planning:target_edit", args=[target.pk]))
    assert r.status_code == 200 and "专业对口" in r.content.decode()
    r = client.post(
        reverse("planning:target_edit", args=[target.pk]),
        {
            "label": "专业对口",
            "low": "35",
            "high": "",
            "majors": "农学、会计、法律",
            "version": target.version,
        },
    )
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.low == 35 and target.majors == "农学、会计、法律"
    body = CampaignBody.objects.create(campaign=campaign, kind="task_force", name="专班")
    r = client.post(reverse("planning:body_delete", args=[body.pk]))
    assert r.status_code == 302 and not CampaignBody.objects.exists()
    page = client.get(reverse("planning:settings", args=[campaign.pk])).content.decode()
    assert "赵书记" in page and "专业对口" in page


def test_the_settings_of_another_city_are_not_found(cast, client):
    other = Campaign.objects.create(
        city=unit("329800000000", "city", "西岭市"),
        name="外市",
        profile_code="zhejiang",
        window_start=dt.date(2026, 1, 1),
        window_end=dt.date(2026, 6, 1),
        state="published",
    )
    row = NegativeItem.objects.create(campaign=other, code="1", text="x", tier="cannot", department="法院")
    for role in ("city_operator", "village_operator"):
        client.force_login(cast[role])
        assert client.get(reverse("planning:settings", args=[other.pk])).status_code == 404
    client.force_login(cast["city_operator"])
    assert client.post(reverse("planning:negative_delete", args=[row.pk])).status_code == 404
    assert NegativeItem.objects.exists()


def _guidance_village(cast, campaign, birth):
    add(cast, campaign, "guidance", **SECRETARY_AGE)
    add(cast, campaign, "guidance", **SECRETARY_EDUCATION)
    services.campaign_act(actor=cast["city_operator"], campaign=campaign, name="publish")
    p = PersonFactory(
        name="钱老伯", birth_date=birth, education="junior_or_below", domicile_unit=cast.village
    )
    seat(p, cast.village, "party_org", "secretary")


def test_the_guidance_flags_a_sixty_year_old_secretary_on_the_village_page(cast, campaign, client):
    _guidance_village(cast, campaign, dt.date(1966, 12, 31))  # 60 on the cut-off 2026-12-31
    for role in ("village_operator", "town_operator"):
        client.force_login(cast[role])
        page = client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
        assert "钱老伯截至 2026-12-31 年满 60 周岁" in page, role
        assert CITE_SPEECH_AGE in page and "青澜市换届工作实施意见 第三条" in page
        assert "学历为初中及以下" in page


def test_the_guidance_spares_a_secretary_one_day_short_of_sixty(cast, campaign, client):
    _guidance_village(cast, campaign, dt.date(1967, 1, 1))  # 59 on the cut-off
    client.force_login(cast["town_operator"])
    page = client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    assert "年满" not in page and "学历为初中及以下" in page


def test_a_draft_campaign_guidance_does_not_apply(cast, campaign, client):
    add(cast, campaign, "guidance", **SECRETARY_AGE)
    p = PersonFactory(name="钱老伯", birth_date=dt.date(1950, 1, 1), domicile_unit=cast.village)
    seat(p, cast.village, "party_org", "secretary")
    client.force_login(cast["town_operator"])
    page = client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    assert "年满" not in page
    assert GuidanceRule.objects.count() == 1


def test_the_settings_api_answers_every_role_of_the_city(cast, campaign, client):
    from tests.apiclient import api_get, bearer

    add(cast, campaign, "target", **AGE_TARGET)
    add(
        cast,
        campaign,
        "negative",
        code="1",
        text="受过刑事处罚",
        tier="cannot",
        lookback_years=5,
        department="法院",
    )
    services.campaign_act(actor=cast["city_operator"], campaign=campaign, name="publish")
    path = f"/api/planning/campaigns/{campaign.pk}/settings"
    for role in ("village_operator", "vetting", "city_operator"):
        r = api_get(client, path, bearer(cast[role]))
        assert r.status_code == 200, role
        body = r.json()
        assert "2026-01-01" in body["law_note"]
        assert body["targets"][0] | {"definition": ""} == {
            "code": "average_age",
            "label": "“两委”成员平均年龄下降",
            "unit": "岁",
            "definition": "",
            "citation": CITE_SPEECH_AGE,
            "low": 3.0,
            "high": 5.0,
            "baseline": "previous_term",
            "baseline_date": None,
            "majors": "",
        }
        assert body["negative_list"] == [
            {"code": "1", "text": "受过刑事处罚", "tier": "cannot", "lookback_years": 5, "department": "法院"}
        ]
