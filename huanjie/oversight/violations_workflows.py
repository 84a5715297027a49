"""The violation case's transition table (pure data read by core.workflow; issue 14 req. 5).

``VIOLATION_SPEC`` (违纪违规案件): a case is registered (立案登记) with its investigation deadline,
investigated (调查核实), then either decided (作出处理决定: the competent body's conclusion 查实, its
document number and date — the services carry out the consequences in the same transaction) or
closed (不属实或不予认定, with a reason). Town and county operators act (``oversight.edit`` over the
case's village); a decided or closed case is locked and is not unlocked: what was carried out
(a voided election, a finding in screening) is undone only by a new decision of the competent body.
"""

from __future__ import annotations

from huanjie.oversight.capabilities import OversightCap
from huanjie.rules.workflow import Transition, WorkflowSpec

_EDIT = OversightCap.EDIT
OPEN_STATES = ("registered", "investigating")

VIOLATION_SPEC = WorkflowSpec(
    code="violation_case",
    label_zh="违纪违规案件",
    states={
        "registered": "已登记",
        "investigating": "调查中",
        "decided": "已作出处理决定",
        "closed": "已了结",
    },
    initial="registered",
    transitions=(
        Transition(
            "investigate", frozenset({"registered"}), "investigating", label_zh="开始调查", capability=_EDIT
        ),
        Transition(
            "decide", frozenset({"investigating"}), "decided", label_zh="作出处理决定", capability=_EDIT
        ),
        Transition(
            "close",
            frozenset({"registered", "investigating"}),
            "closed",
            label_zh="了结（不属实或不予认定）",
            capability=_EDIT,
            requires_reason=True,
        ),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"decided", "closed"}),
    edit_capability=_EDIT,
)
