"""Law versions and provincial profiles as data.

A *law* (``village-2018`` … ``party-1990``) fixes the national text in force and its article numbers;
a *profile* (``national``, ``zhejiang`` …) carries the parameters that the national text delegates to
the provinces (村民委员会组织法(2018) 第十五条 / (2025) 第十八条: “具体选举办法由省、自治区、直辖市的
人民代表大会常务委员会规定”). No rule branches on a province's name.

One :class:`Law` per law version holds everything that varies by version: its articles and
thresholds (counting, recall, Party elections), its procedure (:class:`LawSchedule`, used by
``schedule.py``) and its voter and candidate rules (:class:`LawEligibility`, used by
``eligibility.py``). One :class:`Profile` per province holds everything provincial: counting
parameters, procedure deadlines and articles, and extra registration categories. Adding a province
is adding one :class:`Profile` (:data:`PROFILES`, or :func:`register_profile` at run time); there is
no other table to edit.

All are plain frozen dataclasses with defaults, so a new parameter (for example a deadline used by
``schedule.py``) is one new field with a default plus the values of the provinces that differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Literal

LawKind = Literal["village", "community", "party"]
TwoPostsRule = Literal["ballot_invalid", "keep_higher"]
BallotsComparedWith = Literal["voters", "issued"]
WomenRule = Literal["separate_line", "at_least_one", "note"]
VacancyShortfall = Literal["new_election", "supplementary", "decision_needed"]
MajorityFirstSeveral = Literal["third_for_rest", "majority_only"]
PartyBase = Literal["present", "entitled"]
NominationTie = Literal["revote", "primary"]
CandidateOrder = Literal["votes", "strokes"]
WithdrawalFill = Literal["always", "if_not_surplus"]

POST_RANK_DEFAULT: tuple[str, ...] = ("主任", "副主任", "委员", "妇女委员")
"""Posts from highest to lowest; used by the same-person-two-posts and near-relatives rules."""

TwoPostsSeat = Literal["next_qualifier", "supplementary"]

KIN_1045: tuple[str, ...] = ("配偶", "父母", "子女", "兄弟姐妹", "祖父母", "外祖父母", "孙子女", "外孙子女")
"""The closed list of 近亲属 (民法典 第一千零四十五条: “配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、
孙子女、外孙子女为近亲属。”). A typed relationship ``(a, b, kind)`` reads “b is a's kind”."""
NEAR_RELATIVES = frozenset(KIN_1045)
SPOUSE_PARENTS_CHILDREN_SIBLINGS = frozenset({"配偶", "父母", "子女", "兄弟姐妹"})
"""浙江省村民委员会选举办法 第三十一条 “夫妻、父母子女、兄弟姐妹关系”; 河南 第八条 “夫妻、父母、子女或者
兄弟姐妹关系”."""
SPOUSE_AND_DIRECT_LINE = frozenset({"配偶", "父母", "子女", "祖父母", "外祖父母", "孙子女", "外孙子女"})
"""上海市村民委员会选举办法 第二条 “夫妻关系或者直系亲属关系”, within the closed list of 第一千零四十五条
(直系亲属 reach further, e.g. great-grandparents, which the input cannot name)."""


# --- per-law-version data held by Law ----------------------------------------------------------


@dataclass(frozen=True)
class LawSchedule:
    """Per-law-version articles and day counts of the procedure (legal-rules.md §1, §2 [V]).

    ``kind`` says what is elected: ``committee`` (村/居民委员会, with voter list and handover) or
    ``party`` (the Party organization's own election, which precedes the committee's — DOMAIN.md 28).
    """

    kind: Literal["committee", "party"]
    committee: str
    """村民委员会 / 居民委员会 / 村（社区）党组织."""
    party_org: str
    voter_list_article: str = ""
    voter_list_days_before: int = 20
    objection_days: int = 5
    decision_days: int = 3
    election_article: str = ""
    """Article with 差额, secret ballot, results announced on the spot."""
    handover_article: str = ""
    handover_days: int = 10
    audit_article: str = ""
    supervision_title: str = ""
    supervision_article: str = ""
    rights_article: str = ""
    """Party: who votes (正式党员) [S]."""


@dataclass(frozen=True)
class RegistrationCategory:
    """A category of people registered to vote, with its conditions (“以上” includes the number)."""

    code: str
    text: str
    min_months: int = 0
    """Residence or work in the place for at least this many months (居住一年以上 → 12)."""
    needs_application: bool = False
    """本人表示 / 申请参加选举."""
    approval_by: str = ""
    """Body whose consent or confirmation is required (empty: none)."""
    source: str = ""
    """Citation when it is not the law's registration article (provincial extras)."""


@dataclass(frozen=True)
class StatutoryBar:
    """A statutory candidate bar: any finding with one of ``codes`` blocks, however old."""

    code: str
    text: str
    finding_codes: frozenset[str]


@dataclass(frozen=True)
class LawEligibility:
    """Per-law-version articles, registration categories and statutory bars (legal-rules.md §1, §2)."""

    rights_article: str
    registration_article: str
    candidate_article: str
    categories: tuple[RegistrationCategory, ...]
    bars: tuple[StatutoryBar, ...] = ()
    place: str = "本村"
    """本村 / 本社区, for the sentences."""


_VILLAGE_2018_CATEGORIES = (
    RegistrationCategory("hukou_resident", "户籍在本村并且在本村居住的村民"),
    RegistrationCategory(
        "hukou_absent", "户籍在本村，不在本村居住，本人表示参加选举的村民", needs_application=True
    ),
    RegistrationCategory(
        "resident_non_hukou",
        (
            "户籍不在本村，在本村居住一年以上，本人申请参加选举，并且经村民会议或"
            "者村民代表会议同意参加选举的公民"
        ),
        min_months=12,
        needs_application=True,
        approval_by="村民会议或者村民代表会议",
    ),
)

EXPELLED = StatutoryBar("expelled_from_party", "被开除中国共产党党籍", frozenset({"expelled_from_party"}))
CRIMINAL = StatutoryBar("criminal_punishment", "因犯罪受过刑事处罚", frozenset({"criminal_punishment"}))
CLAN_OR_GANG = StatutoryBar(
    "clan_or_gang",
    "利用宗族或者黑恶势力从事非法活动",
    frozenset({"clan_illegal_activity", "gang_illegal_activity"}),
)
GANG = StatutoryBar("gang", "利用黑恶势力从事非法活动", frozenset({"gang_illegal_activity"}))
RELIGION_OR_CULT = StatutoryBar(
    "illegal_religion_or_cult",
    "组织或者参加非法宗教活动或者邪教活动",
    frozenset({"illegal_religion_or_cult"}),
)


@dataclass(frozen=True)
class PostponementRule:
    """How an election is postponed (延期换届): who applies, whose approvals are needed in order, the
    limit of the shift and whether it is soft (“一般不得超过…”: exceeding it is a warning that needs a
    stated reason, not a block), and any filing (备案) after the approval.

    The base date the shift is counted from is not stated by the texts (jiangsu.md §13.3 row 28):
    the date the election was due (term expiry or the scheduled date) is used [M].
    """

    applicant: str
    approvals: tuple[str, ...]
    """The approvals in the order the text lists them; each is recorded with its document and date."""
    limit_months: int | None
    """At most this many months after the base date; ``None``: the text sets no limit."""
    soft: bool
    """The limit is “一般” (a warning when exceeded) rather than absolute (a refusal)."""
    filing: str = ""
    """A filing after the approval (备案), recorded like an approval; empty when none."""
    reliability: str = "V"


