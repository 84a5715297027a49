"""Transition table of the handover (工作移交, issue 13 req. 7).

The outgoing committee hands over to the new one within ten days of its election; the village
records each item (印章、档案、账目、资产、债权债务) and submits the list; the town, which supervises
the handover (村民委员会组织法 (2018) 第二十条 / (2025) 第二十四条 “由乡、民族乡、镇的人民政府监督”),
signs it off or returns it with a reason.
"""

from __future__ import annotations

from huanjie.elections.capabilities import ElectionsCap
from huanjie.rules.workflow import Transition, WorkflowSpec

HANDOVER_SPEC = WorkflowSpec(
    code="result_handover",
    label_zh="工作移交",
    states={"open": "移交中", "submitted": "待乡镇（街道）确认", "signed_off": "乡镇（街道）已确认"},
    initial="open",
    transitions=(
        Transition(
            "submit",
            frozenset({"open"}),
            "submitted",
            label_zh="提交乡镇（街道）确认",
            capability=ElectionsCap.EDIT,
        ),
        Transition(
            "sign_off",
            frozenset({"submitted"}),
            "signed_off",
            label_zh="确认移交完成",
            level="town",
            capability=ElectionsCap.EDIT,
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "open",
            label_zh="退回补充",
            level="town",
            capability=ElectionsCap.EDIT,
            requires_reason=True,
        ),
    ),
    chain=("village", "town"),
    locked_states=frozenset({"signed_off"}),
    edit_capability=ElectionsCap.EDIT,
)
