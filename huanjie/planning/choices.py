"""Choices of the planning app."""

from django.db import models


class Grade(models.TextChoices):
    """The sitting committees' overall grade in the 研判."""

    GOOD = "good", "好"
    FAIR_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "较差"


class VillageCategory(models.TextChoices):
    ORDINARY = "ordinary", "一般村（社区）"
    WEAK = "weak", "软弱涣散"
    COMPLEX = "complex", "情况复杂"
    KEY = "key", "重点村（社区）"


class Problem(models.TextChoices):
    """Problem categories found in the 研判."""

    LEADERSHIP = "leadership", "班子不团结、战斗力不强"
    SECRETARY = "secretary", "书记能力不足"
    STRUCTURE = "structure", "班子结构不优（年龄、学历）"
    ECONOMY = "economy", "集体经济薄弱"
    FINANCE = "finance", "财务管理不规范"
    PETITION = "petition", "信访问题突出"
    CLAN = "clan", "宗族、家族势力干扰"
    CORRUPTION = "corruption", "侵害群众利益"
    DISPUTE = "dispute", "矛盾纠纷多"


class RiskFlag(models.TextChoices):
    VOTE_BUYING = "vote_buying", "拉票贿选风险"
    CLAN = "clan", "宗族势力干预"
    PETITION = "petition", "集体访、越级访"
    BULLY = "bully", "村霸、黑恶势力"
    MERGER = "merger", "村庄合并调整"
    LAND = "land", "征地拆迁矛盾"


class MemberView(models.TextChoices):
    """The town's view of a sitting member (进退留转 decided later in the personnel plan)."""

    STAY = "stay", "留任"
    ADJUST = "adjust", "调整"
    LEAVE = "leave", "退出"


class Income(models.TextChoices):
    """A sitting member's 收入待遇, one of the speech's 四低一缺 (文化程度、年轻人比例、收入待遇、
    能力本领偏低，后备力量缺乏)."""

    LOW = "low", "偏低"
    MEDIUM = "medium", "一般"
    HIGH = "high", "较高"


class Ability(models.TextChoices):
    """A sitting member's 能力本领, one of the speech's 四低一缺."""

    LOW = "low", "偏低"
    MEDIUM = "medium", "一般"
    HIGH = "high", "较强"


class SeatBody(models.TextChoices):
    """Who decided the 村（居）民委员会's number of seats."""

    ASSEMBLY = "assembly", "村（居）民会议"
    REPRESENTATIVES = "representatives", "村（居）民代表会议"


# -- campaign settings (issue 10 req. 1) ---------------------------------------------------------


class BodyKind(models.TextChoices):
    """The bodies of the responsibility list (责任清单)."""

    LEADERSHIP_GROUP = "leadership_group", "领导小组"
    OFFICE = "office", "领导小组办公室"
    MEMBER_UNIT = "member_unit", "成员单位"
    TASK_FORCE = "task_force", "工作专班"


class ResponsibilityRole(models.TextChoices):
    """第一责任人 (the party secretary of the level) and 直接责任人."""

    FIRST = "first", "第一责任人"
    DIRECT = "direct", "直接责任人"


class NegativeTier(models.TextChoices):
    """十不选: 不能 (must not be a candidate) or 不宜 (should not)."""

    CANNOT = "cannot", "不能"
    SHOULD_NOT = "should_not", "不宜"


class GuidanceSeverity(models.TextChoices):
    WARNING = "warning", "提示（一般不）"
    BLOCK = "block", "不得（阻止）"
