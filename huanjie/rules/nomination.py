"""Nominating 村（居）民委员会 candidates, counted as the law and the provincial profile say (issue 11
req. 2; legal-rules.md §1–§4; the measures in shared/reference/laws).

* Who may nominate (:func:`nominator_check`): 村民委员会组织法(2018) 第十五条 “由登记参加选举的村民
  直接提名候选人”; (2025) 第十八条 “由村党组织或者登记参加选举的村民提名推荐” — the Party organization
  only from 2026-01-01; 城市居民委员会组织法(2025) 第十八条 “由社区党组织或者十名以上选民联合提名推荐”
  — a single voter no longer nominates, ten or more do jointly [V]; the 2018 residents' law says
  nothing (by analogy, the voters [M]). The text in force on the day of the nomination applies.
* One nomination paper (:func:`paper_check`): its nominator must be on the roll (the laws' “登记参加
  选举的村民”); no 委托提名 (浙江 第十七条 [V]; 2018 第十五条 “直接提名”; elsewhere [M]); at most as many
  names per post as the profile's cap, by default the seats (浙江 第十七条, 北京 第十六条, 河南 第二十四条
  [V]); a name put for two posts on one paper is invalid where the profile says so (浙江 第十七条,
  河南 第二十五条).
* Formal candidates (:func:`formal_candidates`) by nomination votes or by 预选 (浙江 第十八条), with the
  meeting quorum “过半数选民参加” (浙江 第十八条, 北京 第十六条, 河南 第二十四条: exactly half is not
  enough, 民法典 第一千二百五十九条); per post, seats plus the surplus the plan asks within the
  profile's range (上海 第十二条 主任/副主任 +1, 委员 +1–3; 北京 第十六条 +1–2; 河南 第二十四条 主任/副主任
  +1, 委员 +1–2; national “多于应选名额”); ties at the cut and shortfalls are explained, never guessed.
* The published order (:func:`order_candidates`): by nomination votes (浙江 第十八条, 上海 第十二条,
  北京 第二十条) or by 姓氏笔画 (浙江 第二十条 for 自荐人), strokes from :mod:`stroke_data`.
* Withdrawal and fill-in (:func:`withdraw`): 浙江 第十九条 (in writing, three days before the election,
  fill to the number from the next nominees by votes); 河南 第二十六条、第二十七条 (within three days after
  the list, fill only when no longer 差额).
* 自荐直选 (:func:`self_nomination_check`): only where the profile has an election without candidates
  (浙江 第二十条: register ten days before, one post, in person).

Every result carries its steps (rule, citation, Chinese sentence); blocks and warnings are kept apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from huanjie.rules.citations import (
    CIVIL_CODE_THRESHOLDS,
    JUDGEMENT_CANDIDATE_ORDER,
    JUDGEMENT_COMMUNITY_2018_NOMINATION,
    JUDGEMENT_LAW_ON_DAY,
    JUDGEMENT_NO_CANDIDATES_2025,
    JUDGEMENT_NOMINATION_CAP,
    JUDGEMENT_NOMINATION_ONCE,
    JUDGEMENT_NOMINATION_PROXY,
    JUDGEMENT_NOMINATION_TIE,
    JUDGEMENT_NOMINATION_TWO_POSTS,
    JUDGEMENT_PRIMARY,
    JUDGEMENT_SELF_NOMINATION,
    JUDGEMENT_STROKES,
    JUDGEMENT_TWO_POSTS_CONFIRM,
    JUDGEMENT_WITHDRAWAL,
)
from huanjie.rules.eligibility import Verdict
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import CandidateOrder, Law, LawKind, Profile, law_in_force
from huanjie.rules.stroke_data import STROKES

__all__ = [
    "HEAD_POSTS",
    "FormalCandidates",
    "NominationCount",
    "NominationPaper",
    "NominationSource",
    "OrderedList",
    "PaperVerdict",
    "PostCandidates",
    "SelfNomination",
    "Withdrawal",
    "WithdrawalResult",
    "count_nominations",
    "formal_candidates",
    "nominator_check",
    "order_candidates",
    "paper_check",
    "self_nomination_check",
    "stroke_key",
    "withdraw",
]

HEAD_POSTS = frozenset({"主任", "副主任"})
"""Posts whose surplus is :attr:`Profile.surplus_head`; every other post uses ``surplus_member``."""
UNKNOWN_STROKES = 99
"""Sort position of a character missing from the stroke table: after every known count."""
SEPARATORS = frozenset("·• ")
"""Characters of a name that are not counted (e.g. the dot in 阿依古丽·买买提)."""

NominatorKind = Literal["voter", "voters_jointly", "party_org"]
Method = Literal["nomination", "primary"]


class _Collector:
    """Every step goes to the explanation; blocks and warnings are also kept apart."""

    def __init__(self) -> None:
        self.explanation = Explanation()
        self.blocks: list[Step] = []
        self.warnings: list[Step] = []

    def note(self, rule: str, citation: str, text: str) -> None:
        self.explanation.add(rule, citation, text)

    def block(self, rule: str, citation: str, text: str) -> None:
        self.note(rule, citation, text)
        self.blocks.append(self.explanation.steps[-1])

    def warn(self, rule: str, citation: str, text: str) -> None:
        self.note(rule, citation, text)
        self.warnings.append(self.explanation.steps[-1])

    def verdict(self) -> Verdict:
        return Verdict(not self.blocks, tuple(self.blocks), tuple(self.warnings), self.explanation)


def _nomination_cite(law: Law) -> str:
    """The law's nomination article (2018 第十五条 / 2025 第十八条; 居民 2018 第八条 [M])."""
    if law.eligibility is None:
        raise ValueError(f"{law.title} 为党内法规，不适用村（居）民委员会候选人提名规则")
    return law.cite(law.eligibility.candidate_article)


