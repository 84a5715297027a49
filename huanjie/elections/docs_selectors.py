"""Reads for the printed documents of an election (ballots, voter cards, proxy forms, notices).

Every selector takes the user and reaches rows through scoping: an election, notice or town outside
the user's jurisdiction is a 404. The ballots read the published candidate list of the vetting app
(村委会 / 监委会: qualified and not withdrawn; Party: not withdrawn), in ``list_order``.

Seats: the 村（居）民委员会's number comes from planning.CommitteeSeats (主任 1, 副主任 1 when the
list has 副主任 candidates, 妇女委员 1 where the profile keeps a separate women's line, 委员 the rest);
the Party committee's from planning.PartySeats. Where the number is not recorded yet, each post
takes its candidates less the profile's minimum 差额 (at least 1) [M].

Women's line (profile ``women_rule == "separate_line"``, 浙江 第二十一条): the candidate list has no
separate 妇女委员 nomination yet, so the 委员 candidates who are women (people.Person.sex) stand on
the women's line and the other 委员 candidates on the 委员 line [M]; the line stands with write-in
cells only when no woman is on the list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from huanjie.core.pdf import chinese_date
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections import docs_ballots as lay
from huanjie.elections import roll_selectors
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, Notice, NoticeKind, RollEntry, VoterRoll
from huanjie.elections.models.roll import EntryStatus
from huanjie.org.models import OrgUnit
from huanjie.people.choices import PartyOrgForm
from huanjie.planning.models import CommitteeSeats, PartySeats
from huanjie.rules.profiles import Profile, get_profile
from huanjie.vetting.choices import Post, Qualification, Side
from huanjie.vetting.models import Candidate

NOT_FOUND = "未找到，或不在您的管辖范围内"

SIDE_OF_BODY = {Body.COMMITTEE: Side.COMMITTEE, Body.SUPERVISION: Side.SUPERVISION, Body.PARTY: Side.PARTY}
PRINTABLE_BODIES = tuple(SIDE_OF_BODY)
COMMITTEE_POSTS = ((Post.CHAIR, "主任"), (Post.VICE_CHAIR, "副主任"), (Post.MEMBER, "委员"))
SUPERVISION_POSTS = ((Post.SUPERVISION_CHAIR, "主任"), (Post.SUPERVISION_MEMBER, "委员"))
PARTY_FORM_INFIX: dict[str, str] = {
    PartyOrgForm.BRANCH: "支部",
    PartyOrgForm.GENERAL_BRANCH: "总支部",
    PartyOrgForm.COMMITTEE: "",
}


def election(user: Any, pk: int, action: str = "view") -> Election:
    """One election of the user's jurisdiction (``action`` view or edit); 404 otherwise."""
    return get_scoped_or_404(Election.objects.select_related("unit", "campaign"), user, action, pk=pk)


def notice(user: Any, pk: int) -> Notice:
    return get_scoped_or_404(
        Notice.objects.select_related("election__unit", "election__campaign"), user, pk=pk
    )


def notices(user: Any, e: Election) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user).filter(election=e).order_by("number")


def profile_of(e: Election) -> Profile:
    return get_profile(e.campaign.profile_code)


def committee_name(unit: OrgUnit, body: str) -> str:
    """东村村民委员会 / 和平社区居民委员会 / 东村村务监督委员会."""
    village = unit.level == "village"
    if body == Body.SUPERVISION:
        return f"{unit.name}{'村务' if village else '居务'}监督委员会"
    return f"{unit.name}{'村民' if village else '居民'}委员会"


def party_organization(unit: OrgUnit, form: str | None) -> str:
    """中共东村支部 (the ballot adds 委员会)."""
    return f"中共{unit.name}{PARTY_FORM_INFIX.get(form or PartyOrgForm.BRANCH, '支部')}"


def election_committee(unit: OrgUnit) -> str:
    return f"{unit.name}{'村民' if unit.level == 'village' else '居民'}选举委员会"


def election_title(e: Election) -> str:
    """东村村民委员会换届选举 (the election as printed on its documents)."""
    body = e.body_label or (
        committee_name(e.unit, e.body)
        if e.body in (Body.COMMITTEE, Body.SUPERVISION)
        else f"{e.unit.name}{e.get_body_display()}"
    )
    return f"{body}{e.get_kind_display()}"


def _day(e: Election) -> str:
    return chinese_date(e.election_day) if e.election_day else ""


