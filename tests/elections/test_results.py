"""Results (issue 13 reqs. 1, 2, 4): tally sheets per ballot box with their cross-checks, a second
person's verification, optimistic locking, the announced result beside the law engine's verdict,
certification with its receipt code, unlock and correction, and the public verification page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from huanjie.core import crypto, workflow
from huanjie.core.models import AuditEvent
from huanjie.core.versioning import StaleEdit
from huanjie.elections import results_selectors as sel
from huanjie.elections import results_services as svc
from huanjie.elections.models import Election, ResultRound, TallySheet
from huanjie.planning.models import CommitteeSeats
from huanjie.vetting.models import Candidate
from tests.elections.conftest import make_campaign
from tests.elections.test_documents import flat, pdf_text
from tests.factories import PersonFactory, RollEntryFactory, user_with_role

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 20)
ANNOUNCED_AT = timezone.make_aware(dt.datetime(2026, 3, 20, 16, 30))


def add(campaign, unit, name, post, order, sex="M"):
    return Candidate.objects.create(
        campaign=campaign,
        unit=unit,
        person=PersonFactory(name=name, domicile_unit=unit, sex=sex),
        side="committee",
        post=post,
        source="other",
        channel="voters",
        qualification="qualified",
        list_order=order,
    )


def results_election(cast, unit=None, profile="beijing"):
    """A 村委会 election with 主任 1 (甲, 乙), 委员 2 (丙, 丁, 戊)."""
    unit = unit or cast.village
    campaign = make_campaign(cast, profile)
    add(campaign, unit, "甲主任", "chair", 1)
    add(campaign, unit, "乙主任", "chair", 2)
    add(campaign, unit, "委员丙", "member", 1)
    add(campaign, unit, "委员丁", "member", 2)
    add(campaign, unit, "委员戊", "member", 3)
    CommitteeSeats.objects.create(
        campaign=campaign,
        unit=unit,
        members=3,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 5),
        document_no="1",
    )
    return Election.objects.create(campaign=campaign, unit=unit, body="committee", election_day=DAY)


@pytest.fixture
def e(cast):
    return results_election(cast)


@pytest.fixture
def second(cast):
    return user_with_role("village_op2", "village_operator", cast.village)


def open_round(cast, e, registered=1000, voted=None):
    return svc.round_create(
        actor=cast["village_operator"],
        election=e,
        kind="first",
        voting_day=DAY,
        registered=registered,
        voted=voted,
    )


VOTES = {
    "主任": {"甲主任": 500, "乙主任": 280},
    "委员": {"委员丙": 600, "委员丁": 520, "委员戊": 200, "张三": 10},
}


def enter(user, r, box="中心会场", issued=800, returned=800, invalid=20, votes=None, **kw):
    return svc.sheet_save(
        actor=user,
        round=r,
        box=box,
        ballots_issued=issued,
        ballots_returned=returned,
        ballots_invalid=invalid,
        votes=VOTES if votes is None else votes,
        **kw,
    )


def form_data(r, box="中心会场", issued=800, returned=800, invalid=20, votes=None, **extra):
    """The tally sheet form as the page posts it."""
    votes = VOTES if votes is None else votes
    data = {"box": box, "ballots_issued": issued, "ballots_returned": returned, "ballots_invalid": invalid}
    for i, p in enumerate(r.posts):
        row = dict(votes.get(p["post"], {}))
        for j, name in enumerate(p["candidates"]):
            data[f"v_{i}_{j}"] = row.pop(name, 0)
        for k, (name, n) in enumerate(sorted(row.items())):
            data[f"w_{i}_{k}_name"], data[f"w_{i}_{k}_votes"] = name, n
    data.update(extra)
    return data


def verified(cast, second, r, **kw):
    s = enter(cast["village_operator"], r, **kw)
    return svc.sheet_verify(actor=second, sheet=s)


def announce(cast, r, winners=None, user=None):
    r.refresh_from_db()
    return svc.announce(
        actor=user or cast["village_operator"],
        round=r,
        announced_by="王总监票人",
        announced_at=ANNOUNCED_AT,
        winners=winners or {"主任": ["甲主任"], "委员": ["委员丙", "委员丁"]},
    )


# --- entry and cross-checks (req. 1) -----------------------------------------------------------


def test_a_tally_sheet_is_entered_on_the_page_with_write_ins_and_the_engine_counts_it(
    cast, e, client, tmp_path
):
    r = open_round(cast, e)
    assert [p["post"] for p in r.posts] == ["主任", "委员"]
    client.force_login(cast["village_operator"])
    page = client.get(reverse("elections_results:sheet_new", args=[r.pk]))
    assert page.status_code == 200 and "甲主任" in page.content.decode()
    photo = tmp_path / "计票单.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100)
    with photo.open("rb") as f:
        resp = client.post(reverse("elections_results:sheet_new", args=[r.pk]), {**form_data(r), "photo": f})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    s = TallySheet.objects.get(round=r)
    assert s.votes == VOTES and s.ballots_invalid == 20 and s.entered_by == cast["village_operator"]
    assert s.photo_name == "计票单.jpg" and s.photo_stored
    assert AuditEvent.objects.filter(
        model="elections.TallySheet", object_id=str(s.pk), action="create"
    ).exists()
    # The photo is stored encrypted and given back only through the scoped page.
    got = client.get(reverse("elections_results:sheet_photo", args=[s.pk]))
    assert got.status_code == 200 and got.content.startswith(b"\xff\xd8\xff")
    r.refresh_from_db()
    assert r.engine["valid"] is True
    assert {p["post"]: p["elected"] for p in r.engine["posts"]} == {
        "主任": ["甲主任"],
        "委员": ["委员丙", "委员丁"],
    }
    html = client.get(r.get_absolute_url()).content.decode()
    assert "数字相符" in html and "待核对" in html


def test_cross_checks_are_shown_in_chinese_and_an_impossible_sheet_cannot_be_verified(cast, e, second):
    r = open_round(cast, e)
    # 780 valid ballots × 1 seat = 780 votes at most for 主任: 781 cannot be right.
    s = enter(cast["village_operator"], r, votes={"主任": {"甲主任": 500, "乙主任": 281}, "委员": {}})
    checks = sel.checks_of(s)
    assert [c.level for c in checks] == ["error"]
    assert "主任：得票合计 781 票，多于有效选票 780 张 × 应选 1 名 = 780 票" in checks[0].text
    with pytest.raises(ValidationError, match="计票单有不能成立的数字"):
        svc.sheet_verify(actor=second, sheet=s)
    # Exactly at the bound is fine.
    ok = sel.sheet_checks(r.posts, issued=800, returned=800, invalid=20, votes={"主任": {"甲主任": 780}})
    assert ok == []
    bad = sel.sheet_checks(r.posts, issued=800, returned=10, invalid=11, votes={})
    assert bad[0].text == "废票 11 张多于收回选票 10 张，请核对"
    more = sel.sheet_checks(r.posts, issued=800, returned=801, invalid=0, votes={})
    assert [c.level for c in more] == ["warning"] and "收回选票 801 张多于发出选票 800 张" in more[0].text


def test_ballots_returned_above_the_voters_on_the_roll_are_recorded_and_the_engine_rules_a_revote(
    cast, e, second
):
    r = open_round(cast, e, registered=700)
    s = enter(cast["village_operator"], r, issued=800, returned=801, invalid=20)
    assert TallySheet.objects.get(pk=s.pk).ballots_returned == 801  # recorded as counted, never refused
    r.refresh_from_db()
    assert r.engine["valid"] is False and r.engine["next"] == "revote"
    page = sel.round_page(cast["village_operator"], r.pk)
    assert any("多于登记选民 700 人" in c.text for c in page.round_checks)
    assert any("多于发出选票" in c.text for c in page.rows[0].checks)
    svc.sheet_verify(actor=second, sheet=s)  # a warning does not block verification


def test_the_second_persons_verification_refuses_the_person_who_entered_or_changed_it(
    cast, e, second, client
):
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    with pytest.raises(ValidationError, match="另一人"):
        svc.sheet_verify(actor=cast["village_operator"], sheet=s)
    client.force_login(cast["village_operator"])
    client.post(reverse("elections_results:sheet_verify", args=[s.pk]))
    assert TallySheet.objects.get(pk=s.pk).state == "entered"
    # The second operator changes it: now the first may verify, the second may not.
    s = enter(second, r, sheet=TallySheet.objects.get(pk=s.pk), invalid=10)
    with pytest.raises(ValidationError, match="另一人"):
        svc.sheet_verify(actor=second, sheet=s)
    client.post(reverse("elections_results:sheet_verify", args=[s.pk]))
    s.refresh_from_db()
    assert s.state == "verified" and s.verified_by == cast["village_operator"]
    # A verified sheet is read-only until sent back with a reason.
    with pytest.raises(ValidationError, match="已经核对"):
        enter(second, r, sheet=s, invalid=12)
    with pytest.raises(workflow.TransitionRefused, match="须填写理由"):
        svc.sheet_reopen(actor=second, sheet=s, reason=" ")
    svc.sheet_reopen(actor=second, sheet=s, reason="委员丁得票抄错")
    assert TallySheet.objects.get(pk=s.pk).state == "entered"


def test_a_stale_save_is_refused_with_the_newer_values_and_nothing_is_lost(cast, e, second, client):
    r = open_round(cast, e)
    s = enter(cast["village_operator"], r)
    c1, c2 = client, client.__class__()
    c1.force_login(cast["village_operator"])
    c2.force_login(second)
    url = reverse("elections_results:sheet", args=[s.pk])
    f1 = c1.get(url).context["form"]
    f2 = c2.get(url).context["form"]
    edit = reverse("elections_results:sheet_edit", args=[s.pk])
    first = c1.post(edit, form_data(r, invalid=25, version=f1.initial["version"], seen=f1.initial["seen"]))
    assert first.status_code == 302
    votes = {"主任": {"甲主任": 499, "乙主任": 280}, "委员": VOTES["委员"]}
    stale = c2.post(
        edit, form_data(r, invalid=30, votes=votes, version=f2.initial["version"], seen=f2.initial["seen"])
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "此记录已被他人修改（您看到的是第 1 版，现在是第 2 版），您的修改未保存" in html
    assert "废票数（整张无效）：您看到的值“20” → 现在的值“25”" in html
    current = TallySheet.objects.get(pk=s.pk)
    assert current.ballots_invalid == 25 and current.votes["主任"]["甲主任"] == 500 and current.version == 2
    # The form now shows the current values (the newer save is never lost).
    assert stale.context["form"]["ballots_invalid"].value() in (25, "25")
    with pytest.raises(StaleEdit):
        enter(second, r, sheet=TallySheet.objects.get(pk=s.pk), version=1, invalid=31)


def test_a_resent_offline_form_with_the_same_key_is_applied_once(cast, e, client):
    r = open_round(cast, e)
    client.force_login(cast["village_operator"])
    url = reverse("elections_results:sheet_new", args=[r.pk])
    data = form_data(r, idempotency_key="k" * 32)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the resend after a lost answer: not doubled
    assert TallySheet.objects.filter(round=r).count() == 1
    # A second box with the same name is refused in Chinese.
    again = client.post(url, form_data(r, idempotency_key="z" * 32))
    assert again.status_code == 400 and "“中心会场”的计票单已经录入" in again.content.decode()


# --- announced result beside the engine (req. 2) --------------------------------------------


def test_the_announced_result_is_kept_as_entered_and_a_difference_is_flagged_to_town_and_county(
    cast, e, second, client
):
    from huanjie.core.plugins import todo_providers

    r = open_round(cast, e)
    verified(cast, second, r)
    # Announced: 乙主任 (the engine has 甲主任 elected with 500 of 800 votes).
    r = announce(cast, r, winners={"主任": ["乙主任"], "委员": ["委员丙", "委员丁"]})
    r.refresh_from_db()
    assert r.announced["主任"] == ["乙主任"] and r.announced_by == "王总监票人"  # stored as announced
    assert r.engine_differs is True
    page = sel.round_page(cast["town_operator"], r.pk)
    assert page.differences == ["主任：当场公布当选 乙主任，法律引擎认定当选 甲主任"]

    def labels(user):
        return [a.label for fn in todo_providers for a in fn(user) if "法律引擎" in getattr(a, "label", "")]

    assert labels(cast["town_operator"]) and labels(cast["county_operator"])
    assert not labels(cast["village_operator"]) and not labels(cast["other_town_operator"])
    client.force_login(cast["town_operator"])
    html = client.get(r.get_absolute_url()).content.decode()
    assert "法律事实" in html and "已提示乡镇和县" in html and "超过参加投票 800 人的半数" in html
    # Citations go through |cite.
    step = page.engine["steps"][0]
    assert step["citation"] and step["sentence"] in html and "依据：" in html


def test_announcement_agreeing_with_the_engine_raises_no_alert(cast, e, second):
    r = open_round(cast, e)
    verified(cast, second, r)
    r = announce(cast, r)
    assert r.engine_differs is False and sel.alerts(cast["town_operator"]) == []


# --- certification (req. 4) ------------------------------------------------------------------


def certified(cast, e, second):
    r = open_round(cast, e)
    with pytest.raises(ValidationError, match="尚未录入任何票箱"):
        svc.certify(actor=cast["village_operator"], round=r)
    s = enter(cast["village_operator"], r)
    with pytest.raises(ValidationError, match="尚未经第二人核对"):
        svc.certify(actor=cast["village_operator"], round=r)
    svc.sheet_verify(actor=second, sheet=s)
    with pytest.raises(ValidationError, match="尚未登记当场公布"):
        svc.certify(actor=cast["village_operator"], round=r)
    r = announce(cast, r)
    receipt = svc.certify(actor=cast["village_operator"], round=r)
    return ResultRound.objects.get(pk=r.pk), receipt


def test_certification_locks_the_round_and_issues_an_sm3_receipt(cast, e, second):
    r, receipt = certified(cast, e, second)
    assert r.state == "certified" and r.receipt == receipt.code and len(receipt.code) == 64
    assert receipt.code == svc.receipt_code(receipt.payload)
    import json

    canonical = json.dumps(receipt.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert receipt.code == crypto.sm3_hex(canonical.encode())
    assert receipt.payload["winners"] == [["主任", ["甲主任"]], ["委员", ["委员丙", "委员丁"]]]
    s = r.sheets.get()
    with pytest.raises(ValidationError, match="已确认为正式结果并锁定"):
        svc.sheet_reopen(actor=second, sheet=s, reason="x")
    with pytest.raises(ValidationError, match="已确认为正式结果并锁定"):
        announce(cast, r, winners={"主任": ["乙主任"]})


def test_only_the_town_unlocks_with_a_reason_and_a_correction_supersedes_the_old_receipt(
    cast, e, second, client
):
    r, old = certified(cast, e, second)
    with pytest.raises(PermissionDenied):
        svc.unlock(actor=cast["village_operator"], round=r, reason="抄错")
    with pytest.raises(workflow.TransitionRefused, match="须填写理由"):
        svc.unlock(actor=cast["town_operator"], round=r, reason="")
    with pytest.raises(PermissionDenied):
        svc.unlock(actor=cast["other_town_operator"], round=r, reason="抄错")
    svc.unlock(actor=cast["town_operator"], round=r, reason="依签字计票单，委员丁得票应为 530")
    assert AuditEvent.objects.filter(
        model="elections.ResultRound", object_id=str(r.pk), reason__contains="委员丁得票应为 530"
    ).exists()
    r.refresh_from_db()
    assert r.state == "correcting"
    s = r.sheets.get()
    svc.sheet_reopen(actor=second, sheet=s, reason="依签字计票单更正")
    s = enter(
        cast["town_operator"],
        r,
        sheet=TallySheet.objects.get(pk=s.pk),
        votes={"主任": VOTES["主任"], "委员": {**VOTES["委员"], "委员丁": 530}},
    )
    svc.sheet_verify(actor=second, sheet=s)
    new = svc.certify(actor=cast["town_operator"], round=ResultRound.objects.get(pk=r.pk))
    old.refresh_from_db()
    assert new.code != old.code and old.superseded_at is not None and new.superseded_at is None
    assert old.correction_reason == "依签字计票单，委员丁得票应为 530"
    # The public page: the old code matches but shows 已更正 with the date; the new one is current.
    client.logout()
    url = reverse("elections_results:verify")
    html = client.get(url, {"code": old.code.upper()}).content.decode()
    assert "核验码相符" in html and f"已更正（{timezone.localdate(old.superseded_at):%Y-%m-%d}）" in html
    html = client.get(url, {"code": " ".join(new.code[i : i + 4] for i in range(0, 64, 4))}).content.decode()
    assert "核验码相符" in html and "已更正" not in html


def _shown(html: str) -> str:
    """The text of the page's main part, without tags and attribute values."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]*>", " ", main)


