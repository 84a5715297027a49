from django.db import models

from huanjie.rules import registry


class Level(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县（区）"
    TOWN = "town", "乡镇（街道）"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"


LEAF_LEVELS = tuple(Level(v) for v in registry.LEAF_LEVELS)
# Length of the code-prefix path at each level (统计用区划代码: 2+2+2 / 3 / 3).
PATH_LENGTH = {Level.CITY: 4, Level.COUNTY: 6, Level.TOWN: 9, Level.VILLAGE: 12, Level.COMMUNITY: 12}
# Which level hangs under which: huanjie.rules.registry.PARENT_LEVEL (org.adapters.parent_level).