# ---------------------------------------------------------------------------------------------
# Ballots
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A candidate as the ballot needs it: post, name, whether a woman (the women's line)."""

    post: str
    name: str
    woman: bool


def _candidates(elections: Sequence[Election]) -> dict[tuple[int, int, str], list[Listed]]:
    """(campaign, unit, side) → the published candidates in list order, for every election at once."""
    if not elections:
        return {}
    qs = (
        Candidate.objects.filter(
            campaign_id__in={e.campaign_id for e in elections},
            unit_id__in={e.unit_id for e in elections},
            side__in=[SIDE_OF_BODY[Body(e.body)] for e in elections],
            withdrawn_on__isnull=True,
        )
        .exclude(qualification=Qualification.NOT_QUALIFIED)
        .order_by(F("list_order").asc(nulls_last=True), "pk")
        .values_list("campaign_id", "unit_id", "side", "post", "qualification", "person__name", "person__sex")
    )
    out: dict[tuple[int, int, str], list[Listed]] = defaultdict(list)
    for campaign_id, unit_id, side, post, qualification, name, sex in qs:
        if side != Side.PARTY and qualification != Qualification.QUALIFIED:
            continue  # 村委会 / 监委会: only those the 选举委员会 confirmed
        out[(campaign_id, unit_id, side)].append(Listed(post, name, sex == "F"))
    return out


def _surplus_seats(n: int, surplus: tuple[int, int | None]) -> int:
    return max(1, n - surplus[0])


def committee_posts(
    listed: Sequence[Listed], total: int | None, profile: Profile, *, women_line: bool
) -> tuple[lay.Post, ...]:
    """The posts of a 村（居）民委员会 ballot with their seats and candidates (see the module doc)."""
    by_post: dict[str, list[Listed]] = defaultdict(list)
    for c in listed:
        by_post[c.post].append(c)
    chair = tuple(c.name for c in by_post[Post.CHAIR])
    vice = tuple(c.name for c in by_post[Post.VICE_CHAIR])
    members = [c for c in by_post[Post.MEMBER] if not (women_line and c.woman)]
    women = tuple(c.name for c in by_post[Post.MEMBER] if women_line and c.woman)
    no_candidates = not listed
    if total is not None:
        vice_seats = 1 if vice else 0
        women_seats = 1 if women_line else 0
        member_seats = max(0, total - 1 - vice_seats - women_seats)
        seats = {"chair": 1, "vice": vice_seats, "women": women_seats, "member": member_seats}
    else:
        seats = {
            "chair": 1,
            "vice": _surplus_seats(len(vice), profile.surplus_head) if vice else 0,
            "women": 1 if women_line else 0,
            "member": _surplus_seats(len(members), profile.surplus_member) if members or no_candidates else 0,
        }
    posts = [
        lay.Post("主任", seats["chair"], chair),
        lay.Post("副主任", seats["vice"], vice),
        lay.Post(lay.WOMEN_POST, seats["women"], women, women=True),
        lay.Post("委员", seats["member"], tuple(c.name for c in members)),
    ]
    return tuple(p for p in posts if p.seats > 0)


def supervision_posts(listed: Sequence[Listed], profile: Profile) -> tuple[lay.Post, ...]:
    chair = tuple(c.name for c in listed if c.post == Post.SUPERVISION_CHAIR)
    members = tuple(c.name for c in listed if c.post == Post.SUPERVISION_MEMBER)
    posts = [
        lay.Post("主任", 1, chair),
        lay.Post("委员", _surplus_seats(len(members), profile.surplus_member), members),
    ]
    return tuple(p for p in posts if p.candidates or not listed)


@dataclass(frozen=True)
class Skipped:
    unit: str
    reason: str


def _ballots_of(
    e: Election,
    listed: Sequence[Listed],
    committee_seats: int | None,
    party: tuple[int, str] | None,
) -> list[lay.Ballot]:
    profile = profile_of(e)
    date = _day(e)
    if e.body == Body.PARTY:
        organization = party_organization(e.unit, party[1] if party else None)
        names = [c.name for c in listed]
        seats = party[0] if party else _surplus_seats(len(names), (1, None))
        leaders = [
            ("书记", [c.name for c in listed if c.post == Post.SECRETARY]),
            ("副书记", [c.name for c in listed if c.post == Post.DEPUTY_SECRETARY]),
        ]
        return [
            lay.party_committee_ballot(organization, seats, names, unit=e.unit.name, date=date),
            lay.party_leader_ballot(organization, leaders, unit=e.unit.name, date=date),
        ]
    if e.body == Body.SUPERVISION:
        posts = supervision_posts(listed, profile)
    else:
        posts = committee_posts(
            listed, committee_seats, profile, women_line=profile.women_rule == "separate_line"
        )
    return lay.committee_ballots(
        lay.CommitteeBallotInput(
            committee=committee_name(e.unit, e.body),
            posts=posts,
            profile=profile,
            unit=e.unit.name,
            date=date,
        )
    )


def _seats(
    elections: Sequence[Election],
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], tuple[int, str]]]:
    campaigns = {e.campaign_id for e in elections}
    units = {e.unit_id for e in elections}
    committee = {
        (c, u): n
        for c, u, n in CommitteeSeats.objects.filter(
            campaign_id__in=campaigns, unit_id__in=units
        ).values_list("campaign_id", "unit_id", "members")
    }
    party = {
        (c, u): (n, f)
        for c, u, n, f in PartySeats.objects.filter(campaign_id__in=campaigns, unit_id__in=units).values_list(
            "campaign_id", "unit_id", "members", "form"
        )
    }
    return committee, party


