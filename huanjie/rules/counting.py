"""Counting of villagers' and residents' committee elections (村(居)民委员会选举计票).

Pure and exact: every threshold is an integer comparison (“过半数” strictly: ``votes * 2 > base``;
“不得少于三分之一” inclusively: ``votes * 3 >= base``), never a float. Each decision appends a
:class:`~huanjie.rules.explain.Step` that names the rule and the article.

Two entry points:

* :func:`count_ballots` turns individual ballots into per-post totals (ballot validity rules);
* :func:`decide` takes per-post totals (from tally sheets or from :func:`count_ballots`) and returns
  the :class:`Verdict` of one round: first round (第一次投票), run-off among those tied at the cut-off
  (再次投票), or supplementary round (另行选举).

Posts are ranked for the “higher post” rules by :data:`~huanjie.rules.profiles.POST_RANK_DEFAULT`
(主任 > 副主任 > 委员 > 妇女委员); other post names rank after those, in the order given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from huanjie.rules.citations import (
    CROSS_PROVINCE,
    JUDGEMENT_AFTER_FAILED,
    JUDGEMENT_MAJORITY_SEVERAL,
    JUDGEMENT_NO_CANDIDATES_2025,
    JUDGEMENT_SUPP_TURNOUT,
    JUDGEMENT_UNVERIFIED,
    ONE_SEAT_CITE,
)
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import POST_RANK_DEFAULT, Law, Profile, relatives_rule

Round = Literal["first", "runoff", "supplementary"]
Mode = Literal["all_voters", "households", "representatives"]
Next = Literal[
    "revote", "runoff", "supplementary", "new_election", "decision_needed", "assembly_decides", "none"
]

NEXT_ORDER: tuple[Next, ...] = (
    "revote",
    "runoff",
    "supplementary",
    "new_election",
    "decision_needed",
    "assembly_decides",
    "none",
)
"""Precedence of the top-level ``next``: the first of these that any post needs."""

Relative = tuple[str, str] | tuple[str, str, str]
Method = Literal["candidates", "no_candidates"]

BallotRow = tuple[tuple[str, ...], ...] | None
"""One ballot: for each post (in the order of the posts given) the names marked; ``None`` for an
unreadable ballot (废票 as a whole)."""

MODE_BASE_NAME: dict[str, str] = {
    "all_voters": "登记选民",
    "households": "户的代表",
    "representatives": "居民代表",
}


def first_of(nexts: Iterable[Next]) -> Next:
    """The first ``next`` in :data:`NEXT_ORDER` among ``nexts`` (``none`` when empty)."""
    present = set(nexts)
    for candidate in NEXT_ORDER:
        if candidate in present:
            return candidate
    return "none"


def majority_min(base: int) -> int:
    """Least number of votes that is “过半数” of ``base``: the smallest v with ``2 v > base``."""
    return base // 2 + 1


def third_min(base: int) -> int:
    """Least number of votes that is “不少于三分之一” of ``base``: the smallest v with ``3 v >= base``."""
    return -(-base // 3)


def post_rank(post: str, order: Sequence[str] = ()) -> int:
    """Rank of a post, 0 = highest; unknown posts rank after the known ones, in ``order``."""
    if post in POST_RANK_DEFAULT:
        return POST_RANK_DEFAULT.index(post)
    if post in order:
        return len(POST_RANK_DEFAULT) + list(order).index(post)
    return len(POST_RANK_DEFAULT) + len(order)


# --------------------------------------------------------------------------------------------
# Inputs and outputs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostTally:
    """One post (or line) of the ballot with its totals.

    ``votes`` maps a name to its votes; names not in ``candidates`` are write-ins (另选他人).
    ``invalid`` is the number of ballots whose section for this post is invalid.
    """

    post: str
    seats: int
    candidates: tuple[str, ...]
    votes: Mapping[str, int] = field(default_factory=dict)
    invalid: int = 0
    women_line: bool = False


@dataclass(frozen=True)
class Election:
    """One round of a villagers' or residents' committee election, as counted.

    ``registered`` is R (登记参加选举的村民; communities: voters, household representatives or 居民代表
    according to ``mode``); ``voted`` is P (参加投票的人数, proxies and roving boxes included);
    ``ballots_returned`` is B (收回的选票); ``ballots_issued`` is I (发出的选票).
    ``elected_earlier`` lists, per post, members elected in earlier rounds (used by the near-
    relatives, women and vacancy rules).
    """

    law: Law
    profile: Profile
    round: Round
    registered: int
    voted: int
    ballots_returned: int
    posts: tuple[PostTally, ...]
    mode: Mode = "all_voters"
    ballots_issued: int | None = None
    women: frozenset[str] | None = None
    method: Method = "candidates"
    """``no_candidates``: an election without candidates (自荐直选 / 不确定候选人, where the profile has
    it): any eligible villager can receive votes, in the 另行选举 too (ZJ Art. 29)."""
    relatives: tuple[Relative, ...] = ()
    """Near relatives: ``(a, b)`` untyped (covered by every relatives rule, as before), or
    ``(a, b, kind)`` with ``kind`` one of :data:`~huanjie.rules.profiles.KIN_1045` — “b is a's kind”
    (民法典 第一千零四十五条)."""
    elected_earlier: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def typed_relatives(self) -> list[tuple[str, str, str | None]]:
        return [(r[0], r[1], r[2] if len(r) == 3 else None) for r in self.relatives]  # type: ignore[misc]


@dataclass(frozen=True)
class PostResult:
    """The outcome of one post in one round."""

    post: str
    seats: int
    elected: tuple[str, ...]
    runoff: tuple[str, ...] = ()
    runoff_seats: int = 0
    unfilled: int = 0
    supplementary_candidates: tuple[str, ...] = ()
    next: Next = "none"
    votes: tuple[tuple[str, int], ...] = ()
    invalid: int = 0
    dropped: tuple[str, ...] = ()
    women_line: bool = False
    elsewhere: tuple[str, ...] = ()
    """Names who qualified for this post but keep a higher post (one person, one seat)."""
    surplus: PartySurplus | None = None
    """Party elections, first round: the 差额 check (see :class:`PartySurplus`)."""
    supplementary_short: bool = False
    """The 另行选举 list is shorter than the rule requires (too few names left): more nominations."""


@dataclass(frozen=True)
class PartySurplus:
    """The Party 差额 rule for one post: ``candidates`` against ``seats`` + ``required_surplus``,
    the surplus being ``seats`` × ``share`` rounded up (进一法)."""

    candidates: int
    seats: int
    share: tuple[int, int]
    required_surplus: int
    required_candidates: int
    met: bool
    rounding: str = "ceil"


@dataclass(frozen=True)
class Verdict:
    """The verdict of one round: validity, per-post results, what comes next, and why."""

    valid: bool
    next: Next
    posts: tuple[PostResult, ...]
    steps: tuple[Step, ...]
    round: str
    women_missing: bool | None = None


# --------------------------------------------------------------------------------------------
# Ballot-level counting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotCount:
    """Totals counted from individual ballots, with the reasons ballots or sections were invalid."""

    ballots: int
    unreadable: int
    posts: tuple[PostTally, ...]
    overmarked: tuple[int, ...]
    """Per post: sections invalid because they mark more names than seats (or one name twice)."""
    two_posts: int
    """Ballots on which one person was marked for two posts."""
    steps: tuple[Step, ...]


def count_ballots(
    posts: Sequence[PostTally],
    rows: Iterable[BallotRow],
    profile: Profile,
    law: Law,
) -> BallotCount:
    """Count individual ballots into per-post totals.

    Rules (ZJ Art. 27, SH Art. 19, BJ Art. 28, HN Art. 35; legal-rules.md §4):

    * a section marking more names than the post's seats (赞成 + 另选他人 > 应选人数) is invalid; so is
      a section marking one name twice (extra marks, HN Art. 35 [M]);
    * an unreadable ballot is invalid for every post (废票), and still counts as a ballot (BJ Art. 28
      “废票计入选票总数”);
    * a blank or all-abstain section is valid and gives no votes;
    * one person marked for two posts (among valid sections): ``ballot_invalid`` voids the whole
      ballot (浙江省村民委员会选举办法 第二十七条 “选举同一人为两项以上职务的无效”);
      ``keep_higher`` keeps the vote for the higher post and voids the other (configurable default
      where the province is silent, legal-rules.md §10 ex. 5) [M].

    Identical ballots are grouped first, so the per-ballot work runs once per distinct ballot.
    """
    n = len(posts)
    seats = [p.seats for p in posts]
    order = [p.post for p in posts]
    by_rank = sorted(range(n), key=lambda i: post_rank(order[i], order))
    votes: list[Counter[str]] = [Counter() for _ in posts]
    invalid = [0] * n
    overmarked = [0] * n
    total = 0
    unreadable = 0
    two_posts = 0
    void_whole = profile.two_posts_rule == "ballot_invalid"
    # Valid sections are first aggregated as name tuples, then expanded into per-name votes.
    sections: list[dict[tuple[str, ...], int]] = [{} for _ in posts]
    for row, m in Counter(rows).items():
        total += m
        if row is None:
            unreadable += m
            for i in range(n):
                invalid[i] += m
            continue
        if len(row) != n:
            raise ValueError(f"ballot has {len(row)} sections, expected {n}")
        valid: list[int] = []
        marked = 0
        for i in range(n):
            k = len(row[i])
            if k > seats[i] or (k > 1 and len(set(row[i])) != k):
                overmarked[i] += m
                invalid[i] += m
            else:
                valid.append(i)
                marked += k
        if len(valid) > 1 and marked > 1 and len({name for i in valid for name in row[i]}) != marked:
            two_posts += m
            if void_whole:
                for i in valid:
                    invalid[i] += m
                continue
            seen: set[str] = set()
            for i in by_rank:
                if i in valid:
                    kept = tuple(name for name in row[i] if name not in seen)
                    seen.update(row[i])
                    sections[i][kept] = sections[i].get(kept, 0) + m
            continue
        for i in valid:
            key = row[i]
            sections[i][key] = sections[i].get(key, 0) + m
    for i in range(n):
        counter = votes[i]
        for names, m in sections[i].items():
            for name in names:
                counter[name] += m
    ex = Explanation()
    ballot_cite = profile.cite(profile.ballot_article, CROSS_PROVINCE)
    count_cite = profile.cite(
        "", law.cite(law.validity_article) + (f"；{law.analogy}" if law.analogy else "")
    )
    ex.add(
        "counting.ballots.count",
        count_cite,
        f"逐张清点选票 {total} 张，其中无法辨认的废票 {unreadable} 张，废票计入选票总数（{count_cite}）",
    )
    for i, p in enumerate(posts):
        if overmarked[i]:
            ex.add(
                "counting.ballot.overmarked",
                ballot_cite,
                f"{p.post}栏有 {overmarked[i]} 张选票所选人数多于应选 {p.seats} 名（或重复标记同一人），"
                f"该栏无效，但仍计入选票总数（{ballot_cite}）",
            )
    if two_posts:
        what = "整张选票无效" if void_whole else "保留较高职务的一票，另一职务的该票无效"
        ex.add(
            "counting.ballot.two_posts",
            ballot_cite,
            f"{two_posts} 张选票将同一人选为两项职务，{what}（{ballot_cite}）",
        )
    tallies = tuple(
        PostTally(
            post=p.post,
            seats=p.seats,
            candidates=p.candidates,
            votes=dict(votes[i]),
            invalid=invalid[i],
            women_line=p.women_line,
        )
        for i, p in enumerate(posts)
    )
    return BallotCount(
        ballots=total,
        unreadable=unreadable,
        posts=tallies,
        overmarked=tuple(overmarked),
        two_posts=two_posts,
        steps=tuple(ex.steps),
    )


# --------------------------------------------------------------------------------------------
# Round decision
# --------------------------------------------------------------------------------------------


def ranked_votes(post: PostTally) -> list[tuple[str, int]]:
    """All names with their votes, most votes first; ties keep the candidate order, then write-ins
    by name (so the order never depends on the order of the ballots)."""
    index = {name: i for i, name in enumerate(post.candidates)}
    names = set(post.candidates) | set(post.votes)
    return sorted(
        ((name, post.votes.get(name, 0)) for name in names),
        key=lambda nv: (-nv[1], index.get(nv[0], len(index)), nv[0]),
    )


def fill_seats(
    ranked: Sequence[tuple[str, int]], seats: int, qualifies: Callable[[int], bool]
) -> tuple[list[str], list[str], int]:
    """Fill ``seats`` from ``ranked`` among those who qualify, most votes first.

    Returns (elected, tied, runoff_seats): when the qualifiers tied at the cut-off are more than the
    seats left, they go to a run-off for those seats (ZJ Art. 28, SH Art. 20, BJ Art. 29, HN Art. 36:
    “票数相等…再次投票，以得票多的当选”).
    """
    q = [(n, v) for n, v in ranked if qualifies(v)]
    if len(q) <= seats:
        return [n for n, _ in q], [], 0
    cut = q[seats - 1][1]
    if q[seats][1] < cut:
        return [n for n, _ in q[:seats]], [], 0
    above = [n for n, v in q if v > cut]
    tied = [n for n, v in q if v == cut]
    return above, tied, seats - len(above)


@dataclass
class _PostState:
    tally: PostTally
    ranked: list[tuple[str, int]]
    eligible: list[tuple[str, int]]
    qualifies: Callable[[int], bool]
    elected: list[str]
    runoff: list[str]
    runoff_seats: int
    dropped: list[str] = field(default_factory=list)
    unfilled: int = 0
    supplementary: list[str] = field(default_factory=list)
    next: Next = "none"
    elsewhere: list[str] = field(default_factory=list)
    withheld: int = 0
    """Seats left to the 另行选举 by the one-seat rule (``two_posts_seat = "supplementary"``)."""
    pair: list[str] = field(default_factory=list)
    """Near relatives with equal votes for this post: they vote again for ``pair_seats``."""
    pair_seats: int = 0
    tied: list[str] = field(default_factory=list)
    tied_seats: int = 0
    short: bool = False

    def votes_of(self, name: str) -> int:
        return self.tally.votes.get(name, 0)

    def sync(self) -> None:
        """Merge the cut-off run-off and the relatives' run-off into ``runoff``/``runoff_seats``."""
        self.runoff = [*self.tied, *(n for n in self.pair if n not in self.tied)]
        self.runoff_seats = self.tied_seats + self.pair_seats


