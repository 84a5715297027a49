"""Issue 11 req. 12 end to end in Debian's Chromium (no 带病上岗): the branch asks the 镇党委 to approve
its 预备人选; in the county's joint review the police answers its queue with a substantiated 不能-tier
finding on him and the county rules; the town cannot approve and is told why; it returns the 请示, the
branch withdraws him and proposes another, whom the town inspects; the new 请示 is approved. (The town
pre-check and the county's sending of the batch, another area's pages, are done through their
services.)"""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.planning.models import Campaign, NegativeItem, ReviewDepartment
from huanjie.vetting import party_services, review_services, services
from huanjie.vetting.models import Candidate, Finding, PartyRequest, ReviewEntry
from tests.browser.test_town_operator_journey import login
from tests.factories import PersonFactory, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSPECTION = {
    "rating_de": "excellent",
    "rating_neng": "competent",
    "rating_qin": "competent",
    "rating_ji": "excellent",
    "rating_lian": "excellent",
    "narrative": "考察情况良好",
    "poll_satisfied": 40,
    "poll_basic": 3,
    "poll_unsatisfied": 0,
    "inspectors": "考察组",
    "inspected_on": dt.date(2026, 2, 20),
    "strength_political": "excellent",
    "strength_coverage": "competent",
    "strength_cohesion": "excellent",
    "strength_appeal": "competent",
    "strength_development": "excellent",
}


