"""Reads of the 村（居）民委员会 nomination pages: every selector takes the user and reaches rows only
through scoping (out of scope: 404). The formal-candidate explanation is computed live from the
round as entered; the county's joint-review findings reach only holders of ``vetting.confidential``
(a village operator sees that an opinion was received and the conclusion the county sends)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone

from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign, CommitteeSeats
from huanjie.rules.profiles import get_profile
from huanjie.vetting import nomination_adapters as ad
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Qualification
from huanjie.vetting.models import Candidate, Finding, NominationPaperEntry, NominationRound, Nominee
from huanjie.vetting.models.nomination import NominationMethod
from huanjie.vetting.selectors import NOT_FOUND, PERSON_CHOICES_MAX, campaign_of, leaf_unit


@dataclass(frozen=True)
class UnitNominations:
    unit: OrgUnit
    campaign: Campaign | None
    rounds: list[NominationRound]
    can_edit: bool
    decided_seats: int | None
    methods: list[tuple[str, str]]


def unit_nominations(user: Any, code: str) -> UnitNominations:
    """The nomination rounds of a village's current campaign and, for its editors, what a new round may
    use (the decided 职数, the methods the profile has)."""
    unit = leaf_unit(user, code)
    campaign = campaign_of(unit)
    rounds: list[NominationRound] = []
    decided: int | None = None
    methods: list[tuple[str, str]] = []
    if campaign is not None:
        rounds = list(NominationRound.objects.visible_to(user).filter(unit=unit, campaign=campaign))
        seats = CommitteeSeats.objects.filter(campaign=campaign, unit=unit).first()
        decided = seats.members if seats else None
        methods = methods_of(campaign.profile_code)
    editable = campaign is not None and can(user, VettingCap.EDIT, unit.path)
    return UnitNominations(unit, campaign, rounds, editable, decided, methods)


def methods_of(profile_code: str) -> list[tuple[str, str]]:
    """The methods the province's measure has: by nomination votes always, 预选 and 自荐直选 where it
    provides them."""
    profile = get_profile(profile_code)
    out = [(NominationMethod.NOMINATION.value, str(NominationMethod.NOMINATION.label))]
    if profile.primary_article:
        out.append((NominationMethod.PRIMARY.value, str(NominationMethod.PRIMARY.label)))
    if profile.no_candidates_article:
        out.append((NominationMethod.SELF.value, str(NominationMethod.SELF.label)))
    return out


@dataclass
class PostView:
    """One post of the round page: its nominees, the formal result and the list as it stands."""

    post: str
    label: str
    seats: int
    target: int
    nominees: list[Nominee] = field(default_factory=list)
    formal: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    withdrawn: list[Candidate] = field(default_factory=list)
    not_qualified: list[Candidate] = field(default_factory=list)
    surplus_ok: bool = False
    rows: list[tuple[Nominee, str, bool]] = field(default_factory=list)
    """(nominee, its standing, nominated for two posts: the person must confirm one)"""


@dataclass(frozen=True)
class PaperView:
    entry: NominationPaperEntry
    counted: str
    reasons: list[str]


@dataclass(frozen=True)
class RoundPage:
    round: NominationRound
    law_title: str
    profile_name: str
    posts: list[PostView]
    steps: list[dict[str, str]]
    blocks: list[str]
    settled: bool
    papers: list[PaperView]
    paper_steps: list[dict[str, str]]
    people: list[tuple[int, str]]
    post_choices: list[tuple[str, str]]
    can_edit: bool
    can_confirm: bool
    can_publish: bool
    can_withdraw: bool
    can_qualify: bool
    can_self_register: bool
    is_self: bool
    self_rule: str
    """The 自荐 rule as the province's measure says it (deadline, one post, in person) with its article."""


def _status(n: Nominee, name: str, view: PostView, confirmed: bool) -> str:
    c = n.candidate
    if c is not None:
        if c.withdrawn_on is not None:
            return "已退出"
        return str(c.get_qualification_display())
    if name in view.tied:
        return "票数相等，待定"
    if name in view.formal:
        return "可确定为正式候选人"
    if confirmed and n.votes > 0:
        return "未列入正式候选人（可依法递补）"
    return ""


def _round(user: Any, pk: int) -> NominationRound:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        NominationRound.objects.select_related("unit", "campaign"), user, pk=pk
    )