def ballots(elections: Sequence[Election]) -> tuple[list[lay.Ballot], list[Skipped]]:
    """The ballots of the given (already scoped) elections in order, and the elections whose ballots
    cannot be printed with the reason. A fixed number of queries whatever the number of elections."""
    listed = _candidates(elections)
    committee, party = _seats(elections)
    out: list[lay.Ballot] = []
    skipped: list[Skipped] = []
    for e in elections:
        key = (e.campaign_id, e.unit_id)
        try:
            out.extend(
                _ballots_of(
                    e, listed.get((*key, SIDE_OF_BODY[Body(e.body)]), []), committee.get(key), party.get(key)
                )
            )
        except lay.BallotError as exc:
            skipped.append(Skipped(e.unit.name, str(exc)))
    return out, skipped


def printable(e: Election) -> None:
    if e.body not in PRINTABLE_BODIES:
        raise Http404("该选举没有可打印的选票")


def town(user: Any, code: str, capability: str = ElectionsCap.EDIT) -> OrgUnit:
    """A town (乡镇、街道) inside the user's jurisdiction for ``capability``; 404 otherwise."""
    paths = scope_paths(user, capability)
    found = None
    if paths and code.isdigit():
        found = OrgUnit.objects.filter(path_q("path", paths), code=code, level="town").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def town_elections(user: Any, t: OrgUnit, body: str) -> list[Election]:
    """Every scheduled election of ``body`` in the town's villages and communities (the latest
    scheduled one of each), in the order of the units."""
    if body not in PRINTABLE_BODIES:
        raise Http404("该选举没有可打印的选票")
    rows = (
        Election.objects.restrict(user, "edit")
        .filter(unit__path__startswith=t.path, body=body, election_day__isnull=False)
        .select_related("unit", "campaign")
        .order_by("unit__path", "-election_day", "-pk")
    )
    latest: dict[int, Election] = {}
    for e in rows:
        latest.setdefault(e.unit_id, e)
    return list(latest.values())


# ---------------------------------------------------------------------------------------------
# Voter cards, proxy forms
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoterCard:
    """What a 选民证 prints: name, villager group and number — never an ID number."""

    name: str
    group: str
    number: str


def election_roll(e: Election) -> VoterRoll | None:
    """The published voter roll of the election's day the cards are printed from (see
    roll_selectors.election_roll)."""
    return roll_selectors.election_roll(e)


def voter_rows(e: Election, roll: VoterRoll) -> list[tuple[str, str, str]]:
    """(name, group, number) of every voter on the published roll (entries in the register, by
    villager group): a person not on the roll gets no card. Numbers: the village code's last three
    digits and a sequence in the roll's order."""
    names = (
        RollEntry.objects.filter(roll=roll, status=EntryStatus.ACTIVE)
        .order_by("group", "pk")
        .values_list("name", "group")
    )
    return [(name, group, f"{e.unit.code[-3:]}-{i:04d}") for i, (name, group) in enumerate(names, 1)]


def voter_cards(rows: Iterable[tuple[str, str, str]]) -> list[VoterCard]:
    return [VoterCard(name, group, number) for name, group, number in rows]