class _Context:
    """What every rule of a round needs: the election, its citations and the explanation."""

    def __init__(self, e: Election) -> None:
        self.e = e
        self.ex = Explanation()
        law, profile = e.law, e.profile
        analogy = f"；{law.analogy}" if law.analogy else ""
        national = law.cite(law.validity_article) + analogy
        self.law_cite = profile.cite("", national)
        self.win_cite = profile.cite(profile.win_article, national)
        self.ballot_cite = profile.cite(profile.ballot_article, CROSS_PROVINCE)
        self.supp_cite = profile.cite(
            profile.supplementary_article, law.cite(law.supplementary_article) + analogy
        )
        self.women_cite = profile.cite(profile.women_article, law.cite(law.composition_article))
        self.order = [p.post for p in e.posts]
        self.relatives_applies, self.relatives_kinds, self.relatives_cite = relatives_rule(law, profile)

    def add(self, rule: str, citation: str, text: str) -> None:
        self.ex.add(rule, citation, f"{text}（{citation}）")


def _check_validity(c: _Context) -> bool:
    """Turnout and ballots-versus-voters (村民委员会组织法(2018) 第十五条 / (2025) 第十八条
    “有登记参加选举的村民过半数投票，选举有效”; 城市居民委员会组织法(2025) 第十九条, 居民代表 mode:
    “有超过三分之二的居民代表参加投票”; ZJ Art. 27 / SH Art. 19 / BJ Art. 28 “多于投票人数的无效”;
    HN Art. 35 compares with ballots issued; HN Art. 38 turnout of the 另行选举)."""
    e = c.e
    base_name = MODE_BASE_NAME[e.mode]
    check_turnout = e.round != "supplementary" or e.profile.supplementary_turnout_required
    valid = True
    if not check_turnout:
        c.add(
            "counting.turnout.supplementary",
            JUDGEMENT_SUPP_TURNOUT,
            f"另行选举参加投票 {e.voted} 人；法律和本省办法未规定另行选举的参选人数要求，"
            "本配置不另设要求（supplementary_turnout_required=false）〔判断〕",
        )
    elif e.mode == "representatives":
        share = e.law.representatives_turnout
        ok = e.voted * share.denominator > e.registered * share.numerator
        verdict = "超过" if ok else "未超过"
        result = "选举有效" if ok else "选举无效，应重新投票"
        c.add(
            "counting.turnout.representatives",
            c.law_cite,
            f"参加投票 {e.voted} 人，{verdict}{base_name} {e.registered} 人的三分之二，{result}",
        )
        valid = ok
    else:
        ok = e.voted * 2 > e.registered
        cite = c.supp_cite if e.round == "supplementary" else c.law_cite
        label = "另行选举参加投票" if e.round == "supplementary" else "参加投票"
        if ok:
            text = f"{label} {e.voted} 人，超过{base_name} {e.registered} 人的半数，选举有效"
        else:
            text = (
                f"{label} {e.voted} 人，未超过{base_name} {e.registered} 人的半数"
                f"（至少需 {majority_min(e.registered)} 人），选举无效，应重新投票"
            )
        c.add("counting.turnout", cite, text)
        valid = ok
    if e.profile.ballots_compared_with == "issued":
        issued = e.ballots_issued if e.ballots_issued is not None else e.voted
        ok = e.ballots_returned <= issued
        cmp_name, cmp_value = "发出的选票", issued
    else:
        ok = e.ballots_returned <= e.voted
        cmp_name, cmp_value = "投票人数", e.voted
    if ok:
        c.add(
            "counting.ballots_vs_voters",
            c.ballot_cite,
            f"收回选票 {e.ballots_returned} 张，不多于{cmp_name} {cmp_value}，本次投票有效",
        )
    else:
        c.add(
            "counting.ballots_vs_voters",
            c.ballot_cite,
            f"收回选票 {e.ballots_returned} 张，多于{cmp_name} {cmp_value}，本次投票无效，应重新投票",
        )
    return valid and ok


