"""The workflow service (县镇共管) on the test app's records: table, capability, jurisdiction and level
checks; history and audit in one transaction; versions; locks and unlocks; bulk; parallel sign-off;
the system actor; what a user may do next and what waits for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from huanjie.core import audit
from huanjie.core import workflow as wf
from huanjie.core.models import AuditEvent, SignOff, WorkflowHistory
from tests.factories import user_with_role
from tests.workflow_app.models import Report, Vetting

pytestmark = pytest.mark.django_db

VILLAGE = "329901001201"  # 东村, 青石镇, 清河县
OTHER_COUNTY_VILLAGE = "329902001001"  # 和平社区, 柳林区
DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(wf, "today", lambda: DAY)


def report(path: str = VILLAGE, title: str = "东村研判报告") -> Report:
    return Report.objects.create(title=title, unit_path=path)


def written() -> tuple[int, int]:
    return WorkflowHistory.objects.count(), AuditEvent.objects.count()


def names(actions) -> list[str]:
    return [a.name for a in actions]


def test_new_record_starts_in_the_initial_state(db):
    r = report()
    assert (r.state, r.version, r.state_due) == ("draft", 1, None)
    assert [m.__name__ for m in wf.registered() if m._meta.app_label == "workflow_app"] == [
        "Report",
        "Vetting",
    ]
    assert wf.check_workflow_specs() == []


def test_town_submits_county_approves_with_history_and_audit(cast):
    r = report()
    entry = wf.transition(actor=cast["town_operator"], record=r, name="submit")
    r.refresh_from_db()
    assert (r.state, r.version, r.state_due) == ("submitted", 2, DAY + dt.timedelta(days=5))
    assert (entry.from_state, entry.to_state, entry.transition, entry.actor, entry.system) == (
        "draft",
        "submitted",
        "submit",
        cast["town_operator"],
        False,
    )
    assert entry.path == VILLAGE
    ev = AuditEvent.objects.get()
    assert (ev.action, ev.model, ev.object_id, ev.org_path, ev.actor) == (
        "transition",
        "workflow_app.Report",
        str(r.pk),
        VILLAGE,
        cast["town_operator"],
    )
    assert ev.before == {"state": "draft", "version": 1}
    assert ev.after == {"state": "submitted", "version": 2, "transition": "submit"}

    wf.transition(actor=cast["county_operator"], record=r, name="approve")
    assert (r.state, r.version, r.state_due) == ("approved", 3, None)
    assert [(h.from_state, h.to_state) for h in wf.history(r)] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    assert audit.verify_chain() is None


@pytest.mark.parametrize(
    ("role", "name", "error", "message"),
    [
        ("other_town_operator", "submit", PermissionDenied, "对象不在您的管辖范围内"),
        ("county_approver", "submit", PermissionDenied, "您没有“上报”的权限"),
        ("county_operator", "submit", PermissionDenied, "“上报”应由乡镇办理"),
        ("town_operator", "approve", wf.TransitionRefused, "“草稿”状态的报告不能执行“审批通过”"),
        ("town_operator", "publish", wf.TransitionRefused, "“报告”没有“publish”这一操作"),
        ("town_operator", "fail", wf.TransitionRefused, "“标记生成失败”由系统自动办理，不能手工操作"),
        ("sysadmin", "submit", PermissionDenied, "您没有“上报”的权限"),
    ],
)
def test_refused_transitions_write_nothing(cast, role, name, error, message):
    r = report()
    with pytest.raises(error, match=message):
        wf.transition(actor=cast[role], record=r, name=name)
    r.refresh_from_db()
    assert (r.state, r.version) == ("draft", 1)
    assert written() == (0, 0)


def test_the_level_is_checked_as_well_as_the_capability(cast):
    r = report()
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    with pytest.raises(PermissionDenied, match="“审批通过”应由县级办理"):
        wf.transition(actor=cast["city_operator"], record=r, name="approve")
    with pytest.raises(PermissionDenied, match="“审批通过”应由县级办理"):
        wf.transition(actor=cast["town_operator"], record=r, name="approve")


def test_return_needs_a_reason_and_is_resubmitted(cast):
    r = report()
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    with pytest.raises(wf.TransitionRefused, match="“退回”须填写理由"):
        wf.transition(actor=cast["county_operator"], record=r, name="return", reason=" ")
    entry = wf.transition(
        actor=cast["county_operator"], record=r, name="return", reason="缺少村民代表会议记录"
    )
    assert (r.state, entry.reason) == ("returned", "缺少村民代表会议记录")
    assert AuditEvent.objects.order_by("-seq").first().reason == "缺少村民代表会议记录"
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    assert r.state == "submitted"


def test_a_failure_after_writing_rolls_everything_back(cast, monkeypatch):
    r = report()

    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken_audit)
    with pytest.raises(RuntimeError):
        wf.transition(actor=cast["town_operator"], record=r, name="submit")
    assert Report.objects.get(pk=r.pk).state == "draft"
    assert written() == (0, 0)


def test_a_stale_copy_is_refused(cast):
    r = report()
    stale = Report.objects.get(pk=r.pk)
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    with pytest.raises(wf.StaleRecord) as info:
        wf.transition(actor=cast["town_operator"], record=stale, name="submit")
    assert info.value.message == (
        "此记录已被他人修改（当前为第 2 版，您看到的是第 1 版，当前状态：已上报），请刷新后重试"
    )
    assert written() == (1, 1)


def test_a_deleted_record_is_refused_without_stopping_a_bulk(cast):
    kept, gone = report(title="留"), report(title="删")
    Report.objects.filter(pk=gone.pk).delete()
    results = wf.bulk_transition(actor=cast["town_operator"], records=[gone, kept], name="submit")
    assert [(res.record.title, res.ok, res.message) for res in results] == [
        ("删", False, "此记录已被删除，请刷新后重试"),
        ("留", True, ""),
    ]


def test_locked_records_are_read_only(cast):
    r = report()
    wf.ensure_editable(r, cast["town_operator"])
    with pytest.raises(PermissionDenied, match="对象不在您的管辖范围内"):
        wf.ensure_editable(r, cast["other_town_operator"])
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    with pytest.raises(wf.RecordLocked) as info:
        wf.ensure_editable(r, cast["town_operator"])
    assert info.value.message == "此报告已上报，处于锁定状态，不能修改；如需修改请由上级退回"


def test_unlock_needs_a_reason_and_the_level_above(cast):
    r = report()
    with pytest.raises(wf.TransitionRefused, match="“草稿”状态的报告无需或不能解锁"):
        wf.unlock(actor=cast["county_operator"], record=r, reason="x")
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    with pytest.raises(wf.TransitionRefused, match="解锁须填写理由"):
        wf.unlock(actor=cast["county_operator"], record=r, reason="")
    with pytest.raises(PermissionDenied, match="解锁应由县级办理"):
        wf.unlock(actor=cast["town_operator"], record=r, reason="填错了")
    with pytest.raises(PermissionDenied, match="对象不在您的管辖范围内"):
        wf.unlock(actor=cast["other_town_operator"], record=r, reason="x")
    with pytest.raises(PermissionDenied, match="您没有解锁此记录的权限"):
        wf.unlock(actor=cast["county_approver"], record=r, reason="填错了")
    entry = wf.unlock(actor=cast["county_operator"], record=r, reason="乡镇申请更正户数")
    assert (r.state, entry.transition, entry.leader_notice) == ("returned", "unlock", False)
    assert r.state_due == DAY + dt.timedelta(days=3)
    ev = AuditEvent.objects.order_by("-seq").first()
    assert (ev.action, ev.reason) == ("unlock", "乡镇申请更正户数")
    wf.ensure_editable(r, cast["town_operator"])


def test_approved_records_are_unlocked_by_the_city_and_filed_ones_by_the_city_itself(cast):
    r = report()
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    wf.transition(actor=cast["county_operator"], record=r, name="approve")
    with pytest.raises(PermissionDenied, match="解锁应由市级办理"):
        wf.unlock(actor=cast["county_operator"], record=r, reason="更正")
    wf.unlock(actor=cast["city_operator"], record=r, reason="县里申请更正")
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    wf.transition(actor=cast["county_operator"], record=r, name="approve")
    wf.transition(actor=cast["city_operator"], record=r, name="file")
    with pytest.raises(wf.RecordLocked, match="如需修改请由本级说明理由后解锁"):
        wf.ensure_editable(r, cast["city_operator"])
    assert wf.leader_notices(cast["leader"], capability="org.view") == []
    entry = wf.unlock(actor=cast["city_operator"], record=r, reason="备案材料需补正")
    assert entry.leader_notice
    ev = AuditEvent.objects.order_by("-seq").first()
    assert (ev.action, ev.after["leader_notice"]) == ("unlock", True)
    assert wf.leader_notices(cast["leader"], capability="org.view") == [entry]
    assert wf.leader_notices(cast["supervisor"], capability="org.view") == []
    assert wf.leader_notices(cast["sysadmin"], capability="org.view") == []


def test_bulk_approval_is_per_record_independent(cast):
    """A county approving 40 reports at once: one outside its jurisdiction and one still a draft are
    refused and untouched; the other 38 are applied, each with its own history row and audit entry."""
    records = [report(f"329901001{200 + i:03d}", f"报告{i}") for i in range(1, 39)]
    for r in records:
        wf.transition(actor=cast["town_operator"], record=r, name="submit")
    outside = report(OTHER_COUNTY_VILLAGE, "外县报告")
    draft = report(title="未上报")
    before = written()
    results = wf.bulk_transition(
        actor=cast["county_operator"], records=[*records[:20], outside, draft, *records[20:]], name="approve"
    )
    assert len(results) == 40
    refused = [(res.record.title, res.message) for res in results if not res.ok]
    assert refused == [
        ("外县报告", "对象不在您的管辖范围内"),
        ("未上报", "“草稿”状态的报告不能执行“审批通过”"),
    ]
    assert Report.objects.filter(state="approved").count() == 38
    assert Report.objects.get(pk=outside.pk).state == "draft"
    assert written() == (before[0] + 38, before[1] + 38)
    assert audit.verify_chain() is None


@pytest.fixture
def departments(cast):
    county = cast.county
    return {
        "police": cast["vetting"],
        "court": user_with_role("court", "vetting", county, department="court"),
        "petition": user_with_role("petition", "vetting", county, department="petition"),
    }


def test_parallel_signoff_moves_on_when_every_department_clears(cast, departments):
    v = Vetting.objects.create(name="张三", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    assert v.state_due == DAY + dt.timedelta(days=7)
    wf.sign_off(actor=departments["police"], record=v, answer="clear")
    wf.sign_off(actor=departments["court"], record=v, answer="clear", note="无记录")
    assert v.state == "vetting"
    with pytest.raises(wf.TransitionRefused, match="公安局已答复，不能重复答复"):
        wf.sign_off(actor=departments["police"], record=v, answer="clear")
    wf.sign_off(actor=departments["petition"], record=v, answer="clear")
    v.refresh_from_db()
    assert v.state == "passed"
    last = wf.history(v)[-1]
    assert (last.transition, last.system, last.actor, last.actor_name, last.reason) == (
        "pass",
        True,
        None,
        "系统",
        "各会签方均无异议",
    )
    assert sorted(s.party for s in wf.signoffs(v)) == ["court", "petition", "police"]
    assert AuditEvent.objects.filter(action="sign_off").count() == 3
    with pytest.raises(wf.TransitionRefused, match="此联审当前不在会签阶段"):
        wf.sign_off(actor=departments["police"], record=v, answer="clear")


def test_an_adverse_answer_rejects_once_all_have_answered_and_a_resend_starts_a_new_round(cast, departments):
    v = Vetting.objects.create(name="李四", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    with pytest.raises(wf.TransitionRefused, match="有异议的，须写明情况"):
        wf.sign_off(actor=departments["court"], record=v, answer="adverse")
    with pytest.raises(wf.TransitionRefused, match="请选择“无异议”或“有异议”"):
        wf.sign_off(actor=departments["court"], record=v, answer="maybe")
    with pytest.raises(PermissionDenied, match="您所在部门不是此记录的会签方"):
        wf.sign_off(actor=cast["town_operator"], record=v, answer="clear")
    with pytest.raises(PermissionDenied, match="您所在部门不是此记录的会签方"):
        wf.sign_off(actor=departments["court"], record=v, answer="clear", party="police")
    wf.sign_off(actor=departments["court"], record=v, answer="adverse", note="有未结案件")
    wf.sign_off(actor=departments["police"], record=v, answer="clear")
    assert v.state == "vetting"
    wf.sign_off(actor=departments["petition"], record=v, answer="clear")
    assert v.state == "rejected"
    assert wf.history(v)[-1].reason == "有异议：法院"

    wf.transition(actor=cast["county_operator"], record=v, name="resend", reason="案件已结")
    assert wf.signoffs(v) == []
    assert SignOff.objects.filter(superseded=True).count() == 3
    assert [a.record for a in wf.awaiting(departments["court"])] == [v]
    wf.sign_off(actor=departments["court"], record=v, answer="clear", party="court")
    assert wf.awaiting(departments["court"]) == []


def test_system_actor_makes_system_transitions_only(cast):
    r = report()
    entry = wf.transition(actor=wf.SYSTEM, record=r, name="fail", reason="生成任务的工作进程已退出")
    assert (r.state, entry.actor, entry.actor_name, entry.system) == ("failed", None, "系统", True)
    ev = AuditEvent.objects.get()
    assert (ev.actor, ev.actor_name, ev.after["system"]) == (None, "system", True)
    assert str(wf.SYSTEM) == "系统"
    assert repr(wf.SYSTEM) == "SYSTEM"
    other = report()
    with pytest.raises(wf.TransitionRefused, match="“上报”须由工作人员办理，系统不能代办"):
        wf.transition(actor=wf.SYSTEM, record=other, name="submit")
    with pytest.raises(wf.TransitionRefused, match="没有“nothing”这一操作"):
        wf.transition(actor=wf.SYSTEM, record=other, name="nothing")


def test_next_actions_per_user(cast):
    r = report()
    assert names(wf.next_actions(cast["town_operator"], r)) == ["submit"]
    assert wf.next_actions(cast["other_town_operator"], r) == []
    assert wf.next_actions(cast["county_operator"], r) == []
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    actions = wf.next_actions(cast["county_operator"], r)
    assert [(a.name, a.label, a.requires_reason) for a in actions] == [
        ("approve", "审批通过", False),
        ("return", "退回", True),
        ("unlock", "解锁", True),
    ]
    assert wf.next_actions(cast["town_operator"], r) == []
    assert wf.next_actions(cast["city_operator"], r) == []


def test_awaiting_lists_what_each_user_must_do_with_due_dates(cast, departments):
    first = report(title="甲")
    second = report("329901001202", "乙")
    wf.transition(actor=cast["town_operator"], record=first, name="submit")
    wf.transition(actor=cast["town_operator"], record=second, name="submit")
    wf.transition(actor=cast["county_operator"], record=second, name="return", reason="补材料")
    report(OTHER_COUNTY_VILLAGE, "外县")
    v = Vetting.objects.create(name="王五", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")

    county = wf.awaiting(cast["county_operator"])
    assert [
        (a.record.__class__.__name__, str(a.record), names(a.actions), a.due, a.overdue) for a in county
    ] == [
        ("Report", "甲", ["approve", "return"], dt.date(2026, 3, 7), False),
    ]
    town = wf.awaiting(cast["town_operator"])
    assert [(str(a.record), a.due) for a in town] == [("乙", dt.date(2026, 3, 5))]
    late = wf.awaiting(cast["town_operator"], on=dt.date(2026, 3, 6))
    assert [a.overdue for a in late] == [True]
    police = wf.awaiting(departments["police"])
    assert [(str(a.record), names(a.actions), a.due) for a in police] == [
        ("王五", ["sign_off"], dt.date(2026, 3, 9)),
    ]
    assert wf.awaiting(cast["other_town_operator"]) == []
    assert wf.awaiting(cast["sysadmin"]) == []
    assert wf.next_actions(departments["court"], v)[0].label == "会签答复"


def test_only_the_parties_own_assignments_count_for_signoff(cast, departments):
    v = Vetting.objects.create(name="赵六", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    outsiders = [
        wf.SYSTEM,
        user_with_role("court2", "vetting", cast.county2, department="court"),  # another county
        user_with_role("court_town", "vetting", cast.town, department="court"),  # wrong level
        user_with_role("court_admin", "auditadmin", cast.county, department="court"),  # no capability
    ]
    for user in outsiders:
        with pytest.raises(PermissionDenied, match="您所在部门不是此记录的会签方"):
            wf.sign_off(actor=user, record=v, answer="clear")
        assert wf.next_actions(user, v) == []
    assert wf.next_actions(cast["county_operator"], v) == []
    assert names(wf.next_actions(departments["police"], v)) == ["sign_off"]


def test_system_check_reports_unsound_workflow_declarations(db, monkeypatch):
    import dataclasses

    from tests.workflow_app.models import REPORT_SPEC

    monkeypatch.setattr(Report, "workflow_spec", dataclasses.replace(REPORT_SPEC, initial="nowhere"))
    monkeypatch.delattr(Vetting, "scope_path_field")
    messages = [(m.id, m.msg) for m in wf.check_workflow_specs()]
    assert messages == [
        ("huanjie.W002", "初始状态“nowhere”未定义"),
        ("huanjie.W003", "缺少 scope_path_field"),
    ]
    monkeypatch.setattr(Report, "workflow_spec", None)
    assert [m.id for m in wf.check_workflow_specs()] == ["huanjie.W001", "huanjie.W003"]


def test_awaiting_query_count_does_not_grow_with_the_records(cast, departments, django_assert_num_queries):
    for i in range(12):
        r = report(f"329901001{201 + i:03d}", f"报告{i}")
        wf.transition(actor=cast["town_operator"], record=r, name="submit")
        v = Vetting.objects.create(name=f"候选人{i}", unit_path=r.unit_path)
        wf.transition(actor=cast["county_operator"], record=v, name="send")
    wf.sign_off(actor=departments["police"], record=v, answer="clear")
    police = departments["police"]
    wf.awaiting(police)  # warms the user's assignments and the content-type cache
    # At most one query per registered model (none where the user can do nothing: here the test app's
    # Vetting and vetting's ReviewEntry, whose sign-off parties include the police), plus one for the
    # current answers of the records in sign-off.
    with django_assert_num_queries(3):
        todo = wf.awaiting(police)
    assert len(todo) == 11
    # One more for each record the county decides: planning's Assessment, Rectification and
    # PersonnelPlan, people's CommitteeChange (whose proposals the county, as the town, may confirm)
    # and vetting's ReviewEntry (the county's ruling on a joint review), and oversight's Incident (the
    # county's acknowledgement of a town's incident report).
    # Oversight's Petition (the county's handlers) and Risk (the county approves plans): two more.
    # Oversight's ViolationCase (the county investigates and decides cases): one more.
    with django_assert_num_queries(11):
        assert len(wf.awaiting(cast["county_operator"])) == 12


def test_the_home_page_lists_workflow_todos_with_deadlines(client, cast, departments):
    r = report(title="东村研判报告")
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    v = Vetting.objects.create(name="王五", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    client.force_login(cast["county_operator"])
    response = client.get("/")
    assert [(t.label, t.url, t.due) for t in response.context["todos"]] == [
        ("报告“东村研判报告”（已上报）：审批通过、退回", f"/reports/{r.pk}/", dt.date(2026, 3, 7)),
    ]
    assert "期限 2026-03-07" in response.content.decode()
    client.force_login(departments["court"])
    todos = client.get("/").context["todos"]
    assert [(t.label, t.url) for t in todos] == [("联审“王五”（联审中）：会签答复", "")]


def test_history_names_each_step_in_chinese(cast):
    r = report()
    wf.transition(actor=cast["town_operator"], record=r, name="submit")
    assert [(h.transition, h.label) for h in wf.history(r)] == [("submit", "上报")]


def test_a_record_narrows_its_signoff_parties(cast, departments, monkeypatch):
    """A record type may name the parties that answer each record (``signoff_parties()``, e.g. the
    联审 departments its campaign lists): only they answer, only they are awaited, and the outcome
    counts only them; a department of the spec left out is refused and sees nothing to do."""
    parties = ("court", "police", "unknown")
    monkeypatch.setattr(Vetting, "signoff_parties", lambda self: parties, raising=False)
    v = Vetting.objects.create(name="王五", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    assert wf.signoff_parties(v, v.workflow_spec.signoff) == ("police", "court")
    assert [a.record for a in wf.awaiting(departments["petition"])] == []
    assert "sign_off" not in names(wf.next_actions(departments["petition"], v))
    with pytest.raises(PermissionDenied, match="您所在部门不是此记录的会签方"):
        wf.sign_off(actor=departments["petition"], record=v, answer="clear")
    assert [a.record for a in wf.awaiting(departments["court"])] == [v]
    wf.sign_off(actor=departments["police"], record=v, answer="clear")
    assert v.state == "vetting"
    wf.sign_off(actor=departments["court"], record=v, answer="adverse", note="有未结案件")
    v.refresh_from_db()
    assert v.state == "rejected"  # complete without 信访局: it is not a party of this record
    assert wf.history(v)[-1].reason == "有异议：法院"


def test_apply_sign_off_joins_the_callers_transaction(cast, departments):
    """``apply_sign_off`` writes inside the caller's transaction: a rollback there undoes it."""
    from django.db import transaction

    v = Vetting.objects.create(name="赵六", unit_path=VILLAGE)
    wf.transition(actor=cast["county_operator"], record=v, name="send")
    with transaction.atomic():
        wf.apply_sign_off(actor=departments["police"], record=v, answer="clear")
        assert wf.signoffs(v)[0].party == "police"
        transaction.set_rollback(True)
    assert wf.signoffs(v) == []
