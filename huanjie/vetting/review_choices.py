"""Choices of the town pre-check (镇级初审) and the county joint review (县级联审)."""

from django.db import models


class PrecheckOffice(models.TextChoices):
    """The town's offices that answer its pre-check of each candidate (the town lists its own)."""

    POLICE_STATION = "police_station", "派出所"
    JUSTICE_OFFICE = "justice_office", "司法所"
    FINANCE_OFFICE = "finance_office", "财政所"
    PETITION_OFFICE = "petition_office", "信访办"
    GOVERNANCE_OFFICE = "governance_office", "综治办"
    DISCIPLINE = "discipline", "镇纪委"
    FAMILY_AFFAIRS = "civil_affairs", "民政办"
    AGRICULTURE = "agriculture", "农业农村办"
    MARKET = "market", "市场监管所"


class AnswerResult(models.TextChoices):
    """An office's or a department's answer about one candidate."""

    CLEAR = "clear", "无异常"
    FINDING = "finding", "有问题反映"


class FindingKind(models.TextChoices):
    """How an answer's finding is classified: an item of the campaign's negative list, or one of the
    statutory bars of the 2025 texts (the code is picked from either list)."""

    ITEM = "item", "负面清单事项"
    STATUTORY = "statutory", "法定不得情形"


# The facts a department may report against the statutory bars of the 2025 texts (《村民委员会组织法》
# 2025 修正 and 《城市居民委员会组织法》2025 修正, the bars listed in huanjie.rules.profiles, applied by
# huanjie.rules.eligibility from 2026-01-01 only): the finding codes those bars are triggered by.
STATUTORY_FINDINGS: tuple[tuple[str, str], ...] = (
    ("criminal_punishment", "因犯罪受过刑事处罚"),
    ("exempt_from_criminal_punishment", "免予刑事处罚（不构成法定情形）"),
    ("expelled_from_party", "被开除中国共产党党籍"),
    ("clan_illegal_activity", "利用宗族从事非法活动"),
    ("gang_illegal_activity", "利用黑恶势力从事非法活动"),
    ("illegal_religion_or_cult", "组织或者参加非法宗教活动或者邪教活动"),
)


class Ruling(models.TextChoices):
    """The county's ruling on a candidate's joint-review opinion."""

    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    VERIFY = "verify", "待核实"
