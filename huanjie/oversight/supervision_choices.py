"""Choices and campaign defaults of the supervision groups (巡回督导组, 双联直挂; issue 14 req. 4).

The speech: “市级从领导小组成员单位抽调精干力量，成立巡回督导组，开展督查指导；县镇实行‘双联直挂’”
(市委换届工作动员部署会议讲话, shared/reference/seed-speech.txt). What a visit checks is the
campaign's checklist (``SupervisionCheckItem``); these defaults apply until the city sets its own.
"""

from __future__ import annotations

from django.db import models


class GroupKind(models.TextChoices):
    ROVING = "roving", "巡回督导组"
    DIRECT = "direct", "双联直挂"


class FindingCategory(models.TextChoices):
    PROCEDURE = "procedure", "选举程序"
    QUALIFICATION = "qualification", "人选资格把关"
    DISCIPLINE = "discipline", "换届纪律"
    BRIBERY = "bribery", "贿选拉票"
    RISK = "risk", "风险排查与预案"
    PUBLICITY = "publicity", "宣传发动"
    ORGANIZATION = "organization", "组织领导与责任落实"
    OTHER = "other", "其他"


class FindingSeverity(models.TextChoices):
    GENERAL = "general", "一般"
    SERIOUS = "serious", "较重"
    GRAVE = "grave", "严重"


class CheckResult(models.TextChoices):
    OK = "ok", "符合要求"
    PROBLEM = "problem", "存在问题"
    NOT_CHECKED = "not_checked", "未检查"


class FileStage(models.TextChoices):
    FINDING = "finding", "问题佐证"
    RECTIFICATION = "rectification", "整改佐证"


DEFAULT_CHECKLIST: tuple[str, ...] = (
    "换届工作方案制定及责任落实",
    "村（社区）“两委”班子研判",
    "“十不选”人选资格审查",
    "换届纪律宣传及承诺书签订",
    "信访问题排查化解",
    "风险研判及应急预案",
    "选民登记及公告",
    "选举程序合法合规",
)