def nomination_round(user: Any, pk: int) -> RoundPage:
    """The round page: settings, nominees per post, the papers judged one by one, the formal-candidate
    explanation (each step with its citation), the list with its qualification and withdrawals, the
    差额 check, and what the user may do now."""
    r = _round(user, pk)
    nominees = list(
        Nominee.objects.filter(round=r)
        .select_related("person", "candidate__person")
        .order_by("post", "-votes", "pk")
    )
    is_self = r.method == NominationMethod.SELF
    key = ad.keys(nominees)
    persons = [n.person_id for n in nominees]
    double = {p for p in persons if persons.count(p) > 1}
    posts: list[PostView] = []
    steps: list[dict[str, str]] = []
    blocks: list[str] = []
    settled = False
    if not is_self:
        result = ad.compute(r, nominees)
        steps = [s.as_dict() for s in result.verdict.explanation.steps]
        blocks = [s.text for s in result.verdict.blocks]
        settled = result.verdict.eligible
        formal = {p.post: p for p in result.posts}
    for post, seats, _ in ad.posts_of(r):
        mine = [n for n in nominees if n.post == post]
        view = PostView(post, str(Post(post).label), seats, ad.target_of(r, post), mine)
        if not is_self and ad.RULE_POST[post] in formal:
            pc = formal[ad.RULE_POST[post]]
            view.formal, view.tied = list(pc.candidates), list(pc.tied)
        cands = sorted(
            (n.candidate for n in mine if n.candidate is not None), key=lambda c: (c.list_order or 999, c.pk)
        )
        view.candidates = [
            c for c in cands if c.withdrawn_on is None and c.qualification != Qualification.NOT_QUALIFIED
        ]
        view.withdrawn = [c for c in cands if c.withdrawn_on is not None]
        view.not_qualified = [
            c for c in cands if c.withdrawn_on is None and c.qualification == Qualification.NOT_QUALIFIED
        ]
        view.surplus_ok = is_self or len(view.candidates) > seats
        view.rows = [
            (n, _status(n, key[n.pk], view, r.confirmed_on is not None), n.person_id in double) for n in mine
        ]
        posts.append(view)
    from huanjie.vetting.nomination_services import count_papers

    entries = list(NominationPaperEntry.objects.filter(round=r))
    papers: list[PaperView] = []
    paper_steps: list[dict[str, str]] = []
    if entries:
        count = count_papers(r, entries)
        verdicts = iter(count.papers)
        seen: set[str] = set()
        for e in entries:
            if e.nominator in seen and e.on_roll:
                papers.append(PaperView(e, "", ["重复提交提名票，后一张不计"]))
                continue
            if e.on_roll:
                seen.add(e.nominator)
            pv = next(verdicts)
            counted = "；".join(f"{p}：{'、'.join(ns)}" for p, ns in pv.counted)
            papers.append(PaperView(e, counted, [f"{s.text}（{s.citation}）" for s in pv.verdict.blocks]))
        paper_steps = [s.as_dict() for s in count.explanation.steps]
    open_ = r.confirmed_on is None
    editor = can(user, VettingCap.EDIT, r.unit.path)
    qualifier = can(user, VettingCap.QUALIFY, r.unit.path)
    people: list[tuple[int, str]] = []
    if editor and (open_ or is_self) and r.published_on is None:
        people = [
            (p.pk, f"{p.name}（{p.id_masked}）")
            for p in Person.objects.filter(domicile_unit=r.unit).order_by("name", "pk")[:PERSON_CHOICES_MAX]
        ]
    return RoundPage(
        round=r,
        law_title=ad.round_law(r).title,
        profile_name=ad.round_profile(r).name,
        posts=posts,
        steps=steps,
        blocks=blocks,
        settled=settled,
        papers=papers,
        paper_steps=paper_steps,
        people=people,
        post_choices=[(p, str(Post(p).label)) for p, _, _ in ad.posts_of(r)],
        can_edit=editor and open_ and not is_self,
        can_confirm=editor and open_ and not is_self and settled,
        can_publish=qualifier and r.published_on is None and (r.confirmed_on is not None or is_self),
        can_withdraw=editor and (r.confirmed_on is not None or is_self),
        can_qualify=qualifier,
        can_self_register=editor and is_self and r.published_on is None,
        is_self=is_self,
        self_rule=_self_rule(r) if is_self else "",
    )