# --- who may nominate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NominationSource:
    """Who puts a nomination forward, and on which day: one voter, voters jointly (``signers`` of
    them, all on the roll), or the village (community) Party organization."""

    by: NominatorKind
    on: date
    signers: int = 1


def nominator_check(source: NominationSource, *, kind: LawKind) -> Verdict:
    """May ``source`` nominate a candidate of the ``kind`` committee on ``source.on``?

    Village: voters (2018 第十五条; 2025 第十八条), and from 2026-01-01 the 村党组织 (2025 第十八条).
    Community: from 2026-01-01 the 社区党组织 or ten or more voters jointly (城市居民委员会组织法(2025)
    第十八条; 9 signers are not enough, 10 are: “以上” includes the number, 民法典 第一千二百五十九条);
    before, the 2018 text is silent and the voters nominate by analogy [M]. Example: the 村党组织
    nominating on 2025-12-31 → blocked; on 2026-01-01 → allowed.
    """
    law = law_in_force(kind, source.on)
    c = _Collector()
    c.note(
        "law_on_day", JUDGEMENT_LAW_ON_DAY, f"提名于 {source.on.isoformat()} 进行，适用当日施行的{law.title}"
    )
    cite = _nomination_cite(law)
    if law.reliability != "V":
        cite = f"{cite}；{JUDGEMENT_COMMUNITY_2018_NOMINATION}"
    party = law.schedule.party_org
    if source.by == "party_org":
        if law.party_may_nominate:
            c.note("nominator.party", cite, f"{law.title}规定{party}可以提名推荐候选人")
        else:
            c.block("nominator.party", cite, f"{law.title}规定候选人由选民提名，{party}不能提名候选人")
        return c.verdict()
    need = law.joint_nomination_min
    if need is None:
        who = "选民个人" if source.by == "voter" else f"{source.signers} 名选民联合"
        c.note("nominator.voters", cite, f"{who}提名，符合{law.title}“由登记参加选举的选民提名”的规定")
    elif source.by == "voter":
        c.block(
            "nominator.voters", cite, f"{law.title}规定须{need}名以上选民联合提名推荐，选民个人不能单独提名"
        )
    elif source.signers >= need:
        c.note("nominator.voters", cite, f"{source.signers} 名选民联合提名，达到“{need}名以上”的要求")
    else:
        c.block(
            "nominator.voters",
            f"{cite}；{CIVIL_CODE_THRESHOLDS}",
            f"{source.signers} 名选民联合提名，不足{law.title}规定的“{need}名以上”",
        )
    return c.verdict()


# --- one nomination paper -------------------------------------------------------------------------


