"""Rectification (一村一策): opened for weak or complex villages only, tasks on the four tracks with
owner, deadline, progress and evidence files, the town asks and the county signs off (return with a
reason, resubmit, clear) with a fixed clock; the election gate (scheduling_gates) stays closed until
the county clears it; postponements by the profile's chain; evidence files stored encrypted,
limited in size and type, served only inside the jurisdiction; no lost update."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.core.plugins import scheduling_gates
from huanjie.core.workflow import RecordLocked, TransitionRefused
from huanjie.planning import rectification_selectors as sel
from huanjie.planning import rectification_services as svc
from huanjie.planning import services
from huanjie.planning.models import EvidenceFile, PostponementApproval, RectificationTask

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n"


def _categorise(cast, assessment, category="weak"):
    services.assessment_update(
        actor=cast["town_operator"],
        assessment=assessment,
        grade="poor",
        category=category,
        problems=["petition"],
        risks=[],
        notes="",
    )


@pytest.fixture
def weak(cast, assessment):
    _categorise(cast, assessment)
    return assessment


@pytest.fixture
def rect(cast, weak, published):
    return svc.rectification_create(actor=cast["town_operator"], campaign=published, unit=cast.village)


def _task(cast, rect, **kw):
    args = {"track": "petition", "title": "化解信访积案", "owner": "王镇长", "deadline": dt.date(2026, 2, 1)}
    return svc.task_add(actor=cast["town_operator"], rectification=rect, **(args | kw))


def _finish(cast, task):
    svc.task_update(
        actor=cast["town_operator"],
        task=task,
        track=task.track,
        title=task.title,
        owner=task.owner,
        deadline=task.deadline,
        progress=100,
        progress_notes="已全部化解",
    )
    svc.evidence_add(actor=cast["town_operator"], task=task, name="化解台账.pdf", data=PDF)


def _gate(unit, user=None, **kw):
    return [g for fn in scheduling_gates for g in fn(user, unit, **kw)]


def test_only_weak_or_complex_villages_are_rectified_by_their_town(cast, assessment, published):
    town = cast["town_operator"]
    with pytest.raises(ValidationError, match="软弱涣散"):
        svc.rectification_create(actor=town, campaign=published, unit=cast.village)
    _categorise(cast, assessment, "ordinary")
    with pytest.raises(ValidationError):
        svc.rectification_create(actor=town, campaign=published, unit=cast.village)
    services.assessment_update(
        actor=town, assessment=assessment, grade="poor", category="complex", problems=[], risks=[], notes=""
    )
    with pytest.raises(PermissionDenied):
        svc.rectification_create(actor=cast["other_town_operator"], campaign=published, unit=cast.village)
    with pytest.raises(PermissionDenied):
        svc.rectification_create(actor=cast["county_operator"], campaign=published, unit=cast.village)
    r = svc.rectification_create(actor=town, campaign=published, unit=cast.village)
    assert r.category == "complex" and r.state == "draft"
    with pytest.raises(ValidationError, match="已有"):
        svc.rectification_create(actor=town, campaign=published, unit=cast.village)


def test_task_fields_are_checked(cast, rect):
    with pytest.raises(ValidationError) as exc:
        _task(cast, rect, track="x", title=" ", owner="", progress=101)
    assert set(exc.value.message_dict) == {"track", "title", "owner", "progress"}


def test_sign_off_chain_with_a_fixed_clock(cast, rect, fixed_today):
    town, approver = cast["town_operator"], cast["county_approver"]
    with pytest.raises(TransitionRefused, match="尚无整顿任务"):
        svc.rectification_act(actor=town, rectification=rect, name="submit")
    t = _task(cast, rect)
    with pytest.raises(TransitionRefused, match=r"未完成的任务：化解信访积案.*缺少佐证材料"):
        svc.rectification_act(actor=town, rectification=rect, name="submit")
    _finish(cast, t)
    # The town cannot sign off its own village; the county cannot ask for it.
    with pytest.raises(PermissionDenied):
        svc.rectification_act(actor=town, rectification=rect, name="clear")
    svc.rectification_act(actor=town, rectification=rect, name="submit")
    assert rect.state == "submitted" and rect.state_due == fixed_today + dt.timedelta(days=7)
    with pytest.raises(RecordLocked):
        _task(cast, rect, title="新任务")
    with pytest.raises(TransitionRefused):
        svc.rectification_act(actor=approver, rectification=rect, name="return")  # no reason
    svc.rectification_act(actor=approver, rectification=rect, name="return", reason="村霸问题未处理")
    assert rect.state == "returned" and rect.state_due == fixed_today + dt.timedelta(days=10)
    t2 = _task(cast, rect, track="bully", title="依法打击村霸", owner="派出所")
    _finish(cast, t2)
    svc.rectification_act(actor=town, rectification=rect, name="submit")
    svc.rectification_act(actor=approver, rectification=rect, name="clear")
    assert rect.state == "cleared"
    with pytest.raises(RecordLocked):
        _task(cast, rect, title="再加一项")


def test_the_gate_stays_closed_until_the_county_clears_the_village(cast, weak, published, fixed_today):
    keys = [k for k, _ in scheduling_gates.items()]
    assert "planning.rectification" in keys
    # Weak, no rectification yet: closed, with the reason in Chinese (the asker does not matter:
    # a village operator, who sees nothing of planning, gets the same answer).
    for user in (cast["town_operator"], cast["village_operator"], None):
        gates = _gate(cast.village, user)
        assert len(gates) == 1 and gates[0].closed
        assert "软弱涣散" in gates[0].reason and "验收销号" in gates[0].reason
    r = svc.rectification_create(actor=cast["town_operator"], campaign=published, unit=cast.village)
    t = _task(cast, r)
    (gate,) = _gate(cast.village)
    assert gate.closed and "整顿中" in gate.reason and "未完成任务 1 项" in gate.reason
    assert gate.url == r.get_absolute_url()
    _finish(cast, t)
    svc.rectification_act(actor=cast["town_operator"], rectification=r, name="submit")
    assert _gate(cast.village)[0].closed
    svc.rectification_act(actor=cast["county_approver"], rectification=r, name="clear")
    assert _gate(cast.village) == []
    # An ordinary village next door is not held up; a town is not asked about.
    assert _gate(cast.village2) == [] and _gate(cast.town) == []


def test_overdue_tasks_with_a_fixed_clock(cast, rect, fixed_today):
    yesterday = fixed_today - dt.timedelta(days=1)
    late = _task(cast, rect, title="昨日到期", deadline=yesterday)
    _task(cast, rect, title="今日到期", deadline=fixed_today)
    done = _task(cast, rect, title="已完成", deadline=yesterday, progress=100)
    page = sel.rectification_page(cast["town_operator"], rect)
    rows = {row.task.title: row.overdue for g in page.tracks for row in g.tasks}
    assert rows == {"昨日到期": True, "今日到期": False, "已完成": False}
    (row,) = sel.rectifications_page(cast["county_operator"], rect.campaign_id).rows
    assert (row.tasks, row.done, row.overdue) == (3, 1, 1)
    assert sel.task_page(cast["town_operator"], late).overdue
    assert not sel.task_page(cast["town_operator"], done).overdue


def test_window_warning_when_the_campaign_window_is_about_to_pass(cast, rect, monkeypatch):
    end = rect.campaign.window_end  # 2026-06-30
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: end - dt.timedelta(days=31))
    assert sel.rectification_page(cast["town_operator"], rect).window_warning == ""
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: end - dt.timedelta(days=30))
    assert "延期换届申请" in sel.rectification_page(cast["town_operator"], rect).window_warning
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: end + dt.timedelta(days=1))
    assert "已于 2026-06-30 结束" in sel.rectification_page(cast["town_operator"], rect).window_warning


# --- postponements ----------------------------------------------------------------------------


def _postpone(cast, campaign, **kw):
    args = {
        "body": "committee",
        "due_date": dt.date(2027, 3, 31),
        "new_date": dt.date(2027, 9, 30),
        "reason": "整顿未完成，信访积案尚在化解",
    }
    return svc.postponement_create(
        actor=cast["town_operator"], campaign=campaign, unit=cast.village, **(args | kw)
    )


def test_jiangsu_postponement_takes_its_chain_and_soft_year_from_the_profile(cast, published):
    published.profile_code = "jiangsu"
    published.save(update_fields=["profile_code"])
    p = _postpone(cast, published)
    assert p.chain == ["村民会议或者村民代表会议讨论通过", "乡镇人民政府报请", "县（市、区）人民政府批准"]
    assert (p.limit_months, p.limit_soft) == (12, True)
    assert p.citation == "江苏省村民委员会选举办法 第四条" and p.applicant == "村民委员会"
    town = cast["town_operator"]
    with pytest.raises(ValidationError, match="已有此项延期申请"):
        _postpone(cast, published)
    # Steps in order, dates not before the previous step's.
    svc.postponement_approve(
        actor=town, postponement=p, document_no="东村〔2027〕1号", date=dt.date(2027, 2, 1)
    )
    with pytest.raises(ValidationError) as exc:
        svc.postponement_approve(actor=town, postponement=p, document_no="", date=dt.date(2027, 1, 1))
    assert set(exc.value.message_dict) == {"document_no", "date"}
    svc.postponement_approve(
        actor=town, postponement=p, document_no="青石镇〔2027〕5号", date=dt.date(2027, 2, 3)
    )
    assert sel.postponement_page(town, p).next_step == "县（市、区）人民政府批准"
    svc.postponement_approve(
        actor=town, postponement=p, document_no="清河县政〔2027〕9号", date=dt.date(2027, 2, 9)
    )
    page = sel.postponement_page(cast["county_operator"], p)
    assert page.approved and [s.document_no for s in page.steps][-1] == "清河县政〔2027〕9号"
    with pytest.raises(ValidationError, match="已全部登记"):
        svc.postponement_approve(actor=town, postponement=p, document_no="x", date=dt.date(2027, 2, 10))
    with pytest.raises(ValidationError, match="不能再修改"):
        svc.postponement_update(
            actor=town, postponement=p, due_date=p.due_date, new_date=p.new_date, reason=p.reason
        )
    first = PostponementApproval.objects.filter(postponement=p).first()
    assert first is not None and first.body == "村民会议或者村民代表会议讨论通过"


def test_beyond_the_soft_limit_needs_a_stated_reason_not_a_refusal(cast, published):
    published.profile_code = "jiangsu"
    published.save(update_fields=["profile_code"])
    with pytest.raises(ValidationError) as exc:
        _postpone(cast, published, new_date=dt.date(2028, 4, 1), reason="未完成")
    assert "一般" in exc.value.message_dict["reason"][0]
    p = _postpone(cast, published, new_date=dt.date(2028, 4, 1), reason="区划调整与整顿叠加，须延至明年")
    assert not sel.postponement_page(cast["town_operator"], p).shift.ok


def test_zhejiang_six_months_and_shanghai_filing_and_the_party_rule(cast, published):
    zj = _postpone(cast, published)  # the fixture's campaign is Zhejiang's
    assert (zj.limit_months, zj.chain[-1]) == (6, "县级人民政府批准")
    party = _postpone(cast, published, body="party")
    assert party.chain == ["上级党组织批准"] and party.citation.endswith("第三条 [S]")
    published.profile_code = "shanghai"
    published.save(update_fields=["profile_code"])
    svc.postponement_create(
        actor=cast["town_operator"],
        campaign=published,
        unit=cast.village2,
        body="committee",
        due_date=dt.date(2027, 3, 31),
        new_date=dt.date(2029, 3, 31),
        reason="村庄撤并",
    )
    sh = sel.postponement(cast["county_operator"], zj.pk + 2)
    assert sh.chain[-1] == "区民政部门报市民政部门备案" and sh.limit_months is None
    with pytest.raises(ValidationError, match="晚于原定"):
        svc.postponement_update(
            actor=cast["town_operator"],
            postponement=zj,
            due_date=zj.due_date,
            new_date=zj.due_date,
            reason="x",
        )


# --- evidence files ---------------------------------------------------------------------------


def test_evidence_is_encrypted_under_the_var_dir_and_served_only_inside(cast, rect, client):
    t = _task(cast, rect)
    client.force_login(cast["town_operator"])
    url = reverse("planning:evidence_new", args=[t.pk])
    r = client.post(url, {"file": SimpleUploadedFile("走访记录.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 302
    ev = EvidenceFile.objects.get()
    on_disk = Path(settings.VAR_DIR) / "evidence" / ev.stored
    assert on_disk.exists() and PDF not in on_disk.read_bytes()
    get = reverse("planning:evidence", args=[ev.pk])
    r = client.get(get)
    assert r.status_code == 200 and r.content == PDF and r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in r["Content-Disposition"]
    for role, status in (("county_operator", 200), ("other_town_operator", 404), ("village_operator", 403)):
        client.force_login(cast[role])
        assert client.get(get).status_code == status, role
        assert client.get(reverse("planning:rectification_task", args=[t.pk])).status_code == status


def test_evidence_type_and_size_are_limited(cast, rect, client, settings):
    t = _task(cast, rect)
    client.force_login(cast["town_operator"])
    url = reverse("planning:evidence_new", args=[t.pk])
    for name, data, fragment in (
        ("a.exe", b"MZ....", "只能上传"),
        ("a.pdf", b"<html>not a pdf", "不符"),
        ("a.png", b"", "文件是空的"),
    ):
        r = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert r.status_code == 400 and fragment in r.content.decode(), name
    settings.HUANJIE_EVIDENCE_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    r = client.post(url, {"file": SimpleUploadedFile("big.pdf", big)})
    assert r.status_code == 400 and "大小上限 1 MB" in r.content.decode()
    assert not EvidenceFile.objects.exists()
    exact = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert client.post(url, {"file": SimpleUploadedFile("ok.pdf", exact)}).status_code == 302


def test_evidence_delete_is_audited_and_removes_the_file(cast, rect, django_capture_on_commit_callbacks):
    t = _task(cast, rect)
    ev = svc.evidence_add(
        actor=cast["town_operator"], task=t, name="../../etc/x.png", data=b"\x89PNG\r\n\x1a\n.."
    )
    assert ev.name == "x.png"
    path = Path(settings.VAR_DIR) / "evidence" / ev.stored
    with pytest.raises(PermissionDenied):
        svc.evidence_delete(actor=cast["other_town_operator"], evidence=ev)
    with django_capture_on_commit_callbacks(execute=True):
        svc.evidence_delete(actor=cast["town_operator"], evidence=ev)
    assert (
        not path.exists()
        and AuditEvent.objects.filter(action="delete", model="planning.EvidenceFile").exists()
    )


# --- pages ------------------------------------------------------------------------------------


def test_pages_from_inside_and_outside(cast, rect, client):
    t = _task(cast, rect)
    urls = [
        reverse("planning:rectifications", args=[rect.campaign_id]),
        reverse("planning:rectification", args=[rect.pk]),
        reverse("planning:rectification_task", args=[t.pk]),
    ]
    for role in ("town_operator", "county_operator", "county_approver", "city_operator", "leader"):
        client.force_login(cast[role])
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    client.force_login(cast["other_town_operator"])
    assert client.get(urls[1]).status_code == 404
    assert "东村" not in client.get(urls[0]).content.decode()
    for role in ("village_operator", "vetting", "supervisor"):
        client.force_login(cast[role])
        assert client.get(urls[1]).status_code == 403


def test_the_town_adds_tasks_and_asks_for_sign_off_through_the_pages(cast, rect, client):
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("planning:rectification_task_new", args=[rect.pk]),
        {
            "track": "dispute",
            "title": "调处土地纠纷",
            "owner": "司法所",
            "deadline": "2026-03-01",
            "progress": "0",
        },
    )
    assert r.status_code == 302
    r = client.post(reverse("planning:rectification_act", args=[rect.pk]), {"action": "submit"})
    assert r.status_code == 400 and "未完成的任务：调处土地纠纷" in r.content.decode()
    page = client.get(reverse("planning:rectification", args=[rect.pk])).content.decode()
    assert "矛盾清零" in page and "调处土地纠纷" in page and "选举安排受限" in page


def test_a_stale_task_edit_is_refused_and_nothing_is_saved(cast, rect, client):
    t = _task(cast, rect)
    client.force_login(cast["town_operator"])
    form = client.get(reverse("planning:rectification_task", args=[t.pk])).context["form"]
    data = dict(form.initial)
    data["deadline"] = "2026-02-01"
    data["progress"] = "50"
    data["progress_notes"] = "过半"
    svc.task_update(
        actor=cast["town_operator"],
        task=RectificationTask.objects.get(pk=t.pk),
        track=t.track,
        title=t.title,
        owner="李书记",
        deadline=t.deadline,
        progress=10,
        progress_notes="",
    )
    before = AuditEvent.objects.count()
    r = client.post(reverse("planning:rectification_task_edit", args=[t.pk]), data)
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    assert AuditEvent.objects.count() == before
    t.refresh_from_db()
    assert (t.owner, t.progress) == ("李书记", 10)
    refreshed = r.context["form"]
    assert (
        client.post(
            reverse("planning:rectification_task_edit", args=[t.pk]),
            {**refreshed.data.dict(), "progress": "50"},
        ).status_code
        == 302
    )
    t.refresh_from_db()
    assert t.progress == 50


def test_the_village_page_links_to_the_rectification_only_for_planning_users(cast, rect, client):
    url = reverse("org:unit", args=[cast.village.code])
    client.force_login(cast["town_operator"])
    page = client.get(url).content.decode()
    assert reverse("planning:rectification", args=[rect.pk]) in page and "未销号" in page
    assert reverse("planning:reserves", args=[cast.village.code]) in page
    client.force_login(cast["village_operator"])
    page = client.get(url).content.decode()
    # The nav's 换届工作要求 (the campaign settings, not confidential) is the only planning link.
    assert "/planning/rectification" not in page and "/planning/reserves" not in page
    assert reverse("planning:rectification", args=[rect.pk]) not in page


def test_stale_measures_and_postponement_edits_are_refused(cast, rect, published, client):
    client.force_login(cast["town_operator"])
    form = client.get(reverse("planning:rectification", args=[rect.pk])).context["form"]
    loaded = {**form.initial, "measures": "我的版本"}
    svc.rectification_update(actor=cast["town_operator"], rectification=rect, measures="他人的版本")
    r = client.post(reverse("planning:rectification_edit", args=[rect.pk]), loaded)
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    rect.refresh_from_db()
    assert rect.measures == "他人的版本"

    p = _postpone(cast, published)
    form = client.get(reverse("planning:postponement", args=[p.pk])).context["form"]
    loaded = {
        **form.initial,
        "due_date": "2027-03-31",
        "new_date": "2027-08-31",
        "reason": "我的理由写得很充分",
    }
    svc.postponement_update(
        actor=cast["town_operator"],
        postponement=p,
        due_date=p.due_date,
        new_date=dt.date(2027, 7, 31),
        reason="他人的理由",
    )
    r = client.post(reverse("planning:postponement_edit", args=[p.pk]), loaded)
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    p.refresh_from_db()
    assert p.new_date == dt.date(2027, 7, 31)