def _self_rule(r: NominationRound) -> str:
    profile = ad.round_profile(r)
    parts = []
    if profile.self_nomination_days_before is not None:
        parts.append(f"自荐人须在选举日的 {profile.self_nomination_days_before} 日前本人报名")
    if profile.self_nomination_one_post:
        parts.append("只能报名参选一个职位")
    parts.append("不得委托他人代为报名")
    cite = profile.cite(profile.self_nomination_article or profile.no_candidates_article, "")
    return f"{'，'.join(parts)}（{cite}）。"


def round_nominee(user: Any, r: NominationRound, pk: int) -> Nominee:
    """A nominee of the round (404 otherwise)."""
    found = Nominee.objects.visible_to(user).filter(round=r, pk=pk).select_related("person").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def round_person(r: NominationRound, pk: int) -> Person:
    """A registered person of the round's village (nominees are chosen from the registry)."""
    found = Person.objects.filter(pk=pk, domicile_unit=r.unit).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# --- qualification --------------------------------------------------------------------------------


def _screening(c: Candidate, r: NominationRound) -> Any:
    """The candidate's screening (vetting.screening: the same adapter as the party side) on the
    nomination day, for the round's election day."""
    from huanjie.vetting import screening

    return screening.screen(c, on=r.held_on, election_day=r.election_day)


def decide_checks(c: Candidate, r: NominationRound) -> list[dict[str, Any]]:
    """The screening checks the 选举委员会 must decide on (result 'decide')."""
    return [vars(ch) for ch in _screening(c, r).checks if ch.result == "decide"]


def basis_articles(c: Candidate, n: Nominee) -> list[str]:
    """The articles the 选举委员会 may cite: those of the 'decide' checks, the article on 被选举权 the
    screening applied, and the law's article on candidates."""
    r = n.round
    law = ad.round_law(r)
    result = _screening(c, r)
    out = [ch.citation for ch in result.checks if ch.result == "decide"]
    out += [ch.citation for ch in result.checks if ch.rule == "age"]
    if law.eligibility is not None:
        out.append(law.cite(law.eligibility.candidate_article))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class QualificationPage:
    candidate: Candidate
    round: NominationRound
    nominee: Nominee
    articles: list[str]
    checks: list[dict[str, Any]]
    confidential: bool
    findings: list[Finding]
    can_decide: bool
    can_withdraw: bool
    can_record_opinion: bool
    today: dt.date


def qualification(user: Any, pk: int) -> QualificationPage:
    """A committee candidate's qualification page: the 'decide' checks (their evidence only for
    ``vetting.confidential``), the articles to cite, the county opinion (its findings only for
    ``vetting.confidential``; others see that it was received and its conclusion)."""
    c = get_scoped_or_404(Candidate.objects.select_related("unit", "person", "campaign"), user, pk=pk)
    n = Nominee.objects.select_related("round__unit", "round__campaign").filter(candidate=c).first()
    if n is None:
        raise Http404(NOT_FOUND)
    r = n.round
    confidential = can(user, VettingCap.CONFIDENTIAL, c.unit.path)
    checks = decide_checks(c, r)
    if not confidential:
        checks = [
            {"citation": ch["citation"], "result_label": ch["result_label"], "text": ""} for ch in checks
        ]
    findings = list(Finding.objects.visible_to(user).filter(candidate=c)) if confidential else []
    locked = r.published_on is not None and c.qualification != Qualification.PENDING
    return QualificationPage(
        candidate=c,
        round=r,
        nominee=n,
        articles=basis_articles(c, n),
        checks=checks,
        confidential=confidential,
        findings=findings,
        can_decide=can(user, VettingCap.QUALIFY, c.unit.path) and c.withdrawn_on is None and not locked,
        can_withdraw=can(user, VettingCap.EDIT, c.unit.path)
        and ad.active(n)
        and (r.confirmed_on is not None or r.method == NominationMethod.SELF),
        can_record_opinion=can(user, VettingCap.REVIEW, c.unit.path)
        or (confidential and can(user, VettingCap.EDIT, c.unit.path)),
        today=timezone.localdate(),
    )