def test_the_public_page_needs_no_login_and_shows_only_what_the_code_certifies(cast, e, second, client):
    _r, receipt = certified(cast, e, second)
    url = reverse("elections_results:verify")
    first = client.get(url)
    assert first.status_code == 200 and "选举结果公开核验" in first.content.decode()
    html = client.get(url, {"code": receipt.code}).content.decode()
    assert "核验码相符" in html and "东村" in html and "甲主任" in html and "委员丙、委员丁" in html
    # Not disclosed: the votes, the boxes, the counts, who announced, who entered or verified — in
    # what the page shows (its markup carries random tokens, a CSP nonce, that may hold any digits).
    shown = _shown(html)
    assert "甲主任" in shown
    for secret in ("500", "中心会场", "王总监票人", "village_op", "乙主任", "1000"):
        assert secret not in shown, secret
    wrong = client.get(url, {"code": "0" * 64}).content.decode()
    assert "核验码不相符" in wrong and "东村" not in wrong
    short = client.get(url, {"code": receipt.code[:20]}).content.decode()
    assert "核验码不相符" in short and "东村" not in short


def test_the_public_page_is_rate_limited(client):
    from django.core.cache import cache

    cache.clear()
    url = reverse("elections_results:verify")
    codes = [client.get(url, {"code": f"{i:064x}"}).status_code for i in range(sv_limit() + 1)]
    assert codes[:-1] == [200] * sv_limit() and codes[-1] == 429
    cache.clear()


