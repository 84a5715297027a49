"""Choices and campaign defaults of the incident reports (重大事件、重要信息报送, issue 14 req. 3).

The speech asks the campaign's bodies to set up a reporting system for major events and important
information (市委换届工作动员部署会议讲话：“换届工作机构之间建立重大事件、重要信息报送制度”,
shared/reference/seed-speech.txt). No law fixes the hours: each city sets, per severity, the hours each
level has to acknowledge a report (a campaign setting, ``IncidentSeverity``); these defaults apply
until it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class SeverityDefault:
    code: str
    label: str
    ack_hours: int
    rank: int


# Each level (county, then city) acknowledges within ``ack_hours`` of the report reaching it.
DEFAULT_SEVERITIES: tuple[SeverityDefault, ...] = (
    SeverityDefault("extreme", "特别重大", 1, 1),
    SeverityDefault("major", "重大", 2, 2),
    SeverityDefault("serious", "较大", 4, 3),
    SeverityDefault("general", "一般", 24, 4),
)


class IncidentCategory(models.TextChoices):
    MASS = "mass", "群体性事件"
    OBSTRUCTION = "obstruction", "冲击会场、破坏选举"
    BRIBERY = "bribery", "贿选拉票"
    INTERFERENCE = "interference", "宗族、黑恶势力干预"
    SAFETY = "safety", "安全事故、疫情"
    OPINION = "opinion", "网络舆情"
    OTHER = "other", "其他"


class UpdateKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "续报"
    FINAL = "final", "终报"
