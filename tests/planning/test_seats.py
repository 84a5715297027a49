import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.planning import services
from huanjie.planning.models import CommitteeSeats, PartySeats
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _committee(cast, campaign, unit=None, actor="town_operator", **kw):
    args = {
        "members": 5,
        "decided_by": "representatives",
        "decision_date": dt.date(2026, 1, 10),
        "document_no": "东村〔2026〕1号",
    } | kw
    return services.committee_seats_set(
        actor=cast[actor], campaign=campaign, unit=unit or cast.village, **args
    )


def test_the_town_records_the_committee_seats_within_the_law_in_force(cast, published):
    row = _committee(cast, published)
    assert row.members == 5
    with pytest.raises(ValidationError) as exc:
        _committee(cast, published, members=8)
    assert "3 至 7 人" in exc.value.message_dict["members"][0]
    assert "村民委员会组织法(2025) 第八条" in exc.value.message_dict["members"][0]
    # Decided in December 2025: the 2018 text (第六条) is the one in force.
    with pytest.raises(ValidationError) as exc:
        _committee(cast, published, members=2, decision_date=dt.date(2025, 12, 20))
    assert "(2018) 第六条" in exc.value.message_dict["members"][0]
    # A community: 5 to 9.
    street_op = user_with_role("street_op", "town_operator", cast.street)
    with pytest.raises(ValidationError) as exc:
        services.committee_seats_set(
            actor=street_op,
            campaign=published,
            unit=cast.community,
            members=4,
            decided_by="assembly",
            decision_date=dt.date(2026, 1, 10),
            document_no="x",
        )
    assert "5 至 9 人" in exc.value.message_dict["members"][0]
    _committee(cast, published, members=7)
    assert CommitteeSeats.objects.get().members == 7


def test_only_the_villages_town_records_seats(cast, published):
    for role in ("other_town_operator", "county_operator", "city_operator"):
        with pytest.raises(PermissionDenied):
            _committee(cast, published, actor=role)


def test_a_draft_campaign_takes_no_seats(cast, campaign):
    with pytest.raises(ValidationError):
        _committee(cast, campaign)


def test_party_seats_with_request_and_approval(cast, published):
    args = {
        "members": 5,
        "form": "branch",
        "request_no": "东村支〔2026〕1号",
        "request_date": dt.date(2026, 1, 5),
        "approval_no": "青石党〔2026〕3号",
        "approval_date": dt.date(2026, 1, 8),
    }
    services.party_seats_set(actor=cast["town_operator"], campaign=published, unit=cast.village, **args)
    assert PartySeats.objects.get().get_form_display() == "党支部"
    with pytest.raises(ValidationError) as exc:
        services.party_seats_set(
            actor=cast["town_operator"],
            campaign=published,
            unit=cast.village,
            **(args | {"approval_date": dt.date(2026, 1, 1), "form": "x", "members": 0}),
        )
    assert set(exc.value.message_dict) == {"approval_date", "form", "members"}


def test_seats_page_shows_errors_in_chinese(cast, published, client):
    client.force_login(cast["town_operator"])
    url = reverse("planning:seats_committee", args=[published.pk, cast.village.code])
    r = client.post(
        url, {"members": "9", "decided_by": "assembly", "decision_date": "2026-01-10", "document_no": "x"}
    )
    assert r.status_code == 400 and "职数应为 3 至 7 人" in r.content.decode()
    r = client.post(
        url, {"members": "5", "decided_by": "assembly", "decision_date": "2026-01-10", "document_no": "x"}
    )
    assert r.status_code == 302
    page = client.get(reverse("planning:seats", args=[published.pk, cast.village.code])).content.decode()
    assert "村（居）民会议" in page
    client.force_login(cast["county_operator"])
    page = client.get(reverse("planning:seats", args=[published.pk, cast.village.code])).content.decode()
    assert "5 人" in page and 'name="document_no"' not in page
