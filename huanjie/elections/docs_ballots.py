"""The layout of election ballots (选票) as plain data, without Django: which posts a ballot holds,
their seats, candidates in order, write-in spaces and the 说明 block. The Typst template
(templates/elections/ballots.typ) prints what these functions decide and decides nothing itself.

Sources: 民政部《村民委员会选举规程》文书范例13(A) (one ballot, post columns, 符号 cells, blank name
cells for write-ins, the 说明 block), the 另行选举 ballot (only the unfilled posts, “根据上次选举结果…
以得票多少为序排列”) and the Party ballots (党支部委员 / 书记) of shared/reference/official-forms.md
§4.6, §5.1, §8.4. Provincial parameters come from huanjie.rules.profiles:

- ``separate_ballots``: 河南省实施《村民委员会组织法》办法 第三十四条 “应当分别制作选票” (one ballot per
  post); elsewhere one ballot for all posts (浙江省村民委员会选举办法 第二十一条 “一次性投票选举主任、
  副主任和委员”; the default where a measure is silent [M]);
- ``women_rule == "separate_line"``: 浙江 第二十一条 “选票应当单列妇女委员职位”, kept in the 另行选举
  when no woman was elected (第二十九条);
- ``two_posts_rule``: 浙江 第二十七条 “选举同一人为两项以上职务的无效”; elsewhere the higher post's
  vote is kept (legal-rules.md §10 ex. 5, [M]);
- ``no_candidates_article``: elections without candidates (自荐直选 / 不确定候选人) print blank lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from huanjie.rules.profiles import Profile

WRITE_IN = "另选他人"
WOMEN_POST = "妇女委员"
POST_ORDER = ("主任", "副主任", WOMEN_POST, "委员")
"""The order of the posts on a ballot (a later round keeps it whatever order the caller gives)."""
BallotStyle = Literal["columns", "approval"]


class BallotError(ValueError):
    """A ballot cannot be printed (say why, in Chinese)."""


@dataclass(frozen=True)
class Column:
    """One post on a ballot: its label, seats, candidates in print order and blank write-in cells."""

    post: str
    seats: int
    candidates: tuple[str, ...]
    write_ins: int
    women: bool = False
    write_in_label: str = WRITE_IN
    """Printed small in each blank name cell: 另选他人, or nothing when nobody stands."""

    def as_json(self) -> dict[str, object]:
        return {
            "post": self.post,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "write_ins": self.write_ins,
            "women": self.women,
            "heading": self.heading,
            "write_in_label": self.write_in_label,
        }

    @property
    def heading(self) -> str:
        kind = "候选人" if self.candidates else "（无候选人，请在空格内填写）"
        return f"{self.post}{kind}（应选{self.seats}名）"


@dataclass(frozen=True)
class Ballot:
    """One ballot: a title, the posts (``columns`` style: names over 符号 cells; ``approval`` style:
    one row per candidate with 赞成/不赞成/弃权 cells, for the Party ballots) and the 说明 lines."""

    title: str
    columns: tuple[Column, ...]
    notes: tuple[str, ...]
    subtitle: str = ""
    style: BallotStyle = "columns"
    unit: str = ""
    date: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "style": self.style,
            "unit": self.unit,
            "date": self.date,
            "columns": [c.as_json() for c in self.columns],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Post:
    """A post to print: its label, seats and candidate names in the published list order."""

    label: str
    seats: int
    candidates: tuple[str, ...] = ()
    women: bool = False


@dataclass(frozen=True)
class CommitteeBallotInput:
    """What a 村（居）民委员会 ballot needs: the committee's name, the posts and the profile."""

    committee: str
    posts: tuple[Post, ...]
    profile: Profile
    unit: str = ""
    date: str = ""
    subtitle: str = ""
    extra_notes: tuple[str, ...] = field(default_factory=tuple)