def _select(c: _Context, p: PostTally) -> _PostState:
    """Who wins the seats of one post in this round (see :func:`decide`)."""
    e = c.e
    ranked = ranked_votes(p)
    pool = ranked
    if p.women_line and e.women is not None:
        # ZJ Art. 21: the women's line elects a woman; votes there for anyone else cannot elect.
        pool = [(n, v) for n, v in ranked if n in e.women]
        others = sum(v for n, v in ranked if n not in e.women)
        if others:
            c.add(
                "counting.women.line",
                c.women_cite,
                f"{p.post}为单列的妇女委员一栏，投给非妇女人员的 {others} 票不计入当选",
            )
    if e.round == "first":
        eligible = pool
        base = e.voted

        def qualifies(v: int) -> bool:
            return v * 2 > base

        elected, tied, rs = fill_seats(eligible, p.seats, qualifies)
        need = majority_min(base)
        for name, v in eligible:
            if name in elected:
                c.add(
                    "counting.first_round.win",
                    c.law_cite,
                    f"{p.post} {name} 得 {v} 票，超过参加投票 {base} 人的半数（至少需 {need} 票），当选",
                )
            elif name in tied:
                c.add(
                    "counting.first_round.tie",
                    c.win_cite,
                    f"{p.post} {name} 得 {v} 票，过半数但与他人票数相等，"
                    f"就票数相等者再次投票决定剩余 {rs} 个名额",
                )
            elif qualifies(v):
                c.add(
                    "counting.first_round.seats_full",
                    c.win_cite,
                    f"{p.post} {name} 得 {v} 票，虽过半数，但应选 {p.seats} 名已按得票多少选满，未当选",
                )
            else:
                c.add(
                    "counting.first_round.lose",
                    c.law_cite,
                    f"{p.post} {name} 得 {v} 票，未超过参加投票 {base} 人的半数（至少需 {need} 票），未当选",
                )
        return _new_state(p, ranked, eligible, qualifies, elected, tied, rs)

    open_round = e.method == "no_candidates" and e.round == "supplementary"
    eligible = pool if open_round else [(n, v) for n, v in pool if n in p.candidates]
    writeins = 0 if open_round else sum(v for n, v in pool if n not in p.candidates)
    if writeins:
        c.add(
            "counting.candidates_only",
            c.supp_cite,
            f"{p.post}：本轮只能在确定的候选人中选举，投给其他人的 {writeins} 票不计入当选",
        )
    if e.round == "runoff":

        def plurality(v: int) -> bool:
            return True

        elected, tied, rs = fill_seats(eligible, p.seats, plurality)
        for name in elected:
            c.add(
                "counting.runoff.win",
                c.win_cite,
                f"{p.post} 再次投票 {name} 得 {p.votes.get(name, 0)} 票，以得票多当选",
            )
        if tied:
            c.add(
                "counting.runoff.tie",
                c.win_cite,
                f"{p.post} 再次投票 {'、'.join(tied)} 票数仍相等，就票数相等者再次投票",
            )
        return _new_state(p, ranked, eligible, plurality, elected, tied, rs)

    # 另行选举
    cast = e.ballots_returned

    def third(v: int) -> bool:
        return v * 3 >= cast

    need3 = third_min(cast)
    if e.profile.supplementary_majority_first:
        base = e.voted

        def majority(v: int) -> bool:
            return v * 2 > base

        elected, tied, rs = fill_seats(eligible, p.seats, majority)
        for name in elected:
            c.add(
                "counting.supplementary.majority",
                c.supp_cite,
                f"{p.post} 另行选举 {name} 得 {p.votes.get(name, 0)} 票，超过参加投票 {base} 人的半数，当选",
            )
        several = bool(elected) and not tied and len(elected) < p.seats
        if several:
            rule = e.profile.majority_first_several
            c.add(
                "counting.supplementary.majority_several",
                f"{c.supp_cite}；{JUDGEMENT_MAJORITY_SEVERAL}",
                f"{p.post} 应选 {p.seats} 名，{len(elected)} 人过半数；第三十八条未规定其余名额如何产生，"
                + (
                    "按本配置以得票多且不少于三分之一者当选"
                    if rule == "third_for_rest"
                    else "按本配置其余名额不再以三分之一产生"
                )
                + f"（majority_first_several={rule}）〔判断〕",
            )
        if (
            not tied
            and len(elected) < p.seats
            and (not several or e.profile.majority_first_several != "majority_only")
        ):
            rest = [(n, v) for n, v in eligible if n not in elected]
            more, tied, rs = fill_seats(rest, p.seats - len(elected), third)
            if more or tied:
                c.add(
                    "counting.supplementary.fallback",
                    c.supp_cite,
                    f"{p.post} 无人（或不足应选名额的人）超过参加投票人数的半数，改以得票多且不少于已投选票"
                    f" {cast} 张三分之一（至少 {need3} 票）者当选",
                )
            elected += more

        def qualifies_hn(v: int) -> bool:
            return majority(v) or third(v)

        qualifies = qualifies_hn
    else:
        elected, tied, rs = fill_seats(eligible, p.seats, third)
        qualifies = third
    for name, v in eligible:
        if name in elected:
            c.add(
                "counting.supplementary.win",
                c.supp_cite,
                f"{p.post} 另行选举 {name} 得 {v} 票，得票多且不少于已投选票 {cast} 张的三分之一"
                f"（至少需 {need3} 票），当选",
            )
        elif name in tied:
            c.add(
                "counting.supplementary.tie",
                c.win_cite,
                f"{p.post} 另行选举 {name} 得 {v} 票，与他人票数相等，就票数相等者再次投票",
            )
        elif not third(v):
            c.add(
                "counting.supplementary.lose",
                c.supp_cite,
                f"{p.post} 另行选举 {name} 得 {v} 票，少于已投选票 {cast} 张的三分之一"
                f"（至少需 {need3} 票），未当选",
            )
        else:
            c.add(
                "counting.supplementary.seats_full",
                c.supp_cite,
                f"{p.post} 另行选举 {name} 得 {v} 票，名额已按得票多少选满，未当选",
            )
    return _new_state(p, ranked, eligible, qualifies, elected, tied, rs)


