"""Transition table of a candidate's entry in the county joint review (县级联审, issue 11 req. 5).

The county (``vetting.review``) sends a batch of candidates whose town pre-check is complete; every
department the campaign names (``planning.ReviewDepartment.department``, narrowed per entry by
``ReviewEntry.signoff_parties``) answers in parallel, each for its own department
(``vetting.answer``, at the county). When all have answered the system moves the entry to 各部门无异常
or 有部门反映问题; the county then rules: 同意, 不同意 (with a reason) or 待核实 (with what is to be
verified), and rules again after verification. For a 村委会 candidate the ruling is an opinion to the
村民选举委员会, which decides qualification (《村民委员会组织法》第十五条 [V]); for a party 预备人选
it is the county's view to the 乡镇党委 (《中国共产党农村基层组织工作条例》第二十二条 [S]).
"""

from __future__ import annotations

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.rules.workflow import SignOffSpec, Transition, WorkflowSpec
from huanjie.vetting.capabilities import VettingCap

_RULED_FROM = frozenset({"clear", "adverse", "verifying"})

REVIEW_ENTRY_SPEC = WorkflowSpec(
    code="review_entry",
    label_zh="联审人选",
    states={
        "reviewing": "联审中",
        "clear": "各部门无异常",
        "adverse": "有部门反映问题",
        "agreed": "县级同意",
        "disagreed": "县级不同意",
        "verifying": "待核实",
    },
    initial="reviewing",
    transitions=(
        Transition("pass", frozenset({"reviewing"}), "clear", label_zh="各部门无异常", by="system"),
        Transition("flag", frozenset({"reviewing"}), "adverse", label_zh="有部门反映问题", by="system"),
        Transition(
            "agree", _RULED_FROM, "agreed", label_zh="同意", level="county", capability=VettingCap.REVIEW
        ),
        Transition(
            "disagree",
            _RULED_FROM,
            "disagreed",
            label_zh="不同意",
            level="county",
            capability=VettingCap.REVIEW,
            requires_reason=True,
        ),
        Transition(
            "verify",
            frozenset({"clear", "adverse"}),
            "verifying",
            label_zh="待核实",
            level="county",
            capability=VettingCap.REVIEW,
            requires_reason=True,
        ),
    ),
    chain=("county",),
    signoff=SignOffSpec(
        state="reviewing",
        parties=tuple(code for code, _ in VETTING_DEPARTMENTS),
        party_labels=dict(VETTING_DEPARTMENTS),
        on_clear="pass",
        on_adverse="flag",
        capability=VettingCap.ANSWER,
        level="county",
    ),
)

RULING_TRANSITIONS = {"agree": "agreed", "disagree": "disagreed", "verify": "verifying"}
