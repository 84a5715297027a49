"""Transition table of a supervision finding (督导发现问题, issue 14 req. 4).

The group records the finding with a rectification deadline; the responsible town rectifies and
reports it with evidence (报送整改); the group signs it off (验收销号) or returns it with a reason,
and the town rectifies again. Only members of the finding's own group act for the group (checked by
the services: ``oversight.supervise`` reaches the groups' jurisdictions through core scoping's
membership scope, the group itself is checked on top).
"""

from __future__ import annotations

from huanjie.oversight.capabilities import OversightCap
from huanjie.rules.workflow import Transition, WorkflowSpec

OPEN, RECTIFIED, RETURNED, SIGNED_OFF = "open", "rectified", "returned", "signed_off"
RECTIFYING = (OPEN, RETURNED)

FINDING_SPEC = WorkflowSpec(
    code="supervision_finding",
    label_zh="督导发现问题",
    states={OPEN: "待整改", RECTIFIED: "已报送整改", RETURNED: "整改退回", SIGNED_OFF: "已验收销号"},
    initial=OPEN,
    transitions=(
        Transition(
            "rectify",
            frozenset(RECTIFYING),
            RECTIFIED,
            label_zh="报送整改",
            level="town",
            capability=OversightCap.EDIT,
        ),
        Transition(
            "sign_off",
            frozenset({RECTIFIED}),
            SIGNED_OFF,
            label_zh="验收销号",
            capability=OversightCap.SUPERVISE,
        ),
        Transition(
            "return",
            frozenset({RECTIFIED}),
            RETURNED,
            label_zh="退回整改",
            capability=OversightCap.SUPERVISE,
            requires_reason=True,
        ),
    ),
    chain=("town",),
)
