"""The planning app's transition tables (pure data read by core.workflow).

- ``CAMPAIGN_SPEC``: the city drafts and publishes its campaign; a published campaign is locked and
  only the city itself unlocks it, with a reason (flagged for its leader by core.workflow.unlock).
- ``ASSESSMENT_SPEC`` (研判, 县镇共管): the town prepares and submits, the county approver or operator
  returns (with a reason) or approves; submitted and approved assessments are locked.
"""

from __future__ import annotations

from huanjie.planning.capabilities import PlanningCap
from huanjie.rules.workflow import Transition, WorkflowSpec


def _t(name: str, sources: set[str], target: str, label: str, **kw: object) -> Transition:
    return Transition(name, frozenset(sources), target, label_zh=label, **kw)  # type: ignore[arg-type]


CAMPAIGN_SPEC = WorkflowSpec(
    code="campaign",
    label_zh="换届工作",
    states={"draft": "草稿", "published": "已发布"},
    initial="draft",
    transitions=(
        _t("publish", {"draft"}, "published", "发布", level="city", capability=PlanningCap.CAMPAIGN),
    ),
    chain=("city",),
    locked_states=frozenset({"published"}),
    unlocked_state="draft",
    edit_capability=PlanningCap.CAMPAIGN,
)

ASSESSMENT_SPEC = WorkflowSpec(
    code="assessment",
    label_zh="研判",
    states={"draft": "草稿", "submitted": "已上报", "returned": "已退回", "approved": "已审核通过"},
    initial="draft",
    transitions=(
        _t(
            "submit",
            {"draft", "returned"},
            "submitted",
            "上报县级",
            level="town",
            capability=PlanningCap.EDIT,
        ),
        _t(
            "return",
            {"submitted"},
            "returned",
            "退回",
            level="county",
            capability=PlanningCap.REVIEW,
            requires_reason=True,
        ),
        _t("approve", {"submitted"}, "approved", "审核通过", level="county", capability=PlanningCap.REVIEW),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"submitted", "approved"}),
    unlocked_state="returned",
    edit_capability=PlanningCap.EDIT,
    due_days={"draft": 20, "submitted": 7, "returned": 5},
)