def _new_state(
    p: PostTally,
    ranked: list[tuple[str, int]],
    eligible: list[tuple[str, int]],
    qualifies: Callable[[int], bool],
    elected: list[str],
    tied: list[str],
    rs: int,
) -> _PostState:
    st = _PostState(p, ranked, eligible, qualifies, elected, list(tied), rs, tied=list(tied), tied_seats=rs)
    return st


def _no_candidates(c: _Context) -> None:
    """An election without candidates (浙江 第二十条、第二十一条、第二十九条 自荐直选;
    河南 第二十二条、第二十九条
    不确定候选人; 上海 第十一条 leaves the method to the 村民会议 [M]): ballots with blank lines, any
    eligible villager can be elected, the profile's thresholds. Under the 2025 text, which speaks of
    nominated candidates (第十八条), its status is unsettled [M]."""
    e = c.e
    p = e.profile
    if not p.no_candidates_article:
        raise ValueError(f"{p.name}的配置没有无候选人的选举方式")
    cite = p.cite(p.no_candidates_article, "")
    c.add(
        "counting.method.no_candidates",
        cite,
        "本次选举不确定候选人（自荐直选）：选票留空行，任何有被选举权的村民均可得票，当选票数按本办法计算",
    )
    if e.law.no_candidates_unsettled:
        c.add(
            "counting.method.no_candidates_2025",
            JUDGEMENT_NO_CANDIDATES_2025,
            f"{e.law.title}规定候选人由村党组织或者村民提名推荐，"
            "不确定候选人的选举方式在新法下的效力有待确认〔判断〕",
        )