@dataclass(frozen=True)
class NominationPaper:
    """One voter's nomination paper (提名票): ``choices`` are ``(post, names)`` pairs."""

    nominator: str
    choices: tuple[tuple[str, tuple[str, ...]], ...]
    by_proxy: bool = False


@dataclass(frozen=True)
class PaperVerdict:
    """What of a paper counts: ``counted`` holds ``(post, names)`` for the valid sections."""

    nominator: str
    counted: tuple[tuple[str, tuple[str, ...]], ...]
    verdict: Verdict


def paper_check(
    paper: NominationPaper, *, seats: Mapping[str, int], roll: frozenset[str], law: Law, profile: Profile
) -> PaperVerdict:
    """Which names of ``paper`` count (see the module docstring): the nominator on the roll, no proxy,
    per post at most the cap (``Profile.nomination_cap``, default the seats: exactly at the cap counts,
    one over voids that post's names [M]), a person put for two posts struck from every post where
    ``Profile.nomination_two_posts_invalid`` (浙江 第十七条 “该提名无效”)."""
    c = _Collector()
    law_cite = _nomination_cite(law)
    none: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if paper.nominator not in roll:
        c.block("paper.roll", law_cite, f"提名人 {paper.nominator} 不在登记参加选举的选民名单内，提名票无效")
        return PaperVerdict(paper.nominator, none, c.verdict())
    if paper.by_proxy:
        if profile.nomination_no_proxy_article:
            cite = profile.cite(profile.nomination_no_proxy_article, "")
        elif law.party_may_nominate or law.reliability != "V":
            cite = JUDGEMENT_NOMINATION_PROXY
        else:
            cite = law_cite  # 2018 第十五条 “直接提名”
        c.block("paper.proxy", cite, f"提名人 {paper.nominator} 委托他人提名，提名票无效")
        return PaperVerdict(paper.nominator, none, c.verdict())
    cap_cite = profile.cite(profile.nomination_article, f"{law_cite}；{JUDGEMENT_NOMINATION_CAP}")
    kept: dict[str, tuple[str, ...]] = {}
    for post, names in paper.choices:
        if post not in seats:
            c.block("paper.post", law_cite, f"职务“{post}”不是本次应选职务，该栏提名无效")
            continue
        unique = tuple(dict.fromkeys(names))
        if len(unique) < len(names):
            c.note("paper.duplicate", JUDGEMENT_NOMINATION_ONCE, f"{post}栏同一人重复填写，只计一次")
        cap = profile.nomination_cap if profile.nomination_cap is not None else seats[post]
        if len(unique) > cap:
            c.block(
                "paper.cap",
                f"{cap_cite}；{JUDGEMENT_NOMINATION_CAP}" if profile.nomination_article else cap_cite,
                f"{post}栏提名 {len(unique)} 人，超过每一选民可提名的 {cap} 人，该栏提名无效",
            )
            continue
        c.note("paper.cap", cap_cite, f"{post}栏提名 {len(unique)} 人，不超过可提名的 {cap} 人")
        kept[post] = unique
    posts_of: dict[str, list[str]] = {}
    for post, names in kept.items():
        for name in names:
            posts_of.setdefault(name, []).append(post)
    for name, posts in posts_of.items():
        if len(posts) < 2:
            continue
        joined = "、".join(posts)
        if profile.nomination_two_posts_invalid:
            cite = profile.cite(profile.nomination_two_posts_article, "")
            c.block(
                "paper.two_posts", cite, f"同一提名票提名 {name} 为{joined}两项职务的候选人，对其提名无效"
            )
            kept = {p: tuple(n for n in ns if n != name) for p, ns in kept.items()}
        else:
            c.note(
                "paper.two_posts", JUDGEMENT_NOMINATION_TWO_POSTS, f"{name} 被同时提名为{joined}，分别计入"
            )
    counted = tuple((p, ns) for p, ns in kept.items() if ns)
    return PaperVerdict(paper.nominator, counted, c.verdict())


