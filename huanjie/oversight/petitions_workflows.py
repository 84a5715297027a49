"""The petition's transition table (pure data read by core.workflow).

``PETITION_SPEC`` (信访事项办理): a registered petition is accepted (受理) or declined (不予受理, with a
reason) by a handler (``oversight.petition_handle``) of the town or the county, then handled and
concluded (办结) with its result and reply. The legal clock of each step is not fixed here: it is
the campaign's setting (``PetitionSettings``, 《信访工作条例》) and the services write it as the
record's ``state_due``. A concluded or declined petition is locked; the county may unlock it.
"""

from __future__ import annotations

from huanjie.oversight.capabilities import OversightCap
from huanjie.rules.workflow import Transition, WorkflowSpec

_HANDLE = OversightCap.PETITION_HANDLE

PETITION_SPEC = WorkflowSpec(
    code="petition",
    label_zh="信访件",
    states={"registered": "待受理", "accepted": "办理中", "declined": "不予受理", "concluded": "已办结"},
    initial="registered",
    transitions=(
        Transition("accept", frozenset({"registered"}), "accepted", label_zh="受理", capability=_HANDLE),
        Transition(
            "decline",
            frozenset({"registered"}),
            "declined",
            label_zh="不予受理",
            capability=_HANDLE,
            requires_reason=True,
        ),
        Transition("conclude", frozenset({"accepted"}), "concluded", label_zh="办结", capability=_HANDLE),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"declined", "concluded"}),
    unlocked_state="accepted",
    edit_capability=_HANDLE,
)