MARKS = (
    "同意的，在候选人姓名下方的符号栏内划“〇”；不同意的，划“×”；弃权的，不划任何符号。"
    "另选他人的，在“另选他人”空格内写上其姓名，并在其下方的符号栏内划“〇”。"
)
MARKS_NO_CANDIDATES = "在各职位的空格内写上您选择的人的姓名，并在其下方的符号栏内划“〇”；弃权的，不写不划。"
UNREADABLE = "书写模糊无法辨认或者划写规定以外符号的，由监票人提交村民选举委员会认定。"


def _cite(profile: Profile, article: str) -> str:
    return f"（{profile.measure}{article}）" if article and profile.measure else ""


def seats_sentence(posts: Sequence[Post]) -> str:
    """应选主任1名、副主任1名、委员3名 — every post with its seats, in ballot order."""
    return "、".join(f"{p.label}{p.seats}名" for p in posts)


def two_posts_note(profile: Profile) -> str:
    """The one-post rule as the profile has it (浙江 第二十七条: the ballot is void; elsewhere the
    higher post's vote counts and the lower ones do not [M])."""
    if profile.two_posts_rule == "ballot_invalid":
        return "不得选同一人担任两项以上职务，选同一人担任两项以上职务的，该选票无效。" + _cite(
            profile, profile.ballot_article
        )
    return "不得选同一人担任两项以上职务；选同一人担任两项以上职务的，只计其较高职务的一票，较低职务的不计。"


def validity_note(posts: Sequence[Post], profile: Profile) -> str:
    return (
        f"本选票应选{seats_sentence(posts)}；所选人数等于或者少于应选名额的有效，多于应选名额的无效。"
        + _cite(profile, profile.ballot_article)
    )


def _column(post: Post, no_candidates: bool) -> Column:
    if post.seats < 1:
        raise BallotError(f"{post.label}应选名额须至少1名")
    if no_candidates:
        return Column(post.label, post.seats, (), post.seats, post.women, write_in_label="")
    return Column(post.label, post.seats, post.candidates, post.seats, post.women)


def committee_ballots(data: CommitteeBallotInput) -> list[Ballot]:
    """The ballots of a 村（居）民委员会 election: one ballot for every post, or one per post where the
    profile says so. Candidates print in the published list order with as many write-in spaces as
    seats; an election without candidates (allowed only when the profile names the article) prints
    blank lines. Raises :class:`BallotError` when a post has no candidates and the profile does not
    allow an election without candidates."""
    profile = data.profile
    posts = [p for p in data.posts if p.seats > 0]
    if not posts:
        raise BallotError("没有应选职位，无法生成选票")
    no_candidates = not any(p.candidates for p in posts)
    if no_candidates and not profile.no_candidates_article:
        raise BallotError("尚无正式候选人名单，且本省办法未规定无候选人的选举方式，无法生成选票")
    if not no_candidates:
        # The women's line may stand without candidates (write-ins only); any other post may not.
        empty = [p.label for p in posts if not p.candidates and not p.women]
        if empty:
            raise BallotError(f"{'、'.join(empty)}尚无正式候选人，无法生成选票")
    marks = MARKS_NO_CANDIDATES if no_candidates else MARKS
    women = [p for p in posts if p.women]
    women_note = f"妇女委员职位单独列出，应选{women[0].seats}名。" if women else ""
    groups = [[p] for p in posts] if profile.separate_ballots else [posts]
    ballots = []
    for group in groups:
        notes = [validity_note(group, profile), marks]
        if len(group) > 1:
            notes.append(two_posts_note(profile))
        if women_note and any(p.women for p in group):
            notes.append(women_note)
        if no_candidates:
            notes.append("本次选举不确定候选人。" + _cite(profile, profile.no_candidates_article))
        notes.append(UNREADABLE)
        notes.extend(data.extra_notes)
        title = f"{data.committee}选举选票"
        if profile.separate_ballots:
            title = f"{data.committee}{group[0].label}选举选票"
        ballots.append(
            Ballot(
                title=title,
                subtitle=data.subtitle,
                columns=tuple(_column(p, no_candidates) for p in group),
                notes=tuple(notes),
                unit=data.unit,
                date=data.date,
            )
        )
    return ballots


