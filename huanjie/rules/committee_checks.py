"""Checks of a village's committees as they stand (issue 9 req. 1): each finding says what is wrong,
whether it blocks or warns, and the rule it comes from. Used by the people services (one change),
the roster importer (a whole file, in the preview) and the village page (what stands today).

Inputs are plain values: counts, person keys, relation labels (民法典 第一千零四十五条's 近亲属 as in
profiles.KIN_1045) and the :class:`~huanjie.rules.profiles.Law` / ``Profile`` in force.

Legal anchors:
- size: “村民委员会由主任、副主任和委员共三至七人组成” (村民委员会组织法(2018) 第六条 / (2025) 第八条 [V]);
  “居民委员会由主任、副主任和委员共五至九人组成” (城市居民委员会组织法(2018) 第七条 / (2025) 第八条 [V]);
  the number within them (职数) is decided by the 村民会议 / 村民代表会议 (居民会议); a province may set a
  usual size (河南省实施《村民委员会组织法》办法 第八条: 一般三至五人, 大村最多七人 [V]);
- the Party organization's form: a branch with 7 or more full members sets up a 支部委员会 of generally
  3–5 and not more than 7 members; below 7 it has none and its 党员大会 elects the 书记 (中国共产党支部
  工作条例（试行）(2018) [M: article to confirm]); a 党总支 for more than 50 members and a 党委 for 100
  or more, with the higher organization's approval (中国共产党农村基层组织工作条例(2019) / 党章 [M:
  unverified]) — warnings only;
- supervision: “村民委员会成员及其近亲属不得担任村务监督机构成员” (村民委员会组织法(2018) 第三十二条 /
  (2025) 第三十七条 [V]; 居务监督委员会: 城市居民委员会组织法(2025) 第三十六条 [V]) — a block;
- near relatives on one committee: “村民委员会成员实行近亲属回避” ((2025) 第八条 [V]) and the provinces'
  任职回避 (profiles.relatives_rule) — a warning (the election decides who stays);
- one 书记 / 主任 / 监委会主任 per committee (registry.SINGLE_HOLDER_POSTS): the refusal names the
  incumbent and the way to change;
- 一肩挑 / 交叉任职: “村民委员会主任可以由村党组织负责人通过法定程序担任。村民委员会成员和村党组织领导
  班子成员可以交叉任职。” (村民委员会组织法(2025) 第八条 [V]; 居委会: 城市居民委员会组织法(2025) 第八条
  [V]); before 2026 Party policy only: 农村基层组织工作条例(2019) “要求村党组织书记通过法定程序担任村民
  委员会主任” [S] (citations.CITE_DUAL_ROLE_POLICY). Who holds them is derived from the posts
  (registry.derived_roles) and never stored: a roles claim (a roster's 一肩挑/交叉任职 column) that
  the posts do not bear out is a block; a 书记 and a 主任 who are two people is a warning (policy).

:func:`unit_findings` runs every check of one unit from plain data: the village page, the forms
(after a change) and the roster import's preview (the committees as they will be) all call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from huanjie.rules import registry
from huanjie.rules.citations import CITE_DUAL_ROLE_POLICY, provenance_label
from huanjie.rules.profiles import Law, Profile, relatives_rule

__all__ = [
    "BRANCH_COMMITTEE_FROM",
    "COMMITTEE_TITLES",
    "GENERAL_BRANCH_FROM",
    "PARTY_BRANCH_RULE",
    "PARTY_COMMITTEE_FROM",
    "PARTY_FORM_RULE",
    "ROLE_LABELS",
    "Finding",
    "committee_relatives",
    "committee_size",
    "dual_role_rule",
    "dual_roles",
    "party_form",
    "relation_map",
    "single_holder_message",
    "supervision_conflicts",
    "unit_findings",
]

Severity = Literal["block", "warning"]


@dataclass(frozen=True)
class Finding:
    """One finding: ``code`` (stable, for tests and filters), ``severity``, the sentence in Chinese
    and the rule it applies (a citation with its reliability tag)."""

    code: str
    severity: Severity
    message: str
    rule: str

    @property
    def blocks(self) -> bool:
        return self.severity == "block"

    @property
    def provenance(self) -> str:
        """How sure the rule is (verified / secondary / judgement…), in Chinese, for the page."""
        return provenance_label(self.rule)


# -- committee size -------------------------------------------------------------------------------


def committee_size(
    members: int,
    *,
    law: Law,
    profile: Profile | None = None,
    seats: int | None = None,
    title: str = "村民委员会",
) -> list[Finding]:
    """Warnings about ``members`` sitting on a 村（居）民委员会 under ``law``: more than the decided
    ``seats`` (职数), outside the law's bounds, or above the province's usual size. Warnings, not
    blocks: a vacancy (fewer) is filled by 补选, and a decided 职数 above the usual size may be right
    for a large village."""
    law_rule = law.cite(law.composition_article)
    low, high = law.members_min, law.members_max
    out: list[Finding] = []
    if seats is not None:
        if not low <= seats <= high:
            out.append(
                Finding(
                    "seats_out_of_bounds",
                    "warning",
                    f"决定的职数 {seats} 人不在法定的 {low} 至 {high} 人之内",
                    law_rule,
                )
            )
        if members > seats:
            out.append(
                Finding(
                    "size_over_seats",
                    "warning",
                    f"{title}在任 {members} 人，多于决定的职数 {seats} 人",
                    f"职数由村（居）民会议或代表会议决定；{law_rule}",
                )
            )
    if members > high:
        out.append(
            Finding(
                "size_over_law",
                "warning",
                f"{title}在任 {members} 人，超过法定的 {low} 至 {high} 人",
                law_rule,
            )
        )
    elif 0 < members < low:
        out.append(
            Finding(
                "size_under_law",
                "warning",
                f"{title}在任 {members} 人，少于法定的 {low} 人，请及时补选",
                law_rule,
            )
        )
    usual = profile.members_usual if profile is not None else None
    if usual is not None and profile is not None and seats is None and usual[1] < members <= high:
        out.append(
            Finding(
                "size_over_usual",
                "warning",
                f"{title}在任 {members} 人，超过本省一般的 {usual[0]} 至 {usual[1]} 人"
                f"（人口较多的村可至 {high} 人）",
                profile.cite(profile.members_usual_article, law_rule),
            )
        )
    return out


# -- the Party organization's form ----------------------------------------------------------------

PARTY_BRANCH_RULE = "中国共产党支部工作条例（试行）(2018) [M]"
"""7 full members for a 支部委员会, generally 3–5 members and not more than 7 (article to confirm)."""
PARTY_FORM_RULE = "中国共产党农村基层组织工作条例(2019)；党章 [M]"
"""总支 from more than 50 Party members, 党委 from 100, with approval (unverified thresholds)."""
BRANCH_COMMITTEE_FROM = 7
GENERAL_BRANCH_FROM = 51
PARTY_COMMITTEE_FROM = 100
_FORM_LABEL = {"branch": "党支部", "general_branch": "党总支", "committee": "党委"}


def party_form(form: str, party_members: int | None, leadership: int) -> list[Finding]:
    """Warnings about a Party organization of ``form`` (``branch``, ``general_branch``,
    ``committee``; blank: not recorded) with ``party_members`` Party members (``None``: not
    recorded) and ``leadership`` sitting members of its committee (委员 including 书记)."""
    out: list[Finding] = []
    if form == "branch" and party_members is not None and party_members < BRANCH_COMMITTEE_FROM:
        if leadership > 1:
            out.append(
                Finding(
                    "branch_without_committee",
                    "warning",
                    f"党员 {party_members} 人（不足 {BRANCH_COMMITTEE_FROM} 人）的党支部不设支部委员会，"
                    f"由党员大会选举书记，必要时增选副书记；现登记班子成员 {leadership} 人",
                    PARTY_BRANCH_RULE,
                )
            )
    elif form == "branch" and leadership > 7:
        out.append(
            Finding(
                "branch_committee_size",
                "warning",
                f"支部委员会一般为 3 至 5 人、一般不超过 7 人，现登记 {leadership} 人",
                PARTY_BRANCH_RULE,
            )
        )
    thresholds = {"general_branch": GENERAL_BRANCH_FROM, "committee": PARTY_COMMITTEE_FROM}
    if form in thresholds and party_members is not None and party_members < thresholds[form]:
        out.append(
            Finding(
                "form_below_threshold",
                "warning",
                f"党员 {party_members} 人，设立{_FORM_LABEL[form]}一般须党员 {thresholds[form]} 人以上"
                "（确因工作需要的，须经上级党组织批准）",
                PARTY_FORM_RULE,
            )
        )
    return out


# -- near relatives -------------------------------------------------------------------------------


def _related(a: str, b: str, relations: Mapping[frozenset[str], str]) -> str | None:
    return relations.get(frozenset((a, b)))


def supervision_conflicts(
    supervision: Mapping[str, str],
    committee: Mapping[str, str],
    relations: Mapping[frozenset[str], str],
    *,
    law: Law,
    committee_title: str = "村民委员会",
) -> list[Finding]:
    """Blocks: a member of the supervision committee (``supervision``: person key → name) who sits on
    the 村（居）民委员会 (``committee``: key → name) or is a near relative of one of its members
    (``relations``: the pair of keys → the relation's label). None when ``law`` has no supervision
    article (城市居民委员会组织法(2018))."""
    article = law.schedule.supervision_article
    if not article:
        return []
    rule = f"{law.cite(article)}：{committee_title}成员及其近亲属不得担任{law.schedule.supervision_title}成员"
    out: list[Finding] = []
    for key, name in supervision.items():
        if key in committee:
            out.append(
                Finding(
                    "supervision_member", "block", f"{name}是{committee_title}成员，不得担任监委会成员", rule
                )
            )
            continue
        for other, other_name in committee.items():
            kind = _related(key, other, relations)
            if kind:
                out.append(
                    Finding(
                        "supervision_relative",
                        "block",
                        f"{name}与{committee_title}成员{other_name}是近亲属（{kind}），不得担任监委会成员",
                        rule,
                    )
                )
    return out


def committee_relatives(
    committee: Mapping[str, str],
    relations: Mapping[frozenset[str], str],
    *,
    law: Law,
    profile: Profile,
    committee_title: str = "村民委员会",
) -> list[Finding]:
    """Warnings: two members of one 村（居）民委员会 (``committee``: key → name) who are near relatives
    of a kind the law in force or the province's measure covers (profiles.relatives_rule)."""
    applies, kinds, rule = relatives_rule(law, profile)
    if not applies:
        return []
    keys = sorted(committee)
    out: list[Finding] = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            kind = _related(a, b, relations)
            if kind in kinds:
                out.append(
                    Finding(
                        "committee_relatives",
                        "warning",
                        f"{committee[a]}与{committee[b]}是近亲属（{kind}），同在{committee_title}，应当回避",
                        rule,
                    )
                )
    return out


def relation_map(pairs: Iterable[tuple[str, str, str]]) -> dict[frozenset[str], str]:
    """``{frozenset((a, b)): label}`` from ``(a, b, label)`` triples (the direction does not matter)."""
    return {frozenset((a, b)): label for a, b, label in pairs}


# -- one head per committee -----------------------------------------------------------------------


def single_holder_message(committee: str, post: str, incumbent: str) -> str:
    """The refusal of a second 书记 / 主任 / 监委会主任: it names the incumbent and the change."""
    return (
        f"{committee}已有在任{post}{incumbent}，一个班子只能有一名{post}。"
        f"如需更换，请先为{incumbent}登记离任（人员页“登记离任”），再任命新的{post}"
    )


# -- 一肩挑 / 交叉任职 --------------------------------------------------------------------------------

ROLE_LABELS: Mapping[str, str] = {"dual_role": "一肩挑", "cross_holding": "交叉任职"}
"""Labels of registry.derived_roles, in the order shown."""


def dual_role_rule(law: Law | None) -> str:
    """The citation of 一肩挑 / 交叉任职 under ``law``: its article when the text has one (2025 texts),
    with the Party policy; the policy alone before (or without a law)."""
    if law is not None and law.dual_role_article:
        return f"{law.cite(law.dual_role_article)}；{CITE_DUAL_ROLE_POLICY}"
    return CITE_DUAL_ROLE_POLICY


def _claim_text(roles: Iterable[str]) -> str:
    given = set(roles)
    return "、".join(label for role, label in ROLE_LABELS.items() if role in given) or "无兼任"


def dual_roles(
    people: Mapping[str, tuple[str, Iterable[tuple[str, str]]]],
    *,
    law: Law | None,
    claimed: Mapping[str, Iterable[str]] | None = None,
    committee_title: str = "村民委员会",
) -> list[Finding]:
    """一肩挑 / 交叉任职 of one unit. ``people``: person key → (name, sitting posts as stored
    ``(committee kind, post)`` codes); ``claimed``: person key → the roles a source states for them
    (``dual_role`` / ``cross_holding``; an empty set: “neither”), for the people it speaks of.

    - ``roles_claim`` (block): a stated role the posts do not make, or a role the posts make and the
      statement leaves out (一肩挑 is 交叉任职 too: heading both sides is sitting on both);
    - ``dual_role_split`` (warning): the 书记 and the 主任 are two people — 一肩挑 is not in place."""
    rule = dual_role_rule(law)
    derived = {key: registry.derived_roles(posts) for key, (_, posts) in people.items()}
    out: list[Finding] = []
    for key, stated in sorted((claimed or {}).items()):
        name = people[key][0] if key in people else key
        want = frozenset(stated)
        if "dual_role" in want:
            want |= {"cross_holding"}
        have = derived.get(key, frozenset())
        if want != have:
            out.append(
                Finding(
                    "roles_claim",
                    "block",
                    f"{name}标注为“{_claim_text(want)}”，但按其任职应为“{_claim_text(have)}”"
                    f"（一肩挑：同时任党组织书记和{committee_title}主任；交叉任职：同时在党组织班子和"
                    f"{committee_title}任职）",
                    rule,
                )
            )
    heads: dict[str, dict[str, str]] = {"party": {}, "committee": {}}
    for key, (name, posts) in sorted(people.items()):
        for kind, post in posts:
            side = registry.SIDE_OF_KIND.get(kind)
            if side is not None and post == registry.HEAD_POST[side]:
                heads[side][key] = name
    secretaries, chairs = heads["party"], heads["committee"]
    if secretaries and chairs and not set(secretaries) & set(chairs):
        out.append(
            Finding(
                "dual_role_split",
                "warning",
                f"党组织书记{'、'.join(secretaries.values())}与{committee_title}主任"
                f"{'、'.join(chairs.values())}不是同一人"
                "（未实行“一肩挑”：书记通过法定程序担任主任）",
                rule,
            )
        )
    return out


# -- every check of one unit ----------------------------------------------------------------------

PARTY_ORG, SUPERVISION = "party_org", "supervision_committee"
COMMITTEE_TITLES: Mapping[str, str] = {
    "villagers_committee": "村民委员会",
    "residents_committee": "居民委员会",
}
"""The self-government committees (stored kind → title), the ones the law's size applies to."""


def unit_findings(
    posts: Mapping[str, Mapping[str, tuple[str, str]]],
    *,
    law: Law | None,
    profile: Profile,
    party_org_form: str = "",
    party_members: int | None = None,
    seats: int | None = None,
    relations: Mapping[frozenset[str], str] | None = None,
    claimed: Mapping[str, Iterable[str]] | None = None,
) -> list[Finding]:
    """Every committee check of one village or community, blocks first: ``posts``: committee kind
    (stored code) → person key → (name, post code) of its sitting members; the Party organization's
    ``party_org_form`` and the unit's ``party_members``; the decided ``seats`` (职数) and the province's
    ``profile``; ``relations`` among the members (:func:`relation_map`); ``claimed`` roles
    (:func:`dual_roles`). ``law``: the 村（居）民委员会 law in force (``None``: only the Party checks)."""
    rel = relations or {}
    out: list[Finding] = []
    if PARTY_ORG in posts:
        out += party_form(party_org_form, party_members, len(posts[PARTY_ORG]))
    if law is not None:
        supervision = {key: name for key, (name, _) in posts.get(SUPERVISION, {}).items()}
        for kind, title in COMMITTEE_TITLES.items():
            if kind not in posts:
                continue
            members = {key: name for key, (name, _) in posts[kind].items()}
            out += committee_size(len(members), law=law, profile=profile, seats=seats, title=title)
            out += committee_relatives(members, rel, law=law, profile=profile, committee_title=title)
            out += supervision_conflicts(supervision, members, rel, law=law, committee_title=title)
    people: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for kind, members_of in posts.items():
        for key, (name, post) in members_of.items():
            people.setdefault(key, (name, []))[1].append((kind, post))
    title = next((COMMITTEE_TITLES[k] for k in COMMITTEE_TITLES if k in posts), "村民委员会")
    out += dual_roles(people, law=law, claimed=claimed, committee_title=title)
    return sorted(out, key=lambda f: not f.blocks)
