"""Proxies (issue 12 req. 5): the cap of three, candidates refused (2025), the deadline's boundary day,
居民代表 mode, the printed list; access from outside."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from huanjie.elections import committee_services as svc
from huanjie.elections.models import Election
from tests.apiclient import api_get, bearer
from tests.elections.conftest import E_DAY, nominate, relate, villager

pytestmark = pytest.mark.django_db
EARLY = E_DAY - dt.timedelta(days=10)


def _register(cast, election, principal, proxy, on=EARLY):
    return svc.proxy_register(
        actor=cast["village_operator"], election=election, principal=principal, proxy=proxy, requested_on=on
    )


def _family(cast, proxy, kind="child"):
    p = villager(cast)
    relate(p, proxy, kind)  # p is the proxy's child → the proxy is p's parent
    return p


def test_cap_exactly_three_accepted_fourth_refused(cast, election):
    proxy = villager(cast)
    for _ in range(3):
        _register(cast, election, _family(cast, proxy), proxy)
    with pytest.raises(ValidationError) as e:
        _register(cast, election, _family(cast, proxy), proxy)
    assert "不得超过 3 人" in str(e.value) and "依据" in str(e.value)
    assert election.proxies.count() == 3


def test_relationship_recorded_and_other_villager_allowed_2025(cast, election):
    proxy = villager(cast)
    row = _register(cast, election, _family(cast, proxy, "spouse"), proxy)
    assert row.relationship == "配偶"
    stranger = villager(cast)
    row = _register(cast, election, villager(cast), stranger)
    assert row.relationship == "其他村民"


def test_candidate_as_proxy_refused_under_2025(cast, election, campaign):
    proxy = villager(cast)
    nominate(campaign, cast.village, proxy, post="member")
    with pytest.raises(ValidationError, match="候选人不得接受委托投票"):
        _register(cast, election, _family(cast, proxy), proxy)


def test_zhejiang_deadline_boundary_day(cast, election):
    proxy = villager(cast)
    limit = E_DAY - dt.timedelta(days=3)
    row = _register(cast, election, _family(cast, proxy), proxy, on=limit)
    assert row.warnings and "部分地方" in row.warnings[0]
    with pytest.raises(ValidationError, match="已逾期"):
        _register(cast, election, _family(cast, proxy), proxy, on=limit + dt.timedelta(days=1))


def test_no_proxy_in_residents_representatives_mode(cast, campaign):
    from tests.factories import PersonFactory, user_with_role

    street_operator = user_with_role("street_op_ec", "town_operator", cast.street)
    election = Election.objects.create(
        campaign=campaign, unit=cast.community, body="committee", election_day=E_DAY
    )
    svc.plan_save(
        actor=street_operator,
        election=election,
        central_venue="社区活动中心",
        central_booths=2,
        mode="representatives",
    )
    a, b = PersonFactory(domicile_unit=cast.community), PersonFactory(domicile_unit=cast.community)
    relate(a, b, "spouse")
    with pytest.raises(ValidationError, match="不实行委托投票"):
        svc.proxy_register(actor=street_operator, election=election, principal=a, proxy=b, requested_on=EARLY)
    from huanjie.elections import committee_selectors as sel

    (shown, *_) = sel.proxies_page(street_operator, election.pk).checks
    assert shown.severity == "block" and "城市居民委员会组织法(2025) 第十九条" in shown.citation


def test_principal_and_proxy_from_the_village_and_no_subdelegation(cast, election):
    from tests.factories import PersonFactory

    proxy = villager(cast)
    with pytest.raises(ValidationError, match="户籍在本村"):
        _register(cast, election, PersonFactory(domicile_unit=cast.village2), proxy)
    a = _family(cast, proxy)
    _register(cast, election, a, proxy)
    with pytest.raises(ValidationError, match="已办理委托"):
        _register(cast, election, a, villager(cast))
    with pytest.raises(ValidationError, match="不得再接受委托"):
        _register(cast, election, _family(cast, a), a)


def test_pages_print_and_access_from_outside(cast, election, client):
    proxy = villager(cast)
    principal = _family(cast, proxy)
    _register(cast, election, principal, proxy)
    client.force_login(cast["village_operator"])
    r = client.get(f"/elections/committee/election/{election.pk}/proxies/")
    assert r.status_code == 200 and principal.name in r.content.decode()
    r = client.get(f"/elections/committee/election/{election.pk}/proxies/print/")
    body = r.content.decode()
    assert r.status_code == 200 and "委托投票人员名单" in body and proxy.name in body
    assert principal.id_masked not in body
    r = client.post(
        f"/elections/committee/election/{election.pk}/proxies/new/",
        {"principal": villager(cast).pk, "proxy": proxy.pk, "requested_on": "2026-03-19"},
    )
    assert r.status_code == 400 and "已逾期" in r.content.decode()
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/elections/committee/election/{election.pk}/proxies/print/").status_code == 404
    outsider = bearer(cast["other_town_operator"])
    assert (
        api_get(client, f"/api/elections/committee/elections/{election.pk}/proxies", outsider).status_code
        == 404
    )
    body = api_get(
        client, f"/api/elections/committee/elections/{election.pk}/proxies", bearer(cast["town_operator"])
    ).json()
    assert body["proxies"][0]["relationship"] == "父母"