@dataclass(frozen=True)
class Law:
    """A national text (or Party regulation) in force, with the article numbers the rules cite.

    Sources: legal-rules.md §1 (村民委员会组织法 2018/2025) [V], §2 (城市居民委员会组织法 2018/2025) [V],
    §5 (中国共产党基层组织选举工作条例 2020 / 暂行条例 1990) [S].
    """

    code: str
    kind: LawKind
    title: str
    """Short title used in citations, e.g. ``村民委员会组织法(2025)``."""
    effective_from: date
    reliability: str = "V"
    validity_article: str = ""
    """Turnout validity and the winning threshold (2018 第十五条 / 2025 第十八条)."""
    supplementary_article: str = ""
    composition_article: str = ""
    dual_role_article: str = ""
    """一肩挑 / 交叉任职 written into the text (2025 texts, 第八条); empty: Party policy only."""
    recall_article: str = ""
    members_min: int = 3
    members_max: int = 7
    analogy: str = ""
    """A citation appended to the validity and 另行选举 citations when the text itself holds no such
    rule and another law's is applied by analogy (城市居民委员会组织法(2018): 参照村民委员会组织法) [M]."""
    relatives_avoidance: bool = False
    """近亲属回避 among committee members written into the law (2025 texts, 第八条)."""
    relatives_article: str = ""
    relatives_kinds: frozenset[str] = frozenset()
    """Kinds covered by 近亲属回避: the 2025 texts do not define 近亲属; 民法典 第一千零四十五条 is the
    usual reference (legal-rules.md §1) [M]."""
    # Changes of a committee's members (``tenure_causes.py``) ----------------------------------
    direct_election_article: str = ""
    """Members are elected directly, “任何组织或者个人不得指定、委派或者撤换村民委员会成员”, and the term
    (村民委员会组织法(2018) 第十一条 / (2025) 第十四条 [V])."""
    by_election_article: str = ""
    """补选 of a vacancy by the 村民会议 or 村民代表会议 ((2018) 第十九条 / (2025) 第二十三条 [V];
    居民会议: 城市居民委员会组织法(2018) 第十条 [S])."""
    resignation_article: str = ""
    """辞职, ending “自村民会议或者村民代表会议审议通过之日起” ((2025) 第二十条 [V]); empty: the text has
    none (2018), and only a province that provides it allows it (``Profile.resignation_article``)."""
    void_article: str = ""
    """当选无效 for an election won by improper means ((2018) 第十七条 / (2025) 第二十一条 [V])."""
    termination_article: str = ""
    """“丧失行为能力或者被判处刑罚的，其职务自行终止” ((2018) 第十八条 / (2025) 第二十二条 [V])."""
    review_article: str = ""
    """民主评议: “连续两次被评议不称职的，其职务终止” ((2018) 第三十三条 / (2025) 第三十八条 [V])."""
    removal_article: str = ""
    """撤换 by the 居民会议 (城市居民委员会组织法(2018) 第十条 [S: summary only])."""
    recall_petition_voters: Fraction = Fraction(1, 5)
    recall_petition_representatives: Fraction = Fraction(1, 3)
    representatives_turnout: Fraction = Fraction(2, 3)
    """居民代表 mode: more than this share of 居民代表 must vote (城市居民委员会组织法(2025) 第十九条)."""
    proxy_cap: int | None = None
    """At most this many principals per proxy (2025 texts: 3); ``None``: left to the province."""
    proxy_others: bool = False
    """Proxies may be other villagers, not only near relatives (村民委员会组织法(2025) 第十八条
    “近亲属或者其他村民”; 城市居民委员会组织法(2025) 第十九条 “其他选民”)."""
    candidates_may_be_proxies: bool = True
    no_candidates_unsettled: bool = False
    party_may_nominate: bool = False
    """The village (community) Party organization may nominate candidates (村民委员会组织法(2025) 第十八条
    “由村党组织或者登记参加选举的村民提名推荐”; 城市居民委员会组织法(2025) 第十八条 “由社区党组织或者
    十名以上选民联合提名推荐” [V]); the 2018 texts name the voters only (2018 第十五条 “由登记参加选举的
    村民直接提名候选人”)."""
    joint_nomination_min: int | None = None
    """Voters nominate only jointly, at least this many together (城市居民委员会组织法(2025) 第十八条
    “十名以上选民联合提名推荐”: 10, “以上” includes the number); ``None``: one voter may nominate."""
    """The text speaks only of nominated candidates (2025 texts, 第十八条 “提名推荐”), so a provincial
    election without candidates is flagged as unsettled [M]."""
    # Party elections (§5.3) -------------------------------------------------------------------
    party_quorum: Fraction = Fraction(4, 5)
    party_surplus: Fraction = Fraction(1, 5)
    party_base_default: PartyBase = "present"
    party_small_branch: int = 7
    """A branch with fewer full members than this has no committee (支部工作条例 2018 [M])."""
    # Procedure and eligibility --------------------------------------------------------------
    schedule: LawSchedule = field(kw_only=True)
    """The procedure's articles and day counts (``schedule.py``)."""
    eligibility: LawEligibility | None = field(default=None, kw_only=True)
    """Voter and candidate rules (``eligibility.py``); ``None`` for Party regulations, whose
    electors are Party members (党内法规), not a voter roll."""
    postponement: PostponementRule | None = field(default=None, kw_only=True)
    """Postponing the election under this text (Party regulations; the organic laws leave it to the
    provinces, see :attr:`Profile.postponement`)."""
    postponement_article: str = field(default="", kw_only=True)

    def cite(self, article: str) -> str:
        """``村民委员会组织法(2025) 第十八条``; the reliability tag is appended when it is not [V]."""
        parts = [self.title, article] if article else [self.title]
        if self.reliability != "V":
            parts.append(f"[{self.reliability}]")
        return " ".join(parts)


@dataclass(frozen=True)
class Conflict:
    """A provincial rule that conflicts with a national text in force (issue 8 req. 2).

    From ``from_date`` the rule of ``prevails`` applies (``national``; ``both``: the national rule's
    scope with the provincial mechanics); ``judgement`` marks a reading [M] rather than a text that
    settles it."""

    topic: str
    provincial: str
    national: str
    prevails: Literal["national", "provincial", "both"]
    from_date: date
    judgement: bool
    law: str = "village-2025"
    note: str = ""

    def rule_on(self, day: date) -> Literal["national", "provincial", "both"]:
        """Which rule applies on ``day``: before ``from_date`` the provincial measure stands."""
        return self.prevails if day >= self.from_date else "provincial"


