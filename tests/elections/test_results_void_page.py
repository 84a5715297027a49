"""The voiding page (issue 13 req. 8) and the filing (备案) of certified results (req. 4).

- A declaration is recorded on the election's voiding page with its body, document number, date,
  the winner or the whole election, and the reason; a body the profile does not name is refused on the
  form with the rule (河南省实施《村民委员会组织法》办法 第四十四条: the county government only); the page
  shows the remedy opened with a link to it.
- A certified 村委会 result is filed with the township (北京市村民委员会选举办法 第三十一条 “确认选举有效
  后，当场公布选举结果，并报乡、民族乡、镇人民政府备案”; 河南 第三十七条): a record of who filed when, seen
  by the town and the county in a list and acknowledged (签收) — never an approval. A Party result is
  not filed: it goes to approval (中国共产党基层组织选举工作条例(2020)).
- From outside the jurisdiction: 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.elections import results_filing_services as fsvc
from huanjie.elections import results_services as rsvc
from huanjie.elections.models import Election, ResultFiling, ResultRound, VoidDecision, VoidReferral
from huanjie.people.models import Tenure
from tests.elections.test_results import DAY
from tests.elections.test_results_void import DECIDED, certified_round
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def decide(client, e, **kw):
    data = {
        "d-person": "甲主任",
        "d-body": "county_government",
        "d-document_no": "清政〔2026〕12号",
        "d-decided_on": DECIDED.isoformat(),
        "d-remedy_day": "",
        "d-reason": "贿选，经调查属实",
    }
    data.update({f"d-{k}": v for k, v in kw.items()})
    return client.post(reverse("elections_results:void_decide", args=[e.pk]), data)


def test_a_declaration_on_the_page_ends_the_tenure_and_links_the_remedy(cast, second, client):
    r, _ = certified_round(cast, second, "henan")
    e = r.election
    client.force_login(cast["town_operator"])
    page = client.get(reverse("elections_results:void_record", args=[e.pk])).content.decode()
    assert "登记宣告当选无效或选举无效的决定" in page and "甲主任（主任）当选无效" in page
    resp = decide(client, e, body="township_government")
    assert resp.status_code == 400
    assert "须由县级人民政府（区、县人民政府）宣布" in resp.content.decode()
    assert "河南省实施《村民委员会组织法》办法 第四十四条" in resp.content.decode()
    resp = decide(client, e, document_no="", decided_on="2026-02-30")
    body = resp.content.decode()
    assert (
        resp.status_code == 400 and "请填写“决定文号”" in body and "请输入有效的日期，如 2026-03-01" in body
    )
    assert not VoidDecision.objects.exists()
    client.force_login(cast["county_operator"])
    resp = decide(client, e, remedy_day="2026-04-20")
    assert resp.status_code == 302
    d = VoidDecision.objects.get()
    assert d.remedy_election.election_day == dt.date(2026, 4, 20)
    t = Tenure.objects.get(person__name="甲主任", committee__kind="villagers_committee")
    assert (t.end_date, t.end_reason) == (DECIDED, "election_void")
    page = client.get(reverse("elections_results:void_record", args=[e.pk])).content.decode()
    assert reverse("elections_results:election", args=[d.remedy_election_id]) in page
    assert "已建立补选（投票日 2026-04-20）" in page and "1 人" in page


def test_the_whole_election_and_a_referral_from_the_page(cast, second, client):
    r, _ = certified_round(cast, second, "henan")
    e = r.election
    client.force_login(cast["county_operator"])
    resp = client.post(
        reverse("elections_results:void_refer", args=[e.pk]),
        {
            "f-source": "discipline_commission",
            "f-document_no": "清纪〔2026〕3号",
            "f-found_on": DECIDED.isoformat(),
            "f-person": "委员丙",
            "f-summary": "涉嫌贿选",
        },
    )
    assert resp.status_code == 302
    ref = VoidReferral.objects.get()
    assert (ref.source, ref.person, ref.round_id) == ("纪检监察机关", "委员丙", r.pk)
    assert decide(client, e, person="_election").status_code == 302
    d = VoidDecision.objects.get()
    assert d.scope == "election" and d.remedy_election.kind == "re_election"
    assert d.remedy_election.election_day == DECIDED + dt.timedelta(days=30)  # 河南 第三十九条
    page = client.get(reverse("elections_results:void_record", args=[e.pk])).content.decode()
    assert "已建立重新选举" in page and "本选举已被宣告无效" in page and "登记决定" not in page


def test_the_voiding_page_from_outside_the_jurisdiction_is_404(cast, second, client):
    r, _ = certified_round(cast, second, "henan")
    client.force_login(cast["other_town_operator"])
    e = r.election
    assert client.get(reverse("elections_results:void_record", args=[e.pk])).status_code == 404
    assert decide(client, e, body="township_government").status_code == 404
    client.force_login(cast["village_operator"])  # in scope, but not a government: refused on the form
    resp = decide(client, e)
    assert resp.status_code == 400 and "村（社区）不能登记" in resp.content.decode()
    assert not VoidDecision.objects.exists()


def test_a_certified_village_result_is_filed_once_and_the_town_acknowledges_it(cast, second, client):
    r, receipt = certified_round(cast, second, "beijing")
    client.force_login(cast["village_operator"])
    assert "报送备案" in client.get(r.get_absolute_url()).content.decode()
    assert client.post(reverse("elections_results:round_file", args=[r.pk])).status_code == 302
    f = ResultFiling.objects.get()
    assert (f.receipt, f.filed_by, f.received_at) == (receipt, "village_op", None)
    assert f.citation == "北京市村民委员会选举办法 第三十一条"
    with pytest.raises(ValidationError, match="已经报送备案"):
        fsvc.file_result(actor=cast["village_operator"], round=r)
    with pytest.raises(PermissionDenied):  # the village does not acknowledge its own filing
        fsvc.receive_filing(actor=cast["village_operator"], filing=f)
    for role in ("town_operator", "county_operator"):
        client.force_login(cast[role])
        page = client.get(reverse("elections_results:filings")).content.decode()
        assert "东村" in page and "北京市村民委员会选举办法 第三十一条" in page
    assert client.post(reverse("elections_results:filing_receive", args=[f.pk])).status_code == 302
    f.refresh_from_db()
    assert f.received_by == "county_op" and f.received_at is not None
    r.refresh_from_db()
    assert r.state == "certified"  # no approval: the result is unchanged
    assert AuditEvent.objects.filter(model="elections.ResultFiling", object_id=str(f.pk)).count() == 2
    client.force_login(cast["other_town_operator"])
    assert "东村" not in client.get(reverse("elections_results:filings")).content.decode()
    assert client.post(reverse("elections_results:filing_receive", args=[f.pk])).status_code == 404
    assert client.post(reverse("elections_results:round_file", args=[r.pk])).status_code == 404


def test_only_a_certified_result_is_filed_and_a_correction_is_filed_again(cast, second):
    r, receipt = certified_round(cast, second, "henan")
    fsvc.file_result(actor=cast["town_operator"], round=r)
    assert ResultFiling.objects.get().citation == "河南省实施《村民委员会组织法》办法 第三十七条"
    rsvc.unlock(actor=cast["town_operator"], round=r, reason="依签字计票单更正录入错误")
    r = ResultRound.objects.get(pk=r.pk)
    with pytest.raises(ValidationError, match="确认为正式结果"):
        fsvc.file_result(actor=cast["town_operator"], round=r)
    rsvc.certify(actor=cast["village_operator"], round=r)
    fsvc.file_result(actor=cast["town_operator"], round=ResultRound.objects.get(pk=r.pk))
    assert ResultFiling.objects.count() == 2
    assert ResultFiling.objects.filter(receipt__superseded_at__isnull=False).get().receipt == receipt


def test_a_party_result_is_not_filed_it_goes_to_approval(cast):
    from tests.elections.conftest import make_campaign

    pe = Election.objects.create(
        campaign=make_campaign(cast, "zhejiang"), unit=cast.village, body="party", election_day=DAY
    )
    r = ResultRound.objects.create(
        election=pe, voting_day=DAY, registered=50, posts=[], state="certified", created_by="t"
    )
    with pytest.raises(ValidationError, match="报乡镇党（工）委审批"):
        fsvc.file_result(actor=cast["town_operator"], round=r)
