"""`huanjie demo`: the default-size fictional city, its structure targets, IDs, relations, accounts."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from huanjie.accounts.models import RoleAssignment, User
from huanjie.core import crypto
from huanjie.core.audit import verify_chain
from huanjie.core.models import AuditEvent
from huanjie.demo import builder as demo
from huanjie.demo.builder import VILLAGE_TERM
from huanjie.org.models import OrgUnit
from huanjie.people.adapters import derived_roles
from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import Committee, Person, Relation, Tenure
from huanjie.planning.models import Assessment, Campaign, CommitteeSeats, PartySeats, PersonnelPlan
from huanjie.rules.dates import age_on
from huanjie.rules.ids import parse_citizen_id
from huanjie.rules.registry import COLLEGE_OR_ABOVE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_default_demo_builds_a_city_that_meets_the_structure_targets():
    output = run("--seed", "2026")

    # Shape: 2 counties × 4 towns × 8 units, under one city with a valid province prefix.
    city = OrgUnit.objects.get(level="city")
    assert city.code == demo.CITY_CODE and city.code[:2] == "32"
    assert OrgUnit.objects.filter(level="county").count() == 2
    towns = OrgUnit.objects.filter(level="town")
    assert towns.count() == 8
    assert all(t.children.count() == 8 for t in towns)
    leaves = OrgUnit.objects.filter(level__in=["village", "community"])
    assert leaves.count() == 64
    assert leaves.filter(level="community").exists() and leaves.filter(level="village").exists()
    assert all(u.code.startswith(u.parent.path) for u in leaves.select_related("parent"))

    # Every unit has its three committees; the party organization's form follows its member count.
    assert Committee.objects.count() == 64 * 3
    for c in Committee.objects.filter(kind=CommitteeKind.PARTY_ORG).select_related("org_unit"):
        n = c.org_unit.party_members
        assert c.party_org_form == ("committee" if n >= 100 else "general_branch" if n >= 50 else "branch")

    sitting = list(Tenure.objects.filter(end_date__isnull=True).select_related("person", "committee"))
    members = {t.person_id: t.person for t in sitting}
    secretaries = [t.person for t in sitting if t.post == Post.SECRETARY]
    assert len(secretaries) == 64  # one per unit

    mean_sec_age = sum(age_on(p.birth_date, demo.AS_OF) for p in secretaries) / len(secretaries)
    women = sum(p.sex == "F" for p in members.values()) / len(members)
    college = sum(p.highest_education in COLLEGE_OR_ABOVE for p in members.values()) / len(members)
    dual = sum("dual_role" in flags for flags in derived_roles(sitting).values()) / 64
    assert 47 <= mean_sec_age <= 53, mean_sec_age
    assert 0.24 <= women <= 0.32, women
    assert college < 0.50, college
    assert 0.90 <= dual <= 1.0, dual

    # Committee sizes: villagers' 3–7, residents' 5–9, supervision 3–5, and a woman on each 村/居委会.
    by_committee: dict[int, list[Tenure]] = {}
    for t in sitting:
        by_committee.setdefault(t.committee_id, []).append(t)
    for c in Committee.objects.all():
        rows = by_committee[c.pk]
        size = len(rows)
        if c.kind == CommitteeKind.VILLAGERS:
            assert 3 <= size <= 7
        elif c.kind == CommitteeKind.RESIDENTS:
            assert 5 <= size <= 9
        elif c.kind == CommitteeKind.SUPERVISION:
            assert 3 <= size <= 5
        else:
            assert 3 <= size <= 9
        if c.kind in (CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS):
            assert any(t.person.sex == "F" for t in rows), c
        if c.kind == CommitteeKind.PARTY_ORG:
            assert all(t.person.political_status == "cpc" for t in rows), c

    # Every ID is valid, unique, belongs to the demo city, and agrees with the stored birth date and sex.
    numbers = []
    for p in Person.objects.all():
        cid = parse_citizen_id(crypto.decrypt(p.id_cipher), today=demo.AS_OF)
        assert cid.region.startswith("3297")
        assert (cid.birth_date, cid.sex) == (p.birth_date, p.sex)
        assert p.id_index == crypto.blind_index(cid.number)
        assert len(p.name) in (2, 3, 4) and len(p.name) >= 3 - (p.name[:2] in {"欧阳", "司马", "诸葛"})
        numbers.append(cid.number)
    assert len(numbers) == len(set(numbers)) > len(members)

    # Near relatives: spouses, parents/children and siblings; a few pairs both sit on committees.
    kinds = Counter(Relation.objects.values_list("kind", flat=True))
    assert kinds["spouse"] > 0 and kinds["parent"] > 0 and kinds["sibling"] > 0
    sitting_ids = set(members)
    both = Relation.objects.filter(person_a_id__in=sitting_ids, person_b_id__in=sitting_ids)
    assert both.exists()

    # Supervision: no member of the 村/居委会, and no near relative of one (村委会组织法 第三十二条).
    for unit in leaves:
        here = [t for t in sitting if t.committee.org_unit_id == unit.pk]
        on = {k: {t.person_id for t in here if t.committee.kind == k} for k in CommitteeKind}
        committee = on[CommitteeKind.VILLAGERS] | on[CommitteeKind.RESIDENTS]
        supervision = on[CommitteeKind.SUPERVISION]
        assert not supervision & committee
        assert not Relation.objects.filter(
            Q(person_a_id__in=supervision, person_b_id__in=committee)
            | Q(person_a_id__in=committee, person_b_id__in=supervision)
        ).exists()

    # Weak villages have no batch and no 一肩挑; pilots have batch 1.
    weak = list(demo.weak_units())
    assert 3 <= len(weak) <= 6
    for u in weak:
        assert u.batch is None and not u.is_pilot
        chair = Tenure.objects.get(committee__org_unit=u, post=Post.CHAIR, end_date__isnull=True)
        secretary = Tenure.objects.get(committee__org_unit=u, post=Post.SECRETARY, end_date__isnull=True)
        assert chair.person_id != secretary.person_id
    pilots = OrgUnit.objects.filter(is_pilot=True)
    assert pilots.count() >= 4 and set(pilots.values_list("batch", flat=True)) == {1}
    assert set(leaves.exclude(batch=None).values_list("batch", flat=True)) == {1, 2, 3}

    # Some members left during the term, with a date and reason, and were replaced.
    ended = Tenure.objects.filter(end_date__isnull=False)
    assert all(t.end_reason and t.term_number in (7, 11) for t in ended)

    # One audit event for the whole build (newest first), after the one for publishing the campaign
    # (it goes through the workflow like any publication), and the chain is intact.
    # The demo's personnel plans are submitted and approved through the workflow too (issue 10 req. 7).
    # The voted pilots' results come after the build, each write audited as the officials' own.
    build = AuditEvent.objects.get(action="demo_build")
    events = AuditEvent.objects.filter(pk__lte=build.pk)
    assert [e.action for e in events] == ["demo_build", *["transition"] * 4]
    assert events[0].after["persons"] == Person.objects.count()
    assert [(e.model, e.after["transition"]) for e in events[1:]] == [
        ("planning.PersonnelPlan", "submit"),
        ("planning.PersonnelPlan", "approve"),
        ("planning.PersonnelPlan", "submit"),
        ("planning.Campaign", "publish"),
    ]
    assert verify_chain() is None

    # One account per role, no forced password change, and the documented password works.
    # Besides the demo accounts, two officials (no password) of each town whose pilots voted.
    officials = User.objects.exclude(username__in=[a[0] for a in demo.DEMO_ACCOUNTS])
    assert User.objects.count() - officials.count() == len(demo.DEMO_ACCOUNTS) == 12
    assert officials.exists() and not any(u.has_usable_password() for u in officials)
    assert not User.objects.filter(must_change_password=True).exists()
    assert authenticate(username="town_op", password=demo.DEMO_PASSWORD) is not None
    town_op = User.objects.get(username="town_op")
    assert town_op.home_unit.level == "town" and town_op.home_unit.children.filter(level="village").exists()
    assert User.objects.get(username="vetting").role_assignments.get().department == "police"
    assert "http://127.0.0.1:8000/" in output and demo.DEMO_PASSWORD in output
    assert all(a[0] in output for a in demo.DEMO_ACCOUNTS)


@pytest.mark.django_db
def test_if_empty_skips_when_units_exist_and_plain_run_refuses(cast):
    before = (OrgUnit.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    output = run("--if-empty")
    assert "跳过" in output and "http://127.0.0.1:8000/" in output
    assert (OrgUnit.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(CommandError):
        run()
    assert OrgUnit.objects.count() == before[0]


@pytest.mark.django_db
def test_same_seed_gives_the_same_city():
    demo.build_demo(seed=7)
    first = list(Person.objects.order_by("id").values_list("name", "birth_date", "sex", "id_index"))
    PersonnelPlan.objects.all().delete()
    CommitteeSeats.objects.all().delete()
    PartySeats.objects.all().delete()
    weak = sorted(Assessment.objects.filter(category="weak").values_list("unit__code", flat=True))
    assert weak and weak == sorted(u.code for u in demo.weak_units())  # the lists' 软弱涣散 badges
    from huanjie.elections.models import (
        Election,
        Handover,
        PartyMeeting,
        ResultReceipt,
        ResultRound,
        RoundTenure,
        TallySheet,
    )
    from huanjie.planning.models import EconomicAudit, Postponement, Rectification, ReserveCadre
    from huanjie.vetting.models import Candidate

    for model in (
        RoundTenure,
        ResultReceipt,
        TallySheet,
        ResultRound,
        Handover,
        PartyMeeting,
        Candidate,
        ReserveCadre,
        EconomicAudit,
        Postponement,
        Rectification,
        Election,
    ):  # they protect what they name
        model.objects.all().delete()
    Relation.objects.all().delete()
    Tenure.objects.all().delete()
    Committee.objects.all().delete()
    Person.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Assessment.objects.all().delete()
    Campaign.objects.all().delete()
    for u in User.objects.all():  # keep the accounts (other apps refer to users), free the names
        u.username += "_first"
        u.save(update_fields=["username"])
    for level in ("village", "community", "town", "county", "city"):
        OrgUnit.objects.filter(level=level).delete()
    demo.build_demo(seed=7)
    second = list(Person.objects.order_by("id").values_list("name", "birth_date", "sex", "id_index"))
    assert first == second


@pytest.mark.django_db
def test_demo_creates_a_key_file_when_there_are_no_keys(cast, tmp_path, monkeypatch, settings):
    monkeypatch.delenv("HUANJIE_ENC_KEY")
    monkeypatch.delenv("HUANJIE_MAC_KEY")
    settings.HUANJIE_KEY_FILE = tmp_path / "keys" / "keys.json"
    output = run("--if-empty")
    assert settings.HUANJIE_KEY_FILE.exists()
    assert oct(settings.HUANJIE_KEY_FILE.stat().st_mode & 0o777) == "0o600"
    assert str(settings.HUANJIE_KEY_FILE) in output
    crypto.load_keys.cache_clear()
    assert crypto.decrypt(crypto.encrypt("329721197001010011")) == "329721197001010011"
    # An existing key file is kept as it is.
    before = settings.HUANJIE_KEY_FILE.read_text()
    assert str(settings.HUANJIE_KEY_FILE) not in run("--if-empty")
    assert settings.HUANJIE_KEY_FILE.read_text() == before


@pytest.mark.django_db
def test_the_demo_city_runs_a_published_campaign_on_the_jiangsu_profile():
    output = run("--seed", "7")
    campaign = Campaign.objects.get()
    assert (campaign.profile_code, campaign.state) == ("jiangsu", "published")
    assert [b.name for b in campaign.batches.all()] == ["第一批（试点）", "第二批", "第三批"]
    assert campaign.milestones.count() == len(demo.CAMPAIGN_MILESTONES) == 8
    assert f"换届工作：{campaign.name}（已发布，江苏省配置）。" in output
    assert verify_chain() is None


@pytest.mark.django_db
def test_the_demo_campaign_has_complete_settings():
    from huanjie.planning.models import (
        CampaignBody,
        CampaignTask,
        GuidanceRule,
        NegativeItem,
        ResponsiblePerson,
        ReviewDepartment,
        StructureTarget,
    )
    from huanjie.rules.campaign import DEFINITIONS

    run("--seed", "7")
    campaign = Campaign.objects.get()
    assert set(CampaignBody.objects.values_list("kind", flat=True)) == {
        "leadership_group",
        "office",
        "member_unit",
        "task_force",
    }
    # every county has its first and direct responsible person, every town its direct one
    counties = OrgUnit.objects.filter(level="county").count()
    towns = OrgUnit.objects.filter(level="town").count()
    assert ResponsiblePerson.objects.filter(unit__level="county").count() == 2 * counties
    assert ResponsiblePerson.objects.filter(unit__level="town", role="direct").count() == towns
    assert CampaignTask.objects.filter(campaign=campaign).count() >= 8
    assert set(StructureTarget.objects.values_list("code", flat=True)) == set(DEFINITIONS)
    assert NegativeItem.objects.count() == 10
    assert set(NegativeItem.objects.values_list("tier", flat=True)) == {"cannot", "should_not"}
    assert GuidanceRule.objects.filter(post="secretary", age_limit_male=60, age_limit_female=55).exists()
    assert ReviewDepartment.objects.count() >= 10


@pytest.mark.django_db
def test_province_scale_tree_has_twenty_thousand_units_with_distinct_well_formed_codes():
    # `--scale province` (issue 10 req. 13): 12 counties, 1,200 towns, about 20,000 villages and
    # communities; the tree alone (leaves are drawn, not written) so the test stays fast.
    b = demo._Builder(demo.SCALES["province"], 2026)
    city, counties, towns, leaves = b.build_tree()
    assert (len(counties), len(towns)) == (12, 1200)
    assert 19_900 <= len(leaves) <= 20_100
    codes = [u.code for u in (city, *counties, *towns, *leaves)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 12 and c.isdigit() for c in codes)
    # Town codes stay inside their ranges (街道 001-099, 镇 101-199, 乡 201-299) ...
    by_suffix = {"街道": (1, 99), "镇": (101, 199), "乡": (201, 299)}
    for t in towns:
        lo, hi = next(r for s, r in by_suffix.items() if t.name.endswith(s))
        assert lo <= int(t.code[6:9]) <= hi, t
    # ... and every leaf sits under its town (community 001-199, village 201-399).
    for u in leaves:
        assert u.code[:9] == u.parent.code[:9] and u.path.startswith(u.parent.path)
        n = int(u.code[9:12])
        assert (1 <= n <= 199) if u.level == "community" else (201 <= n <= 399), u
    assert demo.SCALE_LABELS["province"] == "省级规模"


@pytest.mark.django_db
def test_the_demo_has_candidates_for_every_unit_through_lawful_channels():
    """Issue 11: sitting Party members as 预备人选 by 两推一选 with both counts, sitting committee members
    and one newcomer per unit as voters' nominees — every unit has both sides."""
    from huanjie.vetting.models import Candidate

    run("--seed", "2026")
    rows = list(Candidate.objects.select_related("person"))
    # The pilots that voted renewed their 人选 and seated a new term (test below): left out here.
    voted = {u.pk for u in demo.voted_pilots(list(OrgUnit.objects.filter(is_pilot=True)))}
    sitting_party = Tenure.objects.filter(
        end_date__isnull=True, committee__kind=CommitteeKind.PARTY_ORG
    ).exclude(committee__org_unit_id__in=voted)
    party = [c for c in rows if c.side == "party" and c.unit_id not in voted]
    assert len(party) == sitting_party.values("person_id", "committee__org_unit_id").distinct().count()
    assert all(c.channel == "two_recommendations" and c.votes_members and c.votes_public for c in party)
    assert all(c.channel == "voters" and c.nomination_votes for c in rows if c.side != "party")
    assert all(c.person.domicile_unit_id == c.unit_id for c in rows if c.source == "graduate")
    units = OrgUnit.objects.filter(level__in=["village", "community"]).count()
    assert {c.unit_id for c in rows if c.side == "party"} == {
        c.unit_id for c in rows if c.side == "committee"
    }
    assert len({c.unit_id for c in rows}) == units
    assert sum(1 for c in rows if c.source == "graduate") <= units
    # The pledge roll-up's counts are kept for the bulk-loaded candidates too (vettingspeed).
    from django.db.models import Sum

    from huanjie.vetting.models import PledgeTally

    standing = [c for c in rows if c.withdrawn_on is None]
    assert PledgeTally.objects.aggregate(n=Sum("standing"))["n"] == len(standing)