@dataclass(frozen=True)
class Profile:
    """The provincial parameters of legal-rules.md §3 (all [V] unless a field's doc says otherwise).

    ``national`` applies the national text alone, with conservative defaults where the law is silent.
    """

    code: str
    name: str
    measure: str
    """Title of the provincial measure used in citations (empty for ``national``)."""
    # Candidates --------------------------------------------------------------------------------
    surplus_head: tuple[int, int | None] = (1, None)
    """(min, max) candidates above the seats for 主任/副主任; ``None`` = no maximum (“多于”)."""
    surplus_member: tuple[int, int | None] = (1, None)
    """(min, max) for 委员."""
    surplus_article: str = ""
    candidate_list_days_before: int = 5
    candidate_list_article: str = ""
    # Proxies -----------------------------------------------------------------------------------
    proxy_cap: int = 3
    proxy_named_relatives_only: bool = False
    """Only spouse, parents, children, siblings, grandparents and grandchildren (ZJ Art. 25)."""
    proxy_candidates_barred: bool = False
    proxy_request_days_before: int | None = None
    proxy_list_days_before: int | None = None
    proxy_on_site: bool = True
    proxy_article: str = ""
    # Ballots -----------------------------------------------------------------------------------
    ballots_compared_with: BallotsComparedWith = "voters"
    """More ballots than voters taking part voids the round; HN Art. 35 compares with ballots issued."""
    two_posts_rule: TwoPostsRule = "keep_higher"
    """Same person marked for two posts: ZJ Art. 27 voids the ballot; elsewhere unspecified → keep the
    higher-post vote and void the lower (configurable, legal-rules.md §10 ex. 5)."""
    ballot_article: str = ""
    separate_ballots: bool = False
    """One ballot per post (主任、副主任、委员 each on its own ballot, voted at once): 河南 第三十四条
    “应当分别制作选票” [V]; ``False``: one ballot for every post (浙江 第二十一条 “一次性投票选举主任、
    副主任和委员” [V]; the default where a measure is silent [M])."""
    win_article: str = ""
    # Supplementary round (另行选举) -----------------------------------------------------------
    supplementary_turnout_required: bool = False
    """HN Art. 38: the 另行选举 needs more than half of the registered voters to vote."""
    supplementary_majority_first: bool = False
    """HN Art. 38: first > half of those voting; only if nobody has it, plurality with ≥ 1/3."""
    majority_first_several: MajorityFirstSeveral = "third_for_rest"
    """HN Art. 38 with several seats when some but not all have a majority (the text speaks of “不能
    产生当选人”): ``third_for_rest`` fills the rest by plurality with one third (default [M]);
    ``majority_only`` elects only the majority winners, the rest stays unfilled."""
    supplementary_window_days: int | None = None
    supplementary_article: str = ""
    supplementary_surplus: int = 1
    """另行选举 candidates: the seats left plus this many (“差额”; legal-rules.md §9)."""
    no_candidates_article: str = ""
    """The article allowing an election without candidates (自荐直选 / 不确定候选人); empty: none."""
    # Nomination (``nomination.py``) ---------------------------------------------------------------
    nomination_article: str = ""
    """The measure's article on one voter's nomination paper: at most as many names as seats, no
    proxy nomination (浙江 第十七条; 北京 第十六条 and 河南 第二十四条 state the cap only) [V]."""
    nomination_cap: int | None = None
    """At most this many names per post on one paper; ``None``: the seats of the post (浙江 第十七条
    “不得超过应选…职数”, 北京 第十六条 “不得超过应选名额”, 河南 第二十四条 “不得多于应选人数” [V];
    elsewhere the same default [M])."""
    nomination_no_proxy_article: str = ""
    """The measure's article forbidding 委托提名 (浙江 第十七条 “选民不得委托他人提名” [V])."""
    nomination_two_posts_invalid: bool = False
    """One paper naming the same person for two posts: those names are invalid (浙江 第十七条 “该提名
    无效” [V]; 河南 第二十五条 “不得在同一选票上提名同一候选人担任两种以上的职务” [V], its consequence
    read as the same [M]); ``False``: counted for each post [M]."""
    nomination_two_posts_article: str = ""
    nomination_quorum: Fraction | None = None
    """The nomination (or 预选) needs more than this share of registered voters taking part (浙江
    第十八条 “由过半数选民参加投票”; 北京 第十六条, 河南 第二十四条 “过半数…参加” [V]); ``None``: none."""
    nomination_quorum_article: str = ""
    primary_article: str = ""
    """预选 of formal candidates from the initial nominees (浙江 第十八条（二） [V]); empty: the measure
    does not mention it (allowed as a judgement [M])."""
    nomination_tie: NominationTie = "revote"
    """Nominees tied at the cut: ``revote`` among the tied (河南 第二十五条 [V]; default [M]) or
    ``primary`` (预选 of the tied, 浙江 第十八条（二） as the route [M])."""
    nomination_tie_article: str = ""
    two_posts_confirm_article: str = ""
    """A person nominated for two posts confirms in writing which one (浙江 第十八条 [V]); empty: no
    text (a warning [M])."""
    candidate_order: CandidateOrder = "votes"
    """Order of the published list: by nomination votes (浙江 第十八条, 上海 第十二条, 北京 第二十条
    [V]) or by 姓氏笔画; ``votes`` is the default where the measure is silent [M]."""
    candidate_order_article: str = ""
    withdrawal_after_list_days: int | None = None
    """Candidates withdraw in writing within this many days after the list is fixed (河南 第二十六条
    “候选人名单确定后三日内” [V])."""
    withdrawal_after_list_article: str = ""
    withdrawal_fill: WithdrawalFill = "if_not_surplus"
    """After a withdrawal: ``always`` fill from the next nominees by votes (浙江 第十九条 “正式候选人名额
    不足的…按得票多少依次补足” [V]); ``if_not_surplus`` only when the candidates are no longer more than
    the seats (河南 第二十七条 “造成候选人等于或者少于应选名额的” [V]; default [M])."""
    withdrawal_fill_article: str = ""
    self_nomination_days_before: int | None = None
    """自荐 registration at least this many days before the election (浙江 第二十条 “选举日的十日前” [V]);
    ``None``: the measure sets none."""
    self_nomination_one_post: bool = False
    """A 自荐人 registers for one post only, in person (浙江 第二十条 [V])."""
    self_nomination_article: str = ""
    self_nominee_order_article: str = ""
    """The 自荐人 list in 姓名笔画 order (浙江 第二十条 [V])."""
    # Women -------------------------------------------------------------------------------------
    women_rule: WomenRule = "note"
    """``separate_line``: a separate women's line, kept in the 另行选举 (ZJ Arts. 21, 29);
    ``at_least_one``: at least one woman must be elected (BJ Art. 3); ``note``: the law's
    “应当有妇女成员” is reported, not enforced by the count."""
    women_article: str = ""
    # Committee size ----------------------------------------------------------------------------
    members_usual: tuple[int, int] | None = None
    """The size the measure sets “一般” within the law's bounds (HN Art. 8: “一般由三至五人组成”, up to
    the law's seven in large villages); ``None``: only the law's bounds."""
    members_usual_article: str = ""
    # Near relatives ----------------------------------------------------------------------------
    relatives_avoidance: bool = False
    """任职回避 among near relatives elected together (ZJ Art. 31; SH Art. 2; HN Art. 8). A provincial
    measure in force applies under whichever national text is in force."""
    relatives_article: str = ""
    relatives_kinds: frozenset[str] = frozenset()
    """The kinds of relationship the provincial rule covers (see :data:`KIN_1045`)."""
    # Changes of a committee's members (``tenure_causes.py``) --------------------------------------
    resignation_article: str = ""
    """The measure's article on a 村民委员会 member's 辞职 (ZJ Art. 37, BJ Art. 35, HN Art. 45 [V]):
    before 2026 the national text (2018) has no resignation, so only a province that provides it
    allows it; from 2026-01-01 村民委员会组织法(2025) 第二十条 applies everywhere. Jiangsu: only the
    heading of J1's chapter 6 (“罢免、辞职、自行终止和补选”) was seen, cited as the chapter [V for the
    heading; the procedure is the national one, M]."""
    two_posts_seat: TwoPostsSeat = "next_qualifier"
    """One person qualifying for two posts keeps the higher one; the lower seat goes to the next
    qualifier of that post (``next_qualifier``) or to the 另行选举 (``supplementary``). No text
    settles it [M]."""
    # Vacancies after the supplementary round ----------------------------------------------------
    vacancy_min_members: int | None = 3
    """Seats may stay vacant after the 另行选举 when at least this many members are elected in all;
    ``None``: never (→ ``new_election``)."""
    vacancy_requires_head: bool = False
    """BJ Art. 30: the 主任 must also be elected."""
    vacancy_allowed_next: Literal["none", "assembly_decides"] = "none"
    """When the seats may stay vacant: ``none`` (ZJ Art. 30 “可以空缺”) or ``assembly_decides`` (SH
    Art. 21, BJ Art. 30: the 村民会议 or 村民代表会议 decides)."""
    vacancy_shortfall_next: VacancyShortfall = "new_election"
    """What follows when seats may not stay vacant: SH Art. 21 (another 另行选举 within 30 days) is
    text; elsewhere the texts are silent and the value is a judgement [M] (documented default
    ``new_election``; ``decision_needed`` where the profile row is unverified)."""
    vacancy_shortfall_basis: Literal["provincial", "judgement"] = "judgement"
    vacancy_article: str = ""
    vacancy_decided_by: str = ""
    """Who decides to leave the seats vacant, when the measure names a body (SH Art. 21)."""
    # Procedure deadlines used by ``schedule.py`` (legal-rules.md §3, §4) -------------------------
    voter_list_article: str = ""
    """Provincial article restating the voter-list deadline (选举日二十日前) and objections."""
    candidate_withdrawal_days_before: int | None = None
    """Candidates may withdraw in writing at least this many days before the election (ZJ Art. 19)."""
    candidate_withdrawal_article: str = ""
    notice_days_before: int | None = None
    """Time, place, method and counting officials published this many days before (ZJ Art. 22)."""
    notice_article: str = ""
    handover_article: str = ""
    """Provincial article on the handover within 10 days."""
    # Registration (``eligibility.py``) -------------------------------------------------------
    categories: tuple[RegistrationCategory, ...] = ()
    """Extra registration categories of the provincial measure, added to the law's (legal-rules.md
    §3 [V]; the detailed conditions are summarized there, so the ones encoded are [S] until
    checked). A category with the code of one of the law's replaces it."""
    # Postponing the committee's election (延期换届; issue 10 req. 4) -------------------------------
    postponement: PostponementRule | None = None
    """``None``: the measure's rule was not verified (or it has none): the approval chain is the
    default :data:`POSTPONEMENT_DEFAULT` [M]."""
    postponement_article: str = ""
    # The 村民选举委员会 (``election_committee.py``; issue 12 req. 3) ----------------------------------
    election_committee_size: tuple[int, int] | None = None
    """(min, max) members (浙江 第八条 五至九人; 上海 第七条 七至九人; 北京 第九条 五至九人; 河南 第十一条
    七至九人 [V]); ``None``: the law sets no size (the 民政部 规程's “不少于三人，以奇数为宜” is guidance)."""
    election_committee_article: str = ""
    """The measure's article on how the committee is chosen (推选 by 村民会议, 村民代表会议 or
    各村民小组会议)."""
    election_committee_chair_by_members: bool = False
    """The chair (主任) is 推选 by the members from among themselves, “不得指定” (河南 第十一条 [V]);
    elsewhere the texts are silent and the chair is recorded as chosen by the body that chose the
    members [M]."""
    election_committee_withdrawal_article: str = ""
    """The measure's article on withdrawal when a member is nominated (浙江 第九条, 上海 第七条, 北京
    第十一条, 河南 第十二条 [V])."""
    election_committee_relatives: frozenset[str] = frozenset()
    """Relatives of a candidate who must withdraw under the measure, whatever the national text
    (浙江 第九条 “配偶、父母子女、兄弟姐妹” [V]); the 2025 texts add every 近亲属."""
    election_committee_new_choice_only_when_short: bool = False
    """Vacancies: ``False`` 按照原推选结果依次递补，也可以另行推选 (the national texts, 浙江 第九条, 上海
    第七条); ``True`` a new choice only when the ranking is exhausted (北京 第十一条 “没有候补人选的，也可
    另行推选”; 河南 第十二条 “递补名额不足的，另行投票产生” [V])."""
    election_committee_vacancy_article: str = ""
    # The polling plan (``polling.py``; issue 12 req. 6) ---------------------------------------------
    mobile_box_min_scrutineers: int | None = None
    """Each 流动票箱 is in the charge of at least this many 监票人 (浙江 第二十四条, 北京 第二十三条
    “三名以上监票人”; 河南 第三十一条 “三名以上选举工作人员” [V]); ``None``: no verified text, the
    default :data:`MOBILE_BOX_DEFAULT_SCRUTINEERS` applies as a judgement [M]."""
    mobile_box_needs_approval: bool = False
    """The 流动票箱 is proposed by the 选举委员会 and approved by the town's guidance office; its voters
    and 监票人 are published (浙江 第二十四条 [V])."""
    mobile_box_article: str = ""
    station_min_scrutineers: int | None = None
    """Each 投票站 too (北京 第二十三条 “每个投票站或者流动票箱必须有三名以上监票人负责” [V])."""
    staff_roles: tuple[str, ...] = ()
    """The election staff the measure names (浙江 第二十二条 唱票人、监票人、计票人; 上海 第十四条 监票人和
    发票、唱票、计票、代书工作人员; 北京 第二十一条 监票人、唱票人、计票人、代书人和其他选举工作人员; 河南
    第三十二条 计票人、监票人 [V]); empty: not verified, the bar is applied to 唱票/计票/监票 as a
    judgement [M]."""
    staff_barred_relatives: frozenset[str] | None = None
    """Relatives of a candidate who may not be staff of ``staff_roles`` (浙江 第二十二条 and 河南 第三十二条
    配偶、父母、子女、兄弟姐妹; 上海 第十四条 and 北京 第二十一条 配偶或者直系亲属 [V]); ``None``: not
    verified, every 近亲属 is flagged as a warning [M]."""
    staff_article: str = ""
    # Voiding a winner's election or an election (issue 13 req. 8; ``voiding.py``) ------------------
    void_bodies: tuple[str, ...] = ()
    """Who declares a winner's election void (当选无效) under the measure: 浙江 第四十一条 “由村民选举委员会
    或者乡、镇人民政府、县级人民政府宣布其当选无效”; 北京 第三十八条 “乡、民族乡、镇或者区、县人民政府调查
    确认后，宣布当选无效”; 河南 第四十四条 “由县级人民政府宣布其当选无效” [V]. Empty: the measure names no
    body, and the national text's investigating governments apply (:data:`voiding.VOID_BODIES_DEFAULT`,
    [M])."""
    void_article: str = ""
    void_election_bodies: tuple[str, ...] = ()
    """Who declares a whole election void (选举无效): 河南 第三十九条 “由县级人民政府作出书面决定，并宣布
    选举无效，依法重新组织选举” [V]; empty: the winner's bodies apply (a judgement [M])."""
    void_election_article: str = ""
    void_election_rerun_days: int | None = None
    """The re-run follows within this many days (河南 第三十九条 “重新选举在宣布选举无效后三十日内进行”)."""
    void_remedy: Literal["supplementary", "by_election"] = "by_election"
    """What fills a voided winner's seat: ``supplementary`` 另行选举 (浙江 第四十一条 “在另行选举中再次当选
    的，其当选无效” [V]); ``by_election`` 补选 of the vacancy by the 村民会议 or 村民代表会议 (the national
    text's by-election article, a judgement where the measure is silent [M])."""
    void_remedy_article: str = ""
    vacancy_stay_short_min: int | None = None
    """A vacancy need not be filled while at least this many members remain, when the body in
    :attr:`vacancy_stay_short_by` agrees (上海 第二十九条 “其成员满三人的，经村民代表会议同意可以不补选；
    其成员不满三人的，应当在三个月内…进行补选” [V]); ``None``: the vacancy is filled."""
    vacancy_stay_short_by: str = ""
    vacancy_stay_short_months: int | None = None
    vacancy_stay_short_article: str = ""
    results_filing_article: str = ""
    """The article that has the certified result filed (备案) with the township — a record, no
    approval: 北京 第三十一条 “当场公布选举结果，并报乡、民族乡、镇人民政府备案”, 上海 第八条（七）“公布选举
    结果，并报乡、镇人民政府备案”, 河南 第三十七条 “选举结果应当及时报乡、民族乡、镇的人民政府备案” [V];
    empty: the measure names none (filed with the township that guides the election [M])."""
    reliability: str = "V"
    # Provenance (issue 8 reqs. 4, 8) ---------------------------------------------------------
    origin: str = ""
    """Where the texts of articles not in shared/reference/laws were read (e.g. jiangsu.md §13.2)."""
    article_quotes: Mapping[str, str] = field(default_factory=dict)
    """Verbatim text of the measure's articles that are not in shared/reference/laws."""
    extra_sources: tuple[tuple[str, str, str, str], ...] = ()
    """Other documents of the province cited by the profile: (document, article, quote, note), e.g.
    a 民政厅 规程 (departmental guidance)."""
    inherits_note: str = ""
    """When set, every rule without a verified provincial article is cited as the national rule plus
    this note (“…相应条款未核实，适用国家法律”), and its provenance is ``inherited``."""
    conflicts: tuple[Conflict, ...] = ()
    """Where the provincial measure conflicts with a national text: which prevails from which date."""

    def cite(self, article: str, fallback: str) -> str:
        """Cite the provincial ``article`` when the profile has one, otherwise ``fallback`` (the
        national citation, followed by :attr:`inherits_note` when the profile inherits)."""
        if article and self.measure:
            tag = "" if self.reliability == "V" else f" [{self.reliability}]"
            return f"{self.measure} {article}{tag}"
        if self.inherits_note and fallback:
            return f"{fallback}；{self.inherits_note}"
        return fallback


