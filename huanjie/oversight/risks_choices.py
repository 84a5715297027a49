"""Choices of the risk register (风险研判, issue 14 req. 2)."""

from django.db import models


class RiskKind(models.TextChoices):
    VILLAGE = "village", "重点村（社区）"
    GROUP = "group", "重点群体"
    MATTER = "matter", "重点事项"


class RiskLevel(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"