@pytest.mark.django_db
def test_the_demo_schedules_the_pilots_elections_with_steps_recorded():
    from huanjie.elections import procedure_selectors as sel
    from huanjie.elections.models import Election, ElectionDependency, ElectionStep

    output = run("--seed", "7")
    pilots = OrgUnit.objects.filter(is_pilot=True)
    elections = Election.objects.select_related("batch")
    assert elections.count() == 2 * pilots.count() > 0
    assert {e.unit_id for e in elections} == set(pilots.values_list("pk", flat=True))
    assert {(e.body, e.election_day.isoformat(), e.batch.name) for e in elections} == {
        ("party", "2026-12-27", "第一批（试点）"),
        ("committee", "2027-01-10", "第一批（试点）"),
        ("party", "2026-11-15", "第一批（试点）"),
        ("committee", "2026-11-22", "第一批（试点）"),
    }
    voted = demo.voted_pilots(list(pilots))
    assert 0 < len(voted) < pilots.count()  # some voted, some still preparing
    preparing = pilots.exclude(pk__in=[u.pk for u in voted])
    # The Party organization first: each committee election depends on its unit's Party election.
    deps = ElectionDependency.objects.select_related("election", "depends_on")
    assert (
        sorted((d.election.body, d.depends_on.body) for d in deps)
        == [("committee", "party")] * pilots.count()
    )
    steps = ElectionStep.objects.select_related("election__unit")
    assert {(s.election.body, s.key, s.done_on) for s in steps} == {
        ("party", "candidate_vetting", demo.PILOT_STEPS_DONE["party"][0][1]),
        ("committee", "audit_published", demo.PILOT_STEPS_DONE["committee"][0][1]),
    }
    villages = preparing.filter(level="village").count()
    assert [s.election.unit.level for s in steps if s.key == "audit_published"] == ["village"] * villages
    assert steps.filter(key="candidate_vetting").count() == preparing.count()
    assert not ElectionStep.objects.exclude(violations=[]).exists()
    # A pilot village's procedure page is filled: steps with deadlines, one recorded.
    admin = User.objects.get(username="city_op")
    mine = sel.elections(admin).filter(body="committee", unit__in=preparing, unit__level="village").first()
    page = sel.election_page(admin, mine.pk)
    assert [r.key for r in page.steps if r.done] == ["audit_published"]
    assert next(r for r in page.steps if r.key == "voter_list").latest.isoformat() == "2026-12-21"
    assert f"试点村（社区）已安排选举 {elections.count()} 场" in output


