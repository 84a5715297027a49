"""The risk's transition table (pure data read by core.workflow).

``RISK_SPEC`` (风险研判与应急预案): the town (or the county for its own matters) surveys a key village,
group or matter, writes its measures and contingency plan (预案) and submits it; the county reviews
it (``oversight.review``) and approves the plan or returns it with a reason. Submitted and approved
risks are locked. A high-risk village's election cannot be scheduled until its plan is approved
(``risks_selectors.scheduling_gates``).
"""

from __future__ import annotations

from huanjie.oversight.capabilities import OversightCap
from huanjie.rules.workflow import Transition, WorkflowSpec

RISK_SPEC = WorkflowSpec(
    code="risk",
    label_zh="风险研判",
    states={"draft": "研判中", "submitted": "待县级审核", "returned": "已退回", "approved": "预案已批准"},
    initial="draft",
    transitions=(
        Transition(
            "submit",
            frozenset({"draft", "returned"}),
            "submitted",
            label_zh="报县级审核",
            capability=OversightCap.EDIT,
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "returned",
            label_zh="退回",
            level="county",
            capability=OversightCap.REVIEW,
            requires_reason=True,
        ),
        Transition(
            "approve",
            frozenset({"submitted"}),
            "approved",
            label_zh="批准预案",
            level="county",
            capability=OversightCap.REVIEW,
        ),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"submitted", "approved"}),
    unlocked_state="returned",
    edit_capability=OversightCap.EDIT,
    due_days={"submitted": 7},
)
