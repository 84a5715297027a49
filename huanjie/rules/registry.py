"""Registry rules: the org tree's levels, which committee a unit has, who may hold which post, Party
membership dates, education rank and the derived roles 一肩挑 / 交叉任职.

Each rule is written once here and used by the services (one record), the importers (a whole file)
and the selectors (what pages show). Inputs are the stored codes (``"village"``, ``"chair"``, …) as
plain strings; the Django choices (org.choices, people.choices) carry the same codes and the Chinese
labels.

Legal anchors:
- committee of a unit: 村民委员会 in a village (村民委员会组织法, whole text [M] for the article),
  居民委员会 in a community: “一般在一千户至三千户的范围内设立”, the area being a 社区
  (城市居民委员会组织法(2025) 第三条 [V]);
- one chair per committee: “村民委员会由主任、副主任和委员共三至七人组成” (村民委员会组织法(2018)
  第六条 / (2025) 第八条 [V]); “居民委员会由主任、副主任和委员共五至九人组成” (城市居民委员会组织法
  (2018) 第七条 / (2025) 第八条 [V]); one 书记 per Party organization, elected by its committee or
  its 党员大会 (党章 [S], legal-rules.md §5.1); one 监委会主任 (local practice [M]);
- 入党时间 only for Party members: 正式党员 and 预备党员 are both members (基层组织选举工作条例(2020)
  第五条 [S]);
- 一肩挑 / 交叉任职: “村民委员会主任可以由村党组织负责人通过法定程序担任。村民委员会成员和村党组织
  领导班子成员可以交叉任职。” (村民委员会组织法(2025) 第八条 [V]; 居委会: 城市居民委员会组织法(2025)
  第八条 [V]; before 2026 Party policy, 农村基层组织工作条例(2019) [S]).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

__all__ = [
    "COLLEGE_OR_ABOVE",
    "COMMITTEE_OF_LEVEL",
    "EDUCATIONS",
    "HEAD_POST",
    "LEAF_LEVELS",
    "LEVEL_DEPTH",
    "PARENT_LEVEL",
    "PARTY_MEMBER_STATUSES",
    "SIDE_OF_KIND",
    "SINGLE_HOLDER_POSTS",
    "DerivedRole",
    "Side",
    "committee_kind_error",
    "derived_roles",
    "education_at_least",
    "education_rank",
    "has_single_holder",
    "highest_education",
    "is_party_member",
    "parent_level",
    "parent_level_error",
    "party_join_date_error",
    "roles_held",
]

# -- the org tree ----------------------------------------------------------------------------------

PARENT_LEVEL: Mapping[str, str | None] = {
    "city": None,
    "county": "city",
    "town": "county",
    "village": "town",
    "community": "town",
}
"""市 > 县（区） > 乡镇（街道） > 村 / 社区."""

LEVEL_DEPTH: Mapping[str, int] = {"city": 0, "county": 1, "town": 2, "village": 3, "community": 3}
"""Depth in the tree (a parent is always one less)."""

LEAF_LEVELS = ("village", "community")


def parent_level(level: str) -> str | None:
    """The level a unit of ``level`` hangs under (``None`` for a city). Unknown level: KeyError."""
    return PARENT_LEVEL[level]


def parent_level_error(level: str, parent: str | None) -> str | None:
    """Why a unit of ``level`` cannot hang under a parent of level ``parent`` (``None``: no parent),
    or ``None`` when it fits. The reason is a code (``"city_has_parent"``, ``"parent_missing"`` or
    ``"parent_level"``): the labels of the levels, and so the sentence, are the caller's."""
    expected = PARENT_LEVEL[level]
    if expected is None:
        return "city_has_parent" if parent is not None else None
    if parent is None:
        return "parent_missing"
    return None if parent == expected else "parent_level"


# -- committees and posts --------------------------------------------------------------------------

COMMITTEE_OF_LEVEL: Mapping[str, str] = {
    "village": "villagers_committee",
    "community": "residents_committee",
}
"""The self-government committee of a leaf unit: 村民委员会 in a village, 居民委员会 in a community."""

_COMMITTEE_MISMATCH = {
    "villagers_committee": "社区应设居民委员会，而非村民委员会",
    "residents_committee": "村应设村民委员会，而非居民委员会",
}