def _earlier(e: Election) -> dict[str, str]:
    return {name: post for post, names in e.elected_earlier for name in names}


def _held_above(c: _Context, states: list[_PostState], st: _PostState) -> dict[str, str]:
    """Names elected earlier, or this round to a post ranked above ``st``'s: name → post."""
    rank = post_rank(st.tally.post, c.order)
    held = dict(_earlier(c.e))
    for other in states:
        if other is not st and post_rank(other.tally.post, c.order) < rank:
            held.update(dict.fromkeys(other.elected, other.tally.post))
    return held


def _refill(c: _Context, states: list[_PostState], st: _PostState) -> tuple[list[str], list[str]]:
    """Fill ``st``'s seats again without the names it may not elect (dropped relatives, names holding
    a higher post, relatives voting again), keeping this round's threshold. Returns (newly elected,
    newly tied)."""
    held = _held_above(c, states, st)
    barred = {*st.dropped, *st.elsewhere, *st.pair, *held}
    pool = [(n, v) for n, v in st.eligible if n not in barred]
    seats = st.tally.seats - st.withheld - st.pair_seats
    before_elected, before_tied = set(st.elected), set(st.tied)
    if seats > 0:
        elected, tied, rs = fill_seats(pool, seats, st.qualifies)
    else:
        elected, tied, rs = [], [], 0
    st.elected, st.tied, st.tied_seats = elected, tied, rs
    st.sync()
    return [n for n in elected if n not in before_elected], [n for n in tied if n not in before_tied]


