"""Later rounds, by-elections and the follow-on bodies (issue 13 reqs. 3, 6). Pure and exact.

* :func:`round_timing` — when a run-off (再次投票), a 另行选举 or a revote may be held: the same day
  as the first vote or a later day within the profile's window (浙江 第二十九条 “应当在选举投票日当日
  或者在选举投票日后的三十日内举行”; 北京 第三十条 “十五日内”; 上海 第二十一条 “三十日内”); a later
  day needs an updated roll, new notices and proxies.
* :func:`by_election_turnout` — a 补选 by the 村民会议 (过半数 of those entitled vote: the procedure of
  村民委员会组织法(2018) 第十五条, to which 第十九条 refers) or by the 村民代表会议 (三分之二以上 of its
  members: (2018) 第二十六条 / (2025) 第三十条; 浙江 第三十八条).
* :func:`assembly_composition` — the 村民代表会议: 村民代表 “应当占村民代表会议组成人员的五分之四以上”,
  women 村民代表 “三分之一以上” ((2018) 第二十五条 / (2025) 第二十九条). “以上” includes the boundary:
  exactly 4/5 and exactly 1/3 pass (integer comparisons, never floats).
* :func:`supervision_conflicts` — no 村民委员会 member or near relative of one on the 村务监督委员会
  ((2018) 第三十二条 / (2025) 第三十七条).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from huanjie.rules.dates import NO_HOLIDAYS, HolidayCalendar, period_end
from huanjie.rules.explain import Explanation, Step
from huanjie.rules.profiles import Law, Profile

LaterKind = Literal["runoff", "supplementary", "revote"]
ByElectionBody = Literal["assembly", "representatives"]

JUDGEMENT_RUNOFF_DAY = "判断：法律和办法未规定再次投票的时间，一般当场进行，另定投票日的按另行选举办理 [M]"
JUDGEMENT_REVOTE_DAY = "判断：选举无效重新投票的，法律未规定期限，另定投票日须更新选民名单并重新公告 [M]"
JUDGEMENT_SUPP_NO_WINDOW = "判断：本省办法未规定另行选举的期限，可当日或另定投票日举行 [M]"
JUDGEMENT_LATER_DAY = "判断：另定投票日的，选民名单按新投票日更新并重新公布，委托投票重新办理 [M]"

_V18 = "村民委员会组织法(2018)"
_V25 = "村民委员会组织法(2025)"

ASSEMBLY_ARTICLES: Mapping[str, tuple[str, str]] = {
    "village-2018": (f"{_V18} 第二十五条", f"{_V18} 第二十六条"),
    "village-2025": (f"{_V25} 第二十九条", f"{_V25} 第三十条"),
}
"""The 村民代表会议's make-up and quorum articles per law version (legal-rules.md §1: 2018 Arts.
25–26, 2025 Arts. 29–30 “same”)."""

SUPERVISION_ARTICLES: Mapping[str, str] = {
    "village-2018": f"{_V18} 第三十二条",
    "village-2025": f"{_V25} 第三十七条",
}


def _assembly_articles(law: Law) -> tuple[str, str]:
    return ASSEMBLY_ARTICLES.get(law.code, ASSEMBLY_ARTICLES["village-2025"])


# --------------------------------------------------------------------------------------------
# Later rounds


@dataclass(frozen=True)
class RoundTiming:
    """When a later round may be held: ``same_day`` (no new roll), ``in_time`` (False: after the
    profile's window — flagged, never refused: the round is recorded as held), ``deadline`` (None:
    no window in the text) and whether the day needs an updated roll, notices and proxies."""

    same_day: bool
    in_time: bool
    deadline: date | None
    new_roll: bool
    steps: tuple[Step, ...]


def round_timing(
    *,
    kind: LaterKind,
    first_day: date,
    day: date,
    profile: Profile,
    law: Law,
    calendar: HolidayCalendar = NO_HOLIDAYS,
) -> RoundTiming:
    """Judge the voting day of a later round against the first vote's day ``first_day``."""
    ex = Explanation()
    if day < first_day:
        raise ValueError("后续投票日不能早于第一次投票日")
    same = day == first_day
    deadline: date | None = None
    in_time = True
    if kind == "runoff":
        ex.add(
            "followon.runoff.day",
            JUDGEMENT_RUNOFF_DAY,
            "再次投票" + ("当场进行" if same else "另定投票日进行"),
        )
    elif kind == "revote":
        ex.add(
            "followon.revote.day",
            JUDGEMENT_REVOTE_DAY,
            "重新投票" + ("当日进行" if same else "另定投票日进行"),
        )
    elif profile.supplementary_window_days is None:
        ex.add(
            "followon.supplementary.day",
            JUDGEMENT_SUPP_NO_WINDOW,
            "另行选举" + ("当日进行" if same else "另定投票日进行"),
        )
    else:
        cite = profile.cite(profile.supplementary_article, law.cite(law.supplementary_article))
        deadline = period_end(first_day, profile.supplementary_window_days, calendar).end
        in_time = day <= deadline
        when = "当日举行" if same else f"于 {day.isoformat()} 举行"
        verdict = "在期限内" if in_time else "已超过期限"
        ex.add(
            "followon.supplementary.window",
            cite,
            f"另行选举{when}：应在投票日后 {profile.supplementary_window_days} 日内"
            f"（至 {deadline.isoformat()}）举行，{verdict}",
        )
    if not same:
        ex.add(
            "followon.later_day",
            JUDGEMENT_LATER_DAY,
            "另定投票日：更新选民名单、重新发布公告、重新办理委托投票",
        )
    return RoundTiming(same, in_time, deadline, not same, tuple(ex.steps))


