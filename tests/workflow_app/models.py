"""Sample workflow records for tests (no migrations: Django creates their tables for the test run).

``Report``: prepared by the town, approved or returned by the county, filed (备案) by the city.
``Vetting``: sent by the county to three departments who answer in parallel (联审).
"""

from __future__ import annotations

from django.db import models

from huanjie.core.models import WorkflowRecord
from huanjie.org.capabilities import OrgCap
from huanjie.rules.workflow import SignOffSpec, Transition, WorkflowSpec

ORG_EDIT, ORG_VIEW = OrgCap.EDIT, OrgCap.VIEW


def _t(name: str, sources: set[str], target: str, label: str, **kw) -> Transition:
    return Transition(name, frozenset(sources), target, label_zh=label, **kw)


REPORT_SPEC = WorkflowSpec(
    code="report",
    label_zh="报告",
    states={
        "draft": "草稿",
        "submitted": "已上报",
        "approved": "已审批",
        "returned": "已退回",
        "filed": "已备案",
        "failed": "生成失败",
    },
    initial="draft",
    transitions=(
        _t("submit", {"draft", "returned"}, "submitted", "上报", level="town", capability=ORG_EDIT),
        _t("approve", {"submitted"}, "approved", "审批通过", level="county", capability=ORG_EDIT),
        _t(
            "return",
            {"submitted"},
            "returned",
            "退回",
            level="county",
            capability=ORG_EDIT,
            requires_reason=True,
        ),
        _t("file", {"approved"}, "filed", "备案", level="city", capability=ORG_EDIT),
        _t("fail", {"draft"}, "failed", "标记生成失败", by="system"),
    ),
    chain=("town", "county", "city"),
    locked_states=frozenset({"submitted", "approved", "filed"}),
    unlocked_state="returned",
    edit_capability=ORG_EDIT,
    due_days={"draft": 10, "submitted": 5, "returned": 3},
)


class Report(WorkflowRecord):
    """A village's report, prepared by its town and decided by the county."""

    title = models.CharField(max_length=100)
    unit_path = models.CharField(max_length=12)

    workflow_spec = REPORT_SPEC
    scope_path_field = "unit_path"

    class Meta:
        app_label = "workflow_app"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/reports/{self.pk}/"


VETTING_SPEC = WorkflowSpec(
    code="vetting",
    label_zh="联审",
    states={"draft": "待送审", "vetting": "联审中", "passed": "联审通过", "rejected": "联审未通过"},
    initial="draft",
    transitions=(
        _t("send", {"draft"}, "vetting", "送联审", level="county", capability=ORG_EDIT),
        _t("pass", {"vetting"}, "passed", "联审通过", by="system"),
        _t("reject", {"vetting"}, "rejected", "联审未通过", by="system"),
        _t(
            "resend",
            {"rejected"},
            "vetting",
            "重新送审",
            level="county",
            capability=ORG_EDIT,
            requires_reason=True,
        ),
    ),
    chain=("county",),
    due_days={"vetting": 7},
    signoff=SignOffSpec(
        state="vetting",
        parties=("police", "court", "petition"),
        party_labels={"police": "公安局", "court": "法院", "petition": "信访局"},
        on_clear="pass",
        on_adverse="reject",
        capability=ORG_VIEW,
        level="county",
    ),
)


class Vetting(WorkflowRecord):
    """A candidate's joint review (联审) by three county departments."""

    name = models.CharField(max_length=50)
    unit_path = models.CharField(max_length=12)

    workflow_spec = VETTING_SPEC
    scope_path_field = "unit_path"

    class Meta:
        app_label = "workflow_app"

    def __str__(self) -> str:
        return self.name