LAWS: dict[str, Law] = {
    "village-2018": Law(
        code="village-2018",
        kind="village",
        title="村民委员会组织法(2018)",
        effective_from=date(2018, 12, 29),
        validity_article="第十五条",
        supplementary_article="第十五条",
        composition_article="第六条",
        recall_article="第十六条",
        relatives_article="第六条",
        direct_election_article="第十一条",
        by_election_article="第十九条",
        void_article="第十七条",
        termination_article="第十八条",
        review_article="第三十三条",
        schedule=LawSchedule(
            kind="committee",
            committee="村民委员会",
            party_org="村党组织",
            voter_list_article="第十四条",
            election_article="第十五条",
            handover_article="第二十条",
            audit_article="第三十五条",
            supervision_title="村务监督委员会",
            supervision_article="第三十二条",
        ),
        eligibility=LawEligibility(
            rights_article="第十三条",
            registration_article="第十三条",
            candidate_article="第十五条",
            categories=_VILLAGE_2018_CATEGORIES,
        ),
    ),
    "village-2025": Law(
        code="village-2025",
        kind="village",
        title="村民委员会组织法(2025)",
        effective_from=date(2026, 1, 1),
        validity_article="第十八条",
        supplementary_article="第十八条",
        composition_article="第八条",
        dual_role_article="第八条",
        recall_article="第十九条",
        relatives_avoidance=True,
        relatives_article="第八条",
        relatives_kinds=NEAR_RELATIVES,
        direct_election_article="第十四条",
        by_election_article="第二十三条",
        resignation_article="第二十条",
        void_article="第二十一条",
        termination_article="第二十二条",
        review_article="第三十八条",
        proxy_cap=3,
        proxy_others=True,
        candidates_may_be_proxies=False,
        no_candidates_unsettled=True,
        party_may_nominate=True,
        schedule=LawSchedule(
            kind="committee",
            committee="村民委员会",
            party_org="村党组织",
            voter_list_article="第十七条",
            election_article="第十八条",
            handover_article="第二十四条",
            audit_article="第四十条",
            supervision_title="村务监督委员会",
            supervision_article="第三十七条",
        ),
        eligibility=LawEligibility(
            rights_article="第十六条",
            registration_article="第十六条",
            candidate_article="第十八条",
            categories=(
                *_VILLAGE_2018_CATEGORIES,
                RegistrationCategory(
                    "village_work",
                    (
                        "户籍不在本村，在本村从事村务工作一年以上，本人申请参加选举，并且经村"
                        "民会议或者村民代表会议同意参加选举的公民"
                    ),
                    min_months=12,
                    needs_application=True,
                    approval_by="村民会议或者村民代表会议",
                ),
            ),
            bars=(EXPELLED, CRIMINAL, CLAN_OR_GANG, RELIGION_OR_CULT),
        ),
    ),
    "community-2018": Law(
        code="community-2018",
        kind="community",
        title="城市居民委员会组织法(2018)",
        effective_from=date(2018, 12, 29),
        # The 2018 text only says who elects (Art. 8) and that the 居民会议 may recall (Art. 10); the
        # thresholds follow the village law by analogy [M], and every such citation says so.
        reliability="M",
        analogy="参照村民委员会组织法(2018) 第十五条 [M]",
        validity_article="第八条",
        supplementary_article="第八条",
        composition_article="第七条",
        recall_article="第十条",
        members_min=5,
        members_max=9,
        relatives_article="第七条",
        direct_election_article="第八条",
        by_election_article="第十条",
        removal_article="第十条",
        # The 2018 residents' law has no voter-list, handover or audit clauses; the village law's periods
        # apply by analogy, and ``Law.cite`` tags these citations [M].
        schedule=LawSchedule(
            kind="committee",
            committee="居民委员会",
            party_org="社区党组织",
            voter_list_article="第八条",
            election_article="第八条",
            handover_article="第八条",
        ),
        # The 2018 residents' law only says residents aged 18+ vote (第八条); no registration categories.
        eligibility=LawEligibility(
            rights_article="第八条",
            registration_article="第八条",
            candidate_article="第八条",
            categories=(RegistrationCategory("resident", "本居住地区年满十八周岁的居民"),),
            place="本社区",
        ),
    ),
    "community-2025": Law(
        code="community-2025",
        kind="community",
        title="城市居民委员会组织法(2025)",
        effective_from=date(2026, 1, 1),
        validity_article="第十九条",
        supplementary_article="第十九条",
        composition_article="第八条",
        dual_role_article="第八条",
        recall_article="第二十条",
        members_min=5,
        members_max=9,
        direct_election_article="第十四条",
        relatives_avoidance=True,
        relatives_article="第八条",
        recall_petition_voters=Fraction(1, 10),
        proxy_cap=3,
        proxy_others=True,
        candidates_may_be_proxies=False,
        no_candidates_unsettled=True,
        party_may_nominate=True,
        joint_nomination_min=10,
        schedule=LawSchedule(
            kind="committee",
            committee="居民委员会",
            party_org="社区党组织",
            voter_list_article="第十七条",
            election_article="第十八条",
            handover_article="第二十五条",
            supervision_title="居务监督委员会",
            supervision_article="第三十六条",
        ),
        eligibility=LawEligibility(
            rights_article="第十六条",
            registration_article="第十六条",
            candidate_article="第十八条",
            categories=(
                RegistrationCategory("hukou", "户籍在本社区、本人表示参加选举的居民", needs_application=True),
                RegistrationCategory(
                    "resident_non_hukou",
                    "户籍不在本社区但在本社区常住、本人表示参加选举的居民",
                    needs_application=True,
                ),
                RegistrationCategory(
                    "community_worker",
                    "户籍不在本社区，在本社区工作六个月以上、本人申请参加选举的社区工作者",
                    min_months=6,
                    needs_application=True,
                    approval_by="居民选举委员会（确认并登记）",
                ),
            ),
            bars=(EXPELLED, CRIMINAL, GANG, RELIGION_OR_CULT),
            place="本社区",
        ),
    ),
    "party-2020": Law(
        code="party-2020",
        kind="party",
        title="中国共产党基层组织选举工作条例(2020)",
        effective_from=date(2020, 7, 13),
        reliability="S",
        # Art. 3 (legal-rules.md §5.1 [S]): “如需延期或者提前进行换届选举，应当报上级党组织批准。
        # 延长或者提前期限一般不超过1年。”
        postponement=PostponementRule(
            applicant="村（社区）党组织",
            approvals=("上级党组织批准",),
            limit_months=12,
            soft=True,
            reliability="S",
        ),
        postponement_article="第三条",
        validity_article="第五条",
        supplementary_article="",
        schedule=LawSchedule(
            kind="party",
            committee="村（社区）党组织委员会",
            party_org="村（社区）党组织",
            rights_article="第五条",
        ),
    ),
    "party-1990": Law(
        code="party-1990",
        kind="party",
        title="中国共产党基层组织选举工作暂行条例(1990)",
        effective_from=date(1990, 6, 27),
        reliability="S",
        validity_article="",
        supplementary_article="",
        schedule=LawSchedule(
            kind="party",
            committee="村（社区）党组织委员会",
            party_org="村（社区）党组织",
        ),
    ),
}


