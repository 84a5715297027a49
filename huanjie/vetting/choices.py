"""Choices of the vetting app."""

from django.db import models


class Side(models.TextChoices):
    """Which committee a candidate stands for: the Party organization (预备人选 by 两推一选), the
    村（居）民委员会 (candidates by lawful nomination) or the 村（居）务监督委员会."""

    PARTY = "party", "党组织"
    COMMITTEE = "committee", "村（居）民委员会"
    SUPERVISION = "supervision", "村（居）务监督委员会"


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    PARTY_MEMBER = "party_member", "党组织委员"
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"
    SUPERVISION_CHAIR = "supervision_chair", "监督委员会主任"
    SUPERVISION_MEMBER = "supervision_member", "监督委员会委员"


POSTS_OF_SIDE: dict[str, tuple[str, ...]] = {
    Side.PARTY: (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.PARTY_MEMBER),
    Side.COMMITTEE: (Post.CHAIR, Post.VICE_CHAIR, Post.MEMBER),
    Side.SUPERVISION: (Post.SUPERVISION_CHAIR, Post.SUPERVISION_MEMBER),
}


class Source(models.TextChoices):
    """Where a candidate comes from (issue 11 req. 1)."""

    SITTING = "sitting", "现任"
    RESERVE = "reserve", "后备干部"
    PARTY_HOUSEHOLD = "party_household", "党员中心户"
    GRADUATE = "graduate", "返乡大学生"
    VETERAN = "veteran", "退役军人"
    SECONDED = "seconded", "机关下派"
    RECRUITED = "recruited", "外部招引"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    """How a candidate was put forward: 两推一选 for the Party organization; for the 村（居）民委员会
    nomination by voters (individually or jointly), by the village Party organization (2025 texts) or
    自荐 (elections without candidates, where the profile has them)."""

    TWO_RECOMMENDATIONS = "two_recommendations", "两推一选"
    VOTERS = "voters", "选民提名"
    VOTERS_JOINT = "voters_joint", "选民联名提名"
    PARTY_ORG = "party_org", "村（社区）党组织提名"
    SELF = "self", "自荐"


class Qualification(models.TextChoices):
    """The 村民选举委员会's decision on a 村委会 candidate's qualification (its decision, not the
    county's: the joint review is an opinion to it)."""

    PENDING = "pending", "待选举委员会确认"
    QUALIFIED = "qualified", "选举委员会确认符合条件"
    NOT_QUALIFIED = "not_qualified", "选举委员会确认不符合条件"


class FindingSource(models.TextChoices):
    PRECHECK = "precheck", "镇级初审"
    JOINT_REVIEW = "joint_review", "县级联审"
    INSPECTION = "inspection", "考察"
    PETITION = "petition", "信访"
    OTHER = "other", "其他"


class FindingStatus(models.TextChoices):
    """A finding's standing: only a substantiated (查实) finding can block a party 预备人选."""

    UNVERIFIED = "unverified", "待核实"
    SUBSTANTIATED = "substantiated", "已查实"
    UNFOUNDED = "unfounded", "经核实不属实"


class ScreeningEffect(models.TextChoices):
    """A candidate's screening effect for its committee (huanjie.rules.screening's effects)."""

    PASS = "pass", "通过"
    WARN = "warn", "有提示"
    BLOCK = "block", "不能通过"
    DECIDE = "decide", "提请选举委员会决定"
