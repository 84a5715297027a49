"""Capabilities of the vetting app (人选: nomination, screening, joint review, inspection, talks,
pledges). Confidential parts (screening findings, joint-review answers, inspections, talks) need
``vetting.confidential``, which village operators and vetting departments never hold: a department
reads only its own queue (``vetting.answer``)."""

from enum import StrEnum


class VettingCap(StrEnum):
    VIEW = "vetting.view"
    """See the candidates (names, posts, nomination channel, list state) within the jurisdiction."""
    EDIT = "vetting.edit"
    """Register nominations and recommendations, record withdrawals (the town; a village operator for
    its own village, acting for the branch or the 选举委员会)."""
    CONFIDENTIAL = "vetting.confidential"
    """Read screening results, findings, inspections and talks (只做不说): town, county and city
    operators, county approvers, leaders."""
    APPROVE = "vetting.approve"
    """Decide a branch's 请示 on party 预备人选 (the 乡镇党委's 批复: the town operator acts for it)."""
    QUALIFY = "vetting.qualify"
    """Record the 村民选举委员会's qualification decision on a 村委会 candidate (village or town)."""
    REVIEW = "vetting.review"
    """Send candidates to the county joint review and rule on findings (the county)."""
    ANSWER = "vetting.answer"
    """Answer the joint-review queue of one's own department (联审部门)."""