MOBILE_BOX_DEFAULT_SCRUTINEERS = 3
"""Scrutineers per 流动票箱 where the measure's text was not verified: the three of 浙江 第二十四条, 北京
第二十三条 and 河南 第三十一条 [M]."""

POSTPONEMENT_DEFAULT = PostponementRule(
    applicant="村民委员会",
    approvals=("乡、镇人民政府报请", "县级人民政府批准"),
    limit_months=None,
    soft=True,
    reliability="M",
)
"""Where the province's rule is not verified (national, Beijing, Henan: their texts in
shared/reference/laws hold none): the organic laws only say “届满应当及时举行换届选举” (2018 第十一条 /
2025 第十四条); the chain the verified provinces share (the town reports, the county approves) is used,
without a limit [M]."""


PROFILES: dict[str, Profile] = {
    "national": Profile(
        code="national",
        name="全国通行",
        measure="",
    ),
    "zhejiang": Profile(
        code="zhejiang",
        name="浙江省",
        election_committee_size=(5, 9),
        election_committee_article="第八条",
        election_committee_withdrawal_article="第九条",
        election_committee_relatives=SPOUSE_PARENTS_CHILDREN_SIBLINGS,
        election_committee_vacancy_article="第九条",
        mobile_box_min_scrutineers=3,
        mobile_box_needs_approval=True,
        mobile_box_article="第二十四条",
        staff_roles=("唱票", "监票", "计票"),
        staff_barred_relatives=SPOUSE_PARENTS_CHILDREN_SIBLINGS,
        staff_article="第二十二条",
        void_bodies=("election_committee", "township_government", "county_government"),
        void_article="第四十一条",
        void_remedy="supplementary",
        void_remedy_article="第四十一条",
        measure="浙江省村民委员会选举办法",
        no_candidates_article="第二十条",
        # Nomination, Arts. 17–20 [V].
        nomination_article="第十七条",
        nomination_no_proxy_article="第十七条",
        nomination_two_posts_invalid=True,
        nomination_two_posts_article="第十七条",
        nomination_quorum=Fraction(1, 2),
        nomination_quorum_article="第十八条",
        primary_article="第十八条",
        nomination_tie="primary",
        two_posts_confirm_article="第十八条",
        candidate_order_article="第十八条",
        withdrawal_fill="always",
        withdrawal_fill_article="第十九条",
        self_nomination_days_before=10,
        self_nomination_one_post=True,
        self_nomination_article="第二十条",
        self_nominee_order_article="第二十条",
        # Art. 3 para. 2 [V]: “遇特殊情况需要提前或者延期的，由乡、镇人民政府报县级人民政府批准，
        # 提前或者延期一般不得超过六个月。”
        postponement=PostponementRule(
            applicant="乡、镇人民政府",
            approvals=("乡、镇人民政府报请", "县级人民政府批准"),
            limit_months=6,
            soft=True,
        ),
        postponement_article="第三条",
        surplus_article="第十八条",
        candidate_list_article="第十八条",
        proxy_named_relatives_only=True,
        proxy_candidates_barred=True,
        proxy_request_days_before=3,
        proxy_on_site=False,
        proxy_article="第二十五条",
        two_posts_rule="ballot_invalid",
        ballot_article="第二十七条",
        win_article="第二十八条",
        supplementary_window_days=30,
        supplementary_article="第二十九条",
        women_rule="separate_line",
        women_article="第二十九条",
        relatives_avoidance=True,
        relatives_article="第三十一条",
        relatives_kinds=SPOUSE_PARENTS_CHILDREN_SIBLINGS,
        resignation_article="第三十七条",
        vacancy_min_members=3,
        vacancy_article="第三十条",
        voter_list_article="第十四条",
        candidate_withdrawal_days_before=3,
        candidate_withdrawal_article="第十九条",
        notice_days_before=5,
        notice_article="第二十二条",
        handover_article="第三十三条",
        categories=(
            RegistrationCategory(
                "village_work",
                "户籍不在本村，在本村从事村务工作一年以上，本人申请参加选举的公民",
                min_months=12,
                needs_application=True,
                approval_by="村民会议或者村民代表会议",
                source="浙江省村民委员会选举办法 第十三条 [S]",
            ),
        ),
        conflicts=(
            Conflict(
                topic="近亲属回避的范围",
                provincial="第三十一条：夫妻、父母子女、兄弟姐妹",
                national=(
                    "村民委员会组织法(2025) 第八条：村民委员会成员实行近亲属回避（"
                    "近亲属：民法典 第一千零四十五条）"
                ),
                prevails="both",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note=(
                    "The national set of kinds applies; the"
                    " provincial mechanics (higher post, mo"
                    "re votes, re-vote) decide who stays [M"
                    "]."
                ),
            ),
            Conflict(
                topic="委托投票的受托人",
                provincial="第二十五条：只能委托配偶、父母子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女",
                national=(
                    "村民委员会组织法(2025) 第十八条：近亲属或者其他村民；每一村民"
                    "接受委托不得超过三人；候选人不得接受委托投票"
                ),
                prevails="national",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note=(
                    "A narrower provincial list against a n"
                    "ational right (或者其他村民): the national t"
                    "ext prevails [M]."
                ),
            ),
            Conflict(
                topic="无候选人自荐直选",
                provincial="第二十条、第二十一条、第二十九条：可以实行无候选人自荐直选",
                national=(
                    "村民委员会组织法(2025) 第十八条：候选人由村党组织或者登记参加"
                    "选举的村民提名推荐，名额应当多于应选名额"
                ),
                prevails="provincial",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note=(
                    "Unsettled: the 2025 text speaks of nom"
                    "inated candidates; the engine still co"
                    "unts such elections and flags them [M]"
                    "."
                ),
            ),
        ),
    ),
    "shanghai": Profile(
        code="shanghai",
        name="上海市",
        election_committee_size=(7, 9),
        election_committee_article="第七条",
        election_committee_withdrawal_article="第七条",
        election_committee_vacancy_article="第七条",
        staff_roles=("监票", "发票", "唱票", "计票", "代书"),
        staff_barred_relatives=SPOUSE_AND_DIRECT_LINE,
        staff_article="第十四条",
        vacancy_stay_short_min=3,
        vacancy_stay_short_by="村民代表会议",
        vacancy_stay_short_months=3,
        vacancy_stay_short_article="第二十九条",
        results_filing_article="第八条",
        measure="上海市村民委员会选举办法",
        no_candidates_article="第十一条",
        # Art. 12 [V]: nomination by vote, most votes; list in vote order. No cap, quorum or
        # withdrawal rule in the text.
        candidate_order_article="第十二条",
        # Art. 5 para. 2 [V]: the 村民委员会 states the reason and the length; 村民会议 or 村民代表会议
        # agrees, the town reviews, the district government approves; the district 民政 files it with
        # the city's 民政 (备案). The text sets no limit of its own.
        postponement=PostponementRule(
            applicant="村民委员会（提出延期理由及延长期限）",
            approvals=("村民会议或者村民代表会议同意", "乡、镇人民政府审查", "区人民政府批准"),
            limit_months=None,
            soft=False,
            filing="区民政部门报市民政部门备案",
        ),
        postponement_article="第五条",
        surplus_head=(1, 1),
        surplus_member=(1, 3),
        surplus_article="第十二条",
        candidate_list_article="第十二条",
        proxy_request_days_before=5,
        proxy_list_days_before=2,
        proxy_on_site=False,
        proxy_article="第十六条",
        ballot_article="第十九条",
        win_article="第二十条",
        supplementary_window_days=30,
        supplementary_article="第二十一条",
        women_article="第二条",
        relatives_avoidance=True,
        relatives_article="第二条",
        relatives_kinds=SPOUSE_AND_DIRECT_LINE,
        vacancy_min_members=3,
        vacancy_allowed_next="assembly_decides",
        vacancy_shortfall_next="supplementary",
        vacancy_shortfall_basis="provincial",
        vacancy_article="第二十一条",
        vacancy_decided_by="村民会议或者村民代表会议",
        voter_list_article="第十条",
        handover_article="第二十四条",
        categories=(
            RegistrationCategory(
                "married_in",
                "户籍不在本村、与本村村民结婚并在本村居住的公民",
                needs_application=True,
                source="上海市村民委员会选举办法 第九条 [S]",
            ),
            RegistrationCategory(
                "collective_member",
                "户籍已迁出但仍享有本村集体经济组织权益的原村民",
                needs_application=True,
                source="上海市村民委员会选举办法 第九条 [S]",
            ),
        ),
        conflicts=(
            Conflict(
                topic="近亲属回避的范围",
                provincial="第二条：夫妻关系或者直系亲属关系",
                national=(
                    "村民委员会组织法(2025) 第八条：村民委员会成员实行近亲属回避（"
                    "近亲属：民法典 第一千零四十五条）"
                ),
                prevails="both",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note=(
                    "Siblings are added by the national 近亲属"
                    " set; the other direct-line relatives "
                    "stay covered [M]."
                ),
            ),
            Conflict(
                topic="委托投票的受托人",
                provincial="第十六条：本村有选举权的近亲属",
                national=(
                    "村民委员会组织法(2025) 第十八条：近亲属或者其他村民；每一村民"
                    "接受委托不得超过三人；候选人不得接受委托投票"
                ),
                prevails="national",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note="The national text adds 其他村民 and bars candidates [M].",
            ),
        ),
    ),
    "beijing": Profile(
        code="beijing",
        name="北京市",
        election_committee_size=(5, 9),
        election_committee_article="第九条",
        election_committee_withdrawal_article="第十一条",
        election_committee_new_choice_only_when_short=True,
        election_committee_vacancy_article="第十一条",
        mobile_box_min_scrutineers=3,
        station_min_scrutineers=3,
        mobile_box_article="第二十三条",
        staff_roles=("监票", "唱票", "计票", "代书", "其他"),
        staff_barred_relatives=SPOUSE_AND_DIRECT_LINE,
        staff_article="第二十一条",
        void_bodies=("township_government", "county_government"),
        void_article="第三十八条",
        results_filing_article="第三十一条",
        measure="北京市村民委员会选举办法",
        # Art. 16 [V]: nomination meeting with more than half of the voters; at most the seats per
        # voter; Art. 20: list in order of nomination votes.
        nomination_article="第十六条",
        nomination_quorum=Fraction(1, 2),
        nomination_quorum_article="第十六条",
        candidate_order_article="第二十条",
        surplus_head=(1, 2),
        surplus_member=(1, 2),
        surplus_article="第十六条",
        candidate_list_article="第二十条",
        proxy_candidates_barred=True,
        proxy_article="第二十五条",
        ballot_article="第二十八条",
        win_article="第二十九条",
        supplementary_window_days=15,
        supplementary_article="第三十条",
        women_rule="at_least_one",
        women_article="第三条",
        resignation_article="第三十五条",
        # “当选人数超过三人且主任已选出” → at least four, including the 主任.
        vacancy_min_members=4,
        vacancy_requires_head=True,
        vacancy_allowed_next="assembly_decides",
        vacancy_decided_by="村民会议或者村民代表会议",
        vacancy_article="第三十条",
        voter_list_article="第十五条",
        handover_article="第三十二条",
        categories=(
            RegistrationCategory(
                "former_agricultural",
                "原为本村农业户籍、已转为非农业户籍并在本村居住的村民",
                needs_application=True,
                source="北京市村民委员会选举办法 第十三条 [S]",
            ),
        ),
        conflicts=(
            Conflict(
                topic="任期",
                provincial="第四条：每届任期三年",
                national="村民委员会组织法(2018) 第十一条：每届任期五年",
                prevails="national",
                from_date=date(2018, 12, 29),
                judgement=False,
                law="village-2018",
                note="The 2018 amendment set five years; the national law prevails.",
            ),
            Conflict(
                topic="委托投票的受托人",
                provincial="第二十五条：本村具有选举权的近亲属",
                national=(
                    "村民委员会组织法(2025) 第十八条：近亲属或者其他村民；每一村民"
                    "接受委托不得超过三人；候选人不得接受委托投票"
                ),
                prevails="national",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note="The national text adds 其他村民 [M].",
            ),
        ),
    ),
    "jiangsu": Profile(
        code="jiangsu",
        name="江苏省",
        # J1 《江苏省村民委员会选举办法》(2019 revision): only Arts. 1–5 were verified (jiangsu.md §13.2).
        measure="江苏省村民委员会选举办法",
        origin="shared/reference/jiangsu.md §13.2 (J1 2019 revision, Arts. 1–5; three copies agree) [V]",
        article_quotes={
            # The chapter heading only (jiangsu.md §13.2, table of contents of J1) [V].
            "第六章": "第六章 罢免、辞职、自行终止和补选",
            "第三条": (
                "村民委员会由主任、副主任和委员共三至七人组成，由登记参加选举的村民以"
                "无记名投票方式直接选举产生。"
                "任何组织或者个人不得指定、委派或者撤换村民委员会成员。\n"
                "村民委员会成员中，应当有妇女成员，多民族村民居住的村应当有人数较少的民族的成员。"
                "村民委员会成员的具体名额由村民会议或者村民代表会议讨论决定。"
            ),
            "第四条": (
                "村民委员会每届任期五年，届满应当及时进行换届选举。村民委员会成员可以连选连任。\n"
                "因特殊原因需要提前或者延期换届选举的，由村民委员会提出申请，村民会议"
                "或者村民代表会议讨论通过后，"
                "经乡镇人民政府报请县（市、区）人民政府批准。提前或者延期一般不得超过一年。\n"
                "因区划调整需要重新组建村民委员会的，应当自区划批复之日起六个月内进行选举。"
            ),
        },
        extra_sources=(
            (
                "江苏省村民委员会选举规程（苏民规〔2020〕4号）",
                "第一条",
                "村民委员会选举工作由省人民政府统一部署，设区的市、县、（市、区）、乡镇人民政府组织实施。"
                "辖有村的街道办事处，在村民委员会选举中履行应当由乡镇人民政府履行的职责。",
                (
                    "民政厅 规程 (departmental guidance), of"
                    "ficial page mzt.jiangsu.gov.cn [V]"
                    "; only Art. 1 read."
                ),
            ),
        ),
        inherits_note="江苏省村民委员会选举办法相应条款未核实，适用国家法律 [M]",
        # J1 Art. 4 para. 2 [V] (jiangsu.md §13.3 row 28): the three approvals, “一般不得超过一年”.
        postponement=PostponementRule(
            applicant="村民委员会",
            approvals=("村民会议或者村民代表会议讨论通过", "乡镇人民政府报请", "县（市、区）人民政府批准"),
            limit_months=12,
            soft=True,
        ),
        postponement_article="第四条",
        women_article="第三条",
        resignation_article="第六章",
        # Row 8 (jiangsu.md §13.3): no verified vacancy rule → report and ask for a decision.
        vacancy_min_members=None,
        vacancy_shortfall_next="decision_needed",
        conflicts=(
            Conflict(
                topic="少数民族成员",
                provincial="第三条：多民族村民居住的村应当有人数较少的民族的成员",
                national="村民委员会组织法(2025) 第八条不再有此款（2018 第六条有）",
                prevails="provincial",
                from_date=date(2026, 1, 1),
                judgement=True,
                note=(
                    "The national text dropped the clause b"
                    "ut does not forbid it: the province's "
                    "rule stands [M]."
                ),
            ),
        ),
    ),
    "henan": Profile(
        code="henan",
        name="河南省",
        election_committee_size=(7, 9),
        election_committee_article="第十一条",
        election_committee_chair_by_members=True,
        election_committee_withdrawal_article="第十二条",
        election_committee_new_choice_only_when_short=True,
        election_committee_vacancy_article="第十二条",
        mobile_box_min_scrutineers=3,
        mobile_box_article="第三十一条",
        staff_roles=("计票", "监票"),
        staff_barred_relatives=SPOUSE_PARENTS_CHILDREN_SIBLINGS,
        staff_article="第三十二条",
        void_bodies=("county_government",),
        void_article="第四十四条",
        results_filing_article="第三十七条",
        void_election_bodies=("county_government",),
        void_election_article="第三十九条",
        void_election_rerun_days=30,
        measure="河南省实施《村民委员会组织法》办法",
        no_candidates_article="第二十二条",
        # Arts. 24–27 [V]: meeting quorum, cap, two posts on one paper, tie → re-vote, withdrawal
        # within three days after the list, fill-in only when no longer 差额.
        nomination_article="第二十四条",
        nomination_quorum=Fraction(1, 2),
        nomination_quorum_article="第二十四条",
        nomination_two_posts_invalid=True,
        nomination_two_posts_article="第二十五条",
        nomination_tie_article="第二十五条",
        withdrawal_after_list_days=3,
        withdrawal_after_list_article="第二十六条",
        withdrawal_fill_article="第二十七条",
        surplus_head=(1, 1),
        surplus_member=(1, 2),
        surplus_article="第二十四条",
        candidate_list_article="第二十六条",
        proxy_article="第三十条",
        ballots_compared_with="issued",
        relatives_avoidance=True,
        relatives_article="第八条",
        relatives_kinds=SPOUSE_PARENTS_CHILDREN_SIBLINGS,
        members_usual=(3, 5),
        members_usual_article="第八条",
        resignation_article="第四十五条",
        ballot_article="第三十五条",
        separate_ballots=True,
        win_article="第三十六条",
        supplementary_turnout_required=True,
        supplementary_majority_first=True,
        supplementary_article="第三十八条",
        # The Henan text has no vacancy clause (Art. 38 only orders 补选 of the shortfall; Art. 39 is
        # about elections declared void): what follows a failed 另行选举 is a judgement [M].
        vacancy_min_members=None,
        vacancy_article="第三十八条",
        voter_list_article="第二十一条",
        handover_article="第四十条",
        categories=(
            RegistrationCategory(
                "talent",
                "具有大专以上学历或者中级以上职称、在本村工作的人才",
                needs_application=True,
                approval_by="村民会议或者村民代表会议",
                source="河南省实施《村民委员会组织法》办法 第二十条 [S]",
            ),
        ),
        conflicts=(
            Conflict(
                topic="任期",
                provincial="第十七条：每届任期三年",
                national="村民委员会组织法(2018) 第十一条：每届任期五年",
                prevails="national",
                from_date=date(2018, 12, 29),
                judgement=False,
                law="village-2018",
                note="The 2018 amendment set five years; the national law prevails.",
            ),
            Conflict(
                topic="近亲属回避的范围",
                provincial="第八条：夫妻、父母、子女或者兄弟姐妹",
                national=(
                    "村民委员会组织法(2025) 第八条：村民委员会成员实行近亲属回避（"
                    "近亲属：民法典 第一千零四十五条）"
                ),
                prevails="both",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note=(
                    "The national set of kinds applies; Art"
                    ". 8's mechanics (highest post, more vo"
                    "tes) decide who stays [M]."
                ),
            ),
            Conflict(
                topic="委托投票的受托人",
                provincial="第三十条：本村有选举权的近亲属",
                national=(
                    "村民委员会组织法(2025) 第十八条：近亲属或者其他村民；每一村民"
                    "接受委托不得超过三人；候选人不得接受委托投票"
                ),
                prevails="national",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note="The national text adds 其他村民 and bars candidates [M].",
            ),
            Conflict(
                topic="不确定候选人的选举方式",
                provincial="第二十二条、第二十九条：可以采取不确定候选人的选举方式",
                national=(
                    "村民委员会组织法(2025) 第十八条：候选人由村党组织或者登记参加"
                    "选举的村民提名推荐，名额应当多于应选名额"
                ),
                prevails="provincial",
                from_date=date(2026, 1, 1),
                judgement=True,
                law="village-2025",
                note="Unsettled under the 2025 text; counted and flagged [M].",
            ),
        ),
    ),
}


