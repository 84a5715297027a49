"""The 村民选举委员会 (issue 12 req. 3): chosen as the law says, members withdrawing when nominated (or
a relative is, under the 2025 text or the province's), the chair nominated for 主任, vacancies filled
in ranking order; pages and access from outside."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from huanjie.core.audit import AuditEvent
from huanjie.elections import committee_selectors as sel
from huanjie.elections import committee_services as svc
from huanjie.elections.models import CommitteeSeat
from tests.apiclient import api_get, bearer
from tests.elections.conftest import make_campaign, nominate, relate, villager

pytestmark = pytest.mark.django_db
CHOSEN = dt.date(2026, 1, 10)


def _committee(cast, campaign, actor="town_operator"):
    return svc.committee_create(
        actor=cast[actor],
        campaign=campaign,
        unit=cast.village,
        chosen_by="representatives_meeting",
        chosen_on=CHOSEN,
    )


def _seat(cast, committee, role="member", votes=50, person=None):
    return svc.seat_add(
        actor=cast["town_operator"],
        committee=committee,
        person=person or villager(cast),
        role=role,
        votes=votes,
    )


def test_committee_chosen_by_a_lawful_body_once_and_audited(cast, campaign):
    c = _committee(cast, campaign)
    assert AuditEvent.objects.filter(model="elections.ElectionCommittee", object_id=str(c.pk)).count() == 1
    with pytest.raises(ValidationError):
        _committee(cast, campaign)
    with pytest.raises(ValidationError) as e:
        svc.committee_create(
            actor=cast["town_operator"],
            campaign=campaign,
            unit=cast.village2,
            chosen_by="town_decides",
            chosen_on=CHOSEN,
        )
    assert "推选产生" in str(e.value)
    with pytest.raises(PermissionDenied):
        _committee(cast, campaign, actor="other_town_operator")


def test_seat_from_the_village_only_and_one_chair(cast, campaign):
    c = _committee(cast, campaign)
    _seat(cast, c, role="chair")
    with pytest.raises(ValidationError, match="已有主任"):
        _seat(cast, c, role="chair")
    with pytest.raises(ValidationError, match="户籍在本村"):
        _seat(cast, c, person=villager_of(cast.village2))


def villager_of(unit):
    from tests.factories import PersonFactory

    return PersonFactory(domicile_unit=unit)


def test_member_nominated_must_withdraw_with_citation(cast, campaign):
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    nominate(campaign, cast.village, seat.person, post="member")
    page = sel.committee_page(cast["town_operator"], cast.village.code)
    ((shown_seat, shown, required),) = page.withdrawals
    assert shown_seat == seat and required and "应当退出" in shown.text
    row = svc.seat_withdraw(actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1))
    assert row.left_on == dt.date(2026, 2, 1) and "浙江省村民委员会选举办法 第九条" in row.left_citation


def test_relative_nominated_2025_withdraws_2018_national_not_required(cast):
    campaign = make_campaign(cast, "national")
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    brother = villager(cast)
    relate(brother, seat.person, "sibling")
    cand = nominate(campaign, cast.village, brother, post="member")
    today = timezone.localdate()
    # The law in force on the nomination's day decides.
    for day, required in ((dt.date(2025, 12, 20), False), (dt.date(2026, 1, 5), True)):
        cand.registered_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        cand.save(update_fields=["registered_at"])
        (w,) = sel.withdrawals_of(c, [seat], [cand], today)
        assert w.required is required, day
    with pytest.raises(ValidationError, match="出缺原因"):
        cand.registered_at = timezone.make_aware(dt.datetime(2025, 12, 20, 9))
        cand.save(update_fields=["registered_at"])
        svc.seat_withdraw(actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1))


def test_zhejiang_2018_relative_withdraws_by_the_measure(cast, campaign):
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    son = villager(cast)
    relate(seat.person, son, "parent")
    cand = nominate(campaign, cast.village, son, post="member")
    cand.registered_at = timezone.make_aware(dt.datetime(2025, 12, 20, 9))
    cand.save(update_fields=["registered_at"])
    (w,) = sel.withdrawals_of(c, [seat], [cand], timezone.localdate())
    assert w.required and w.citation.startswith("浙江省村民委员会选举办法 第九条")


def test_chair_nominated_for_head_withdraws_and_a_new_chair_is_chosen(cast, campaign):
    c = _committee(cast, campaign)
    chair = _seat(cast, c, role="chair", votes=99)
    member = _seat(cast, c, votes=80)
    nominate(campaign, cast.village, chair.person, post="chair")
    page = sel.committee_page(cast["town_operator"], cast.village.code)
    ((_, shown, _),) = page.withdrawals
    assert "主任出缺" in shown.text and "村民委员会主任候选人" in shown.text
    svc.seat_withdraw(actor=cast["town_operator"], seat=chair, on=dt.date(2026, 2, 1))
    assert not sel.committee_page(cast["town_operator"], cast.village.code).has_chair
    svc.chair_choose(actor=cast["town_operator"], seat=member)
    assert CommitteeSeat.objects.get(pk=member.pk).role == "chair"


def test_vacancy_filled_by_ranking_skipping_a_nominee(cast, campaign):
    c = _committee(cast, campaign)
    leaving = _seat(cast, c)
    first = _seat(cast, c, role="reserve", votes=60)
    second = _seat(cast, c, role="reserve", votes=45)
    nominate(campaign, cast.village, leaving.person, post="member")
    nominate(campaign, cast.village, first.person, post="member")  # the top reserve is a candidate too
    svc.seat_withdraw(actor=cast["town_operator"], seat=leaving, on=dt.date(2026, 2, 1))
    page = sel.committee_page(cast["town_operator"], cast.village.code)
    assert page.vacancies == 1 and "依次递补 1 名" in page.filling.text
    (filled,) = svc.vacancies_fill(actor=cast["town_operator"], committee=c, on=dt.date(2026, 2, 2))
    assert filled.pk == second.pk and filled.role == "member" and filled.filled_from_ranking
    assert sel.vacancy_count(c) == 0
    with pytest.raises(ValidationError, match="没有出缺"):
        svc.vacancies_fill(actor=cast["town_operator"], committee=c, on=dt.date(2026, 2, 2))


def test_vacancy_without_reserves_needs_a_new_choice(cast, campaign):
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    svc.seat_withdraw(
        actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1), reason="外出务工，本人申请退出"
    )
    with pytest.raises(ValidationError, match="另行推选"):
        svc.vacancies_fill(actor=cast["town_operator"], committee=c, on=dt.date(2026, 2, 2))


def test_pages_and_access_from_outside(cast, campaign, client):
    c = _committee(cast, campaign)
    seat = _seat(cast, c, role="chair")
    client.force_login(cast["town_operator"])
    r = client.get(f"/elections/committee/unit/{cast.village.code}/")
    body = r.content.decode()
    assert r.status_code == 200 and seat.person.name in body and "村民代表会议推选" in body
    assert client.get("/elections/committee/").status_code == 200
    r = client.post(
        f"/elections/committee/committee/{c.pk}/seat/", {"person": villager(cast).pk, "role": "chair"}
    )
    assert r.status_code == 400 and "已有主任" in r.content.decode()
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/elections/committee/unit/{cast.village.code}/").status_code == 404
    assert (
        client.post(f"/elections/committee/seat/{seat.pk}/withdraw/", {"on": "2026-02-01"}).status_code == 404
    )
    assert (
        api_get(client, "/api/elections/committee/committees", bearer(cast["other_town_operator"])).json()[
            "items"
        ]
        == []
    )
    items = api_get(client, "/api/elections/committee/committees", bearer(cast["village_operator"])).json()[
        "items"
    ]
    assert [i["pk"] for i in items] == [c.pk] and items[0]["members"] == 1


def test_civil_affairs_reads_the_committee_without_names(cast, campaign, client):
    c = _committee(cast, campaign)
    seat = _seat(cast, c, role="chair")
    nominate(campaign, cast.village, seat.person)
    svc.seat_withdraw(actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1))
    client.force_login(cast["civil_affairs"])
    body = client.get(f"/elections/committee/unit/{cast.village.code}/").content.decode()
    assert "应当退出" in body and seat.person.name not in body and "***" in body


def test_vacancy_by_a_new_choice_and_beijing_refuses_it_while_reserves_remain(cast):
    campaign = make_campaign(cast, "beijing")
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    _seat(cast, c, role="reserve", votes=30)
    new = dt.date(2026, 2, 5)
    with pytest.raises(ValidationError, match="没有出缺"):
        svc.seat_add(
            actor=cast["town_operator"], committee=c, person=villager(cast), role="member", joined_on=new
        )
    svc.seat_withdraw(actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1), reason="迁出本村")
    with pytest.raises(ValidationError, match="北京市村民委员会选举办法 第十一条"):
        svc.seat_add(
            actor=cast["town_operator"], committee=c, person=villager(cast), role="member", joined_on=new
        )


def test_vacancy_by_a_new_choice_allowed_in_zhejiang(cast, campaign):
    c = _committee(cast, campaign)
    seat = _seat(cast, c)
    _seat(cast, c, role="reserve", votes=30)
    svc.seat_withdraw(actor=cast["town_operator"], seat=seat, on=dt.date(2026, 2, 1), reason="迁出本村")
    row = svc.seat_add(
        actor=cast["town_operator"],
        committee=c,
        person=villager(cast),
        role="member",
        joined_on=dt.date(2026, 2, 5),
    )
    assert row.joined_on == dt.date(2026, 2, 5) and sel.vacancy_count(c) == 0
