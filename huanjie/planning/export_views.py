"""Excel exports of what towns fill in the planning app (issue 10 req. 10): 职数, 研判, 成员研判意见
(保密), 整顿任务 and 后备干部 (保密), each through core.exporting (序号, frozen header, autofilter,
page setup, formula-injection safe). Every export is audited (personnel matters). The confidential
lists refuse below county level (req. 8 overrides "every list exports")."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse

from huanjie.core.exporting import Column, xlsx_response
from huanjie.core.permissions import requires
from huanjie.people.choices import CommitteeKind, PartyOrgForm, Post
from huanjie.planning import export_selectors as sel
from huanjie.planning.capabilities import PlanningCap
from huanjie.planning.choices import Ability, Income, MemberView, Problem, RiskFlag, SeatBody
from huanjie.planning.models import Assessment
from huanjie.planning.rectification_choices import ReserveSource, Track
from huanjie.planning.selectors import campaign as campaign_of


def _label(enum: Any, value: Any) -> str:
    return str(dict(enum.choices).get(value, value or ""))


def _state(record: Any) -> str:
    return str(record.workflow_spec.state_label(record.state))


def _labels(enum: Any, values: Any) -> str:
    names = dict(enum.choices)
    return "、".join(str(names.get(v, v)) for v in values or [])


SEATS_COLUMNS = (
    Column("区划代码", lambda r: r.code, 16),
    Column("村（社区）", lambda r: r.name, 14),
    Column("村（居）委会职数", lambda r: r.committee.members if r.committee else None, 10),
    Column("决定机构", lambda r: _label(SeatBody, r.committee.decided_by) if r.committee else "", 16),
    Column("决定日期", lambda r: r.committee.decision_date if r.committee else None, 12),
    Column("文件编号", lambda r: r.committee.document_no if r.committee else "", 18),
    Column("党组织委员职数", lambda r: r.party.members if r.party else None, 10),
    Column("组织形式", lambda r: _label(PartyOrgForm, r.party.form) if r.party else "", 10),
    Column("请示文号", lambda r: r.party.request_no if r.party else "", 18),
    Column("请示日期", lambda r: r.party.request_date if r.party else None, 12),
    Column("批复文号", lambda r: r.party.approval_no if r.party else "", 18),
    Column("批复日期", lambda r: r.party.approval_date if r.party else None, 12),
)

ASSESSMENT_COLUMNS = (
    Column("区划代码", lambda a: a.unit.code, 16),
    Column("村（社区）", lambda a: a.unit.name, 14),
    Column("状态", lambda a: _state(a), 10),
    Column("班子总体评价", lambda a: a.get_grade_display(), 10),
    Column("村（社区）类别", lambda a: a.get_category_display(), 14),
    Column("存在问题", lambda a: _labels(Problem, a.problems), 30),
    Column("风险点", lambda a: _labels(RiskFlag, a.risks), 24),
    Column("研判意见", lambda a: a.notes, 40),
)

MEMBER_VIEW_COLUMNS = (
    Column("区划代码", lambda m: m.assessment.unit.code, 16),
    Column("村（社区）", lambda m: m.assessment.unit.name, 14),
    Column("姓名", lambda m: m.tenure.person.name, 10),
    Column("班子", lambda m: _label(CommitteeKind, m.tenure.committee.kind), 16),
    Column("职务", lambda m: _label(Post, m.tenure.post), 10),
    Column("意见", lambda m: _label(MemberView, m.view), 8),
    Column("理由", lambda m: m.reason, 36),
    Column("收入待遇", lambda m: _label(Income, m.income), 10),
    Column("能力本领", lambda m: _label(Ability, m.ability), 10),
    Column("研判状态", lambda m: _state(m.assessment), 10),
)

TASK_COLUMNS = (
    Column("区划代码", lambda t: t.rectification.unit.code, 16),
    Column("村（社区）", lambda t: t.rectification.unit.name, 14),
    Column("整治方向", lambda t: _label(Track, t.track), 12),
    Column("任务", lambda t: t.title, 30),
    Column("责任人", lambda t: t.owner, 10),
    Column("完成时限", lambda t: t.deadline, 12),
    Column("完成进度（%）", lambda t: t.progress, 10),
    Column("进展情况", lambda t: t.progress_notes, 36),
    Column("整顿状态", lambda t: _state(t.rectification), 10),
)

RESERVE_COLUMNS = (
    Column("区划代码", lambda r: r.unit.code, 16),
    Column("村（社区）", lambda r: r.unit.name, 14),
    Column("姓名", lambda r: r.person.name, 10),
    Column("身份证号", lambda r: r.person.id_masked, 20),
    Column("来源", lambda r: _label(ReserveSource, r.source), 16),
    Column("纳入日期", lambda r: r.added_on, 12),
    Column("培养情况", lambda r: r.notes, 36),
    Column("在库", lambda r: r.active, 6),
)


def _export(
    request: Any,
    *,
    filename: str,
    subject: str,
    columns: Any,
    rows: Any,
    campaign: Any = None,
    more: dict[str, str] | None = None,
) -> FileResponse:
    filters = {"换届工作": campaign.name} if campaign is not None else {}
    filters |= more or {}
    return xlsx_response(
        filename=filename,
        columns=columns,
        rows=rows,
        actor=request.user,
        subject=subject,
        filters=filters,
        personal=True,
        org_path=sel.export_path(request.user),
    )


PLAN_COLUMNS = (
    Column("区划代码", lambda s: s.plan.unit.code, 16),
    Column("村（社区）", lambda s: s.plan.unit.name, 14),
    Column("方案状态", lambda s: _state(s.plan), 10),
    Column("班子", lambda s: s.get_side_display(), 12),
    Column("职务", lambda s: s.get_post_display(), 10),
    Column("安排", lambda s: s.get_decision_display(), 8),
    Column("人选", lambda s: s.person.name, 10),
    Column("备注", lambda s: s.note, 30),
)


@requires(PlanningCap.EXPORT, denied=sel.CONFIDENTIAL_REFUSAL)
def plans(request: Any, pk: int) -> FileResponse:
    c = campaign_of(request.user, pk)
    rows = sel.plan_seat_rows(request.user, c)  # refuses below county level
    return _export(
        request,
        filename="人事安排初步方案",
        subject="人事安排初步方案（保密）",
        columns=PLAN_COLUMNS,
        rows=rows,
        campaign=c,
    )


@requires(PlanningCap.VIEW)
def seats(request: Any, pk: int) -> FileResponse:
    c = campaign_of(request.user, pk)
    unit = sel.unit_filter(request.GET.get("unit", ""))
    return _export(
        request,
        filename="职数",
        subject="村（社区）职数",
        columns=SEATS_COLUMNS,
        rows=sel.seats_rows(request.user, c, unit=unit),
        campaign=c,
        more={"区划代码": unit},
    )


@requires(PlanningCap.VIEW)
def assessments(request: Any, pk: int) -> FileResponse:
    c = campaign_of(request.user, pk)
    state = sel.state_filter(request.GET.get("state", "")[:20])
    return _export(
        request,
        filename="研判",
        subject="村（社区）研判",
        columns=ASSESSMENT_COLUMNS,
        rows=sel.assessment_rows(request.user, c, state=state),
        campaign=c,
        more={"状态": str(Assessment.workflow_spec.state_label(state)) if state else ""},
    )


@requires(PlanningCap.EXPORT, denied=sel.CONFIDENTIAL_REFUSAL)
def member_views(request: Any, pk: int) -> FileResponse:
    c = campaign_of(request.user, pk)
    rows = sel.member_view_rows(request.user, c)  # refuses below county level
    return _export(
        request,
        filename="成员研判意见",
        subject="成员研判意见（保密）",
        columns=MEMBER_VIEW_COLUMNS,
        rows=rows,
        campaign=c,
    )


@requires(PlanningCap.VIEW)
def tasks(request: Any, pk: int) -> FileResponse:
    c = campaign_of(request.user, pk)
    return _export(
        request,
        filename="整顿任务",
        subject="整顿任务（一村一策）",
        columns=TASK_COLUMNS,
        rows=sel.task_rows(request.user, c),
        campaign=c,
    )


@requires(PlanningCap.EXPORT, denied=sel.CONFIDENTIAL_REFUSAL)
def reserves(request: Any) -> FileResponse:
    unit = sel.unit_filter(request.GET.get("unit", ""))
    rows = sel.reserve_rows(request.user, unit=unit)  # refuses below county level
    return _export(
        request,
        filename="后备干部",
        subject="后备干部（保密）",
        columns=RESERVE_COLUMNS,
        rows=rows,
        more={"区划代码": unit},
    )
