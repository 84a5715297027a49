"""Choices of the petitions register (信访, issue 14 req. 1)."""

from django.db import models


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上"
    PHONE = "phone", "电话"
    SUPERVISION = "supervision", "督导发现"
    OTHER = "other", "其他"


class Category(models.TextChoices):
    PROCEDURE = "procedure", "选举程序"
    ELIGIBILITY = "eligibility", "候选人资格"
    BRIBERY = "bribery", "贿选拉票"
    CLAN = "clan", "宗族或黑恶势力干预"
    FINANCE = "finance", "财务"
    OTHER = "other", "其他"


class Finding(models.TextChoices):
    """The handler's conclusion on what the petition reports: only 查实 can reach a block."""

    SUBSTANTIATED = "substantiated", "查实"
    PARTLY = "partly", "部分属实"
    UNFOUNDED = "unfounded", "不属实"
