"""Choices of the elections app."""

from django.db import models


class Body(models.TextChoices):
    """Which body an election chooses (issue 12 req. 1)."""

    PARTY = "party", "村（社区）党组织"
    COMMITTEE = "committee", "村（居）民委员会"
    SUPERVISION = "supervision", "村（居）务监督委员会"
    REPRESENTATIVES = "representatives", "村（居）民代表"
    GROUP_LEADERS = "group_leaders", "村（居）民小组长"
    OTHER = "other", "其他组织"


class Kind(models.TextChoices):
    REGULAR = "regular", "换届选举"
    BY_ELECTION = "by_election", "补选"
    RE_ELECTION = "re_election", "重新选举"
    BOUNDARY = "boundary", "区划调整后选举"
