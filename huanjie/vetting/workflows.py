"""Transition tables of the vetting app.

``PARTY_REQUEST_SPEC``: a Party branch's 请示 on its 预备人选 (两推一选, issue 11 reqs. 1, 8). The branch's
request is entered by the village or the town (``vetting.edit``) and submitted to the 乡镇党委, whose
批复 the town records (``vetting.approve``): it approves (the 预备人选 are then locked) or returns it
with a reason. 《中国共产党农村基层组织工作条例》第二十二条 and the 两推一选 practice the city's
document describes [S]: “党组织推荐和党员、群众推荐 … 报乡镇党委审查同意后确定预备人选”.
"""

from __future__ import annotations

from huanjie.rules.workflow import Transition, WorkflowSpec
from huanjie.vetting.capabilities import VettingCap

PARTY_REQUEST_SPEC = WorkflowSpec(
    code="party_request",
    label_zh="预备人选请示",
    states={"draft": "草稿", "submitted": "已报乡镇党委", "returned": "已退回", "approved": "已批复同意"},
    initial="draft",
    transitions=(
        Transition(
            "submit",
            frozenset({"draft", "returned"}),
            "submitted",
            label_zh="报乡镇党委",
            capability=VettingCap.EDIT,
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "returned",
            label_zh="退回",
            level="town",
            capability=VettingCap.APPROVE,
            requires_reason=True,
        ),
        Transition(
            "approve",
            frozenset({"submitted"}),
            "approved",
            label_zh="批复同意",
            level="town",
            capability=VettingCap.APPROVE,
        ),
        # A change of approved 预备人选 (a withdrawal, an objection found true in the 公示): the 镇党委
        # itself unlocks its 批复 with the reason (the level above, the county, holds no vetting.edit);
        # the branch changes the list and asks again; a new 批复 follows. Named ``unlock``: an
        # exception, never a to-do (core.workflow.awaiting leaves unlocks out).
        Transition(
            "unlock",
            frozenset({"approved"}),
            "returned",
            label_zh="撤回批复（人选变动）",
            level="town",
            capability=VettingCap.APPROVE,
            requires_reason=True,
        ),
    ),
    chain=("village", "town"),
    locked_states=frozenset({"submitted", "approved"}),
    unlocked_state="returned",
    edit_capability=VettingCap.EDIT,
    due_days={"submitted": 7},
)