# --------------------------------------------------------------------------------------------
# By-elections (补选)


@dataclass(frozen=True)
class Check:
    """A pass/fail check with the numbers and the steps that explain it."""

    ok: bool
    steps: tuple[Step, ...]


def by_election_turnout(
    *, body: ByElectionBody, members: int, voting: int, law: Law, profile: Profile
) -> Check:
    """Whether a 补选 vote is valid by its turnout: by the 村民代表会议, at least two thirds of its
    members (``3 v >= 2 m``; 浙江 第三十八条 “应当有三分之二以上的组成人员参加投票”, the quorum of
    (2018) 第二十六条 / (2025) 第三十条); by the 村民会议, more than half of those entitled (``2 v > m``;
    浙江 第三十八条 “过半数”, the national 补选 procedure referring to (2018) 第十五条)."""
    if members <= 0 or voting < 0:
        raise ValueError("应到人数须大于零，参加人数不能为负数")
    ex = Explanation()
    zj = profile.measure == "浙江省村民委员会选举办法"
    if body == "representatives":
        ok = voting * 3 >= members * 2
        cite = _assembly_articles(law)[1]
        if zj:
            cite = f"{cite}；{profile.measure} 第三十八条"
        ex.add(
            "followon.by_election.representatives",
            cite,
            f"村民代表会议补选：组成人员 {members} 人，参加投票 {voting} 人，"
            + ("达到" if ok else "不足")
            + "三分之二",
        )
    else:
        ok = voting * 2 > members
        cite = law.cite(law.by_election_article)
        if zj:
            cite = f"{cite}；{profile.measure} 第三十八条"
        ex.add(
            "followon.by_election.assembly",
            cite,
            f"村民会议补选：应参加 {members} 人，参加投票 {voting} 人，"
            + ("超过" if ok else "未超过")
            + "半数",
        )
    return Check(ok, tuple(ex.steps))


# --------------------------------------------------------------------------------------------
# Follow-on bodies


@dataclass(frozen=True)
class Composition:
    """The 村民代表会议's make-up: representatives' share (≥ 4/5) and women representatives' share
    (≥ 1/3) of all its members (村民代表 + 村民委员会成员)."""

    total: int
    representatives_ok: bool
    women_ok: bool
    representatives_min: int
    women_min: int
    steps: tuple[Step, ...]

    @property
    def ok(self) -> bool:
        return self.representatives_ok and self.women_ok


def assembly_composition(
    *, representatives: int, women_representatives: int, committee_members: int, law: Law
) -> Composition:
    """Check the 村民代表会议 ((2018) 第二十五条 / (2025) 第二十九条): 村民代表 × 5 ≥ members × 4 and
    women 村民代表 × 3 ≥ members, where members = 村民代表 + 村民委员会成员."""
    if (
        min(representatives, women_representatives, committee_members) < 0
        or women_representatives > representatives
    ):
        raise ValueError("人数不能为负数，妇女代表不能多于代表总数")
    total = representatives + committee_members
    cite = _assembly_articles(law)[0]
    reps_min = -(-total * 4 // 5)
    women_min = -(-total // 3)
    reps_ok = representatives * 5 >= total * 4
    women_ok = women_representatives * 3 >= total
    ex = Explanation()
    ex.add(
        "followon.assembly.representatives",
        cite,
        f"村民代表会议组成人员 {total} 人，其中村民代表 {representatives} 人，"
        + (f"达到五分之四（至少 {reps_min} 人）" if reps_ok else f"不足五分之四（至少应有 {reps_min} 人）"),
    )
    ex.add(
        "followon.assembly.women",
        cite,
        f"妇女村民代表 {women_representatives} 人，"
        + (
            f"达到组成人员的三分之一（至少 {women_min} 人）"
            if women_ok
            else f"不足组成人员的三分之一（至少应有 {women_min} 人）"
        ),
    )
    return Composition(total, reps_ok, women_ok, reps_min, women_min, tuple(ex.steps))


def supervision_conflicts(
    *, members: Iterable[str], committee: Iterable[str], relatives: Mapping[str, str], law: Law
) -> Check:
    """村民委员会成员及其近亲属不得担任村务监督机构成员 ((2018) 第三十二条 / (2025) 第三十七条):
    ``relatives`` maps a person to the 村委会 member they are a near relative of."""
    cite = SUPERVISION_ARTICLES.get(law.code, SUPERVISION_ARTICLES["village-2025"])
    seated = set(committee)
    ex = Explanation()
    ok = True
    for name in members:
        if name in seated:
            ok = False
            ex.add("followon.supervision.member", cite, f"{name}是村民委员会成员，不得担任村务监督委员会成员")
        elif relatives.get(name) in seated:
            ok = False
            ex.add(
                "followon.supervision.relative",
                cite,
                f"{name}是村民委员会成员{relatives[name]}的近亲属，不得担任村务监督委员会成员",
            )
    if ok:
        ex.add("followon.supervision.clear", cite, "村务监督委员会成员中没有村民委员会成员及其近亲属")
    return Check(ok, tuple(ex.steps))
