"""The personnel plan's (人事安排初步方案, issue 10 req. 7) transition table and choices.

``PLAN_SPEC`` (县镇共管): the town prepares and submits to the county; the county approver or operator
returns it with a reason or approves it; submitted and approved plans are locked (the level above
unlocks with a reason: core.workflow.unlock).
"""

from __future__ import annotations

from django.db import models

from huanjie.planning.capabilities import PlanningCap
from huanjie.rules.workflow import Transition, WorkflowSpec


class SeatSide(models.TextChoices):
    PARTY = "party", "党组织"
    COMMITTEE = "committee", "村（居）民委员会"


class SeatPost(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    PARTY_MEMBER = "party_member", "委员"
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"


POSTS_OF_SIDE: dict[str, tuple[str, ...]] = {
    SeatSide.PARTY: (SeatPost.SECRETARY, SeatPost.DEPUTY_SECRETARY, SeatPost.PARTY_MEMBER),
    SeatSide.COMMITTEE: (SeatPost.CHAIR, SeatPost.VICE_CHAIR, SeatPost.MEMBER),
}


class Decision(models.TextChoices):
    """进/退/留/转: a new person enters, a sitting member leaves, stays in the post, or changes post."""

    ENTER = "enter", "进"
    LEAVE = "leave", "退"
    STAY = "stay", "留"
    TRANSFER = "transfer", "转"


PLAN_SPEC = WorkflowSpec(
    code="personnel_plan",
    label_zh="人事安排初步方案",
    states={"draft": "草稿", "submitted": "已上报", "returned": "已退回", "approved": "已审核通过"},
    initial="draft",
    transitions=(
        Transition(
            "submit",
            frozenset({"draft", "returned"}),
            "submitted",
            label_zh="上报县级",
            level="town",
            capability=PlanningCap.EDIT,
        ),
        Transition(
            "return",
            frozenset({"submitted"}),
            "returned",
            label_zh="退回",
            level="county",
            capability=PlanningCap.REVIEW,
            requires_reason=True,
        ),
        Transition(
            "approve",
            frozenset({"submitted"}),
            "approved",
            label_zh="审核通过",
            level="county",
            capability=PlanningCap.REVIEW,
        ),
    ),
    chain=("town", "county"),
    locked_states=frozenset({"submitted", "approved"}),
    unlocked_state="returned",
    edit_capability=PlanningCap.EDIT,
    due_days={"draft": 20, "submitted": 7, "returned": 5},
)