def ballot_for_round(
    posts_left: Iterable[tuple[str, int]],
    candidates_with_votes: Iterable[tuple[str, str, int]],
    *,
    committee: str,
    profile: Profile,
    unit: str = "",
    date: str = "",
) -> list[Ballot]:
    """The ballot of a later round (另行选举): only the posts still unfilled (``posts_left``: (post,
    seats left)), each with its candidates (``candidates_with_votes``: (post, name, first-round
    votes)) ordered by the first round's votes, most first (ties keep the order given). Candidates
    of posts already filled are left out. Who stands in the round (seats left plus the profile's
    差额) is the caller's decision (the results app)."""
    votes: dict[str, list[tuple[int, int, str]]] = {}
    posts_left = sorted(
        posts_left, key=lambda p: POST_ORDER.index(p[0]) if p[0] in POST_ORDER else len(POST_ORDER)
    )
    for i, (post, name, n) in enumerate(candidates_with_votes):
        votes.setdefault(post, []).append((-n, i, name))
    posts = tuple(
        Post(label, seats, tuple(name for _, _, name in sorted(votes.get(label, []))), label == WOMEN_POST)
        for label, seats in posts_left
    )
    notes = (
        "根据上次选举结果，本选票候选人名单以得票多少为序排列。"
        + _cite(profile, profile.supplementary_article),
    )
    return committee_ballots(
        CommitteeBallotInput(
            committee=committee,
            posts=posts,
            profile=profile,
            unit=unit,
            date=date,
            subtitle="另行选举",
            extra_notes=notes,
        )
    )


def party_committee_ballot(
    organization: str, seats: int, candidates: Sequence[str], *, unit: str = "", date: str = ""
) -> Ballot:
    """The 党员大会 ballot for the Party organization's committee members (委员): candidates in the
    list order, write-in spaces (另选他人), the 说明 of the branch-election samples (official-forms.md
    §5.1; 差额选举 under 《中国共产党基层组织选举工作条例》)."""
    if seats < 1 or not candidates:
        raise BallotError("党组织委员应选名额或候选人未确定，无法生成选票")
    return Ballot(
        title=f"{organization}委员会委员选举选票",
        columns=(Column("委员", seats, tuple(candidates), seats),),
        notes=(
            f"选举委员{seats}名。每张选票中赞成的人数等于或者少于{seats}名的为有效票，多于{seats}名的为无效票。",
            "同意的，在候选人姓名下方的符号栏内划“〇”；不同意的，划“×”；弃权的，不划任何符号。"
            "另选他人的，在“另选他人”空格内写上其姓名，并在其下方的符号栏内划“〇”，只写姓名不划“〇”的不计。",
            "一律用蓝色或者黑色笔填写。",
        ),
        unit=unit,
        date=date,
    )


def party_leader_ballot(
    organization: str, posts: Sequence[tuple[str, Sequence[str]]], *, unit: str = "", date: str = ""
) -> Ballot:
    """The ballot of the new committee's first plenary (委员会全体会议) electing the 书记 (and 副书记):
    one row per candidate with 赞成 / 不赞成 / 弃权 cells and one 另选他人 row per post."""
    listed = [(label, tuple(names)) for label, names in posts if names]
    if not listed:
        raise BallotError("书记候选人未确定，无法生成选票")
    return Ballot(
        title=f"{organization}委员会{'、'.join(label for label, _ in listed)}选举选票",
        subtitle="委员会第一次全体会议",
        style="approval",
        columns=tuple(Column(label, 1, names, 1) for label, names in listed),
        notes=(
            f"应选{'、'.join(label + '1名' for label, _ in listed)}。",
            "在每位候选人的“赞成”“不赞成”“弃权”栏中选一栏划“〇”；另选他人的，在“另选他人”栏内写上其姓名，"
            "并在“赞成”栏内划“〇”。",
            "每一职务赞成的人数多于1名的，该职务的选票无效。",
        ),
        unit=unit,
        date=date,
    )
