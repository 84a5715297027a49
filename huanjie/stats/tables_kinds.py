"""The reporting tables the statistics app prints through layouts as data (huanjie.core.layouts,
issue 15 req. 4): the value keys each table's provider (tables_selectors) supplies, with their Chinese
labels. The vetting app's tables (人选情况表, 联审汇总表, 四必谈台账, 承诺书签订情况) are its own and are
only listed here, never duplicated. No model imports: the AppConfig declares these.

Sources of the layouts (shared/reference/official-forms.md): 换届选举情况统计表 follows the indicator
set of §1.2 [R] arranged per unit [G]; 两委成员来源统计表 the 来源 block of §1.1 I [V labels];
村（居）委会换届后班子成员情况统计表 the county table of §1.3 [V labels]; 花名册 the proposal of §1.5
[G]. None is an official template (§0): every sheet says so."""

from huanjie.core.layouts import LayoutKind

COUNT_KEYS: dict[str, str] = {
    "units": "村（社区）数",
    "villages": "村数",
    "communities": "社区数",
    "reporting": "已产生新一届班子的村（社区）数",
    "elections": "选举数",
    "elections_done": "已完成选举数",
    "one_time": "一次选举成功数",
    "supplementary": "另行选举数",
    "members": "两委成员数",
    "party_committee": "党组织成员数",
    "villager_committee": "村（居）委会成员数",
    "one_shoulder": "一肩挑村（社区）数",
    "cross_serving": "交叉任职人数",
    "women": "女性",
    "party_members": "党员",
    "under_35": "35岁及以下",
    "over_60": "60岁以上",
    "high_school_or_above": "高中（中专）及以上",
    "college_or_above": "大专及以上",
    "new_members": "新进",
    "reelected": "连任",
}
"""Counts that add up from village to town, county and city (the 合计 of every level)."""

SUMMARY_KEYS: dict[str, str] = {"unit": "单位", **COUNT_KEYS, "average_age": "平均年龄"}

SUMMARY_KIND = LayoutKind(
    code="stats_election_summary",
    label="换届选举情况统计表",
    keys=SUMMARY_KEYS,
    default=("huanjie.stats", "layouts/election_summary.json"),
    numeric=frozenset(COUNT_KEYS),
)

SOURCE_KEYS: dict[str, str] = {
    "source_incumbent": "现任村干部",
    "source_reserve": "后备干部",
    "source_household_head": "党员致富带头人",
    "source_graduate": "返乡大学生",
    "source_veteran": "退役军人",
    "source_recruited": "外出务工经商返乡人员",
    "source_sent_down": "机关选派干部",
    "source_other": "其他",
    "source_unknown": "未登记来源",
}
"""One count per people.choices.Source value (``source_<value>``) and the members without one
(``source_unknown``), as the structure figures count them (the first source among their posts)."""

SOURCES_KIND = LayoutKind(
    code="stats_sources",
    label="两委成员来源统计表",
    keys={"unit": "单位", "members": "两委成员数", **SOURCE_KEYS},
    default=("huanjie.stats", "layouts/sources.json"),
    numeric=frozenset({"members", *SOURCE_KEYS}),
)

COMMITTEE_KEYS: dict[str, str] = {
    "town": "乡镇（街道）",
    "unit": "村（社区）",
    "c_members": "成员数",
    "c_women": "女性",
    "c_average_age": "平均年龄",
    "c_college": "大专及以上",
    "c_secondary": "高中及中专",
    "c_junior": "初中及以下",
    "c_party_members": "党员",
    "c_cross_serving": "交叉任职",
    "chair_name": "主任姓名",
    "chair_sex": "主任性别",
    "chair_birth_month": "主任出生年月",
    "chair_party_join": "主任入党时间",
    "chair_education": "主任文化程度",
    "chair_start": "主任任职时间",
    "one_shoulder": "是否“一肩挑”",
}

COMMITTEE_KIND = LayoutKind(
    code="stats_committee_structure",
    label="村（居）委会换届后班子成员情况统计表",
    keys=COMMITTEE_KEYS,
    default=("huanjie.stats", "layouts/committee_structure.json"),
    numeric=frozenset(
        {"c_members", "c_women", "c_college", "c_secondary", "c_junior", "c_party_members", "c_cross_serving"}
    ),
)

ROSTER_KEYS: dict[str, str] = {
    "town": "乡镇（街道）",
    "unit": "村（社区）",
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_month": "出生年月",
    "age": "年龄",
    "political_status": "政治面貌",
    "party_join": "入党时间",
    "education": "文化程度",
    "party_post": "党组织职务",
    "committee_post": "村（居）委会职务",
    "one_shoulder": "一肩挑",
    "cross_serving": "交叉任职",
    "start_date": "任职时间",
    "term_number": "届次",
    "source": "来源",
}

ROSTER_KIND = LayoutKind(
    code="stats_roster",
    label="班子成员基本情况表（花名册）",
    keys=ROSTER_KEYS,
    default=("huanjie.stats", "layouts/roster.json"),
)

KINDS = (SUMMARY_KIND, SOURCES_KIND, COMMITTEE_KIND, ROSTER_KIND)
