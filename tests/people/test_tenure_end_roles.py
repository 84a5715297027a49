"""Issue 9, requirement 11: the town decides a member's leaving, the village may not end a tenure
(not even of its own party secretary). The access walker covers the route through its declared
capability (PeopleCap.TENURE_CHANGE, granted to town, county and city operators only)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from huanjie.accounts.roles import capabilities_of
from huanjie.core.models import AuditEvent
from huanjie.people import selectors, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import Tenure
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def test_only_town_level_operators_and_above_change_members_directly():
    holders = {
        r
        for r in ("city_operator", "county_operator", "town_operator")
        if PeopleCap.TENURE_CHANGE in capabilities_of(r)
    }
    assert holders == {"city_operator", "county_operator", "town_operator"}
    for role in ("village_operator", "county_approver", "supervisor", "leader", "vetting"):
        assert PeopleCap.TENURE_CHANGE not in capabilities_of(role)


def test_village_operator_cannot_end_own_secretary(cast, client):
    secretary = PersonFactory(domicile_unit=cast.village)
    t = seat(secretary, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    village_op = cast["village_operator"]
    with pytest.raises(PermissionDenied, match="乡镇"):
        services.tenure_end(actor=village_op, tenure=t, end_date=dt.date(2026, 5, 1), end_reason="resigned")
    client.force_login(village_op)
    response = client.get(f"/people/tenures/{t.pk}/end/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "“班子成员变动”中提出，报乡镇（街道）确认" in page
    # The refusal leads to the page where he proposes the end.
    assert f'href="/people/committees/{cast.village.code}/changes/"' in page
    response = client.post(
        f"/people/tenures/{t.pk}/end/", {"end_date": "2026-05-01", "end_reason": "resigned"}
    )
    assert response.status_code == 403
    t.refresh_from_db()
    assert t.end_date is None
    assert not AuditEvent.objects.filter(model="people.Tenure", action="update").exists()
    # The person page offers no 登记离任 to the village operator, and does to the town operator.
    assert not any(x.can_end for x in selectors.person_screen(village_op, secretary).tenures)
    assert all(x.can_end for x in selectors.person_screen(cast["town_operator"], secretary).tenures)


def test_town_operator_ends_the_tenure(cast):
    t = seat(PersonFactory(domicile_unit=cast.village), cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    services.tenure_end(
        actor=cast["town_operator"], tenure=t, end_date=dt.date(2026, 5, 1), end_reason="resigned"
    )
    t.refresh_from_db()
    assert t.end_date == dt.date(2026, 5, 1)


def test_village_operator_cannot_seat_a_member_directly(cast, client):
    """Neither the service nor the page seats a member for a village operator: the refusal names the
    way (propose it on the village's committee page, the town confirms) and links there."""
    village_op = cast["village_operator"]
    newcomer = PersonFactory(domicile_unit=cast.village)
    args = {"kind": "villagers_committee", "post": "chair", "term_number": 12}
    with pytest.raises(PermissionDenied, match="登记任职须由乡镇（街道）或以上操作员办理"):
        services.tenure_add(
            actor=village_op, person=newcomer, org_unit=cast.village, start_date=dt.date(2026, 3, 2), **args
        )
    committee = services.committee_ensure(actor=village_op, org_unit=cast.village, kind="villagers_committee")
    with pytest.raises(PermissionDenied, match="班子成员变动"):
        services.tenure_start(
            actor=village_op,
            person=newcomer,
            committee=committee,
            post="chair",
            term_number=12,
            start_date=dt.date(2026, 3, 2),
        )
    client.force_login(village_op)
    for method in (client.get, client.post):
        response = method(f"/people/{newcomer.pk}/tenures/new/")
        assert response.status_code == 403
        page = response.content.decode()
        assert "村（社区）的“班子成员变动”中提出，报乡镇（街道）确认" in page
        assert f'href="/people/committees/{cast.village.code}/changes/"' in page
    assert not Tenure.objects.filter(person=newcomer).exists()
    # A person of another village: not found, as for anyone outside the jurisdiction.
    stranger = PersonFactory(domicile_unit=cast.village2)
    assert client.get(f"/people/{stranger.pk}/tenures/new/").status_code == 404
    # The town operator seats directly.
    services.tenure_add(
        actor=cast["town_operator"],
        person=newcomer,
        org_unit=cast.village,
        start_date=dt.date(2026, 3, 2),
        **args,
    )
    assert Tenure.objects.filter(person=newcomer, end_date__isnull=True).count() == 1


def test_person_page_buttons_lead_the_village_operator_to_proposing(cast, client):
    person = PersonFactory(domicile_unit=cast.village)
    seat(person, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    changes = f"/people/committees/{cast.village.code}/changes/"
    client.force_login(cast["village_operator"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/tenures/new/" not in page and "/end/" not in page
    assert "提出任职" in page and "提出离任" in page and page.count(f'href="{changes}"') == 2
    client.force_login(cast["town_operator"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/tenures/new/" in page and "登记离任" in page
    assert "提出任职" not in page and "提出离任" not in page