@dataclass(frozen=True)
class NominationCount:
    """The valid nomination votes: ``votes`` = ``(post, ((name, votes), …))`` in vote order;
    ``participants`` = distinct voters on the roll who handed in a paper."""

    votes: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    participants: int
    papers: tuple[PaperVerdict, ...]
    explanation: Explanation = field(default_factory=Explanation)

    def of(self, post: str) -> dict[str, int]:
        """Votes of ``post`` by name (empty when nobody was nominated for it)."""
        return dict(dict(self.votes).get(post, ()))


def count_nominations(
    papers: Iterable[NominationPaper],
    *,
    seats: Mapping[str, int],
    roll: frozenset[str],
    law: Law,
    profile: Profile,
) -> NominationCount:
    """Count every paper with :func:`paper_check`; a voter's second paper is not counted [M]."""
    c = _Collector()
    seen: set[str] = set()
    verdicts: list[PaperVerdict] = []
    tally: dict[str, dict[str, int]] = {post: {} for post in seats}
    for paper in papers:
        if paper.nominator in seen:
            c.note("count.once", JUDGEMENT_NOMINATION_ONCE, f"{paper.nominator} 重复提交提名票，后一张不计")
            continue
        pv = paper_check(paper, seats=seats, roll=roll, law=law, profile=profile)
        if paper.nominator in roll:
            seen.add(paper.nominator)
        verdicts.append(pv)
        for post, names in pv.counted:
            for name in names:
                tally[post][name] = tally[post].get(name, 0) + 1
    votes = tuple(
        (post, tuple(sorted(t.items(), key=lambda kv: (-kv[1], kv[0])))) for post, t in tally.items()
    )
    invalid = sum(1 for v in verdicts if not v.counted)
    c.note(
        "count.total",
        _nomination_cite(law),
        f"收回提名票 {len(verdicts)} 张，其中无有效提名的 {invalid} 张；参加提名的选民 {len(seen)} 人",
    )
    return NominationCount(votes, len(seen), tuple(verdicts), c.explanation)


# --- formal candidates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostCandidates:
    """The formal candidates of one post: ``candidates`` in vote order; ``tied``: nominees tied at the
    cut, still to be decided (re-vote or 预选); ``reserve``: the next nominees by votes (fill-in)."""

    post: str
    seats: int
    target: int
    candidates: tuple[str, ...]
    tied: tuple[str, ...]
    reserve: tuple[str, ...]
    votes: tuple[tuple[str, int], ...]

    @property
    def settled(self) -> bool:
        """More candidates than seats and no tie left to decide."""
        return not self.tied and len(self.candidates) > self.seats


@dataclass(frozen=True)
class FormalCandidates:
    """``verdict.eligible`` is True when the meeting was valid and every post is settled."""

    posts: tuple[PostCandidates, ...]
    verdict: Verdict

    def post(self, name: str) -> PostCandidates:
        """The candidates of post ``name``; ``KeyError`` when nothing was settled for it (e.g. the
        meeting failed its quorum)."""
        for p in self.posts:
            if p.post == name:
                return p
        raise KeyError(name)


def _surplus_range(profile: Profile, post: str) -> tuple[int, int | None]:
    return profile.surplus_head if post in HEAD_POSTS else profile.surplus_member