def committee_kind_error(kind: str, level: str) -> str | None:
    """The reason (Chinese) why a committee of ``kind`` cannot sit in a leaf unit of ``level``, or
    ``None``. Only the two self-government committees are tied to a level; the Party organization and
    the supervision committee exist in both."""
    if kind in _COMMITTEE_MISMATCH and COMMITTEE_OF_LEVEL.get(level) != kind:
        return _COMMITTEE_MISMATCH[kind]
    return None


SINGLE_HOLDER_POSTS = frozenset({"secretary", "chair", "supervision_chair"})
"""Posts of which a committee has at most one sitting holder: 书记, 主任, 监委会主任."""


def has_single_holder(post: str) -> bool:
    """True when a committee admits only one sitting holder of ``post``."""
    return post in SINGLE_HOLDER_POSTS


# -- Party membership ------------------------------------------------------------------------------

PARTY_MEMBER_STATUSES = frozenset({"cpc", "cpc_probationary"})
"""中共党员 and 中共预备党员 (a probationary member is a member without the vote: 基层组织选举工作条例(2020)
第五条 [S])."""


def is_party_member(political_status: str | None) -> bool:
    return political_status in PARTY_MEMBER_STATUSES


def party_join_date_error(political_status: str | None, has_join_date: bool) -> str | None:
    """A 入党时间 is only recorded for Party members; ``None`` when the pair is consistent."""
    if has_join_date and not is_party_member(political_status):
        return "非党员不应填写入党时间"
    return None


# -- education -------------------------------------------------------------------------------------

EDUCATIONS: tuple[tuple[str, str], ...] = (
    ("postgraduate", "研究生"),
    ("bachelor", "大学本科"),
    ("junior_college", "大专"),
    ("secondary", "中专或高中"),
    ("junior_or_below", "初中及以下"),
)
"""(code, label), highest first."""

_EDUCATION_RANK = {code: i for i, (code, _) in enumerate(EDUCATIONS)}
COLLEGE_OR_ABOVE = frozenset(code for code, _ in EDUCATIONS[:3])
"""大专及以上."""


def education_rank(code: str) -> int:
    """0 for the highest level; unknown code: KeyError."""
    return _EDUCATION_RANK[code]


def education_at_least(code: str, minimum: str) -> bool:
    """True when ``code`` is ``minimum`` or higher (大学本科 counts as 大专及以上)."""
    return education_rank(code) <= education_rank(minimum)


def highest_education(codes: Iterable[str]) -> str:
    """The highest of the given levels, blanks ignored; ``""`` when none is given."""
    given = [c for c in codes if c]
    return min(given, key=education_rank) if given else ""


# -- 一肩挑 / 交叉任职 --------------------------------------------------------------------------------

Side = Literal["party", "committee"]
"""``party``: 村（社区）党组织班子; ``committee``: 村（居）民委员会 (the 监委会 is neither)."""
DerivedRole = Literal["dual_role", "cross_holding"]

SIDE_OF_KIND: Mapping[str, Side] = {
    "party_org": "party",
    "villagers_committee": "committee",
    "residents_committee": "committee",
}
HEAD_POST: Mapping[Side, str] = {"party": "secretary", "committee": "chair"}
"""书记 of the Party organization, 主任 of the committee."""


def roles_held(posts: Iterable[tuple[Side, bool]]) -> frozenset[DerivedRole]:
    """From one person's posts as ``(side, is_head)``: ``cross_holding`` (交叉任职) when they sit on
    both sides, ``dual_role`` (一肩挑) when they head both."""
    sides: set[Side] = set()
    heads: set[Side] = set()
    for side, is_head in posts:
        sides.add(side)
        if is_head:
            heads.add(side)
    out: set[DerivedRole] = set()
    if len(sides) == 2:
        out.add("cross_holding")
    if len(heads) == 2:
        out.add("dual_role")
    return frozenset(out)


def derived_roles(posts: Iterable[tuple[str, str]]) -> frozenset[DerivedRole]:
    """:func:`roles_held` for one person's sitting posts as stored ``(committee kind, post)`` codes;
    posts on the supervision committee do not count."""
    return roles_held(
        (SIDE_OF_KIND[kind], post == HEAD_POST[SIDE_OF_KIND[kind]])
        for kind, post in posts
        if kind in SIDE_OF_KIND
    )
