"""Registering candidates (issue 11 reqs. 1, 2): lawful channels per committee, the village's own
registry, jurisdiction; the list page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.audit import AuditEvent
from huanjie.planning.models import Campaign
from huanjie.vetting import selectors, services
from huanjie.vetting.models import Candidate
from tests.apiclient import api_get, bearer
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


def _register(cast, campaign, actor_role="town_operator", **kw):
    person = kw.pop("person", None) or PersonFactory(domicile_unit=cast.village)
    args = {
        "side": "party",
        "post": "secretary",
        "source": "sitting",
        "channel": "two_recommendations",
        "votes_members": 40,
        "votes_public": 300,
    } | kw
    return services.candidate_register(
        actor=cast[actor_role], campaign=campaign, unit=cast.village, person=person, **args
    )


def test_party_candidate_registered_and_audited(cast, campaign):
    c = _register(cast, campaign)
    assert (c.side, c.post, c.votes_members, c.votes_public) == ("party", "secretary", 40, 300)
    events = AuditEvent.objects.filter(model="vetting.Candidate", object_id=str(c.pk), action="create")
    assert events.count() == 1


def test_party_candidate_needs_two_recommendations_and_both_counts(cast, campaign):
    with pytest.raises(ValidationError) as e:
        _register(cast, campaign, channel="voters")
    assert "两推一选" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _register(cast, campaign, votes_public=None)
    assert "群众推荐票" in str(e.value)


@pytest.mark.parametrize("side", ["committee", "supervision"])
def test_committee_candidates_never_typed_in(cast, campaign, side):
    """村（居）民委员会 and supervision committee candidates come only from a counted nomination (or a
    自荐 registration), never from the register form, whatever channel it names."""
    post = "chair" if side == "committee" else "supervision_chair"
    for channel in ("voters", "voters_joint", "party_org", "self", "two_recommendations"):
        with pytest.raises(ValidationError) as e:
            _register(cast, campaign, side=side, post=post, channel=channel, nomination_votes=88)
        assert "只能经依法提名产生" in str(e.value)
    assert not Candidate.objects.exists()


def test_post_must_belong_to_side(cast, campaign):
    with pytest.raises(ValidationError) as e:
        _register(cast, campaign, side="party", post="chair")
    assert "不属于" in str(e.value)


def test_person_from_another_village_refused(cast, campaign):
    with pytest.raises(ValidationError) as e:
        _register(cast, campaign, person=PersonFactory(domicile_unit=cast.village2))
    assert "户籍在本村" in str(e.value)


def test_same_person_same_post_once(cast, campaign):
    p = PersonFactory(domicile_unit=cast.village)
    _register(cast, campaign, person=p)
    with pytest.raises(ValidationError):
        _register(cast, campaign, person=p)
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize("role", ["other_town_operator", "county_operator", "vetting", "leader"])
def test_outside_or_without_edit_refused(cast, campaign, role):
    with pytest.raises(PermissionDenied):
        _register(cast, campaign, actor_role=role)
    assert not Candidate.objects.exists()


def test_unpublished_campaign_refused(cast, campaign):
    campaign.state = "draft"
    campaign.save()
    with pytest.raises(ValidationError) as e:
        _register(cast, campaign)
    assert "已发布" in str(e.value)


def test_pages_and_api(cast, campaign, client):
    c = _register(cast, campaign)
    client.force_login(cast["town_operator"])
    r = client.get(f"/vetting/unit/{cast.village.code}/")
    assert r.status_code == 200 and c.person.name in r.content.decode()
    r = client.post(
        f"/vetting/unit/{cast.village.code}/new/",
        {
            "person": PersonFactory(domicile_unit=cast.village).pk,
            "side": "committee",
            "post": "chair",
            "source": "other",
            "channel": "two_recommendations",
        },
    )
    assert r.status_code == 400 and "依法" in r.content.decode()
    assert client.get("/vetting/").status_code == 200
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/candidate/{c.pk}/").status_code == 404
    outsider = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/vetting/candidates/{c.pk}", outsider).status_code == 404
    assert api_get(client, "/api/vetting/candidates", outsider).json()["items"] == []
    body = api_get(client, "/api/vetting/candidates", bearer(cast["village_operator"])).json()
    assert [row["pk"] for row in body["items"]] == [c.pk]


def test_a_villages_list_reads_party_first_and_each_committee_from_its_head(cast, campaign, client):
    from tests.vetting.helpers import nominated

    member = nominated(campaign, cast.village, PersonFactory(domicile_unit=cast.village), post="member")
    vice = nominated(campaign, cast.village, PersonFactory(domicile_unit=cast.village), post="vice_chair")
    sup = nominated(
        campaign,
        cast.village,
        PersonFactory(domicile_unit=cast.village),
        side="supervision",
        post="supervision_chair",
    )
    chair = nominated(campaign, cast.village, PersonFactory(domicile_unit=cast.village))
    party_member = _register(cast, campaign, post="party_member")
    secretary = _register(cast, campaign)
    page = selectors.unit_candidates(cast["town_operator"], cast.village.code)
    assert [c.pk for c in page.rows] == [secretary.pk, party_member.pk, chair.pk, vice.pk, member.pk, sup.pk]
