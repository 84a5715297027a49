"""Transition table of a Party election meeting's result (issue 13 req. 5).

The village (community) Party organization records the meeting and reports the result to the
乡镇党(工)委 for approval (党的基层组织选举工作条例(2020): the results of the election of the committee,
书记 and 副书记 “报上级党组织批准” [S]); the town operator acts for the 党委: approves, or returns it
with a reason for correction and a new report.
"""

from __future__ import annotations

from huanjie.elections.capabilities import ElectionsCap
from huanjie.rules.workflow import Transition, WorkflowSpec

PARTY_MEETING_SPEC = WorkflowSpec(
    code="party_meeting",
    label_zh="党组织选举结果",
    states={
        "draft": "录入中",
        "submitted": "已报乡镇党（工）委待批",
        "approved": "已批准",
        "returned": "已退回",
    },
    initial="draft",
    transitions=(
        Transition(
            "submit",
            frozenset({"draft", "returned"}),
            "submitted",
            label_zh="报乡镇党（工）委审批",
            capability=ElectionsCap.EDIT,
        ),
        Transition(
            "approve",
            frozenset({"submitted"}),
            "approved",
            label_zh="批准",
            level="town",
            capability=ElectionsCap.EDIT,
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "returned",
            label_zh="退回",
            level="town",
            capability=ElectionsCap.EDIT,
            requires_reason=True,
        ),
    ),
    chain=("village", "town"),
    locked_states=frozenset({"submitted", "approved"}),
    edit_capability=ElectionsCap.EDIT,
)
