"""The per-village structure summary (issue 15 reqs. 1, 8): one row per campaign, village or
community and basis (before / after / plan) holding whole-number counts that add up (persons once,
sums of ages, band and education counts, sources). A town's, county's or city's figures are SQL sums
of these rows, so the figures of a province of 20,000 villages are one aggregate query, and every
share or average is exact (a Fraction of two sums).

Rows are rewritten when what they count changes (huanjie.stats.structure_services: a tenure or a
person saved, a plan's projection rewritten): marked ``stale`` inside the writing transaction and
recomputed on commit; a reader recomputes any stale row of its scope before summing, so a certified
result never leaves the figures behind."""

from __future__ import annotations

from django.db import models

from huanjie.core.scoping import ScopedManager

BASES = (("before", "换届前（上届）"), ("after", "换届后（新一届）"), ("plan", "人事安排方案"))
SOURCE_CODES = (
    "incumbent",
    "reserve",
    "household_head",
    "graduate",
    "veteran",
    "recruited",
    "sent_down",
    "other",
    "unknown",
)
"""The columns ``src_<code>``: people.choices.Source codes and ``unknown`` (来源未登记)."""
BAND_COLUMNS = tuple(f"band_{i}" for i in range(5))
"""huanjie.rules.structure.AGE_BANDS in order."""
EDU_COLUMNS = tuple(f"edu_{i}" for i in range(5))
"""huanjie.rules.structure.EDUCATION_LEVELS in order (highest first)."""
COUNT_COLUMNS = (
    "units",
    "villages",
    "communities",
    "villages_one_shoulder",
    "communities_one_shoulder",
    "members",
    "party_committee",
    "villager_committee",
    "age_sum",
    *BAND_COLUMNS,
    *EDU_COLUMNS,
    "college",
    "new_members",
    "new_college",
    "reelected",
    "field_fit",
    "women",
    "party_members",
    "cross_serving",
    "party_without_woman",
    "villagers_without_woman",
    "residents_without_woman",
    *(f"src_{c}" for c in SOURCE_CODES),
    "baseline_members",
    "baseline_age_sum",
)


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class StructureSummary(models.Model):
    """One village's (or community's) structure counts for a campaign on one basis."""

    campaign = models.ForeignKey("planning.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name="村（社区）"
    )
    basis = models.CharField("口径", max_length=8, choices=BASES)
    city_path = models.CharField("市级编码", max_length=4)
    county_path = models.CharField("县级编码", max_length=6)
    town_path = models.CharField("乡镇编码", max_length=9)
    path = models.CharField("单位编码", max_length=12)
    stale = models.BooleanField("待重算", default=False)
    on = models.DateField("年龄计算日期", null=True, blank=True)
    baseline_on = models.DateField("基准年龄计算日期", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    units = _count("单位数")
    villages = _count("有成员的村数")
    communities = _count("有成员的社区数")
    villages_one_shoulder = _count("村“一肩挑”数")
    communities_one_shoulder = _count("社区“一肩挑”数")
    members = _count("成员数")
    party_committee = _count("党组织成员数")
    villager_committee = _count("村（居）委会成员数")
    age_sum = _count("年龄合计")
    band_0 = _count("35岁及以下")
    band_1 = _count("36-45岁")
    band_2 = _count("46-55岁")
    band_3 = _count("56-60岁")
    band_4 = _count("60岁以上")
    edu_0 = _count("研究生")
    edu_1 = _count("大学本科")
    edu_2 = _count("大专")
    edu_3 = _count("中专或高中")
    edu_4 = _count("初中及以下")
    college = _count("大专及以上")
    new_members = _count("新进成员")
    new_college = _count("新进成员大专及以上")
    reelected = _count("连任成员")
    field_fit = _count("专业对口")
    women = _count("女性")
    party_members = _count("中共党员")
    cross_serving = _count("交叉任职")
    party_without_woman = _count("无女性的党组织")
    villagers_without_woman = _count("无女性的村民委员会")
    residents_without_woman = _count("无女性的居民委员会")
    src_incumbent = _count("来源：现任村干部")
    src_reserve = _count("来源：后备干部")
    src_household_head = _count("来源：党员致富带头人")
    src_graduate = _count("来源：返乡大学生")
    src_veteran = _count("来源：退役军人")
    src_recruited = _count("来源：外出务工经商返乡人员")
    src_sent_down = _count("来源：机关选派干部")
    src_other = _count("来源：其他")
    src_unknown = _count("来源：未登记")
    baseline_members = _count("配对上届成员数")
    baseline_age_sum = _count("配对上届年龄合计")

    objects = ScopedManager()
    scope_path_field = "path"
    scope_domain = "org"

    class Meta:
        verbose_name = "班子结构汇总"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "basis"], name="stats_structure_once")
        ]
        indexes = [
            models.Index(fields=["campaign", "basis", "county_path"], name="stats_struct_county"),
            models.Index(fields=["campaign", "basis", "town_path"], name="stats_struct_town"),
            models.Index(fields=["campaign", "basis", "path"], name="stats_struct_path"),
            models.Index(fields=["stale"], name="stats_struct_stale", condition=models.Q(stale=True)),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}·{self.basis}"

    @property
    def audit_org_path(self) -> str:
        return self.path


class StructureBuild(models.Model):
    """When a campaign's summary rows were built and from which definitions (``fingerprint``: the
    window and the structure targets' parameters); a reader rebuilds when they changed."""

    campaign = models.OneToOneField("planning.Campaign", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField("口径指纹", max_length=64)
    built_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "班子结构汇总生成记录"

    def __str__(self) -> str:
        return f"{self.campaign_id}"