def proxy_rules(profile: Profile) -> list[str]:
    """The proxy conditions the form reminds of (profile.proxy_*)."""
    who = (
        "配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女"
        if profile.proxy_named_relatives_only
        else "本村有选举权的近亲属或者其他选民"
    )
    rules = [
        f"受委托人限于{who}。",
        f"每一受委托人接受委托投票不得超过{profile.proxy_cap}人，且不得再委托他人。",
    ]
    if profile.proxy_candidates_barred:
        rules.append("候选人不得接受委托投票。")
    if profile.proxy_request_days_before:
        rules.append(
            f"委托应当在选举日的{profile.proxy_request_days_before}日前向村民选举委员会提出，经审核公告后有效。"
        )
    return rules


# ---------------------------------------------------------------------------------------------
# Notices
# ---------------------------------------------------------------------------------------------

NOTICE_SUBJECT = {
    NoticeKind.VOTER_LIST: "选民名单",
    NoticeKind.CANDIDATES: "正式候选人名单",
    NoticeKind.POLLING: "投票选举时间、地点和方式",
}


def notice_title(e: Election, kind: str) -> str:
    return f"{election_committee(e.unit)}关于{NOTICE_SUBJECT[NoticeKind(kind)]}的公告"


def notice_draft(e: Election, kind: str) -> str:
    """A draft body for the operator to check and complete (blanks as ____)."""
    committee = e.body_label or (
        committee_name(e.unit, e.body)
        if e.body in (Body.COMMITTEE, Body.SUPERVISION)
        else e.get_body_display()
    )
    day = _day(e) or "____年__月__日"
    if kind == NoticeKind.VOTER_LIST:
        return (
            f"根据有关法律法规的规定，经登记，现将参加{committee}选举的选民名单公告如下（按村民小组分列，附后）。\n"
            "对公布的选民名单有不同意见的，可以自名单公布之日起五日内向村民选举委员会提出申诉，"
            "村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果。"
        )
    if kind == NoticeKind.CANDIDATES:
        profile = profile_of(e)
        listed = _candidates([e]).get((e.campaign_id, e.unit_id, SIDE_OF_BODY.get(Body(e.body), "")), [])
        order = "得票多少" if profile.candidate_order == "votes" else "姓氏笔画"
        labels = dict(COMMITTEE_POSTS + SUPERVISION_POSTS)
        lines = [f"经依法提名，并经资格审查，现将{committee}成员正式候选人名单按{order}为序公告如下："]
        by_post: dict[str, list[str]] = defaultdict(list)
        for c in listed:
            by_post[labels.get(c.post, Post(c.post).label)].append(c.name)
        lines += [f"{post}候选人：{'、'.join(names)}" for post, names in by_post.items()]
        return "\n".join(lines)
    return (
        f"{committee}选举定于{day}举行。\n"
        "投票地点：中心投票会场设在____；投票站设在____。\n"
        "投票时间：____时至____时；流动票箱的使用时间和路线另行公告。\n"
        "选举方式：直接选举，无记名投票，设立秘密写票处，公开唱票、计票，当场公布选举结果。\n"
        "唱票人、计票人、监票人名单另行公告。"
    )


# ---------------------------------------------------------------------------------------------
# The documents page of an election
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocsPage:
    election: Election
    notices: list[Notice]
    can_edit: bool
    printable: bool
    town_code: str
    roll: VoterRoll | None


def docs_page(user: Any, pk: int) -> DocsPage:
    """The documents page of an election; the town's bundle is offered to those who may print it."""
    e = election(user, pk)
    t = e.unit.parent if e.unit.parent_id else None
    town_code = t.code if t is not None and t.level == "town" and can(user, ElectionsCap.EDIT, t.path) else ""
    return DocsPage(
        election=e,
        notices=list(notices(user, e)),
        can_edit=can(user, ElectionsCap.EDIT, e.unit.path),
        printable=e.body in PRINTABLE_BODIES,
        town_code=town_code,
        roll=election_roll(e),
    )


def notice_initial(e: Election, kind: str) -> dict[str, Any]:
    """The issue form's initial values for a notice of ``kind``: title, draft body, issuer, date."""
    return {
        "kind": kind,
        "title": notice_title(e, kind),
        "body": notice_draft(e, kind),
        "issuer": election_committee(e.unit),
        "issued_on": dt.date.today(),
    }