def _one_seat_each(c: _Context, states: list[_PostState]) -> None:
    """One person, one seat (:data:`ONE_SEAT_CITE` [M]): a person qualifying for two posts (from
    tally sheets, separate ballots per post as 河南省实施《村民委员会组织法》办法 第三十四条 requires, or
    across ballots) keeps the higher post (or the post held from an earlier round); the lower seat goes
    to the next qualifier of that post (``two_posts_seat = "next_qualifier"``) or to the 另行选举
    (``"supplementary"``), as the profile says."""
    mode = c.e.profile.two_posts_seat
    for st in sorted(states, key=lambda s: post_rank(s.tally.post, c.order)):
        while True:
            held = _held_above(c, states, st)
            clash = [n for n in (*st.elected, *st.tied) if n in held]
            if not clash:
                break
            name = clash[0]
            st.elsewhere.append(name)
            if mode == "supplementary":
                st.withheld += 1
            added, tied = _refill(c, states, st)
            where = "另行选举" if mode == "supplementary" else "得票次多且达到当选票数的人选"
            c.add(
                "counting.two_posts.keep_higher",
                ONE_SEAT_CITE,
                f"{name} 同时达到{held[name]}和{st.tally.post}的当选票数，保留较高职务{held[name]}，"
                f"{st.tally.post}的该名额由{where}递补",
            )
            _report_refill(c, st, added, tied, "counting.two_posts", ONE_SEAT_CITE)


def _report_refill(
    c: _Context, st: _PostState, added: list[str], tied: list[str], prefix: str, cite: str
) -> None:
    if added:
        for name in added:
            c.add(
                f"{prefix}.fill",
                cite,
                f"{st.tally.post} 空出的名额由得票次多且达到当选票数的 {name}（{st.votes_of(name)} 票）递补",
            )
    elif tied:
        c.add(
            f"{prefix}.fill_tie",
            cite,
            f"{st.tally.post} 递补人选 {'、'.join(tied)} 票数相等，就票数相等者再次投票",
        )
    else:
        c.add(
            f"{prefix}.no_fill",
            cite,
            f"{st.tally.post} 无达到当选票数的递补人选，空出的名额另行处理",
        )


def _covers(kinds: frozenset[str], kind: str | None) -> bool:
    """Untyped pairs (``kind`` None) are covered by every rule, as before typed relationships."""
    return kind is None or kind in kinds


def _relatives(c: _Context, states: list[_PostState]) -> None:
    """近亲属回避 (村民委员会组织法(2025) 第八条 “村民委员会成员实行近亲属回避”; 浙江省村民委员会选举办法
    第三十一条; 河南省实施《村民委员会组织法》办法 第八条; 上海市村民委员会选举办法 第二条): near relatives
    of a kind the rule covers, elected together → keep the higher post, then the higher vote; equal
    votes → re-vote between them. The vacated seat goes to the next candidate meeting this round's
    threshold (first round: more than half; 另行选举: at least one third)."""
    e = c.e
    cite = c.relatives_cite
    kinds = c.relatives_kinds
    earlier = _earlier(e)
    reported: set[tuple[str, str]] = set()
    pairs = sorted({(*sorted((a, b)), k or "") for a, b, k in e.typed_relatives() if _covers(kinds, k)})
    changed = True
    while changed:
        changed = False
        now = {name: st for st in states for name in st.elected}
        for a, b, _kind in pairs:
            if (a not in now and a not in earlier) or (b not in now and b not in earlier):
                continue
            if a not in now and b not in now:
                continue
            post_a = now[a].tally.post if a in now else earlier[a]
            post_b = now[b].tally.post if b in now else earlier[b]
            ra, rb = post_rank(post_a, c.order), post_rank(post_b, c.order)
            if ra != rb:
                keep, drop = (a, b) if ra < rb else (b, a)
                why = "职务较高"
            else:
                va = now[a].votes_of(a) if a in now else None
                vb = now[b].votes_of(b) if b in now else None
                if va is None or vb is None:
                    keep, drop = (a, b) if va is None else (b, a)
                    why = "已在前轮当选"
                elif va == vb:
                    st = now[a]
                    st.pair = sorted({*st.pair, a, b}, key=lambda n: (-st.votes_of(n), n))
                    st.pair_seats += 1
                    c.add(
                        "counting.relatives.tie",
                        cite,
                        f"{a} 与 {b} 为近亲属，同任{post_a}且得票相等（{va} 票），应就二人重新投票",
                    )
                    _refill(c, states, st)
                    _one_seat_each(c, states)
                    changed = True
                    break
                else:
                    keep, drop = (a, b) if va > vb else (b, a)
                    why = "得票较多"
            if drop not in now:
                if (a, b) not in reported:
                    reported.add((a, b))
                    c.add(
                        "counting.relatives.earlier",
                        cite,
                        f"{drop}（前轮当选{earlier[drop]}）与 {keep} 为近亲属，{keep} {why}，"
                        f"{drop} 的当选应予撤销",
                    )
                continue
            st = now[drop]
            st.dropped.append(drop)
            c.add(
                "counting.relatives.drop",
                cite,
                f"{keep} 与 {drop} 为近亲属，{keep} {why}予以保留，{drop} 的{st.tally.post}当选不予确认",
            )
            added, tied = _refill(c, states, st)
            _report_refill(c, st, added, tied, "counting.relatives", cite)
            _one_seat_each(c, states)
            changed = True
            break


