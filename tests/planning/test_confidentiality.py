"""只做不说: assessments and their per-member views only up the chain of the village's jurisdiction;
never to the village operator, vetting departments or supervision groups; every view from outside
the preparing town audited."""

import re

import pytest
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.planning import selectors, services
from tests.apiclient import bearer
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "view_confidential"


@pytest.fixture
def filled(cast, assessment, sitting):
    services.assessment_update(
        actor=cast["town_operator"],
        assessment=assessment,
        grade="poor",
        category="weak",
        problems=["clan"],
        risks=[],
        notes="班子软弱",
    )
    services.member_view_set(
        actor=cast["town_operator"], assessment=assessment, tenure=sitting, view="leave", reason="威信不高"
    )
    return assessment


@pytest.mark.parametrize("role", ["village_operator", "vetting", "supervisor"])
def test_village_operator_vetting_and_supervisors_see_nothing(cast, filled, client, role):
    user = cast[role]
    client.force_login(user)
    for name, args in (
        ("planning:assessment", [filled.pk]),
        ("planning:assessments", [filled.campaign_id]),
        ("planning:index", []),
    ):
        r = client.get(reverse(name, args=args))
        assert r.status_code in (403, 404), (role, name)
        assert "威信不高" not in r.content.decode()
    r = client.get(
        f"/api/planning/assessments/{filled.pk}", headers={"Authorization": f"Bearer {bearer(user)}"}
    )
    assert r.status_code in (403, 404)
    assert not selectors.campaigns_visible(user).exists()


def test_a_village_operator_assigned_to_the_town_is_still_refused(cast, filled, client):
    """The rule is the role's grants, not the unit: a village operator never holds planning.view."""
    user = user_with_role("village_op2", "village_operator", cast.village)
    client.force_login(user)
    assert client.get(reverse("planning:assessment", args=[filled.pk])).status_code == 403


def test_the_neighbouring_town_does_not_see_it(cast, filled, client):
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("planning:assessment", args=[filled.pk])).status_code == 404


def test_views_inside_the_preparing_town_are_not_audited(cast, filled, client):
    client.force_login(cast["town_operator"])
    r = client.get(reverse("planning:assessment", args=[filled.pk]))
    assert r.status_code == 200 and "威信不高" in r.content.decode()
    assert not AuditEvent.objects.filter(action=CONFIDENTIAL).exists()


@pytest.mark.parametrize("role", ["county_operator", "county_approver", "city_operator", "leader"])
def test_every_view_from_outside_the_town_is_audited(cast, filled, client, role):
    user = cast[role]
    client.force_login(user)
    for _ in range(2):
        r = client.get(reverse("planning:assessment", args=[filled.pk]))
        assert r.status_code == 200 and "威信不高" in r.content.decode()
    r = client.get(
        f"/api/planning/assessments/{filled.pk}", headers={"Authorization": f"Bearer {bearer(user)}"}
    )
    assert r.status_code == 200 and r.json()["members"][0]["reason"] == "威信不高"
    events = AuditEvent.objects.filter(action=CONFIDENTIAL, actor=user)
    assert events.count() == 3
    assert set(events.values_list("org_path", flat=True)) == {cast.village.path}


def test_the_list_shows_no_assessment_content(cast, filled, client):
    client.force_login(cast["county_operator"])
    page = client.get(reverse("planning:assessments", args=[filled.campaign_id])).content.decode()
    assert "东村" in page and "威信不高" not in page and "较差" not in page
    assert not AuditEvent.objects.filter(action=CONFIDENTIAL).exists()


def test_the_village_page_links_to_seats_and_assessment_only_for_planning_users(cast, filled, client):
    url = reverse("org:unit", args=[cast.village.code])
    client.force_login(cast["town_operator"])
    page = client.get(url).content.decode()
    assert reverse("planning:assessment", args=[filled.pk]) in page
    assert reverse("planning:seats", args=[filled.campaign_id, cast.village.code]) in page
    client.force_login(cast["village_operator"])
    page = client.get(url).content.decode()
    # Only the campaign's settings (not confidential) are linked for the village operator.
    assert set(re.findall(r'href="(/planning/[^"]*)"', page)) == {reverse("planning:settings_index")}