@pytest.mark.django_db
def test_the_voted_pilots_elections_are_certified_and_the_new_term_is_seated():
    """The pilots that voted in November: every round certified through the results services (two
    officials, a receipt code), the new term seated and the outgoing one ended, the Party meetings
    approved by the town, some handovers signed off, and the statistics' 换届后 structure filled."""
    from huanjie.elections.models import Handover, PartyMeeting, ResultReceipt, ResultRound, TallySheet
    from huanjie.stats import structure_selectors as ss

    output = run("--seed", "2026")
    voted = demo.voted_pilots(list(OrgUnit.objects.filter(is_pilot=True)))
    rounds = ResultRound.objects.select_related("election")
    assert rounds.count() == 2 * len(voted) > 0
    assert all(r.state == "certified" and r.receipt and not r.engine_differs for r in rounds)
    assert {r.election.unit_id for r in rounds} == {u.pk for u in voted}
    assert ResultReceipt.objects.filter(superseded_at__isnull=True).count() == rounds.count()
    sheets = TallySheet.objects.all()
    assert sheets.exists() and all(
        s.state == "verified" and s.verified_by_id != s.entered_by_id for s in sheets
    )
    assert set(PartyMeeting.objects.values_list("state", flat=True)) == {"approved"}
    assert (
        Handover.objects.filter(state="signed_off").exists()
        and Handover.objects.filter(state="open").exists()
    )
    assert f"确认选举结果 {rounds.count()} 轮" in output

    for u in voted:
        here = Tenure.objects.filter(
            committee__org_unit=u, committee__kind__in=["party_org", "villagers_committee"]
        )
        new = here.filter(start_date__in=demo.PILOT_DONE_DAYS, end_date__isnull=True)
        old = here.filter(end_date__in=demo.PILOT_DONE_DAYS, end_reason="term_end")
        assert new.exists() and old.exists()
        assert not here.filter(end_date__isnull=True).exclude(pk__in=new).exists()  # the old term ended
        assert new.filter(post="secretary").count() == 1 and new.filter(post="chair").count() == 1
        assert new.filter(committee__kind="villagers_committee", person__sex="F").exists()
        assert all(t.term_number == VILLAGE_TERM + 1 for t in new)

    leader = User.objects.get(username="leader")
    campaign = Campaign.objects.get()
    after = ss.figures(leader, campaign, basis="after")
    assert after.values["reporting"].text == str(len(voted))
    assert int(after.values["members"].text) > 0
    assert after.values["one_shoulder_village"].text == "100.0%"
    assert after.values["villagers_without_woman"].text == "0"
    assert after.values["new_members"].text not in ("—", "0.0%")
