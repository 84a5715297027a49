"""Choices of the party 预备人选 area: the 考察's ratings (德能勤绩廉, 五强)."""

from django.db import models


class Rating(models.TextChoices):
    """A 考察 rating of one aspect (德、能、勤、绩、廉, or one of the 五强)."""

    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


# 德能勤绩廉: the five aspects every 考察 rates (issue 11 req. 6), field name → label.
ASPECTS: tuple[tuple[str, str], ...] = (
    ("rating_de", "德"),
    ("rating_neng", "能"),
    ("rating_qin", "勤"),
    ("rating_ji", "绩"),
    ("rating_lian", "廉"),
)

# 五强 of a 村（社区）党组织书记 candidate, field name → label.
FIVE_STRENGTHS: tuple[tuple[str, str], ...] = (
    ("strength_political", "政治引领力"),
    ("strength_coverage", "组织覆盖力"),
    ("strength_cohesion", "群众凝聚力"),
    ("strength_appeal", "社会号召力"),
    ("strength_development", "发展推动力"),
)
