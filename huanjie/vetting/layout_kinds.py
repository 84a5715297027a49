"""The reporting tables the vetting app prints through layouts as data (huanjie.core.layouts): the
value keys each table's provider supplies (export_selectors) with their Chinese labels. No model
imports: the AppConfig declares these."""

from huanjie.accounts.roles import VETTING_DEPARTMENTS
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

REVIEW_KEYS: dict[str, str] = {
    "town": "乡镇（街道）",
    "unit": "村（社区）",
    "name": "姓名",
    "sex": "性别",
    "birth_month": "出生年月",
    "side": "班子",
    "post": "拟任（参选）职务",
    **{f"dept_{code}": label for code, label in VETTING_DEPARTMENTS},
    "findings": "反映的问题",
    "opinion": "联审结论",
    "ruling": "县级意见",
}

REVIEW_KIND = LayoutKind(
    code="vetting_review_summary",
    label="联审汇总表",
    keys=REVIEW_KEYS,
    default=("huanjie.vetting", "layouts/review_summary.json"),
)

TALK_KEYS: dict[str, str] = {
    "unit": "村（社区）",
    "person": "谈话对象",
    "kind": "对象类别",
    "basis": "列入依据",
    "level": "谈话层级",
    "due_on": "完成时限",
    "done_on": "谈话日期",
    "talker": "谈话人",
    "notes": "谈话主要内容及对象表态",
    "status": "状态",
}

TALKS_KIND = LayoutKind(
    code="vetting_talks",
    label="四必谈台账",
    keys=TALK_KEYS,
    default=("huanjie.vetting", "layouts/talks.json"),
)

PLEDGE_KEYS: dict[str, str] = {
    "unit": "单位",
    "commitment_required": "承诺书应签人数",
    "commitment_signed": "承诺书已签人数",
    "commitment_rate": "承诺书签订率",
    "discipline_required": "纪律责任书应签人数",
    "discipline_signed": "纪律责任书已签人数",
    "discipline_rate": "纪律责任书签订率",
    "guarantees": "保证书份数",
    "missing": "未签人员",
    "scans_missing": "扫描件待补份数",
}

PLEDGES_KIND = LayoutKind(
    code="vetting_pledges",
    label="承诺书签订情况",
    keys=PLEDGE_KEYS,
    default=("huanjie.vetting", "layouts/pledges.json"),
    numeric=frozenset(
        {
            "commitment_required",
            "commitment_signed",
            "discipline_required",
            "discipline_signed",
            "guarantees",
            "scans_missing",
        }
    ),
)

KINDS = (CANDIDATES_KIND, REVIEW_KIND, TALKS_KIND, PLEDGES_KIND)