def _women(c: _Context, states: list[_PostState]) -> bool | None:
    """Women members (村民委员会组织法(2018) 第六条 / (2025) 第八条 “应当有妇女成员”; ZJ Arts. 21, 29:
    a separate women's line, kept in the 另行选举; BJ Art. 3: at least one woman). Returns
    ``women_missing`` (None when the input names no women)."""
    e = c.e
    if e.women is None:
        return None
    elected = {n for st in states for n in st.elected} | set(_earlier(e))
    cite = c.women_cite
    found = sorted(elected & e.women)
    if found:
        c.add("counting.women.ok", cite, f"已选出妇女成员 {'、'.join(found)}")
        return False
    rule = e.profile.women_rule
    if rule == "separate_line":
        text = "尚未选出妇女成员；妇女委员职位的剩余名额另行选举时仍单列妇女委员一栏"
    elif rule == "at_least_one":
        text = "尚未选出妇女成员，村民委员会成员中应当至少有一名妇女；另行选举时应有妇女候选人"
    else:
        text = "尚未选出妇女成员，村民委员会成员中应当有妇女成员"
    c.add("counting.women.missing", cite, text)
    return True


def _supplementary_candidates(
    c: _Context, states: list[_PostState], st: _PostState, women_missing: bool | None
) -> list[str]:
    """另行选举 candidates: the first-round non-winners with the most votes, ``supplementary_surplus``
    (default one) more than the seats left (差额) (村民委员会组织法(2018) 第十五条 / (2025) 第十八条
    “第一次投票未当选的人员得票多的为候选人”; ZJ Art. 29, SH Art. 21, BJ Art. 30). Names that cannot
    take the seat are skipped and the next names taken instead, so the list keeps its length: members
    elected to any post (this round or earlier), those dropped or sent to a run-off, and near relatives
    (of a kind the rule covers) of a member holding this post or a higher one [M]. Names tied at the
    last place are all kept. A women's line keeps only women (ZJ Art. 29); under ``at_least_one`` the
    best-placed woman is added when none is among them (BJ Art. 3). Too few names left → ``short``."""
    e = c.e
    rank = post_rank(st.tally.post, c.order)
    members = dict(_earlier(e))
    for other in states:
        members.update(dict.fromkeys(other.elected, other.tally.post))
    barred = {*members, *st.dropped, *st.elsewhere, *st.runoff}
    if c.relatives_applies:
        above = {n for n, post in members.items() if post_rank(post, c.order) <= rank}
        for a, b, kind in e.typed_relatives():
            if _covers(c.relatives_kinds, kind):
                barred |= {b} if a in above else set()
                barred |= {a} if b in above else set()
    pool = [(n, v) for n, v in st.ranked if n not in barred]
    if st.tally.women_line and e.women is not None:
        pool = [(n, v) for n, v in pool if n in e.women]
    want = st.unfilled + e.profile.supplementary_surplus
    chosen = pool[:want]
    if len(pool) > want:
        last = chosen[-1][1]
        chosen += [(n, v) for n, v in pool[want:] if v == last]
    names = [n for n, _ in chosen]
    st.short = len(names) < want
    if (
        women_missing
        and e.profile.women_rule == "at_least_one"
        and e.women is not None
        and not set(names) & e.women
    ):
        extra = [n for n, _ in pool if n in e.women][:1]
        names += extra
    return names


_SHORTFALL_TEXT: dict[str, str] = {
    "new_election": "应重新组织选举",
    "supplementary": "应再行另行选举",
    "decision_needed": "需由村民选举委员会报乡镇人民政府作出决定（法律文本之外的决定）",
}