def _fits(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_town_cannot_approve_a_candidate_with_a_finding_and_the_branch_proposes_another(
    live_server, page, tmp_path
):
    cast = build_cast()
    campaign = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    NegativeItem.objects.create(
        campaign=campaign,
        code="N1",
        text="受到党纪政务处分未满三年",
        tier="cannot",
        lookback_years=3,
        department="纪委",
    )
    first = services.candidate_register(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=cast.village,
        person=PersonFactory(domicile_unit=cast.village, name="张带病"),
        side="party",
        post="secretary",
        source="sitting",
        channel="two_recommendations",
        votes_members=41,
        votes_public=320,
    )
    party_services.inspection_save(actor=cast["town_operator"], candidate=first, **INSPECTION)
    ReviewDepartment.objects.create(
        campaign=campaign, name="公安局", department="police", checks="违法犯罪", days=5
    )
    review_services.precheck_offices_set(
        actor=cast["town_operator"], campaign=campaign, town=cast.town, offices=["police_station"]
    )
    review_services.precheck_answer(
        actor=cast["town_operator"],
        candidate=first,
        office="police_station",
        result="clear",
        answered_on=dt.date.today(),
    )
    batch = review_services.review_batch_send(
        actor=cast["county_operator"],
        county=cast.county,
        campaign=campaign,
        name="第一批",
        sent_on=dt.date.today(),
        candidates=[first],
    )
    entry = ReviewEntry.objects.get(batch=batch)
    second = PersonFactory(domicile_unit=cast.village, name="李清白")
    base = live_server.url

    # the branch (village operator) drafts the 请示 and submits it
    login(page, base, "village_op")
    page.goto(f"{base}/vetting/unit/{cast.village.code}/")
    page.get_by_role("link", name="党组织预备人选请示").click()
    page.get_by_role("button", name="新建预备人选请示").click()
    page.wait_for_load_state()
    page.fill("#id_request_no", "东村支〔2026〕1号")
    page.fill("#id_request_date", "2026-02-25")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.check(f"input[name=candidates][value='{first.pk}']")
    page.get_by_role("button", name="列入请示").click()
    page.wait_for_load_state()
    assert "41（第 1 名）" in page.content()
    assert "受到党纪政务处分" not in page.content()  # the branch never sees findings
    page.set_viewport_size({"width": 768, "height": 1024})
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "party-draft-768.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("button", name="报乡镇党委").click()
    page.wait_for_load_state()
    request = PartyRequest.objects.get()
    assert request.state == "submitted"

    # the police answers its queue: a substantiated 不能-tier finding; the county rules
    page.context.clear_cookies()
    login(page, base, "vetting")
    page.goto(f"{base}/vetting/review/queue/police/entry/{entry.pk}/")
    page.check("input[name=result][value=finding]")
    page.select_option("#id_code", "item:N1")
    page.fill("#id_found_on", (dt.date.today() - dt.timedelta(days=400)).isoformat())
    page.fill("#id_document_ref", "清纪〔2025〕12号")
    page.select_option("#id_status", "substantiated")
    page.fill("#id_note", "受党内警告处分")
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    finding = Finding.objects.get(candidate=first)
    assert (finding.item_code, finding.status) == ("N1", "substantiated")
    page.context.clear_cookies()
    login(page, base, "county_op")
    page.goto(f"{base}/vetting/review/batch/{batch.pk}/")
    page.select_option("select[name=ruling]", "disagree")
    page.fill("input[name=note]", "受党纪处分未满三年，不宜确定为预备人选")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert ReviewEntry.objects.get(pk=entry.pk).ruled_on is not None

    # the town cannot approve, and is told why in Chinese
    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/vetting/party/{request.pk}/")
    assert "乡镇党委不能批复同意" in page.content()
    page.fill("#id_approval_no", "青石党〔2026〕5号")
    page.fill("#id_approval_date", "2026-03-01")
    page.get_by_role("button", name="批复同意").click()
    page.wait_for_load_state()
    alert = page.locator(".alert[role=alert]", has_text="带病上岗").inner_text()
    assert "防止“带病上岗”" in alert and "张带病（书记）：受到党纪政务处分未满三年" in alert
    page.screenshot(path=str(tmp_path / "party-blocked.png"), full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "party-blocked-768.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    assert PartyRequest.objects.get().state == "submitted"
    page.fill("input[name=reason]", "张带病经县级联审存在不能确定为预备人选的情形，请重新推荐")
    page.get_by_role("button", name="退回").click()
    page.wait_for_load_state()
    assert PartyRequest.objects.get().state == "returned"

    # the branch withdraws him and proposes another
    page.context.clear_cookies()
    login(page, base, "village_op")
    page.goto(f"{base}/vetting/candidate/{first.pk}/")
    page.locator("summary", has_text="办理人选退出").click()
    page.fill("#id_reason", "经乡镇党委审查不能确定，党支部研究退出")
    page.get_by_role("button", name="确认退出").click()
    page.wait_for_load_state()
    assert Candidate.objects.get(pk=first.pk).withdrawn_on is not None
    page.goto(f"{base}/vetting/unit/{cast.village.code}/")
    page.select_option("#id_person", str(second.pk))
    page.select_option("#id_side", "party")
    page.select_option("#id_post", "secretary")
    page.select_option("#id_source", "reserve")
    page.select_option("#id_channel", "two_recommendations")
    page.fill("#id_votes_members", "38")
    page.fill("#id_votes_public", "290")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    new = Candidate.objects.get(person=second)

    # the town inspects the new 预备人选
    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/vetting/candidate/{new.pk}/")
    page.get_by_role("link", name="登记考察情况").click()
    page.wait_for_load_state()
    for field in ("rating_de", "rating_neng", "rating_qin", "rating_ji", "rating_lian"):
        page.select_option(f"#id_{field}", "competent")
    for field in ("political", "coverage", "cohesion", "appeal", "development"):
        page.select_option(f"#id_strength_{field}", "competent")
    page.fill("#id_narrative", "政治素质好，群众公认")
    page.fill("#id_poll_satisfied", "42")
    page.fill("#id_poll_basic", "2")
    page.fill("#id_poll_unsatisfied", "0")
    page.fill("#id_inspectors", "王考察、李组织")
    page.fill("#id_inspected_on", "2026-03-05")
    page.set_viewport_size({"width": 768, "height": 1024})
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "inspection-768.png"), full_page=True)
    page.get_by_role("button", name="保存考察情况").click()
    page.wait_for_load_state()
    assert "已保存考察情况" in page.content()
    page.screenshot(path=str(tmp_path / "candidate-768.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})

    # the branch attaches him and asks again; the town approves
    page.context.clear_cookies()
    login(page, base, "village_op")
    page.goto(f"{base}/vetting/party/{request.pk}/")
    page.check(f"input[name=candidates][value='{new.pk}']")
    page.get_by_role("button", name="列入请示").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="报乡镇党委").click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    login(page, base, "town_op")
    page.goto(f"{base}/vetting/party/{request.pk}/")
    assert "乡镇党委不能批复同意" not in page.content()
    page.fill("#id_approval_no", "青石党〔2026〕7号")
    page.fill("#id_approval_date", "2026-03-06")
    page.get_by_role("button", name="批复同意").click()
    page.wait_for_load_state()
    assert "已批复同意" in page.content()
    page.screenshot(path=str(tmp_path / "party-approved.png"), full_page=True)
    request.refresh_from_db()
    assert (request.state, request.approval_no) == ("approved", "青石党〔2026〕7号")
    assert [c.person.name for c in Candidate.objects.filter(request=request, withdrawn_on__isnull=True)] == [
        "李清白"
    ]
