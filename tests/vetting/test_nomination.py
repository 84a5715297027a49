"""Nominating the 村（居）民委员会 candidates through the app (issue 11 req. 2, the 村委会 half of req. 8):
counting at its legal boundaries (浙江 第十八条 quorum “过半数”, surplus, ties shown, never guessed),
papers judged one by one, the Party organization's nomination from 2026-01-01 only, withdrawal in time
and late with fill-in (浙江 第十九条), the 选举委员会's qualification with its basis, publication locks,
自荐直选 (浙江 第二十条), and that nothing but withdrawal and the qualification decision takes a nominee
off the list; every new page and API route 404s outside the jurisdiction."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core.audit import AuditEvent
from huanjie.planning.models import Campaign, CommitteeSeats
from huanjie.vetting import nomination_services as ns
from huanjie.vetting.models import Candidate, Finding, NominationRound, Nominee
from tests.apiclient import api_get, bearer
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

HELD = dt.date(2026, 3, 1)
ELECTION = dt.date(2026, 3, 20)


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


@pytest.fixture
def seats(cast, campaign):
    return CommitteeSeats.objects.create(
        campaign=campaign,
        unit=cast.village,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 10),
        document_no="东村〔2026〕1号",
    )


def _open(cast, campaign, actor="town_operator", **kw):
    args = {
        "side": "committee",
        "method": "nomination",
        "held_on": HELD,
        "election_day": ELECTION,
        "seats_chair": 1,
        "seats_vice": 1,
        "seats_member": 3,
        "registered": 1000,
        "participants": 501,
    } | kw
    return ns.round_open(actor=cast[actor], campaign=campaign, unit=cast.village, **args)


def _nominate(cast, r, post, votes, name=None, actor="town_operator", **kw):
    person = PersonFactory(domicile_unit=r.unit, **({"name": name} if name else {}))
    args = {"nominator": "voter", "nominated_on": HELD} | kw
    return ns.nominee_add(actor=cast[actor], round=r, person=person, post=post, votes=votes, **args)


def _field(cast, r):
    """A round with a settled field: 主任 2 nominees, 副主任 2, 委员 4 (1+1, 1+1, 3+1)."""
    out = {}
    for post, votes in (("chair", (300, 200)), ("vice_chair", (280, 150)), ("member", (260, 250, 240, 100))):
        for i, v in enumerate(votes):
            out[(post, i)] = _nominate(cast, r, post, v, name=f"{post[:2]}候{i}")
    return out


@pytest.fixture
def settled(cast, campaign, seats):
    r = _open(cast, campaign)
    nominees = _field(cast, r)
    return r, nominees


def _refresh(r):
    return NominationRound.objects.get(pk=r.pk)


# --- the round ------------------------------------------------------------------------------------


def test_seats_split_bounded_by_the_decided_number(cast, campaign, seats):
    with pytest.raises(ValidationError) as e:
        _open(cast, campaign, seats_member=4)
    assert "须等于决定的职数 5 人" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _open(cast, campaign, seats_chair=2, seats_member=2)
    assert "主任应选 1 人" in str(e.value)
    r = _open(cast, campaign)
    assert (r.seats_chair, r.seats_vice, r.seats_member) == (1, 1, 3)


def test_committee_round_needs_decided_seats(cast, campaign):
    with pytest.raises(ValidationError) as e:
        _open(cast, campaign)
    assert "尚未登记本次换届决定的村（居）民委员会职数" in str(e.value)


def test_outsider_cannot_open(cast, campaign, seats):
    for role in ("other_town_operator", "county_operator", "leader"):
        with pytest.raises(PermissionDenied):
            _open(cast, campaign, actor=role)
    assert not NominationRound.objects.exists()


# --- counting at the boundaries (浙江 第十八条) -------------------------------------------------------


def test_quorum_exactly_half_fails_half_plus_one_passes(cast, campaign, seats):
    r = _open(cast, campaign, participants=500)
    _field(cast, r)
    with pytest.raises(ValidationError) as e:
        ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert "未超过登记选民 1000 人的半数" in str(e.value) and "预选" in str(e.value)
    assert not Candidate.objects.exists()
    r = ns.round_update(actor=cast["town_operator"], round=_refresh(r), participants=501)
    rows = ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert len(rows) == 8  # 1+1, 1+1, 3+1: everyone nominated becomes a formal candidate
    assert {c.channel for c in rows} == {"voters"}


def test_surplus_cut_and_order_by_votes(cast, campaign, seats):
    r = _open(cast, campaign, surplus_member=1)
    n = _field(cast, r)
    _nominate(cast, r, "member", 50, name="委候多")
    rows = ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    members = sorted((c for c in rows if c.post == "member"), key=lambda c: c.list_order)
    assert [c.person.name for c in members] == ["me候0", "me候1", "me候2", "me候3"]
    assert [c.nomination_votes for c in members] == [260, 250, 240, 100]
    assert not Candidate.objects.filter(person__name="委候多").exists()
    assert n[("chair", 0)].person.name == "ch候0"


def test_surplus_outside_profile_range_refused_by_rules(cast, campaign, seats):
    # 浙江 inherits the national “多于应选名额” (at least one more): a surplus of 0 is not 差额.
    r = _open(cast, campaign, surplus_chair=0)
    _field(cast, r)
    with pytest.raises(ValidationError) as e:
        ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert "差额 0 人不符合" in str(e.value)


def test_tie_at_the_cut_shown_not_resolved(cast, campaign, seats, client):
    r = _open(cast, campaign)
    n = _field(cast, r)
    ns.nominee_set_votes(actor=cast["town_operator"], nominee=n[("member", 3)], votes=240)
    _nominate(cast, r, "member", 240, name="me候4")  # three at 240 for the last two of 3 + 1
    with pytest.raises(ValidationError) as e:
        ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert "委员第 4 名处 me候2、me候3、me候4 均得 240 票，尚余 2 个名额" in str(e.value)
    assert not Candidate.objects.exists()
    client.force_login(cast["town_operator"])
    page = client.get(f"/vetting/nomination/{r.pk}/").content.decode()
    assert "me候2、me候3、me候4 均得 240 票" in page and "确定正式候选人" in page
    assert "须对票数相等的被提名人进行预选" in page


def test_shortfall_shown(cast, campaign, seats):
    r = _open(cast, campaign)
    _nominate(cast, r, "chair", 300)
    with pytest.raises(ValidationError) as e:
        ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert "主任有效被提名人 1 人，不多于应选名额 1 人加最少差额 1 人" in str(e.value)


def test_quorum_missed_then_primary_with_the_same_nominees(cast, campaign, seats):
    r = _open(cast, campaign, participants=500)
    _field(cast, r)
    r = ns.round_update(actor=cast["town_operator"], round=r, method="primary", participants=620)
    rows = ns.round_confirm(actor=cast["town_operator"], round=r, on=dt.date(2026, 3, 3))
    assert len(rows) == 8
    steps = " ".join(
        s.text
        for s in ns.ad.compute(_refresh(r), list(Nominee.objects.filter(round=r))).verdict.explanation.steps
    )
    assert "参加预选的选民 620 人" in steps


def test_two_posts_need_the_persons_confirmation(cast, campaign, seats, client):
    r = _open(cast, campaign)
    _field(cast, r)
    both = Nominee.objects.get(round=r, post="chair", person__name="ch候1")
    twin = ns.nominee_add(
        actor=cast["town_operator"],
        round=r,
        person=both.person,
        post="vice_chair",
        nominator="voter",
        nominated_on=HELD,
        votes=120,
    )
    with pytest.raises(ValidationError) as e:
        ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert "ch候1 被同时提名为主任、副主任，须本人书面确认" in str(e.value)
    client.force_login(cast["town_operator"])
    resp = client.post(f"/vetting/nomination/{r.pk}/nominee/{both.pk}/confirm-post/")
    assert resp.status_code == 302
    assert (
        Nominee.objects.get(pk=both.pk).post_confirmed and not Nominee.objects.get(pk=twin.pk).post_confirmed
    )
    rows = ns.round_confirm(actor=cast["town_operator"], round=_refresh(r), on=HELD)
    assert [c.post for c in rows if c.person_id == both.person_id] == ["chair"]


# --- who may nominate -----------------------------------------------------------------------------


def test_party_org_nomination_refused_2025_12_31_allowed_2026_01_01(cast, campaign, seats):
    r = _open(cast, campaign)
    with pytest.raises(ValidationError) as e:
        _nominate(cast, r, "chair", 100, nominator="party_org", nominated_on=dt.date(2025, 12, 31))
    assert "党组织不能提名候选人" in str(e.value)
    n = _nominate(cast, r, "chair", 100, nominator="party_org", nominated_on=dt.date(2026, 1, 1))
    assert n.nominator == "party_org"
    _nominate(cast, r, "chair", 90)
    for post, votes in (("vice_chair", (80, 70)), ("member", (60, 50, 40, 30))):
        for v in votes:
            _nominate(cast, r, post, v)
    rows = ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    assert (
        Candidate.objects.get(
            pk=n.candidate_id if n.candidate_id else Nominee.objects.get(pk=n.pk).candidate_id
        ).channel
        == "party_org"
    )
    assert len(rows) == 8


def _nominate_by(actor, r, **kw):
    person = PersonFactory(domicile_unit=r.unit)
    return ns.nominee_add(actor=actor, round=r, person=person, post="chair", nominated_on=HELD, votes=0, **kw)


def test_community_needs_ten_voters_jointly_from_2026(cast, campaign):
    CommitteeSeats.objects.create(
        campaign=campaign,
        unit=cast.community,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 10),
        document_no="和平〔2026〕1号",
    )
    actor = user_with_role("street_op", "town_operator", cast.street)
    r = ns.round_open(
        actor=actor,
        campaign=campaign,
        unit=cast.community,
        side="committee",
        method="nomination",
        held_on=HELD,
        election_day=ELECTION,
        seats_chair=1,
        seats_vice=1,
        seats_member=3,
        registered=800,
        participants=401,
    )
    with pytest.raises(ValidationError) as e:
        _nominate_by(actor, r, nominator="voter")
    assert "选民个人不能单独提名" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _nominate_by(actor, r, nominator="voters_jointly", signers=9)
    assert "9 名选民联合提名，不足" in str(e.value)
    n = _nominate_by(actor, r, nominator="voters_jointly", signers=10)
    assert (n.nominator, n.signers) == ("voters_jointly", 10)


# --- papers ---------------------------------------------------------------------------------------


def test_papers_judged_with_reasons_and_applied(cast, campaign, seats, client):
    r = _open(cast, campaign)
    a = _nominate(cast, r, "chair", 0, name="甲")
    b = _nominate(cast, r, "vice_chair", 0, name="乙")
    op = cast["town_operator"]
    ns.paper_add(
        actor=op,
        round=r,
        nominator="选民一",
        choices={"chair": ["甲"], "vice_chair": ["乙"]},
        on_roll=True,
        by_proxy=False,
    )
    ns.paper_add(
        actor=op, round=r, nominator="选民二", choices={"chair": ["甲", "乙"]}, on_roll=True, by_proxy=False
    )
    ns.paper_add(
        actor=op, round=r, nominator="选民三", choices={"chair": ["甲"]}, on_roll=True, by_proxy=True
    )
    ns.paper_add(
        actor=op, round=r, nominator="外人", choices={"chair": ["甲"]}, on_roll=False, by_proxy=False
    )
    ns.paper_add(
        actor=op,
        round=r,
        nominator="选民四",
        choices={"chair": ["乙"], "vice_chair": ["乙"]},
        on_roll=True,
        by_proxy=False,
    )
    client.force_login(op)
    page = client.get(f"/vetting/nomination/{r.pk}/").content.decode()
    assert "主任栏提名 2 人，超过每一选民可提名的 1 人，该栏提名无效" in page
    assert "选民三 委托他人提名，提名票无效" in page
    assert "外人 不在登记参加选举的选民名单内" in page
    assert "同一提名票提名 乙 为主任、副主任两项职务的候选人，对其提名无效" in page
    ns.papers_apply(actor=op, round=r)
    assert (Nominee.objects.get(pk=a.pk).votes, Nominee.objects.get(pk=b.pk).votes) == (1, 1)


def test_paper_naming_an_unregistered_nominee_refused(cast, campaign, seats):
    r = _open(cast, campaign)
    ns.paper_add(
        actor=cast["town_operator"],
        round=r,
        nominator="选民一",
        choices={"chair": ["无名"]},
        on_roll=True,
        by_proxy=False,
    )
    with pytest.raises(ValidationError) as e:
        ns.papers_apply(actor=cast["town_operator"], round=r)
    assert "主任：无名" in str(e.value)


def test_parse_choices():
    posts = {"主任": "chair", "副主任": "vice_chair"}
    assert ns.parse_choices("主任：甲；副主任:乙、丙", posts) == {"chair": ["甲"], "vice_chair": ["乙", "丙"]}
    with pytest.raises(ValidationError):
        ns.parse_choices("书记：甲", posts)


# --- confirmation locks, qualification, publication, withdrawal -----------------------------------


def _confirmed(cast, settled):
    r, n = settled
    ns.round_confirm(actor=cast["town_operator"], round=r, on=HELD)
    return _refresh(r), {k: Nominee.objects.get(pk=v.pk) for k, v in n.items()}


def _qualify_all(cast, r, actor="village_operator"):
    for c in Candidate.objects.filter(nominee__round=r, qualification="pending", withdrawn_on=None):
        ns.candidate_qualify(
            actor=cast[actor],
            candidate=c,
            qualified=True,
            article="村民委员会组织法(2025) 第十六条",
            basis="经审查具有被选举权",
            decided_on=dt.date(2026, 3, 5),
        )


def test_confirmed_round_is_locked(cast, settled):
    r, n = _confirmed(cast, settled)
    with pytest.raises(ValidationError):
        ns.nominee_set_votes(actor=cast["town_operator"], nominee=n[("chair", 1)], votes=999)
    with pytest.raises(ValidationError):
        _nominate(cast, r, "chair", 10)
    with pytest.raises(ValidationError):
        ns.round_update(actor=cast["town_operator"], round=r, participants=900)


def test_qualification_needs_basis_and_listed_article(cast, settled):
    _, n = _confirmed(cast, settled)
    c = n[("chair", 0)].candidate
    kw = {
        "actor": cast["village_operator"],
        "candidate": c,
        "qualified": False,
        "decided_on": dt.date(2026, 3, 5),
    }
    with pytest.raises(ValidationError) as e:
        ns.candidate_qualify(article="村民委员会组织法(2025) 第十六条", basis="  ", **kw)
    assert "请填写选举委员会作出决定的依据和理由" in str(e.value)
    with pytest.raises(ValidationError) as e:
        ns.candidate_qualify(article="随便一条", basis="理由", **kw)
    assert "请从列出的法律依据中选择" in str(e.value)
    with pytest.raises(PermissionDenied):
        ns.candidate_qualify(
            **(kw | {"actor": cast["county_operator"]}), article="村民委员会组织法(2025) 第十六条", basis="x"
        )
    ns.candidate_qualify(article="村民委员会组织法(2025) 第十六条", basis="不具有被选举权", **kw)
    c.refresh_from_db()
    assert c.qualification == "not_qualified"
    assert c.qualification_basis == "村民委员会组织法(2025) 第十六条：不具有被选举权"
    assert AuditEvent.objects.filter(
        model="vetting.Candidate", object_id=str(c.pk), reason="选举委员会确认资格"
    ).exists()


def test_statutory_bar_finding_offers_its_article(cast, settled):
    from huanjie.vetting.nomination_selectors import basis_articles, decide_checks

    r, n = _confirmed(cast, settled)
    c = n[("chair", 0)].candidate
    Finding.objects.create(
        candidate=c,
        source="joint_review",
        reporter="县公安局",
        statutory_code="criminal_punishment",
        found_on=dt.date(2020, 1, 1),
        status="substantiated",
        note="曾受刑事处罚",
    )
    checks = decide_checks(c, r)
    assert checks and all(ch["result"] == "decide" for ch in checks)
    assert checks[0]["citation"] in basis_articles(c, n[("chair", 0)])


def test_publication_needs_decisions_and_surplus_then_locks(cast, settled):
    r, n = _confirmed(cast, settled)
    with pytest.raises(ValidationError) as e:
        ns.round_publish(actor=cast["village_operator"], round=r, on=dt.date(2026, 3, 8))
    assert "尚未确认以下候选人的资格" in str(e.value)
    _qualify_all(cast, r)
    r = ns.round_publish(actor=cast["village_operator"], round=_refresh(r), on=dt.date(2026, 3, 8))
    assert r.published_on == dt.date(2026, 3, 8)
    c = Candidate.objects.get(pk=n[("chair", 0)].candidate_id)
    with pytest.raises(ValidationError) as e:
        ns.candidate_qualify(
            actor=cast["village_operator"],
            candidate=c,
            qualified=False,
            article="村民委员会组织法(2025) 第十六条",
            basis="改变",
            decided_on=dt.date(2026, 3, 9),
        )
    assert "已经公布" in str(e.value)
    with pytest.raises(ValidationError):
        ns.round_publish(actor=cast["village_operator"], round=r, on=dt.date(2026, 3, 9))


def test_not_qualified_leaving_no_surplus_blocks_publication(cast, settled):
    r, n = _confirmed(cast, settled)
    c = n[("chair", 1)].candidate
    ns.candidate_qualify(
        actor=cast["village_operator"],
        candidate=c,
        qualified=False,
        article="村民委员会组织法(2025) 第十六条",
        basis="不是本村选民",
        decided_on=dt.date(2026, 3, 5),
    )
    _qualify_all(cast, r)
    with pytest.raises(ValidationError) as e:
        ns.round_publish(actor=cast["village_operator"], round=_refresh(r), on=dt.date(2026, 3, 8))
    assert "主任应选 1 人，名单 1 人" in str(e.value)


def test_withdrawal_in_time_fills_from_next_nominee(cast, campaign, seats):
    r = _open(cast, campaign)
    n = _field(cast, r)
    _nominate(cast, r, "member", 90, name="me候4")
    r, _ = _confirmed(cast, (r, n))
    _qualify_all(cast, r)
    r = ns.round_publish(actor=cast["village_operator"], round=r, on=dt.date(2026, 3, 8))
    leaving = Candidate.objects.get(pk=Nominee.objects.get(pk=n[("member", 0)].pk).candidate_id)
    c, filled, notes = ns.candidate_withdraw(
        actor=cast["village_operator"],
        candidate=leaving,
        filed_on=ELECTION - dt.timedelta(days=3),
        in_writing=True,
        reason="本人书面申请退出",
    )
    assert c.withdrawn_on == dt.date(2026, 3, 17)
    assert filled is not None and filled.person.name == "me候4" and filled.qualification == "pending"
    assert any("递补" in t for t in notes)
    members = Candidate.objects.filter(post="member", withdrawn_on=None).order_by("list_order")
    assert [x.person.name for x in members] == ["me候1", "me候2", "me候3", "me候4"]
    assert AuditEvent.objects.filter(object_id=str(leaving.pk), reason="候选人书面退出").exists()


def test_withdrawal_late_or_not_in_writing_refused(cast, settled):
    _, n = _confirmed(cast, settled)
    c = n[("chair", 0)].candidate
    with pytest.raises(ValidationError) as e:
        ns.candidate_withdraw(
            actor=cast["town_operator"],
            candidate=c,
            filed_on=ELECTION - dt.timedelta(days=2),
            in_writing=True,
            reason="晚了",
        )
    assert "晚于选举日 2026-03-20 的 3 日前（2026-03-17）" in str(e.value)
    with pytest.raises(ValidationError) as e:
        ns.candidate_withdraw(
            actor=cast["town_operator"], candidate=c, filed_on=HELD, in_writing=False, reason="口头"
        )
    assert "未以书面形式提出退出" in str(e.value)
    c.refresh_from_db()
    assert c.withdrawn_on is None


def test_withdrawal_with_no_reserve_says_so(cast, settled):
    _, n = _confirmed(cast, settled)
    c = n[("chair", 0)].candidate
    _, filled, notes = ns.candidate_withdraw(
        actor=cast["town_operator"], candidate=c, filed_on=HELD, in_writing=True, reason="书面退出"
    )
    assert filled is None and any("须按规定补充提名" in t for t in notes)


# --- 自荐直选 (浙江 第二十条) ------------------------------------------------------------------------


def test_self_nomination_by_deadline(cast, campaign, seats, client):
    client.force_login(cast["village_operator"])
    r = _open(cast, campaign, method="self", registered=None, participants=None)
    p = PersonFactory(domicile_unit=cast.village, name="王五")
    with pytest.raises(ValidationError) as e:
        ns.self_register(
            actor=cast["village_operator"],
            round=r,
            person=p,
            post="chair",
            registered_on=ELECTION - dt.timedelta(days=9),
        )
    assert "报名无效" in str(e.value)
    c = ns.self_register(
        actor=cast["village_operator"],
        round=r,
        person=p,
        post="chair",
        registered_on=ELECTION - dt.timedelta(days=10),
    )
    assert (c.channel, c.list_order, c.nomination_votes) == ("self", 1, None)
    with pytest.raises(ValidationError) as e:
        ns.self_register(actor=cast["village_operator"], round=r, person=p, post="member", registered_on=HELD)
    assert "只能报名参选一个职位" in str(e.value)
    page = client.get(f"/vetting/nomination/{r.pk}/").content.decode()
    assert (
        "自荐人须在选举日的 10 日前本人报名，只能报名参选一个职位" in page
        and "浙江省村民委员会选举办法 第二十条" in page
    )


def test_self_method_only_where_profile_has_it(cast, campaign, seats):
    campaign.profile_code = "beijing"
    campaign.save()
    with pytest.raises(ValidationError) as e:
        _open(cast, campaign, method="self")
    assert "没有无候选人的选举方式" in str(e.value)


# --- nothing removes a nominee ---------------------------------------------------------------------

ALLOWED_REMOVERS = {
    "candidate_withdraw": "the candidate's written withdrawal (rules.nomination.withdraw)",
    "candidate_qualify": "the 选举委员会's qualification decision, with its basis",
}
# Fields whose change takes a candidate off the list or moves it elsewhere.
REMOVING_FIELDS = {"withdrawn_on", "qualification", "side", "post", "campaign", "unit", "person"}
NOMINATION_MODELS = {"Candidate", "Nominee"}


def _vetting_service_modules():
    return sorted(Path(ns.__file__).parent.glob("*services.py"))


def _party_only(fn: ast.FunctionDef) -> bool:
    """The function refuses anything but a party 预备人选 first (``if x.side != Side.PARTY: raise``)."""
    for node in ast.walk(fn):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            t = node.test
            left_side = isinstance(t.left, ast.Attribute) and t.left.attr == "side"
            not_eq = len(t.ops) == 1 and isinstance(t.ops[0], ast.NotEq)
            right = t.comparators[0]
            party = (isinstance(right, ast.Attribute) and right.attr == "PARTY") or (
                isinstance(right, ast.Constant) and right.value == "party"
            )
            if left_side and not_eq and party and any(isinstance(b, ast.Raise) for b in node.body):
                return True
    return False


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _problems(path: Path, fn: ast.FunctionDef) -> list[str]:
    """What in ``fn`` could take a 村（居）民委员会 candidate or nominee off the list."""
    # Names bound to Candidate/Nominee rows or querysets in the function (``row = Candidate.objects…``),
    # its parameters named like them, and the models themselves.
    rows = set(NOMINATION_MODELS) | {
        a.arg for a in fn.args.kwonlyargs if a.arg in ("candidate", "nominee", "row")
    }

    def of_rows(value: ast.AST) -> bool:
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in ("list", "sorted")
        ):
            return bool(value.args) and of_rows(value.args[0])
        if isinstance(value, ast.ListComp | ast.GeneratorExp):
            return of_rows(value.generators[0].iter)
        return _root(value) in rows

    for _ in range(2):  # bindings of bindings (``n = rows[0]`` after ``rows = list(Nominee…)``)
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and of_rows(node.value):
                rows |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            if isinstance(node, ast.For | ast.comprehension) and of_rows(node.iter):
                rows |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    out = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "delete" and _root(node.func) in rows:
                out.append("deletes candidates or nominees")
            if node.func.attr == "update" and _root(node.func) in rows:
                changed = {k.arg for k in node.keywords} & REMOVING_FIELDS
                if changed:
                    out.append(f"updates {sorted(changed)} of a queryset")
        setattr_call = (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
        )
        if setattr_call and _root(node.args[0]) in rows:  # type: ignore[attr-defined]
            out.append("sets a field by name")
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple | ast.List) else [t])]
        for t in flat:
            if isinstance(t, ast.Attribute) and _root(t) in rows:
                unlinks = (
                    t.attr == "candidate"
                    and isinstance(node.value, ast.Constant)
                    and node.value.value is None
                )
                if t.attr in REMOVING_FIELDS or unlinks:
                    out.append(f"sets {t.attr}")
    if out and ((fn.name in ALLOWED_REMOVERS and path.name == "nomination_services.py") or _party_only(fn)):
        return []
    return [f"{path.name}:{fn.name} {p}" for p in out]


def test_nothing_removes_a_committee_candidate_but_withdrawal_and_qualification():
    """Every function of every vetting services module (*services.py, found, not listed): none
    deletes a Candidate or a Nominee, or changes a field that takes a candidate off the list or moves
    it (withdrawn_on, qualification, post, the nominee's candidate…) — but the written withdrawal and
    the 选举委员会's qualification decision, and services that first refuse anything but a party
    预备人选 (``if row.side != Side.PARTY: raise``)."""
    seen, problems = [], []
    for path in _vetting_service_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
            seen.append(fn.name)
            problems += _problems(path, fn)
    assert problems == []
    assert {"candidate_register", "round_confirm", *ALLOWED_REMOVERS} <= set(seen)
    # The modules' public functions are exactly those the AST saw (nothing generated or assigned).
    for path in _vetting_service_modules():
        mod = __import__(f"huanjie.vetting.{path.stem}", fromlist=["_"])
        public = {n for n, f in inspect.getmembers(mod, inspect.isfunction) if f.__module__ == mod.__name__}
        assert public <= set(seen), path.name


def test_the_removal_check_catches_a_hand_strike():
    """The check above is not vacuous: a service striking a nominee by hand is caught, whatever its
    spelling."""
    src = """
def strike(*, actor, candidate):
    row = Candidate.objects.get(pk=candidate.pk)
    row.withdrawn_on, row.withdrawal_reason = today, "镇里决定"
    row.save()

def drop(*, actor, round):
    Nominee.objects.filter(round=round).delete()

def disqualify(*, actor, unit):
    Candidate.objects.filter(unit=unit).update(qualification="not_qualified")

def move(*, actor, candidate):
    setattr(candidate, "post", "member")

def unlink(*, actor, round):
    for n in list(Nominee.objects.filter(round=round)):
        n.candidate = None

def party(*, actor, candidate):
    if candidate.side != Side.PARTY:
        raise ValidationError("x")
    candidate.withdrawn_on = today
"""
    tree = ast.parse(src)
    found = {fn.name: _problems(Path("x_services.py"), fn) for fn in tree.body}
    # The two lawful channels themselves are seen to remove (they are allowed by name, not missed).
    real = ast.parse(Path(ns.__file__).read_text(encoding="utf-8"))
    for fn in real.body:
        if isinstance(fn, ast.FunctionDef) and fn.name in ALLOWED_REMOVERS:
            found[fn.name] = _problems(Path("x_services.py"), fn)
            assert found[fn.name], fn.name
    assert all(found[name] for name in ("strike", "drop", "disqualify", "move", "unlink")), found
    assert found["party"] == []


# --- pages, API and jurisdiction ------------------------------------------------------------------


def test_pages_flow_and_outside_404(cast, settled, client):
    r, _ = settled
    client.force_login(cast["town_operator"])
    assert client.get(f"/vetting/unit/{cast.village.code}/nomination/").status_code == 200
    page = client.get(f"/vetting/nomination/{r.pk}/").content.decode()
    assert "计算正式候选人" in page and "浙江省村民委员会选举办法 第十八条" in page
    resp = client.post(f"/vetting/nomination/{r.pk}/confirm/", {"version": r.version, "on": "2026-03-01"})
    assert resp.status_code == 302
    c = Candidate.objects.filter(nominee__round=r).first()
    assert client.get(f"/vetting/candidate/{c.pk}/qualification/").status_code == 200
    assert (
        api_get(
            client, f"/api/vetting/nomination/rounds/{r.pk}", bearer(cast["village_operator"])
        ).status_code
        == 200
    )
    client.force_login(cast["other_town_operator"])
    for url in (
        f"/vetting/nomination/{r.pk}/",
        f"/vetting/candidate/{c.pk}/qualification/",
        f"/vetting/unit/{cast.village.code}/nomination/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/vetting/nomination/{r.pk}/confirm/", {}).status_code == 404
    assert (
        api_get(
            client, f"/api/vetting/nomination/rounds/{r.pk}", bearer(cast["other_town_operator"])
        ).status_code
        == 404
    )


def test_village_operator_sees_opinion_conclusion_not_findings(cast, settled, client):
    _, n = _confirmed(cast, settled)
    c = n[("chair", 0)].candidate
    Finding.objects.create(
        candidate=c,
        source="joint_review",
        reporter="县公安局",
        item_code="N1",
        found_on=dt.date(2024, 1, 1),
        status="substantiated",
        note="机密情况说明",
    )
    ns.county_opinion_record(actor=cast["county_operator"], candidate=c, conclusion="建议选举委员会依法审查")
    with pytest.raises(PermissionDenied):
        ns.county_opinion_record(actor=cast["village_operator"], candidate=c, conclusion="x")
    client.force_login(cast["village_operator"])
    page = client.get(f"/vetting/candidate/{c.pk}/qualification/").content.decode()
    assert "已收到县级联审意见" in page and "建议选举委员会依法审查" in page
    assert "机密情况说明" not in page
    client.force_login(cast["town_operator"])
    assert "机密情况说明" in client.get(f"/vetting/candidate/{c.pk}/qualification/").content.decode()


def test_round_page_query_count_is_flat(cast, settled, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    r, _ = settled
    client.force_login(cast["town_operator"])
    ns.paper_add(
        actor=cast["town_operator"],
        round=r,
        nominator="选民一",
        choices={"chair": ["ch候0"]},
        on_roll=True,
        by_proxy=False,
    )
    client.get(f"/vetting/nomination/{r.pk}/")  # the session and the user's roles, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/vetting/nomination/{r.pk}/").status_code == 200
    for i in range(8):
        _nominate(cast, r, "member", 10 + i)
        ns.paper_add(
            actor=cast["town_operator"],
            round=r,
            nominator=f"选民{i + 2}",
            choices={"member": ["me候0"]},
            on_roll=True,
            by_proxy=False,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/vetting/nomination/{r.pk}/").status_code == 200
    assert len(many) == len(few)
