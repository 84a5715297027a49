"""Issue 9, requirement 11: the town decides a member's leaving, the village may not end a tenure
(not even of its own party secretary). The access walker covers the route through its declared
capability (PeopleCap.TENURE_END, granted to town, county and city operators only)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from huanjie.accounts.roles import capabilities_of
from huanjie.core.models import AuditEvent
from huanjie.people import selectors, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import CommitteeKind, Post
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


def test_only_town_level_operators_and_above_may_end_a_tenure():
    holders = {
        r
        for r in ("city_operator", "county_operator", "town_operator")
        if PeopleCap.TENURE_END in capabilities_of(r)
    }
    assert holders == {"city_operator", "county_operator", "town_operator"}
    for role in ("village_operator", "county_approver", "supervisor", "leader", "vetting"):
        assert PeopleCap.TENURE_END not in capabilities_of(role)


def test_village_operator_cannot_end_own_secretary(cast, client):
    secretary = PersonFactory(domicile_unit=cast.village)
    t = seat(secretary, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    village_op = cast["village_operator"]
    with pytest.raises(PermissionDenied, match="乡镇"):
        services.tenure_end(actor=village_op, tenure=t, end_date=dt.date(2026, 5, 1), end_reason="resigned")
    client.force_login(village_op)
    response = client.get(f"/people/tenures/{t.pk}/end/")
    assert response.status_code == 403
    assert "“班子成员变动”中提出，报乡镇（街道）确认" in response.content.decode()
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