def _range_text(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"至少多 {lo} 人（多于应选名额）"
    if hi == lo:
        return f"多 {lo} 人"
    return f"多 {lo} 至 {hi} 人"


def formal_candidates(
    votes: Mapping[str, Mapping[str, int]],
    *,
    seats: Mapping[str, int],
    registered: int,
    participants: int,
    law: Law,
    profile: Profile,
    method: Method = "nomination",
    surplus: Mapping[str, int] | None = None,
    confirmed_post: Mapping[str, str] | None = None,
) -> FormalCandidates:
    """The formal candidates of each post from the nomination (or 预选) votes.

    1. Quorum where the profile requires it: ``participants`` more than ``nomination_quorum`` of
       ``registered`` (R = 1000: 500 fails, 501 passes). Failing it settles nothing; where the
       measure provides a 预选 (浙江 第十八条（一）、（二）), a nomination vote below the quorum only
       yields 初步候选人 for a 预选.
    2. A person nominated for two posts: the post they confirmed (``confirmed_post``) keeps them
       (浙江 第十八条); unconfirmed → a block where the measure requires the choice, else a warning [M].
    3. Per post, seats + surplus: the surplus asked by the plan (``surplus[post]``; default the
       profile's minimum) must lie in the profile's range (北京 +1–2: 3 is refused).
    4. By votes; fewer nominees than seats + 1 → shortfall; a tie at the cut → ``tied`` (re-vote or
       预选 per ``Profile.nomination_tie``).
    """
    c = _Collector()
    law_cite = _nomination_cite(law)
    asked = dict(surplus or {})
    chosen = dict(confirmed_post or {})
    if method == "primary":
        c.note(
            "formal.method",
            profile.cite(profile.primary_article, JUDGEMENT_PRIMARY),
            "由选民提名初步候选人，经预选按得票多少确定正式候选人",
        )
    if profile.nomination_quorum is not None:
        cite = f"{profile.cite(profile.nomination_quorum_article, '')}；{CIVIL_CODE_THRESHOLDS}"
        share = profile.nomination_quorum
        what = "预选" if method == "primary" else "提名"
        half = "半数" if share == Fraction(1, 2) else f"{share.numerator}/{share.denominator}"
        if participants > share * registered:
            c.note(
                "formal.quorum",
                cite,
                f"参加{what}的选民 {participants} 人，超过登记选民 {registered} 人的{half}",
            )
        else:
            then = f"{what}无效，须重新组织"
            if method == "nomination" and profile.primary_article:
                then = "不能按得票直接确定正式候选人，被提名人作为初步候选人，须经过半数选民参加的预选"
            c.block(
                "formal.quorum",
                cite,
                f"参加{what}的选民 {participants} 人，未超过登记选民 {registered} 人的{half}，{then}",
            )
            return FormalCandidates((), c.verdict())
    pools = {post: dict(votes.get(post, {})) for post in seats}
    _two_posts(c, pools, chosen, profile)
    results = [
        _post_candidates(c, post, n, pools[post], asked, law_cite, profile) for post, n in seats.items()
    ]
    return FormalCandidates(tuple(results), c.verdict())


def _two_posts(
    c: _Collector, pools: dict[str, dict[str, int]], chosen: dict[str, str], profile: Profile
) -> None:
    posts_of: dict[str, list[str]] = {}
    for post, pool in pools.items():
        for name in pool:
            posts_of.setdefault(name, []).append(post)
    for name, posts in posts_of.items():
        if len(posts) < 2:
            continue
        joined = "、".join(posts)
        cite = profile.cite(profile.two_posts_confirm_article, JUDGEMENT_TWO_POSTS_CONFIRM)
        keep = chosen.get(name)
        if keep in posts:
            for post in posts:
                if post != keep:
                    del pools[post][name]
            c.note("formal.two_posts", cite, f"{name} 被同时提名为{joined}，本人书面确认作为{keep}候选人")
        elif profile.two_posts_confirm_article:
            c.block(
                "formal.two_posts",
                cite,
                f"{name} 被同时提名为{joined}，须本人书面确认作为其中一项职务的候选人",
            )
        else:
            c.warn("formal.two_posts", cite, f"{name} 被同时提名为{joined}，宜由本人确认其中一项职务")


def _post_candidates(
    c: _Collector,
    post: str,
    n: int,
    pool: dict[str, int],
    asked: dict[str, int],
    law_cite: str,
    profile: Profile,
) -> PostCandidates:
    lo, hi = _surplus_range(profile, post)
    cite = profile.cite(profile.surplus_article, law_cite)
    want = asked.get(post, lo)
    ranked = tuple(sorted(((k, v) for k, v in pool.items() if v > 0), key=lambda kv: (-kv[1], kv[0])))
    empty = PostCandidates(post, n, n + want, (), (), tuple(k for k, _ in ranked), ranked)
    if want < lo or (hi is not None and want > hi):
        c.block(
            f"formal.surplus.{post}",
            cite,
            f"{post}应选 {n} 人，方案定的差额 {want} 人不符合本省规定的"
            f"正式候选人比应选名额{_range_text(lo, hi)}",
        )
        return empty
    target = n + want
    c.note(f"formal.surplus.{post}", cite, f"{post}应选 {n} 人，差额 {want} 人，正式候选人 {target} 人")
    if len(ranked) - n < lo:
        c.block(
            f"formal.shortfall.{post}",
            cite,
            f"{post}有效被提名人 {len(ranked)} 人，不多于应选名额 {n} 人加最少差额 {lo} 人，"
            "不能差额选举，须补充提名",
        )
        return empty
    if len(ranked) <= target:
        names = tuple(k for k, _ in ranked)
        if len(ranked) < target:
            c.warn(
                f"formal.fewer.{post}",
                cite,
                f"{post}有效被提名人仅 {len(ranked)} 人，少于方案定的 {target} 人，"
                "全部确定为正式候选人（仍为差额）",
            )
        else:
            c.note(
                f"formal.by_votes.{post}", cite, f"{post}有效被提名人 {len(ranked)} 人，全部确定为正式候选人"
            )
        return PostCandidates(post, n, target, names, (), (), ranked)
    cut = ranked[target - 1][1]
    above = tuple(k for k, v in ranked if v > cut)
    at_cut = tuple(k for k, v in ranked if v == cut)
    below = tuple(k for k, v in ranked if v < cut)
    if len(above) + len(at_cut) == target:
        c.note(
            f"formal.by_votes.{post}",
            cite,
            f"{post}按提名得票多少确定正式候选人：{_listing(ranked[:target])}",
        )
        return PostCandidates(post, n, target, above + at_cut, (), below, ranked)
    rule = (
        "对票数相等的被提名人再次投票"
        if profile.nomination_tie == "revote"
        else "对票数相等的被提名人进行预选"
    )
    tie_cite = profile.cite(profile.nomination_tie_article, JUDGEMENT_NOMINATION_TIE)
    c.block(
        f"formal.tie.{post}",
        tie_cite,
        f"{post}第 {target} 名处 {'、'.join(at_cut)} 均得 {cut} 票，"
        f"尚余 {target - len(above)} 个名额，须{rule}",
    )
    return PostCandidates(post, n, target, above, at_cut, below, ranked)


def _listing(pairs: Iterable[tuple[str, int]]) -> str:
    return "、".join(f"{k}（{v} 票）" for k, v in pairs)


# --- list order -----------------------------------------------------------------------------------


def stroke_key(name: str) -> tuple[tuple[tuple[int, str], ...], tuple[int, ...], tuple[str, ...]]:
    """Sort key of 姓氏笔画 order: character by character, its stroke count and then the character
    itself — so the surname's strokes decide first, one surname stays together, and within it the
    next characters' strokes decide in turn. Equal counts of different characters fall back to the
    code point: the 起笔笔形 rule (横竖撇点折) is not encoded [M]. A character missing from the table
    sorts after every known count. Returns (key, the counts shown, the characters not in the table)."""
    key: list[tuple[int, str]] = []
    unknown: list[str] = []
    for ch in name:
        if ch in SEPARATORS:
            continue
        strokes = STROKES.get(ch)
        if strokes is None:
            unknown.append(ch)
            strokes = UNKNOWN_STROKES
        key.append((strokes, ch))
    return tuple(key), tuple(k for k, _ in key), tuple(unknown)


@dataclass(frozen=True)
class OrderedList:
    """Names in published order, with the reasons."""

    names: tuple[str, ...]
    explanation: Explanation


def order_candidates(
    names: Sequence[str],
    *,
    profile: Profile,
    votes: Mapping[str, int] | None = None,
    by: CandidateOrder | None = None,
    article: str | None = None,
) -> OrderedList:
    """The published order of ``names``: by nomination votes (ties by name) or by 姓氏笔画, as ``by``
    says (default ``Profile.candidate_order``). ``article`` overrides the profile's order article (the
    自荐人 list: ``Profile.self_nominee_order_article``, 浙江 第二十条). A character missing from the
    stroke table is reported, not guessed."""
    ex = Explanation()
    how = by or profile.candidate_order
    art = profile.candidate_order_article if article is None else article
    cite = profile.cite(art, JUDGEMENT_CANDIDATE_ORDER)
    if how == "votes":
        tally = dict(votes or {})
        ordered = tuple(sorted(names, key=lambda k: (-tally.get(k, 0), k)))
        ex.add("order.votes", cite, "按得票多少为序：" + _listing((k, tally.get(k, 0)) for k in ordered))
        return OrderedList(ordered, ex)
    keys = {name: stroke_key(name) for name in names}
    ordered = tuple(sorted(names, key=lambda k: (keys[k][0], k)))
    shown = "、".join(f"{k}（{'-'.join(str(s) for s in keys[k][1])}画）" for k in ordered)
    ex.add("order.strokes", f"{cite}；{JUDGEMENT_STROKES}", f"按姓氏笔画为序：{shown}")
    for name in ordered:
        for ch in keys[name][2]:
            ex.add(
                "order.strokes.unknown",
                JUDGEMENT_STROKES,
                f"{name} 的“{ch}”字不在笔画表中，暂排在同位已知笔画者之后，须人工核对",
            )
    return OrderedList(ordered, ex)


# --- withdrawal and fill-in -----------------------------------------------------------------------


@dataclass(frozen=True)
class Withdrawal:
    """A formal candidate's 退出 (不愿接受提名 / 放弃被选举权)."""

    name: str
    filed_on: date
    in_writing: bool = True


@dataclass(frozen=True)
class WithdrawalResult:
    """The post's list after the withdrawal (unchanged when refused) and the reasons."""

    post: PostCandidates
    filled: tuple[str, ...]
    verdict: Verdict


def withdraw(
    post: PostCandidates,
    withdrawal: Withdrawal,
    *,
    election_day: date,
    list_fixed_on: date,
    law: Law,
    profile: Profile,
) -> WithdrawalResult:
    """A candidate of ``post`` withdraws; the list is filled from the next nominees by votes.

    Deadline: 浙江 第十九条 “在选举日的三日前以书面形式” (filed on E−3 is in time, E−2 is late);
    河南 第二十六条 “候选人名单确定后三日内” (list fixed on D: D+3 in time, D+4 late, 民法典 第二百零一条 by
    analogy: the first day is not counted); elsewhere no deadline [M]. Fill-in: ``always`` back to the
    number (浙江 第十九条), or only when the list is no longer more than the seats (河南 第二十七条;
    default [M]); no reserve left → 补充提名; a tie among the next nominees → re-vote.
    """
    c = _Collector()
    if profile.candidate_withdrawal_days_before is not None:
        cite = profile.cite(profile.candidate_withdrawal_article, "")
        last = election_day - timedelta(days=profile.candidate_withdrawal_days_before)
        days = profile.candidate_withdrawal_days_before
        when = f"选举日 {election_day.isoformat()} 的 {days} 日前（{last.isoformat()}）"
    elif profile.withdrawal_after_list_days is not None:
        cite = profile.cite(profile.withdrawal_after_list_article, "")
        last = list_fixed_on + timedelta(days=profile.withdrawal_after_list_days)
        days = profile.withdrawal_after_list_days
        when = f"候选人名单确定（{list_fixed_on.isoformat()}）后 {days} 日内（{last.isoformat()}）"
    else:
        cite = JUDGEMENT_WITHDRAWAL
        last = election_day - timedelta(days=1)
        when = f"选举日 {election_day.isoformat()} 之前"
    unchanged = WithdrawalResult(post, (), c.verdict())
    if withdrawal.name not in post.candidates:
        c.block("withdraw.who", cite, f"{withdrawal.name} 不是{post.post}的正式候选人")
        return replace(unchanged, verdict=c.verdict())
    if not withdrawal.in_writing:
        c.block("withdraw.writing", cite, f"{withdrawal.name} 未以书面形式提出退出，不予确认")
        return replace(unchanged, verdict=c.verdict())
    if withdrawal.filed_on > last:
        c.block(
            "withdraw.deadline",
            cite,
            f"{withdrawal.name} 于 {withdrawal.filed_on.isoformat()} 提出退出，晚于{when}，不予确认",
        )
        return replace(unchanged, verdict=c.verdict())
    c.note(
        "withdraw.accepted",
        cite,
        f"{withdrawal.name} 于 {withdrawal.filed_on.isoformat()} 书面提出退出，在{when}，予以确认并公告",
    )
    remaining = tuple(k for k in post.candidates if k != withdrawal.name)
    fill_cite = profile.cite(profile.withdrawal_fill_article, JUDGEMENT_WITHDRAWAL)
    if profile.withdrawal_fill == "if_not_surplus" and len(remaining) > post.seats:
        c.note(
            "withdraw.no_fill",
            fill_cite,
            f"{post.post}尚有正式候选人 {len(remaining)} 人，仍多于应选名额 {post.seats} 人，不递补",
        )
        return WithdrawalResult(replace(post, candidates=remaining), (), c.verdict())
    if not post.reserve:
        c.block(
            "withdraw.fill",
            fill_cite,
            f"{post.post}原被提名人中已无可递补人选，须按规定补充提名候选人",
        )
        return WithdrawalResult(replace(post, candidates=remaining), (), c.verdict())
    tally = dict(post.votes)
    nxt = post.reserve[0]
    level = [k for k in post.reserve if tally.get(k, 0) == tally.get(nxt, 0)]
    if len(level) > 1:
        c.block(
            "withdraw.fill",
            fill_cite,
            f"递补人选 {'、'.join(level)} 均得 {tally.get(nxt, 0)} 票，须对票数相等的被提名人再次投票",
        )
        return WithdrawalResult(replace(post, candidates=remaining, tied=tuple(level)), (), c.verdict())
    c.note(
        "withdraw.fill",
        fill_cite,
        f"由原被提名人中得票最多的 {nxt}（{tally.get(nxt, 0)} 票）递补为{post.post}正式候选人",
    )
    filled = replace(post, candidates=(*remaining, nxt), reserve=post.reserve[1:])
    return WithdrawalResult(filled, (nxt,), c.verdict())


# --- 自荐直选 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfNomination:
    """A voter's 自荐 registration for an election without candidates."""

    name: str
    posts: tuple[str, ...]
    registered_on: date
    on_roll: bool = True
    by_proxy: bool = False


def self_nomination_check(
    entry: SelfNomination, *, election_day: date, law: Law, profile: Profile
) -> Verdict:
    """Is a 自荐 registration valid? Only where the profile has an election without candidates
    (``Profile.no_candidates_article``: 浙江 第二十条, 上海 第十一条, 河南 第二十二条); under the 2025 texts
    its status is unsettled [M]. 浙江 第二十条: “在选举日的十日前报名参选…一个职位，但不得委托他人代为
    自荐报名” — E−10 in time, E−9 late."""
    c = _Collector()
    if not profile.no_candidates_article:
        c.block(
            "self.method",
            _nomination_cite(law),
            f"{profile.name}的选举办法没有无候选人的选举方式，候选人须经提名产生",
        )
        return c.verdict()
    method_cite = profile.cite(profile.no_candidates_article, "")
    c.note("self.method", method_cite, "本次选举实行无候选人的选举方式，选民可以自荐竞职")
    if law.no_candidates_unsettled:
        c.warn(
            "self.law_2025",
            JUDGEMENT_NO_CANDIDATES_2025,
            f"{law.title}规定候选人由提名推荐产生，无候选人选举方式的效力有待确认〔判断〕",
        )
    cite = profile.cite(profile.self_nomination_article, JUDGEMENT_SELF_NOMINATION)
    if not entry.on_roll:
        c.block("self.roll", method_cite, f"{entry.name} 不是登记参加选举的选民，不能自荐")
    if entry.by_proxy:
        text = f"{entry.name} 委托他人代为自荐报名，报名无效"
        if profile.self_nomination_one_post:
            c.block("self.proxy", cite, text)
        else:
            c.block("self.proxy", JUDGEMENT_NOMINATION_PROXY, text)
    if profile.self_nomination_one_post and len(entry.posts) != 1:
        c.block("self.posts", cite, f"{entry.name} 报名 {len(entry.posts)} 个职位，只能报名参选一个职位")
    days = profile.self_nomination_days_before
    if days is None:
        c.note("self.deadline", cite, "本省办法未规定自荐报名的截止日期〔判断〕")
        return c.verdict()
    last = election_day - timedelta(days=days)
    if entry.registered_on <= last:
        c.note(
            "self.deadline",
            cite,
            f"于 {entry.registered_on.isoformat()} 报名，在选举日的 {days} 日前（{last.isoformat()}）",
        )
    else:
        c.block(
            "self.deadline",
            cite,
            f"于 {entry.registered_on.isoformat()} 报名，晚于选举日的 {days} 日前（{last.isoformat()}），"
            "报名无效",
        )
    return c.verdict()
