"""The reporting tables the vetting app prints through layouts as data (huanjie.core.layouts): the
value keys each table's provider supplies (export_selectors) with their Chinese labels. No model
imports: the AppConfig declares these."""

from huanjie.core.layouts import LayoutKind

CANDIDATE_KEYS: dict[str, str] = {
    "town": "乡镇（街道）",
    "unit": "村（社区）",
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_month": "出生年月",
    "age": "年龄",
    "political_status": "政治面貌",
    "education": "学历",
    "side": "班子",
    "post": "职务",
    "source": "来源",
    "channel": "产生方式",
    "votes_members": "党员推荐票",
    "votes_public": "群众推荐票",
    "nomination_votes": "提名票数",
    "status": "状态",
}

CANDIDATES_KIND = LayoutKind(
    code="vetting_candidates",
    label="人选情况表",
    keys=CANDIDATE_KEYS,
    default=("huanjie.vetting", "layouts/candidates.json"),
    numeric=frozenset({"age", "votes_members", "votes_public", "nomination_votes"}),
)
