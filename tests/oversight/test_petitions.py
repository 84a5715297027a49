"""Issue 14 req. 1: petitions (信访) — registration with the legal clock from the campaign's settings
(受理 15 days, 办结 60 days, extension at most 30: exact boundaries with a fixed clock), handling
through the workflow, the petitioner's identity (encrypted; visible to handlers only, each view
audited), screening items for candidates (only 查实 + negative-list code is block-eligible), the
analysis with flat query counts, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core.audit import AuditAction
from huanjie.core.models import AuditEvent
from huanjie.core.plugins import screening_items, screening_runs
from huanjie.oversight import petitions_selectors as sel
from huanjie.oversight import petitions_services as svc
from huanjie.oversight.models import Petition
from huanjie.planning.models import Campaign, NegativeItem
from huanjie.vetting.models import Candidate, NominationRound
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ID = "110101199003074514"
TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def today(monkeypatch):
    day = {"value": TODAY}
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: day["value"])
    return day


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


def register(cast, campaign, *, unit=None, received=TODAY, actor="town_operator", **kw):
    fields = {
        "channel": "letter",
        "category": "bribery",
        "summary": "反映有人请客拉票",
        "petitioner_name": "赵信访",
        "petitioner_id": ID,
        "petitioner_phone": "13900000000",
    } | kw
    return svc.petition_register(
        actor=cast[actor], campaign=campaign, unit=unit or cast.village, received_on=received, **fields
    )


def _fresh(p):
    return Petition.objects.get(pk=p.pk)


# --- the legal clock -------------------------------------------------------------------------


def test_accept_deadline_is_15_days_from_receipt_and_overdue_the_day_after(cast, campaign, today):
    p = register(cast, campaign, received=dt.date(2026, 3, 1))
    assert p.accept_due == dt.date(2026, 3, 16) and p.state == "registered" and p.state_due == p.accept_due
    f = sel.PetitionFilters(overdue=True)
    today["value"] = dt.date(2026, 3, 16)
    assert not sel.petitions(cast["town_operator"], f).exists()
    today["value"] = dt.date(2026, 3, 17)
    assert list(sel.petitions(cast["town_operator"], f)) == [p]


def test_conclude_deadline_runs_60_days_from_acceptance_and_extends_at_most_30(cast, campaign, today):
    p = register(cast, campaign, received=dt.date(2026, 3, 1))
    svc.petition_accept(actor=cast["town_operator"], petition=p)
    p = _fresh(p)
    assert (p.state, p.accepted_on, p.conclude_due, p.state_due) == (
        "accepted",
        TODAY,
        dt.date(2026, 5, 9),
        dt.date(2026, 5, 9),
    )
    svc.petition_extend(actor=cast["town_operator"], petition=p, days=20, reason="情况复杂")
    with pytest.raises(ValidationError) as exc:
        svc.petition_extend(actor=cast["town_operator"], petition=_fresh(p), days=11, reason="再延")
    assert "延期累计不得超过 30 天（已延期 20 天）" in str(exc.value)
    svc.petition_extend(actor=cast["town_operator"], petition=_fresh(p), days=10, reason="再延")
    assert _fresh(p).conclude_due == dt.date(2026, 6, 8)
    with pytest.raises(ValidationError):
        svc.petition_extend(actor=cast["town_operator"], petition=_fresh(p), days=1, reason="三延")
    f = sel.PetitionFilters(overdue=True)
    today["value"] = dt.date(2026, 6, 8)
    assert not sel.petitions(cast["town_operator"], f).exists()
    today["value"] = dt.date(2026, 6, 9)
    assert sel.petitions(cast["town_operator"], f).count() == 1


def test_the_campaign_settings_set_the_clock_with_their_citation(cast, campaign, today):
    clock = svc.settings_for(campaign)
    assert (clock.accept_days, clock.conclude_days, clock.extension_days) == (15, 60, 30)
    assert "信访工作条例" in clock.accept_citation and "第三十五条" in clock.conclude_citation
    with pytest.raises(PermissionDenied):
        svc.settings_update(actor=cast["town_operator"], campaign=campaign, accept_days=10)
    svc.settings_update(actor=cast["city_operator"], campaign=campaign, accept_days=10)
    assert register(cast, campaign, received=dt.date(2026, 3, 1)).accept_due == dt.date(2026, 3, 11)


def test_handling_steps_result_and_reply(cast, campaign, today):
    town = cast["town_operator"]
    p = register(cast, campaign)
    svc.petition_assign(actor=town, petition=p, handler_unit=cast.town, handler_name="钱承办")
    svc.petition_accept(actor=town, petition=_fresh(p))
    svc.petition_step_add(actor=town, petition=_fresh(p), on=TODAY, note="走访核实")
    with pytest.raises(ValidationError):
        svc.petition_step_add(actor=town, petition=_fresh(p), on=TODAY + dt.timedelta(days=1), note="未来")
    svc.petition_conclude(
        actor=town,
        petition=_fresh(p),
        finding="unfounded",
        result="经核实不属实",
        reply="已答复",
        replied_on=TODAY,
    )
    p = _fresh(p)
    assert (p.state, p.finding, p.concluded_on, p.handler_name) == ("concluded", "unfounded", TODAY, "钱承办")
    assert [s.note for s in p.steps.all()] == ["走访核实"]
    with pytest.raises(Exception, match="锁定"):
        svc.petition_step_add(actor=town, petition=p, on=TODAY, note="办结后")


def test_decline_needs_a_reason_and_only_handlers_may(cast, campaign, today):
    p = register(cast, campaign)
    with pytest.raises(PermissionDenied):
        svc.petition_accept(actor=cast["county_approver"], petition=p)
    with pytest.raises(PermissionDenied):
        svc.petition_accept(actor=cast["other_town_operator"], petition=p)
    from huanjie.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused):
        svc.petition_decline(actor=cast["town_operator"], petition=p, reason="")
    svc.petition_decline(actor=cast["county_operator"], petition=_fresh(p), reason="不属于换届事项")
    assert _fresh(p).state == "declined"


def test_only_a_substantiated_finding_names_a_negative_list_item(cast, campaign, today):
    NegativeItem.objects.create(
        campaign=campaign, code="N3", text="有贿选行为的", tier="cannot", department="纪委"
    )
    town = cast["town_operator"]
    p = register(cast, campaign)
    svc.petition_accept(actor=town, petition=p)
    for finding, code, message in (
        ("partly", "N3", "只有查实的问题才能对应负面清单"),
        ("substantiated", "N9", "本次换届工作的负面清单中没有该编号"),
    ):
        with pytest.raises(ValidationError) as exc:
            svc.petition_conclude(
                actor=town,
                petition=_fresh(p),
                finding=finding,
                item_code=code,
                result="r",
                reply="r",
                replied_on=TODAY,
            )
        assert message in str(exc.value)
    svc.petition_conclude(
        actor=town,
        petition=_fresh(p),
        finding="substantiated",
        item_code="N3",
        result="查实",
        reply="r",
        replied_on=TODAY,
    )
    assert _fresh(p).item_code == "N3"


# --- the petitioner's identity ---------------------------------------------------------------


def test_identity_is_stored_encrypted(cast, campaign, today):
    p = register(cast, campaign)
    raw = Petition.objects.filter(pk=p.pk).values_list("petitioner_name_cipher", "petitioner_id_cipher").get()
    assert "赵信访" not in raw[0] and ID not in raw[1]
    create = AuditEvent.objects.get(action=AuditAction.CREATE, model="oversight.Petition")
    assert ID not in str(create.after) and "赵信访" not in str(create.after)


def test_handlers_see_the_petitioner_others_do_not_and_each_view_is_audited(cast, campaign, client, today):
    p = register(cast, campaign)
    url = reverse("oversight_petitions:petition", args=[p.pk])
    views = AuditEvent.objects.filter(action=AuditAction.VIEW_CONFIDENTIAL, object_id=str(p.pk))
    client.force_login(cast["town_operator"])
    page = client.get(url).content.decode()
    assert "赵信访" in page and ID in page and views.count() == 1
    client.get(url)
    assert views.count() == 2 and views.first().actor == cast["town_operator"]
    for role in ("county_approver", "leader"):  # see the petition, not who sent it
        client.force_login(cast[role])
        page = client.get(url).content.decode()
        assert (
            "反映有人请客拉票" in page
            and "赵信访" not in page
            and ID not in page
            and "仅承办人员可见" in page
        )
    assert views.count() == 2
    for role in ("other_town_operator", "supervisor"):
        client.force_login(cast[role])
        assert client.get(url).status_code == 404
    assert svc.petitioner_identity(actor=cast["county_approver"], petition=p) is None


def test_repeat_petitions_are_found_by_the_blind_index(cast, campaign, today):
    subject = PersonFactory(name="孙被告", domicile_unit=cast.village)
    a = register(cast, campaign, subject_person=subject)
    register(cast, campaign, petitioner_id=" " + ID.lower() + " ", subject_person=subject)
    register(cast, campaign, petitioner_id="", petitioner_name="李四", petitioner_phone="1")
    register(
        cast, campaign, petitioner_id="", petitioner_name="李四", petitioner_phone="1", unit=cast.village2
    )
    page = sel.petition_page(cast["town_operator"], a)
    assert page.repeats_petitioner == 1 and page.repeats_subject == 1
    an = sel.analysis(cast["town_operator"], sel.PetitionFilters(campaign=campaign))
    assert (an.repeat_petitioners, an.repeat_petitions) == (2, 4)
    assert an.repeat_subjects == [("孙被告", 2)]


# --- analysis --------------------------------------------------------------------------------


def test_analysis_by_category_town_week_and_hot_spots_in_flat_queries(cast, campaign, today):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            sel.analysis(cast["county_operator"], sel.PetitionFilters(campaign=campaign))
        return len(ctx)

    register(cast, campaign, received=dt.date(2026, 3, 2))
    count_queries()  # the user's roles are read once, then cached
    few = count_queries()
    for i in range(3):
        register(cast, campaign, received=dt.date(2026, 3, 3 + i), category="procedure", petitioner_id="")
    register(cast, campaign, unit=cast.village_b, received=dt.date(2026, 3, 9), actor="county_operator")
    assert count_queries() == few
    a = sel.analysis(cast["county_operator"], sel.PetitionFilters(campaign=campaign))
    assert a.total == 5 and a.by_category == [("选举程序", 3), ("贿选拉票", 2)]
    assert a.by_town == [("青石镇", 4), ("白沙镇", 1)]
    assert a.by_week == [(dt.date(2026, 3, 2), 4), (dt.date(2026, 3, 9), 1)]
    assert a.hot_spots == [("东村", "青石镇", 4)]
    # The town sees only its own.
    assert sel.analysis(cast["town_operator"], sel.PetitionFilters()).total == 4
    # Issue 14 req. 11: five aggregate queries at any scale — (category, week), village, the
    # towns' and hot spots' names, repeat petitioners, repeat subjects (bench/bench_oversight.py).
    assert few == 5
    sel.analysis(cast["city_operator"], sel.PetitionFilters(campaign=campaign))  # roles read, cached
    with CaptureQueriesContext(connection) as ctx:
        sel.analysis(cast["city_operator"], sel.PetitionFilters(campaign=campaign))
    assert len(ctx) == 5


def test_the_whole_city_is_counted_without_joining_its_units(cast, campaign, today):
    """Every petition of a campaign lies in its city (registration checks it), so a city operator's
    list and counts read the petitions alone (one index at a province's 100,000); a county's or a
    town's are still filtered by the units' paths."""
    register(cast, campaign)
    register(cast, campaign, unit=cast.village_b, actor="county_operator")
    f = sel.PetitionFilters(campaign=campaign)
    city = sel.petitions(cast["city_operator"], f)
    assert "org_orgunit" not in str(city.query) and city.count() == 2
    town = sel.petitions(cast["town_operator"], f)
    assert "org_orgunit" in str(town.query) and town.count() == 1
    a = sel.analysis(cast["city_operator"], f)
    assert (a.total, a.by_town) == (2, [("青石镇", 1), ("白沙镇", 1)])  # ties: by the towns' codes
    assert a.other_towns == (0, 0)


def test_the_towns_beyond_the_first_ones_are_summed_in_one_line(cast, campaign, today, monkeypatch, client):
    """A city has hundreds of towns: the analysis names the first TOWNS_SHOWN by petitions (ties by
    code) and sums the others."""
    register(cast, campaign)
    register(cast, campaign, unit=cast.village_b, actor="county_operator")
    register(cast, campaign, unit=cast.village_b, actor="county_operator", petitioner_id="")
    monkeypatch.setattr(sel, "TOWNS_SHOWN", 1)
    a = sel.analysis(cast["city_operator"], sel.PetitionFilters(campaign=campaign))
    assert (a.total, a.by_town, a.other_towns) == (3, [("白沙镇", 2)], (1, 1))
    client.force_login(cast["city_operator"])
    page = client.get(reverse("oversight_petitions:analysis"), {"campaign": campaign.pk}).content.decode()
    assert "其余 1 个乡镇（街道）" in page and "按件数列出前 1 个" in page


def test_the_jurisdiction_filter_is_written_in_one_pass():
    from huanjie.oversight.petitions_forms import PetitionFilterForm

    form = PetitionFilterForm(
        {"jurisdiction": "3299"},
        jurisdictions=[("3299", "青澜市"), ("329901", "<县>")],
        states={},
        auto_id="filter_%s",
    )
    html = str(form["jurisdiction"])
    assert html.startswith('<select class="form-select" id="filter_jurisdiction" name="jurisdiction">')
    assert '<option value="3299" selected>青澜市</option>' in html
    assert '<option value="329901">&lt;县&gt;</option>' in html and '<option value="" >' not in html


def test_list_page_filters_and_has_a_flat_query_count(cast, campaign, client, today):
    client.force_login(cast["county_operator"])
    url = reverse("oversight_petitions:list")
    register(cast, campaign)

    def count(params=""):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url + params).status_code == 200
        return len(ctx)

    count()
    one = count()
    for _ in range(5):
        register(cast, campaign, unit=cast.village_b, actor="county_operator", category="clan")
    assert count() == one
    page = client.get(url + f"?category=clan&jurisdiction={cast.town_b.path}").content.decode()
    assert page.count("宗族或黑恶势力干预</td>") == 5 and "贿选拉票</td>" not in page
    assert "暂无信访件" in client.get(url + "?overdue=1").content.decode()
    today["value"] = dt.date(2026, 3, 26)
    assert client.get(url + "?overdue=1").content.decode().count("逾期</span>") == 6
    assert client.get(reverse("oversight_petitions:analysis")).status_code == 200
    assert client.get(reverse("oversight_petitions:settings", args=[campaign.pk])).status_code == 200
    export = client.get(reverse("oversight_petitions:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_registering_through_the_page(cast, campaign, client, today):
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("oversight_petitions:new"),
        {
            "campaign": campaign.pk,
            "unit": cast.village.pk,
            "channel": "visit",
            "category": "procedure",
            "received_on": "2026-03-09",
            "summary": "选民名单有误",
            "petitioner_name": "周某",
        },
    )
    assert r.status_code == 302
    p = Petition.objects.get()
    assert p.accept_due == dt.date(2026, 3, 24) and p.channel == "visit"
    bad = client.post(
        reverse("oversight_petitions:new"), {"campaign": campaign.pk, "unit": cast.village_b.pk}
    )
    assert bad.status_code == 400


def test_the_village_is_picked_by_name_within_the_jurisdiction(cast, campaign, client, today):
    """The registration form picks the village by name (a list of a province's villages would not
    load): the picks are the user's own villages only, labelled with their county and town."""
    client.force_login(cast["town_operator"])
    page = client.get(reverse("oversight_petitions:list")).content.decode()
    assert "西村</option>" not in page  # no list of every village in the form
    picks = client.get(reverse("oversight_petitions:unit_pick"), {"q": "村"}).content.decode()
    assert "东村" in picks and "西村" in picks and "清河县 › 青石镇" in picks
    assert "南村" not in picks  # 白沙镇's, outside the town operator's jurisdiction
    assert (
        client.get(reverse("oversight_petitions:unit_pick"), {"q": "南村"})
        .content.decode()
        .count("data-hj-pick")
        == 0
    )


# --- screening -------------------------------------------------------------------------------


def _candidate(cast, campaign, side="committee"):
    person = PersonFactory(name="吴候选", domicile_unit=cast.village)
    return Candidate.objects.create(
        campaign=campaign,
        unit=cast.village,
        person=person,
        side=side,
        post="chair",
        source="other",
        channel="voters",
    )


def _provider():
    """The provider; each call also asks its reader of a whole-campaign run (``huanjie screen``),
    which must answer the same."""
    provider = dict(screening_items.items())["oversight.petitions"]
    run = screening_runs.get("oversight.petitions")

    def ask(campaign, candidates, *, on):
        got = provider(campaign, candidates, on=on)
        assert run(campaign, on=on)(candidates) == got
        return got

    return ask


def test_a_petition_about_a_candidate_reaches_screening_as_a_warning_with_a_deadline(cast, campaign, today):
    c = _candidate(cast, campaign)
    register(cast, campaign, subject_candidate=c, received=dt.date(2026, 3, 1))
    (item,) = _provider()(campaign, [c], on=TODAY)[c.pk]
    assert (item.code, item.label, item.kind, item.finding) == ("petition", "信访反映", "policy", None)
    # Not accepted yet: 受理 deadline + 60 days; the candidate list's date caps it (the day before).
    due = dt.date(2026, 3, 16) + dt.timedelta(days=60)
    assert f"待核实，须于 {due:%Y-%m-%d} 前核实" in item.evidence
    NominationRound.objects.create(
        campaign=campaign,
        unit=cast.village,
        side="committee",
        method="nomination",
        held_on=dt.date(2026, 4, 1),
        election_day=dt.date(2026, 4, 20),
    )
    (item,) = _provider()(campaign, [c], on=TODAY)[c.pk]
    assert "须于 2026-03-31 前核实" in item.evidence
    assert _provider()(campaign, [], on=TODAY) == {}


def _conclude(cast, campaign, c, finding, code):
    town = cast["town_operator"]
    p = register(cast, campaign, subject_candidate=c)
    svc.petition_accept(actor=town, petition=p)
    svc.petition_conclude(
        actor=town,
        petition=_fresh(p),
        finding=finding,
        item_code=code,
        result="r",
        reply="r",
        replied_on=TODAY,
    )
    return p


def test_only_a_substantiated_mapped_finding_becomes_a_finding(cast, campaign, today):
    NegativeItem.objects.create(
        campaign=campaign, code="N3", text="有贿选行为的", tier="cannot", department="纪委"
    )
    c = _candidate(cast, campaign)
    town = cast["town_operator"]
    about_person = register(cast, campaign, subject_person=c.person)
    svc.petition_accept(actor=town, petition=about_person)
    svc.petition_conclude(
        actor=town,
        petition=_fresh(about_person),
        finding="partly",
        item_code="",
        result="r",
        reply="r",
        replied_on=TODAY,
    )
    mapped = _conclude(cast, campaign, c, "substantiated", "N3")
    _conclude(cast, campaign, c, "unfounded", "")
    declined = register(cast, campaign, subject_candidate=c)
    svc.petition_decline(actor=town, petition=declined, reason="重复")
    items = _provider()(campaign, [c], on=TODAY)[c.pk]
    # The unfounded and the declined petitions bring nothing; the one without an item only warns.
    assert [(i.label, i.finding is None) for i in items] == [("信访反映", True), ("信访查实", False)]
    assert "查实但未对应负面清单项" in items[0].evidence
    f = items[1].finding
    assert (f.code, f.substantiated, f.source, f.ref) == ("N3", True, "信访", f"petition:{mapped.pk}")


@pytest.mark.parametrize(
    ("side", "post", "effect"), [("party", "secretary", "block"), ("committee", "chair", "warn")]
)
def test_a_substantiated_petition_blocks_a_party_candidate_and_only_warns_for_the_committee(
    cast, campaign, today, side, post, effect
):
    """Through the vetting app's screening: the 不能-tier item found by a petition blocks a party
    预备人选 (no 带病上岗) and is a warning for a 村委会 candidate (never a removal)."""
    from huanjie.vetting.screening import screen

    NegativeItem.objects.create(
        campaign=campaign, code="N3", text="有贿选行为的", tier="cannot", department="纪委"
    )
    c = _candidate(cast, campaign, side=side)
    Candidate.objects.filter(pk=c.pk).update(
        post=post, channel="two_recommend" if side == "party" else "voters"
    )
    before = screen(Candidate.objects.get(pk=c.pk), on=TODAY)
    _conclude(cast, campaign, c, "substantiated", "N3")
    after = screen(Candidate.objects.get(pk=c.pk), on=TODAY)
    assert not [ch for ch in before.checks if "有贿选行为的" in ch.text]
    (found,) = [ch for ch in after.checks if "有贿选行为的" in ch.text]
    assert "信访核查" in found.text
    assert found.result == effect
    if side == "committee":
        assert after.effect == "warn"


def test_the_api_lists_petitions_and_risks_without_the_petitioner(cast, campaign, client, today):
    from huanjie.oversight import risks_services
    from tests.apiclient import api_get, bearer, body_text

    p = register(cast, campaign)
    risks_services.risk_create(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=cast.village,
        kind="village",
        title="宗族矛盾",
        level="high",
        cause="争位",
        owner="钱镇长",
    )
    token = bearer(cast["town_operator"])
    r = api_get(client, "/api/oversight/petitions", token, category="bribery")
    assert r.status_code == 200, r.content.decode()
    assert r.json()["count"] == 1
    text = body_text(r)
    assert "反映有人请客拉票" in text and "赵信访" not in text and ID not in text
    assert api_get(client, f"/api/oversight/petitions/{p.pk}", token).json()["state"] == "registered"
    assert api_get(client, "/api/oversight/risks", token, level="high").json()["count"] == 1
    other = bearer(cast["other_town_operator"])
    assert api_get(client, f"/api/oversight/petitions/{p.pk}", other).status_code == 404
    assert api_get(client, "/api/oversight/risks", other).json()["count"] == 0
