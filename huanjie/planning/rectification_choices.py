"""Choices of rectification (一村一策), postponements, economic audits and reserve cadres."""

from django.db import models


class Track(models.TextChoices):
    """The four tracks of a weak village's rectification (动态清零)."""

    PETITION = "petition", "信访清仓"
    BULLY = "bully", "村霸清障"
    CORRUPTION = "corruption", "贪腐清源"
    DISPUTE = "dispute", "矛盾清零"


class PostponedBody(models.TextChoices):
    """Whose election is postponed: the 村（居）民委员会 (provincial measure) or the Party organization
    (Party regulation)."""

    COMMITTEE = "committee", "村（居）民委员会"
    PARTY = "party", "村（社区）党组织"


class AuditOrganiser(models.TextChoices):
    """Who organises the 任期和离任经济责任审计 (村民委员会组织法(2018) 第三十五条 / (2025) 第四十条)."""

    COUNTY_AGRI = "county_agri", "县级人民政府农业农村（农业）部门"
    COUNTY_FINANCE = "county_finance", "县级人民政府财政部门"
    TOWNSHIP = "township", "乡、民族乡、镇的人民政府"


class AuditItemChoice(models.TextChoices):
    """The statutory items (short labels; the full text of the law in force is shown beside them)."""

    FINANCE = "finance", "（一）本村财务收支情况"
    DEBTS = "debts", "（二）本村债权债务情况"
    GRANTS = "grants", "（三）政府拨付和接受社会捐赠的资金、物资管理使用情况"
    PROJECTS = "projects", "（四）建设项目发包管理、公益事业建设项目招标投标情况"
    FUNDS = "funds", "（五）本村资金管理使用（及集体资产、资源、征地补偿费）情况"
    REQUESTED = "requested", "（六）本村五分之一以上的村民要求审计的其他事项"


class ReserveSource(models.TextChoices):
    """Where a reserve cadre comes from (the speech's 重点群体)."""

    ENTREPRENEUR = "entrepreneur", "致富能手"
    GRADUATE = "graduate", "返乡大学生"
    VETERAN = "veteran", "退役军人"
    MIGRANT = "migrant", "外出务工经商返乡人员"
    PARTY_HOUSEHOLD = "party_household", "党员中心户"
    STAFF = "staff", "村（社区）工作人员"
    OTHER = "other", "其他"
