"""The people app's transition table (pure data read by core.workflow).

``CHANGE_SPEC`` (班子成员变动, issue 9 req. 11): a village operator proposes a change set of its own
village (待乡镇确认); an operator of the town (or of the county or city above it) confirms it — the
change set is then applied by the same service as a direct change (people.services) — or returns it
with a reason. A change made directly by the town travels the same table in one transaction.
"""

from __future__ import annotations

from huanjie.people.capabilities import PeopleCap
from huanjie.rules.workflow import Transition, WorkflowSpec

CHANGE_SPEC = WorkflowSpec(
    code="committee_change",
    label_zh="班子成员变动",
    states={"proposed": "待乡镇确认", "applied": "已确认", "returned": "已退回"},
    initial="proposed",
    transitions=(
        Transition(
            "confirm",
            frozenset({"proposed"}),
            "applied",
            label_zh="确认并生效",
            capability=PeopleCap.TENURE_CHANGE,
        ),
        Transition(
            "return",
            frozenset({"proposed"}),
            "returned",
            label_zh="退回",
            capability=PeopleCap.TENURE_CHANGE,
            requires_reason=True,
        ),
    ),
    chain=("village", "town", "county", "city"),
    locked_states=frozenset({"applied", "returned"}),
    edit_capability=PeopleCap.EDIT,
    due_days={"proposed": 7},
)
