from django.db import models


class Level(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县（区）"
    TOWN = "town", "乡镇（街道）"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"


LEAF_LEVELS = (Level.VILLAGE, Level.COMMUNITY)
# Length of the code-prefix path at each level (统计用区划代码: 2+2+2 / 3 / 3).
PATH_LENGTH = {Level.CITY: 4, Level.COUNTY: 6, Level.TOWN: 9, Level.VILLAGE: 12, Level.COMMUNITY: 12}
PARENT_LEVEL = {
    Level.CITY: None,
    Level.COUNTY: Level.CITY,
    Level.TOWN: Level.COUNTY,
    Level.VILLAGE: Level.TOWN,
    Level.COMMUNITY: Level.TOWN,
}