def relatives_rule(law: Law, profile: Profile) -> tuple[bool, frozenset[str], str]:
    """Whether 近亲属回避 applies among committee members, the kinds it covers and its citation.

    The provincial rule (a measure in force) applies under either national text; under the 2025 text
    the national rule applies too, and its wider set of kinds (近亲属) prevails over a narrower
    provincial list, while the provincial mechanics (keep the higher post, then more votes) still
    decide who stays (conflict table of the profile, [M])."""
    national = law.relatives_avoidance
    provincial = profile.relatives_avoidance and bool(profile.measure)
    kinds: frozenset[str] = frozenset()
    cites = []
    if national:
        kinds |= law.relatives_kinds
        cites.append(law.cite(law.relatives_article))
    if provincial:
        kinds |= profile.relatives_kinds
        cites.append(profile.cite(profile.relatives_article, ""))
    elif national and profile.inherits_note:
        cites.append(profile.inherits_note)
    return national or provincial, kinds, "；".join(cites)


TRANSITION_DAY = date(2026, 1, 1)
"""Both 2025 texts take effect on 2026-01-01 (主席令第五十九号; 城市居民委员会组织法(2025) 第五十条)."""

CHANGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("village-2018", "village-2025"): (
        "候选人由村党组织或者登记参加选举的村民提名推荐（第十八条）",
        "法定的候选人禁止情形：被开除中国共产党党籍，因犯罪受过刑事处罚，利用宗族或者黑恶势力从事非法活动，"
        "组织或者参加非法宗教活动或者邪教活动的，不得作为候选人（第十八条）",
        "委托投票：近亲属或者其他村民；每一村民接受委托不得超过三人；候选人不得接受委托投票（第十八条）",
        "村民选举委员会成员或者其近亲属被提名为候选人的，应当退出村民选举委员会（第十五条）",
        "村民委员会成员实行近亲属回避（第八条）",
        "登记类别增加“在本村从事村务工作一年以上”（第十六条）",
    ),
    ("community-2018", "community-2025"): (
        "候选人由社区党组织或者十名以上选民联合提名推荐；法定的候选人禁止情形（第十八条）",
        "选举方式和有效条件：居民代表方式须超过三分之二的居民代表参加投票，不实行委托投票（第十九条）",
        "委托投票：每一选民接受的委托不得超过三人；候选人不得接受委托投票（第十九条）",
        "居民委员会成员实行近亲属回避（第八条）",
        "选民登记：在本社区工作六个月以上的社区工作者可以申请登记（第十六条）",
    ),
}
"""What changes when a step falls under the new text (legal-rules.md §0, §1, §2 [V])."""