def _vacancy(c: _Context, states: list[_PostState]) -> Next:
    """After the 另行选举, seats still empty: what follows, per profile.

    * may stay vacant (``vacancy_min_members``; never fewer than the law's minimum size): ZJ Art. 30
      (≥ 3 elected: “不足职位可以空缺” → ``none``); SH Art. 21 (≥ 3: “是否暂缺，由村民会议或者村民代表
      会议决定” → ``assembly_decides``); BJ Art. 30 (more than 3 and the 主任 elected: “经村民会议或者
      村民代表会议决定，可以不再另行选举” → ``assembly_decides``);
    * otherwise ``vacancy_shortfall_next``: SH Art. 21 (< 3: another 另行选举 within 30 days) is text;
      elsewhere the text is silent and the profile's value is a judgement [M] (national, ZJ, BJ, HN:
      ``new_election``; jiangsu: ``decision_needed``).
    The national text says nothing about vacancies after the 另行选举: for ``national`` both the
    threshold and the outcome are judgements [M]."""
    e = c.e
    p = e.profile
    text_cite = p.cite(p.vacancy_article, "")
    judged = JUDGEMENT_AFTER_FAILED if not p.inherits_note else JUDGEMENT_UNVERIFIED
    earlier = _earlier(e)
    total = len(set(earlier) | {n for st in states for n in st.elected})
    head = POST_RANK_DEFAULT[0]
    head_elected = head in earlier.values() or any(st.tally.post == head and st.elected for st in states)
    minimum = None if p.vacancy_min_members is None else max(p.vacancy_min_members, e.law.members_min)
    if minimum is not None and total >= minimum and (head_elected or not p.vacancy_requires_head):
        nxt: Next = p.vacancy_allowed_next
        what = f"是否暂缺由{p.vacancy_decided_by}决定" if nxt == "assembly_decides" else "不足的名额可以空缺"
        c.add(
            "counting.vacancy.allowed",
            text_cite or judged,
            f"另行选举后当选 {total} 人，不少于 {minimum} 人"
            + ("且主任已选出" if p.vacancy_requires_head else "")
            + f"，{what}",
        )
        return nxt
    nxt = p.vacancy_shortfall_next
    reason = (
        (f"{p.name}相应条款未核实" if p.inherits_note else "本省办法无职位空缺的规定")
        if minimum is None
        else (f"少于 {minimum} 人" if total < minimum else "主任未选出")
    )
    if p.vacancy_shortfall_basis == "provincial" and text_cite:
        c.add(
            "counting.vacancy.shortfall",
            text_cite,
            f"另行选举后当选 {total} 人，{reason}，{_SHORTFALL_TEXT[nxt]}",
        )
    else:
        cite = f"{text_cite}；{judged}" if text_cite else judged
        c.add(
            "counting.vacancy.shortfall",
            cite,
            f"另行选举后当选 {total} 人，{reason}；办法未规定此时如何处理，"
            f"按本配置（{nxt}）{_SHORTFALL_TEXT[nxt]}〔判断〕",
        )
    return nxt


def decide(e: Election) -> Verdict:
    """Decide one round.

    * validity: turnout and ballots versus voters (see :func:`_check_validity`); a void round → every
      post ``revote``;
    * first round: elected = more than half of the voters taking part (``votes * 2 > voted``), seats
      filled by votes, a tie at the cut-off → ``runoff`` (村民委员会组织法(2018) 第十五条 / (2025)
      第十八条 “候选人获得参加投票的村民过半数的选票，始得当选”; ZJ Art. 28, BJ Art. 29, SH Art. 20,
      HN Art. 36); seats left → ``supplementary`` with :func:`_supplementary_candidates`;
    * run-off: plurality among the tied candidates;
    * 另行选举: plurality with ``votes * 3 >= ballots cast in the round`` (“所得票数不得少于已投选票总数的
      三分之一”); HN Art. 38: turnout above half of the registered, and a majority first; then the
      vacancy rule (:func:`_vacancy`);
    * then the near-relatives rule and the women's rule.

    Readings not fixed by the texts, tagged [M] (legal-rules.md §12 asks to confirm them): a run-off
    keeps the turnout rule of the first round; names tied at the last place of the 另行选举 list are
    all kept; with several seats, Henan's majority-first rule fills what it can by majority and the
    rest by plurality with one third; in a 另行选举 or run-off only the listed candidates can win.
    """
    c = _Context(e)
    if not _check_validity(c):
        posts = tuple(
            PostResult(
                post=p.post,
                seats=p.seats,
                elected=(),
                next="revote",
                unfilled=p.seats,
                votes=tuple(ranked_votes(p)),
                invalid=p.invalid,
                women_line=p.women_line,
            )
            for p in e.posts
        )
        return Verdict(False, "revote", posts, tuple(c.ex.steps), e.round)
    if e.method == "no_candidates":
        _no_candidates(c)
    states = [_select(c, p) for p in e.posts]
    _one_seat_each(c, states)
    if e.relatives and c.relatives_applies:
        _relatives(c, states)
    women_missing = _women(c, states)
    short = []
    for st in states:
        st.unfilled = st.tally.seats - len(st.elected) - st.runoff_seats
        if st.runoff:
            st.next = "runoff"
        elif st.unfilled > 0:
            short.append(st)
    if short and e.round == "supplementary":
        after: Next = _vacancy(c, states)
    else:
        after = "supplementary"
    for st in short:
        st.next = after
        if after == "supplementary":
            st.supplementary = _supplementary_candidates(c, states, st, women_missing)
            c.add(
                "counting.supplementary.candidates",
                c.supp_cite,
                f"{st.tally.post} 尚缺 {st.unfilled} 名，另行选举候选人按得票多少为 "
                f"{'、'.join(st.supplementary) or '（无）'}"
                + (
                    f"（不足应选名额加 {e.profile.supplementary_surplus} 名，应补充提名）"
                    if st.short
                    else "（差额）"
                ),
            )
    posts = tuple(
        PostResult(
            post=st.tally.post,
            seats=st.tally.seats,
            elected=tuple(n for n, _ in st.ranked if n in st.elected),
            runoff=tuple(st.runoff),
            runoff_seats=st.runoff_seats,
            unfilled=st.unfilled,
            supplementary_candidates=tuple(st.supplementary),
            next=st.next,
            votes=tuple(st.ranked),
            invalid=st.tally.invalid,
            dropped=tuple(st.dropped),
            women_line=st.tally.women_line,
            elsewhere=tuple(st.elsewhere),
            supplementary_short=st.short,
        )
        for st in states
    )
    return Verdict(True, first_of(p.next for p in posts), posts, tuple(c.ex.steps), e.round, women_missing)
