"""Results become tenures (issue 13 req. 7): a certified round seats the elected and ends the outgoing
members' tenures (任期届满), once; a corrected certification moves exactly its tenures; 一肩挑 and
交叉任职 follow the tenures; the ballots' retention date per province."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_handover_selectors as hsel
from huanjie.elections import results_services as svc
from huanjie.elections import results_tenure_services as ts
from huanjie.elections.models import Handover, ResultRound, RoundTenure
from huanjie.people.models import Person, Tenure
from huanjie.rules import handover as rules
from tests.elections.test_results import DAY, announce, enter, open_round, results_election
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


@pytest.fixture
def e(cast):
    return results_election(cast)


@pytest.fixture
def outgoing(cast):
    """The sitting 第11届 村委会: 老主任 (also Party secretary: 一肩挑) and 老委员."""
    chair = PersonFactory(name="老主任", domicile_unit=cast.village)
    member = PersonFactory(name="老委员", domicile_unit=cast.village)
    return {
        "chair": seat(chair, cast.village, "villagers_committee", "chair"),
        "member": seat(member, cast.village, "villagers_committee", "member"),
        "secretary": seat(chair, cast.village, "party_org", "secretary"),
    }


def certify(cast, second, e, winners=None):
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    svc.sheet_verify(actor=second, sheet=s)
    r = announce(cast, r, winners=winners)
    svc.certify(actor=cast["village_operator"], round=r)
    return ResultRound.objects.get(pk=r.pk)


def sitting(cast):
    return {
        (t.person.name, t.post, t.term_number)
        for t in Tenure.objects.filter(
            committee__org_unit=cast.village, committee__kind="villagers_committee", end_date__isnull=True
        )
    }


def test_certification_seats_the_elected_and_ends_the_outgoing_on_the_voting_day(cast, second, e, outgoing):
    r = certify(cast, second, e)
    assert sitting(cast) == {("甲主任", "chair", 12), ("委员丙", "member", 12), ("委员丁", "member", 12)}
    for key in ("chair", "member"):
        t = Tenure.objects.get(pk=outgoing[key].pk)
        assert t.end_date == DAY and t.end_reason == "term_end"
    assert Tenure.objects.get(pk=outgoing["secretary"].pk).end_date is None  # the Party post stays
    new = Tenure.objects.get(person__name="甲主任")
    assert new.start_date == DAY and new.version == 1
    assert RoundTenure.objects.filter(round=r, action="start").count() == 3
    assert RoundTenure.objects.filter(round=r, action="end").count() == 2
    assert AuditEvent.objects.filter(model="people.Tenure", action="create", reason=ts.REASON).count() == 3
    assert AuditEvent.objects.filter(model="people.Tenure", action="update", reason=ts.REASON).count() == 2


def test_syncing_again_changes_nothing(cast, second, e, outgoing):
    r = certify(cast, second, e)
    before = sorted(Tenure.objects.values_list("pk", "end_date", "version"))
    ts.sync(actor=cast["town_operator"], round=r)
    assert sorted(Tenure.objects.values_list("pk", "end_date", "version")) == before
    assert RoundTenure.objects.filter(round=r).count() == 5


def test_a_corrected_winner_list_moves_the_tenures(cast, second, e, outgoing):
    r = certify(cast, second, e)
    kept = Tenure.objects.get(person__name="甲主任", end_date__isnull=True).pk
    svc.unlock(actor=cast["town_operator"], round=r, reason="依签字计票单，当选委员为委员戊")
    r.refresh_from_db()
    r = svc.announce(
        actor=cast["town_operator"],
        round=r,
        announced_by="王总监票人",
        announced_at=r.announced_at,
        winners={"主任": ["甲主任"], "委员": ["委员丙", "委员戊"]},
    )
    svc.certify(actor=cast["town_operator"], round=r)
    assert sitting(cast) == {("甲主任", "chair", 12), ("委员丙", "member", 12), ("委员戊", "member", 12)}
    assert not Tenure.objects.filter(person__name="委员丁").exists()
    assert AuditEvent.objects.filter(model="people.Tenure", action="delete", reason=ts.CORRECTED).count() == 1
    assert Tenure.objects.get(person__name="甲主任", end_date__isnull=True).pk == kept  # untouched
    assert Tenure.objects.get(pk=outgoing["chair"].pk).end_date == DAY  # still ended, once


def test_a_correction_to_no_winner_reopens_the_outgoing_members(cast, second, e, outgoing):
    r = certify(cast, second, e)
    svc.unlock(actor=cast["town_operator"], round=r, reason="无人当选")
    r.refresh_from_db()
    r = svc.announce(
        actor=cast["town_operator"],
        round=r,
        announced_by="王总监票人",
        announced_at=r.announced_at,
        winners={},
    )
    svc.certify(actor=cast["town_operator"], round=r)
    assert sitting(cast) == {("老主任", "chair", 11), ("老委员", "member", 11)}
    assert not RoundTenure.objects.filter(round=r).exists()


def test_a_person_elected_in_the_first_round_starts_then_and_a_later_round_adds_the_rest(
    cast, second, e, outgoing
):
    certify(cast, second, e, winners={"主任": ["甲主任"], "委员": ["委员丙"]})
    assert sitting(cast) == {("甲主任", "chair", 12), ("委员丙", "member", 12)}
    assert Tenure.objects.get(pk=outgoing["member"].pk).end_date == DAY


def test_a_write_in_without_a_registered_person_is_listed_not_seated(cast, second, e, outgoing):
    r = certify(cast, second, e, winners={"主任": ["甲主任"], "委员": ["委员丙", "张三"]})
    assert ("张三", "member", 12) not in sitting(cast)
    page = hsel.tenure_page(cast["village_operator"], r.pk)
    assert [n for n, _ in page.unseated] == ["张三"]
    assert "没有唯一对应的登记人员" in page.unseated[0][1]


def test_namesakes_are_not_guessed(cast, e):
    PersonFactory(name="重名", domicile_unit=cast.village)
    PersonFactory(name="重名", domicile_unit=cast.village)
    assert ts.person_for(e, "重名") is None
    one = PersonFactory(name="唯一", domicile_unit=cast.village)
    assert ts.person_for(e, "唯一") == one


def test_one_shoulder_and_cross_serving_are_recomputed_from_the_tenures(cast, second, e, outgoing):
    assert hsel.derived(cast.village.pk) == (["老主任"], ["老主任"])
    jia = Person.objects.get(name="甲主任")
    seat(jia, cast.village, "party_org", "party_member")
    Tenure.objects.filter(pk=outgoing["secretary"].pk).update(end_date=dt.date(2026, 3, 1))
    certify(cast, second, e)
    assert hsel.derived(cast.village.pk) == ([], ["甲主任"])
    seat(jia, cast.village, "party_org", "secretary", start=DAY, term=9)
    assert hsel.derived(cast.village.pk)[0] == ["甲主任"]


def test_a_by_election_ends_no_one(cast, second, outgoing):
    e = results_election(cast)
    e.kind = "by_election"
    e.save()
    Tenure.objects.filter(pk=outgoing["member"].pk).update(
        end_date=dt.date(2026, 1, 1), end_reason="resigned"
    )
    certify(cast, second, e, winners={"委员": ["委员丙"]})
    assert sitting(cast) == {("老主任", "chair", 11), ("委员丙", "member", 11)}
    assert not Handover.objects.filter(election=e).exists()  # no new committee: no handover


def test_the_tenures_page_shows_roles_retention_and_handover(cast, second, e, outgoing, client):
    r = certify(cast, second, e)
    client.force_login(cast["village_operator"])
    html = client.get(reverse("elections_results:round_tenures", args=[r.pk])).content.decode()
    assert "甲主任 · 主任 · 第 12 届 · 自 2026-03-20" in html
    assert "老委员 · 委员 · 第 11 届 · 2026-03-20 离任" in html
    assert "保存至 <strong>2031-03-20</strong>" in html  # beijing: no text seen → [M] five years
    assert "工作移交清单" in html and "2026-03-30" in html
    round_html = client.get(r.get_absolute_url()).content.decode()
    assert reverse("elections_results:round_tenures", args=[r.pk]) in round_html
    assert "选票保存至 2031-03-20" in round_html


def test_retention_per_province():
    assert rules.retention("henan", DAY).until == dt.date(2029, 3, 20)
    assert rules.retention("henan", DAY).rule == rules.CITE_RETENTION_HENAN
    sh = rules.retention("shanghai", DAY)
    assert (
        sh.until == dt.date(2031, 3, 20) and "下一届" in sh.text and sh.rule == rules.CITE_RETENTION_SHANGHAI
    )
    other = rules.retention("zhejiang", dt.date(2028, 2, 29))
    assert other.until == dt.date(2033, 2, 28) and "[M]" in other.rule


def test_the_village_page_recomputes_one_shoulder_from_the_new_tenures(cast, second, e, outgoing, client):
    """The people app's structure panel on the village page reads the sitting tenures: 老主任 was
    一肩挑 before; after the result 甲主任 chairs and 老主任 is only Party secretary."""
    import re

    client.force_login(cast["town_operator"])
    url = reverse("org:unit", args=[cast.village.code])

    def one_shoulder() -> str:
        html = client.get(url).content.decode()
        found = re.search(r'hj-stat-value">([是否])</div><div class="hj-stat-label">一肩挑', html)
        assert found, "一肩挑 panel missing"
        return found.group(1)

    assert one_shoulder() == "是"
    certify(cast, second, e)
    assert one_shoulder() == "否"
    seat(Person.objects.get(name="甲主任"), cast.village, "party_org", "deputy_secretary", start=DAY, term=9)
    Tenure.objects.filter(pk=outgoing["secretary"].pk).update(end_date=DAY)
    Tenure.objects.filter(person__name="甲主任", post="deputy_secretary").update(post="secretary")
    assert one_shoulder() == "是"
