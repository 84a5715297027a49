"""Choices of the procedure area (scheduling and steps; civil affairs' acts)."""

from django.db import models


class ActKind(models.TextChoices):
    """What the government records about an election (民政: 备案, 批准, 决定, 指导意见)."""

    FILING = "filing", "备案"
    APPROVAL = "approval", "批准"
    DECISION = "decision", "决定"
    GUIDANCE = "guidance", "指导意见"
