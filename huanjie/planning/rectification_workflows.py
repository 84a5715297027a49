"""The rectification's transition table (pure data read by core.workflow).

``RECTIFICATION_SPEC`` (一村一策, 县镇共管): the town works the tasks and asks the county to sign the
village off (验收销号); the county approver or operator returns it with a reason or signs it off.
Submitted and cleared rectifications are locked; only a cleared one opens the election gate.
"""

from __future__ import annotations

from huanjie.planning.capabilities import PlanningCap
from huanjie.rules.workflow import Transition, WorkflowSpec


def _t(name: str, sources: set[str], target: str, label: str, **kw: object) -> Transition:
    return Transition(name, frozenset(sources), target, label_zh=label, **kw)  # type: ignore[arg-type]


RECTIFICATION_SPEC = WorkflowSpec(
    code="rectification",
    label_zh="整顿（一村一策）",
    states={"draft": "整顿中", "submitted": "待县级验收", "returned": "已退回", "cleared": "已验收销号"},
    initial="draft",
    transitions=(
        _t(
            "submit",
            {"draft", "returned"},
            "submitted",
            "申请验收销号",
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
        _t("clear", {"submitted"}, "cleared", "验收销号", level="county", capability=PlanningCap.REVIEW),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"submitted", "cleared"}),
    unlocked_state="returned",
    edit_capability=PlanningCap.EDIT,
    due_days={"submitted": 7, "returned": 10},
)
