"""Transition tables of the results area (issue 13 reqs. 1, 4).

``SHEET_SPEC``: a tally sheet (计票单) of one ballot box. Entered at the venue by one person, verified
by a second one (the service refuses the person who entered or last changed it); a verified sheet is
reopened with a reason only while its round is not certified.

``ROUND_SPEC``: the result of one round. Certified (“已确认”, the official lock) once every sheet is
verified and the announced result is recorded; only the town (乡镇、街道) unlocks it, with a reason, to
correct a transcription against the signed tally sheet — 村民委员会组织法 (2018) 第十五条 / (2025) 第十八条
“选举结果应当当场公布”: what was announced stays the legal fact; a correction is re-certified under a
new receipt code and the old one shows 已更正.
"""

from __future__ import annotations

from huanjie.elections.capabilities import ElectionsCap
from huanjie.rules.workflow import Transition, WorkflowSpec

SHEET_SPEC = WorkflowSpec(
    code="result_sheet",
    label_zh="计票单",
    states={"entered": "已录入待核对", "verified": "已核对"},
    initial="entered",
    transitions=(
        Transition(
            "verify",
            frozenset({"entered"}),
            "verified",
            label_zh="核对无误",
            capability=ElectionsCap.EDIT,
        ),
        Transition(
            "reopen",
            frozenset({"verified"}),
            "entered",
            label_zh="退回更正",
            capability=ElectionsCap.EDIT,
            requires_reason=True,
        ),
    ),
    chain=("village", "town"),
    edit_capability=ElectionsCap.EDIT,
)

ROUND_SPEC = WorkflowSpec(
    code="result_round",
    label_zh="选举结果",
    states={"open": "录入中", "certified": "已确认（正式）", "correcting": "更正中"},
    initial="open",
    transitions=(
        Transition(
            "certify",
            frozenset({"open", "correcting"}),
            "certified",
            label_zh="确认为正式结果",
            capability=ElectionsCap.EDIT,
        ),
        # Named ``unlock``: an exception, never a to-do (core.workflow.awaiting leaves unlocks out).
        Transition(
            "unlock",
            frozenset({"certified"}),
            "correcting",
            label_zh="解锁更正",
            level="town",
            capability=ElectionsCap.EDIT,
            requires_reason=True,
        ),
    ),
    chain=("village", "town"),
    locked_states=frozenset({"certified"}),
    unlocked_state="correcting",
    edit_capability=ElectionsCap.EDIT,
)