def sv_limit():
    from huanjie.elections.results_views import VERIFY_LIMIT

    return VERIFY_LIMIT


def test_the_announcement_pdf_carries_the_receipt_code(cast, e, second, client, tmp_path):
    r, receipt = certified(cast, e, second)
    client.force_login(cast["town_operator"])
    resp = client.get(reverse("elections_results:announcement_pdf", args=[r.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    text = flat(pdf_text(resp.content, tmp_path))
    assert "选举结果公告" in text and "甲主任（500票）" in text and "王总监票人" in text
    assert receipt.code in text
    certs = client.get(reverse("elections_results:certificates_pdf", args=[r.pk]))
    ctext = flat(pdf_text(certs.content, tmp_path, "c"))
    assert "当选证书" in ctext and "当选为东村村民委员会委员" in ctext and receipt.code in ctext


def test_the_next_round_takes_the_engines_supplementary_list(cast, e, second):
    r = open_round(cast, e)
    votes = {"主任": {"甲主任": 500, "乙主任": 280}, "委员": {"委员丙": 600, "委员丁": 300, "委员戊": 200}}
    verified(cast, second, r, votes=votes)
    announce(cast, r, winners={"主任": ["甲主任"], "委员": ["委员丙"]})
    svc.certify(actor=cast["village_operator"], round=ResultRound.objects.get(pk=r.pk))
    assert sel.next_kinds([ResultRound.objects.get(pk=r.pk)]) == [("supplementary", "另行选举")]
    nxt = svc.round_create(
        actor=cast["village_operator"], election=e, kind="supplementary", voting_day=DAY, registered=1000
    )
    assert nxt.number == 2 and [(p["post"], p["seats"]) for p in nxt.posts] == [("委员", 1)]
    assert "委员丁" in nxt.posts[0]["candidates"]
    with pytest.raises(ValidationError, match="上一轮的结果尚未确认"):
        svc.round_create(
            actor=cast["village_operator"], election=e, kind="supplementary", voting_day=DAY, registered=1
        )


def test_pages_render_for_the_village_and_the_town(cast, e, second, client):
    r, _ = certified(cast, e, second)
    client.force_login(cast["town_operator"])
    for url in (
        reverse("elections_results:election", args=[e.pk]),
        r.get_absolute_url(),
        reverse("elections_results:sheet", args=[r.sheets.get().pk]),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
    html = client.get(r.get_absolute_url()).content.decode()
    assert "解锁更正" in html and r.receipt in html
    client.force_login(cast["village_operator"])
    assert "解锁更正" not in client.get(r.get_absolute_url()).content.decode()


def test_the_results_index_lists_the_jurisdictions_elections_with_their_latest_round(cast, e, second, client):
    r, _ = certified(cast, e, second)
    other = results_election(cast, unit=cast.village_b)
    client.force_login(cast["town_operator"])
    html = client.get(reverse("elections_results:index")).content.decode()
    assert "东村" in html and "已确认（正式）" in html and r.get_absolute_url() in html
    assert "南村" not in html
    client.force_login(cast["other_town_operator"])
    html = client.get(reverse("elections_results:index")).content.decode()
    assert "南村" in html and "东村" not in html
    assert client.get(reverse("elections_results:election", args=[e.pk])).status_code == 404
    assert client.get(reverse("elections_results:election", args=[other.pk])).status_code == 200


def test_the_difference_shows_on_the_town_and_county_home_pages(cast, e, second, client):
    r = open_round(cast, e)
    verified(cast, second, r)
    announce(cast, r, winners={"主任": ["乙主任"], "委员": ["委员丙", "委员丁"]})
    for role, shown in (("town_operator", True), ("county_operator", True), ("other_town_operator", False)):
        client.force_login(cast[role])
        html = client.get("/").content.decode()
        assert ("选举结果与法律引擎不一致：东村" in html) is shown, role


def test_a_stale_announcement_is_refused_with_the_newer_values(cast, e, second):
    r = open_round(cast, e)
    verified(cast, second, r)
    loaded = ResultRound.objects.get(pk=r.pk)
    announce(cast, r)
    with pytest.raises(StaleEdit) as exc:
        svc.announce(
            actor=second,
            round=loaded,
            announced_by="李主任",
            announced_at=ANNOUNCED_AT,
            winners={"主任": ["乙主任"]},
            version=loaded.version,
            seen={"announced_by": "", "announced_at": None},
        )
    assert "宣布人：您看到的值“（空）” → 现在的值“王总监票人”" in exc.value.messages
    assert ResultRound.objects.get(pk=r.pk).announced["主任"] == ["甲主任"]


def test_the_api_gives_the_round_with_the_announcement_beside_the_engine(cast, e, second, client):
    from tests.apiclient import bearer

    r = open_round(cast, e)
    verified(cast, second, r)
    announce(cast, r, winners={"主任": ["乙主任"], "委员": ["委员丙", "委员丁"]})
    url = f"/api/elections/results/rounds/{r.pk}"
    got = client.get(url, headers={"Authorization": f"Bearer {bearer(cast['town_operator'])}"})
    assert got.status_code == 200
    body = got.json()
    assert body["announced"]["主任"] == ["乙主任"] and body["engine_elected"]["主任"] == ["甲主任"]
    assert body["differences"] and body["sheets"][0]["state"] == "verified" and body["receipt"] == ""
    outside = client.get(url, headers={"Authorization": f"Bearer {bearer(cast['other_town_operator'])}"})
    assert outside.status_code == 404


def test_the_roll_on_the_voting_day_fills_the_registered_voters_and_a_mismatch_is_flagged(cast, e, client):
    from huanjie.elections.models import VoterRoll

    roll = VoterRoll.objects.create(unit=cast.village, voting_day=DAY, state="published")
    for i, status in enumerate(("active", "active", "active", "removed")):
        RollEntryFactory(roll=roll, name=f"选民{i}", number=str(i), status=status)
    assert sel.roll_count(e, DAY) == 3
    client.force_login(cast["village_operator"])
    resp = client.get(reverse("elections_results:election", args=[e.pk]))
    assert resp.context["form"].initial["registered"] == 3 and "在册 3 人" in resp.content.decode()
    r = open_round(cast, e, registered=5)
    page = sel.round_page(cast["village_operator"], r.pk)
    assert [c.text for c in page.round_checks] == ["登记选民数 5 人与投票日的选民名单在册 3 人不一致，请核对"]


def test_an_engine_that_cannot_judge_says_so_and_the_announcement_stands(cast, e, monkeypatch, client):
    r = open_round(cast, e)

    def cannot(_election):
        raise ValueError("posts unreadable")

    monkeypatch.setattr("huanjie.rules.counting.decide", cannot)
    enter(cast["village_operator"], r)
    r = announce(cast, r)
    assert r.engine["unavailable"].startswith("法律引擎无法核对本轮结果") and r.engine_differs is False
    client.force_login(cast["village_operator"])
    assert "以当场公布的结果为准" in client.get(r.get_absolute_url()).content.decode()