@lru_cache(maxsize=4096)
def law_in_force(kind: LawKind, day: date) -> Law:
    """The national text (or Party regulation) of ``kind`` in force on ``day``: the latest one whose
    ``effective_from`` is not after ``day``. Laws do not apply to steps taken before they take effect
    (no retroactivity; the 2025 texts from 2026-01-01). The laws are constants: each answer is
    remembered (a campaign's screening asks it for every candidate)."""
    candidates = [law for law in LAWS.values() if law.kind == kind and law.effective_from <= day]
    if not candidates:
        raise UnknownCode(f"{kind}@{day.isoformat()}")
    return max(candidates, key=lambda law: law.effective_from)


class UnknownCode(ValueError):
    """An unknown law or profile code."""


def get_law(code: str) -> Law:
    """The :class:`Law` for ``code``; raises :class:`UnknownCode`."""
    try:
        return LAWS[code]
    except KeyError:
        raise UnknownCode(code) from None


def get_profile(code: str) -> Profile:
    """The :class:`Profile` for ``code``; raises :class:`UnknownCode`."""
    try:
        return PROFILES[code]
    except KeyError:
        raise UnknownCode(code) from None


def register_profile(profile: Profile) -> Profile:
    """Make ``profile`` available to every rule (counting, schedule, eligibility, ``huanjie tally``)
    under its code; raises ``ValueError`` when the code is taken. Returns the profile."""
    if profile.code in PROFILES:
        raise ValueError(f"省份配置 {profile.code} 已存在")
    PROFILES[profile.code] = profile
    return profile


def unregister_profile(code: str) -> Profile:
    """Remove a profile added with :func:`register_profile`; raises :class:`UnknownCode`."""
    profile = get_profile(code)
    del PROFILES[code]
    return profile
