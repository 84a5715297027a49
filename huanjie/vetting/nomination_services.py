"""Writes of the 村（居）民委员会 nomination (issue 11 req. 2, the 村委会 half of req. 8).

The promise: a 村（居）民委员会 (or supervision committee) candidate comes only from lawful nomination
counted by ``huanjie.rules.nomination``; the county's joint review is an opinion to the 选举委员会,
which decides each candidate's qualification and records its basis; once the list is published it
changes only through written withdrawal with fill-in from the next nominee. No service here deletes
or deactivates a candidate otherwise (村民委员会组织法(2018) 第十一条 / (2025) 第十四条 “任何组织或者
个人不得指定、委派或者撤换村民委员会成员”) — tests/vetting/test_nomination.py enumerates the services.

Each service validates, re-checks the actor's jurisdiction inside its transaction and audits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can
from huanjie.core.versioning import bump, check_version, loaded_version
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.planning.models import Campaign, CommitteeSeats
from huanjie.rules.nomination import (
    NominationPaper,
    NominationSource,
    SelfNomination,
    Withdrawal,
    count_nominations,
    nominator_check,
    order_candidates,
    self_nomination_check,
    withdraw,
)
from huanjie.rules.profiles import get_profile
from huanjie.vetting import nomination_adapters as ad
from huanjie.vetting import pledge_tally
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Channel, Qualification, Side, Source
from huanjie.vetting.models import Candidate, NominationPaperEntry, NominationRound, Nominee
from huanjie.vetting.models.nomination import NominationMethod, NominatorKind

CHANNEL_OF: dict[str, str] = {
    NominatorKind.VOTER: Channel.VOTERS,
    NominatorKind.VOTERS_JOINTLY: Channel.VOTERS_JOINT,
    NominatorKind.PARTY_ORG: Channel.PARTY_ORG,
    NominatorKind.SELF: Channel.SELF,
}
SUPERVISION_MIN = 3  # 村务监督委员会 “由三至五人组成” in the provincial measures (e.g. 浙江) [M]
SUPERVISION_MAX = 5
ROUND_FIELDS = (
    "method",
    "held_on",
    "election_day",
    "registered",
    "participants",
    "seats_chair",
    "seats_vice",
    "seats_member",
    "surplus_chair",
    "surplus_vice",
    "surplus_member",
)


def _ensure(actor: Any, capability: str, unit: OrgUnit, text: str) -> None:
    if not can(actor, capability, unit.path):
        raise PermissionDenied(text)


def _ensure_editor(actor: Any, unit: OrgUnit) -> None:
    _ensure(actor, VettingCap.EDIT, unit, "只有该村（社区）或其所属乡镇（街道）可以登记提名")


def _locked_round(actor: Any, pk: int) -> NominationRound:
    r = NominationRound.objects.select_for_update(of=("self",)).select_related("unit", "campaign").get(pk=pk)
    _ensure_editor(actor, r.unit)
    return r


def _ensure_open(r: NominationRound) -> None:
    if r.confirmed_on is not None:
        raise ValidationError("正式候选人已经确定，提名情况不能再修改；名单只能依法通过候选人书面退出而变动")


def _blocks(verdict: Any) -> list[str]:
    return [f"{s.text}（{s.citation}）" for s in verdict.blocks]


def _check_round(
    *,
    campaign: Campaign,
    unit: OrgUnit,
    side: str,
    values: dict[str, Any],
) -> None:
    errors: dict[str, str] = {}
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["campaign"] = "该村（社区）所属市没有已发布的换届工作"
    if unit.level not in ("village", "community"):
        errors["campaign"] = "候选人提名只在村（社区）进行"
    if side not in (Side.COMMITTEE, Side.SUPERVISION):
        errors["side"] = "请选择村（居）民委员会或村（居）务监督委员会"
    profile = get_profile(campaign.profile_code)
    method = values["method"]
    if method == NominationMethod.PRIMARY and not profile.primary_article:
        errors["method"] = f"{profile.name}的选举办法没有预选的规定，按提名票数确定正式候选人"
    if method == NominationMethod.SELF and not profile.no_candidates_article:
        errors["method"] = f"{profile.name}的选举办法没有无候选人的选举方式，候选人须经提名产生"
    if values["election_day"] <= values["held_on"]:
        errors["election_day"] = "选举日须在提名日期之后"
    chair, vice, member = values["seats_chair"], values["seats_vice"], values["seats_member"]
    if chair != 1:
        errors["seats_chair"] = "主任应选 1 人"
    if side == Side.COMMITTEE:
        decided = CommitteeSeats.objects.filter(campaign=campaign, unit=unit).first()
        if decided is None:
            errors["seats_member"] = "本村（社区）尚未登记本次换届决定的村（居）民委员会职数"
        elif chair + vice + member != decided.members:
            errors["seats_member"] = (
                f"主任、副主任、委员应选名额合计 {chair + vice + member} 人，"
                f"须等于决定的职数 {decided.members} 人（{decided.document_no}）"
            )
    elif side == Side.SUPERVISION:
        if vice:
            errors["seats_vice"] = "村（居）务监督委员会不设副主任"
        if not SUPERVISION_MIN <= chair + member <= SUPERVISION_MAX:
            errors["seats_member"] = "村（居）务监督委员会一般由三至五人组成〔判断〕"
    if method != NominationMethod.SELF and (
        not values.get("registered") or values.get("participants") is None
    ):
        errors["registered"] = "请填写登记参加选举的选民数和参加提名（预选）的选民数"
    elif (
        values.get("participants")
        and values.get("registered")
        and values["participants"] > values["registered"]
    ):
        errors["participants"] = "参加人数不能多于登记选民数"
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def round_open(
    *,
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    side: str,
    method: str,
    held_on: dt.date,
    election_day: dt.date,
    seats_chair: int = 1,
    seats_vice: int = 0,
    seats_member: int = 0,
    registered: int | None = None,
    participants: int | None = None,
    surplus_chair: int | None = None,
    surplus_vice: int | None = None,
    surplus_member: int | None = None,
) -> NominationRound:
    """Open the nomination of a committee's candidates for the campaign (the town, or the village for
    its 选举委员会): seats per post within the decided 职数, the method, the meeting's numbers."""
    _ensure_editor(actor, unit)
    values = {
        "method": method,
        "held_on": held_on,
        "election_day": election_day,
        "registered": registered,
        "participants": participants,
        "seats_chair": seats_chair,
        "seats_vice": seats_vice,
        "seats_member": seats_member,
        "surplus_chair": surplus_chair,
        "surplus_vice": surplus_vice,
        "surplus_member": surplus_member,
    }
    _check_round(campaign=campaign, unit=unit, side=side, values=values)
    if NominationRound.objects.filter(campaign=campaign, unit=unit, side=side).exists():
        raise ValidationError({"side": "本次换届已登记该班子的候选人提名"})
    r = NominationRound.objects.create(campaign=campaign, unit=unit, side=side, **values)
    audit.record(AuditAction.CREATE, actor=actor, instance=r, after=audit.snapshot(r))
    return r


@transaction.atomic(durable=True)
def round_update(
    *,
    actor: Any,
    round: NominationRound,
    version: Any = None,
    seen: dict[str, Any] | None = None,
    **values: Any,
) -> NominationRound:
    """Correct the round's settings and meeting numbers until the formal candidates are confirmed."""
    r = _locked_round(actor, round.pk)
    check_version(r, loaded_version(round, version), seen=seen, fields=ROUND_FIELDS)
    _ensure_open(r)
    unknown = set(values) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    merged = {f: values.get(f, getattr(r, f)) for f in ROUND_FIELDS}
    # Nomination → 预选 is the lawful next step when the nomination meeting missed its quorum (浙江
    # 第十八条: the nominees become 初步候选人); to or from 自荐直选 the entries would change meaning.
    switching_self = NominationMethod.SELF in (merged["method"], r.method) and merged["method"] != r.method
    if switching_self and Nominee.objects.filter(round=r).exists():
        raise ValidationError({"method": "已有被提名人（自荐人），不能改为或改自自荐直选"})
    _check_round(campaign=r.campaign, unit=r.unit, side=r.side, values=merged)
    before = audit.snapshot(r)
    for f, v in merged.items():
        setattr(r, f, v)
    bump(r)
    r.save()
    audit.record(AuditAction.UPDATE, actor=actor, instance=r, before=before, after=audit.snapshot(r))
    round.version = r.version
    return r


@transaction.atomic(durable=True)
def nominee_add(
    *,
    actor: Any,
    round: NominationRound,
    person: Person,
    post: str,
    nominator: str,
    nominated_on: dt.date,
    votes: int = 0,
    signers: int = 1,
) -> Nominee:
    """Register a nomination: a registered person of the village for one post, put forward by whom the
    law in force on ``nominated_on`` allows (``rules.nomination.nominator_check``: the 村党组织 only from
    2026-01-01; a community from 2026 only by ten or more voters jointly or its Party organization)."""
    r = _locked_round(actor, round.pk)
    _ensure_open(r)
    if r.method == NominationMethod.SELF or nominator == NominatorKind.SELF:
        raise ValidationError({"nominator": "自荐直选的参选人通过自荐报名登记"})
    if post not in [p for p, _, _ in ad.posts_of(r)]:
        raise ValidationError({"post": "该职务不是本次应选职务"})
    if person.domicile_unit_id != r.unit_id:
        raise ValidationError({"person": "只能选择户籍在本村（社区）的已登记人员"})
    if nominator not in NominatorKind.values:
        raise ValidationError({"nominator": "请选择提名人"})
    if not r.held_on - dt.timedelta(days=366) <= nominated_on <= r.election_day:
        raise ValidationError({"nominated_on": "提名日期不在本次换届的期限内"})
    verdict = nominator_check(
        NominationSource(by=nominator, on=nominated_on, signers=signers),  # type: ignore[arg-type]
        kind=ad.law_kind(r.unit),
    )
    if not verdict.eligible:
        raise ValidationError({"nominator": _blocks(verdict)})
    if Nominee.objects.filter(round=r, person=person, post=post).exists():
        raise ValidationError({"person": "此人已被提名为该职务的候选人，请修改其得票"})
    n = Nominee.objects.create(
        round=r,
        person=person,
        post=post,
        nominator=nominator,
        signers=signers,
        nominated_on=nominated_on,
        votes=votes,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=n, after=audit.snapshot(n))
    return n


@transaction.atomic(durable=True)
def nominee_set_votes(*, actor: Any, nominee: Nominee, votes: int) -> Nominee:
    """Enter (or correct) a nominee's nomination or 预选 votes until the candidates are confirmed."""
    n = Nominee.objects.select_for_update(of=("self",)).select_related("round__unit").get(pk=nominee.pk)
    _ensure_editor(actor, n.round.unit)
    _ensure_open(n.round)
    if votes < 0:
        raise ValidationError({"votes": "得票不能为负数"})
    before = audit.snapshot(n)
    n.votes = votes
    n.save(update_fields=["votes"])
    audit.record(AuditAction.UPDATE, actor=actor, instance=n, before=before, after=audit.snapshot(n))
    return n


@transaction.atomic(durable=True)
def nominee_confirm_post(*, actor: Any, nominee: Nominee) -> Nominee:
    """A person nominated for two posts confirms in writing which one they stand for (浙江 第十八条);
    their other nominations of the round stay on record and no longer count (rules: confirmed_post)."""
    n = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("round__unit", "person")
        .get(pk=nominee.pk)
    )
    _ensure_editor(actor, n.round.unit)
    _ensure_open(n.round)
    others = Nominee.objects.filter(round=n.round, person=n.person).exclude(pk=n.pk)
    if not others.exists():
        raise ValidationError("此人只被提名为一项职务，无须确认")
    for row in [n, *others.select_for_update()]:
        chosen = row.pk == n.pk
        if row.post_confirmed != chosen:
            before = audit.snapshot(row)
            row.post_confirmed = chosen
            row.save(update_fields=["post_confirmed"])
            audit.record(
                AuditAction.UPDATE,
                actor=actor,
                instance=row,
                before=before,
                after=audit.snapshot(row),
                reason="本人书面确认参选职务",
            )
    return n


def parse_choices(text: str, posts: dict[str, str]) -> dict[str, list[str]]:
    """``主任：张三；副主任：李四、王五`` → ``{"chair": ["张三"], …}`` (``posts``: label → value)."""
    out: dict[str, list[str]] = {}
    for part in text.replace(";", "；").split("；"):
        if not part.strip():
            continue
        label, sep, names = part.replace(":", "：").partition("：")
        if not sep or label.strip() not in posts:
            raise ValidationError({"choices": f"无法识别“{part.strip()}”，请写成“职务：姓名、姓名”"})
        listed = [x.strip() for x in names.replace(",", "、").replace("，", "、").split("、") if x.strip()]
        out.setdefault(posts[label.strip()], []).extend(listed)
    if not out:
        raise ValidationError({"choices": "请填写提名内容"})
    return out


@transaction.atomic(durable=True)
def paper_add(
    *,
    actor: Any,
    round: NominationRound,
    nominator: str,
    choices: dict[str, list[str]],
    on_roll: bool,
    by_proxy: bool,
) -> NominationPaperEntry:
    """Enter one voter's nomination paper as written; it is judged when counted (paper_check)."""
    r = _locked_round(actor, round.pk)
    _ensure_open(r)
    if r.method == NominationMethod.SELF:
        raise ValidationError("自荐直选不使用提名票")
    valid = {p for p, _, _ in ad.posts_of(r)}
    if not nominator.strip() or not choices or any(p not in valid for p in choices):
        raise ValidationError({"choices": "提名人姓名和提名内容（本次应选职务）不能为空"})
    row = NominationPaperEntry.objects.create(
        round=r, nominator=nominator.strip()[:50], choices=choices, on_roll=on_roll, by_proxy=by_proxy
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    return row


def count_papers(r: NominationRound, papers: list[NominationPaperEntry]) -> Any:
    """``rules.nomination.count_nominations`` over the papers entered (the roll: those marked on it)."""
    seats = {ad.RULE_POST[p]: n for p, n, _ in ad.posts_of(r)}
    rule_papers = [
        NominationPaper(
            nominator=p.nominator,
            choices=tuple((ad.RULE_POST[k], tuple(v)) for k, v in p.choices.items() if k in ad.RULE_POST),
            by_proxy=p.by_proxy,
        )
        for p in papers
    ]
    roll = frozenset(p.nominator for p in papers if p.on_roll)
    return count_nominations(
        rule_papers, seats=seats, roll=roll, law=ad.round_law(r), profile=ad.round_profile(r)
    )


@transaction.atomic(durable=True)
def papers_apply(*, actor: Any, round: NominationRound) -> list[Nominee]:
    """Take the valid votes counted from the papers as the nominees' tallies. Every counted name must
    be a registered nominee of that post (nominations are registered first, papers only counted)."""
    r = _locked_round(actor, round.pk)
    _ensure_open(r)
    nominees = list(Nominee.objects.filter(round=r).select_related("person"))
    count = count_papers(r, list(NominationPaperEntry.objects.filter(round=r)))
    key = ad.keys(nominees)
    by_post: dict[str, dict[str, Nominee]] = {}
    for n in nominees:
        by_post.setdefault(ad.RULE_POST[n.post], {})[key[n.pk]] = n
    missing = [
        f"{post}：{name}"
        for post, pairs in count.votes
        for name, _ in pairs
        if name not in by_post.get(post, {})
    ]
    if missing:
        raise ValidationError(f"以下被提名人尚未登记，请先登记提名：{'、'.join(missing)}")
    changed = []
    for post, pool in by_post.items():
        tally = count.of(post)
        for name, n in pool.items():
            if n.votes != tally.get(name, 0):
                before = audit.snapshot(n)
                n.votes = tally.get(name, 0)
                n.save(update_fields=["votes"])
                audit.record(
                    AuditAction.UPDATE, actor=actor, instance=n, before=before, after=audit.snapshot(n)
                )
                changed.append(n)
    return changed


def _order(r: NominationRound, post: str, rows: list[Candidate]) -> None:
    """Number ``rows`` (one post's list) in the published order of the profile (by votes or 姓氏笔画;
    自荐人 by 姓氏笔画, 浙江 第二十条)."""
    profile = ad.round_profile(r)
    seen: dict[str, int] = {}
    for c in rows:
        seen[c.person.name] = seen.get(c.person.name, 0) + 1
    names = {c.pk: c.person.name if seen[c.person.name] == 1 else f"{c.person.name}（{c.pk}）" for c in rows}
    if r.method == NominationMethod.SELF:
        art = profile.self_nominee_order_article
        ordered = order_candidates(
            [names[c.pk] for c in rows], profile=profile, by="strokes", article=art or None
        ).names
    else:
        votes = {names[c.pk]: c.nomination_votes or 0 for c in rows}
        ordered = order_candidates([names[c.pk] for c in rows], profile=profile, votes=votes).names
    position = {name: i for i, name in enumerate(ordered, start=1)}
    for c in rows:
        if c.list_order != position[names[c.pk]]:
            c.list_order = position[names[c.pk]]
            bump(c)
            c.save(update_fields=["list_order", "version"])


def _reorder(r: NominationRound) -> None:
    nominees = list(Nominee.objects.filter(round=r).select_related("candidate__person", "person"))
    for post, _, _ in ad.posts_of(r):
        rows = [n.candidate for n in nominees if n.post == post and ad.active(n)]
        _order(r, post, rows)  # type: ignore[arg-type]


def _make_candidate(actor: Any, r: NominationRound, n: Nominee) -> Candidate:
    row = Candidate.objects.filter(
        campaign=r.campaign, unit=r.unit, side=r.side, post=n.post, person=n.person
    ).first()
    if row is None:
        row = Candidate.objects.create(
            campaign=r.campaign,
            unit=r.unit,
            person=n.person,
            side=r.side,
            post=n.post,
            source=Source.OTHER,
            channel=CHANNEL_OF[n.nominator],
            nomination_votes=n.votes if r.method != NominationMethod.SELF else None,
        )
        audit.record(AuditAction.CREATE, actor=actor, instance=row, after=audit.snapshot(row))
    else:
        before = audit.snapshot(row)
        row.channel = CHANNEL_OF[n.nominator]
        row.nomination_votes = n.votes
        bump(row)
        row.save()
        audit.record(AuditAction.UPDATE, actor=actor, instance=row, before=before, after=audit.snapshot(row))
    pledge_tally.refresh_candidate(row)
    n.candidate = row
    n.save(update_fields=["candidate"])
    return row


@transaction.atomic(durable=True)
def round_confirm(*, actor: Any, round: NominationRound, on: dt.date, version: Any = None) -> list[Candidate]:
    """“确定正式候选人”: run ``rules.nomination.formal_candidates``; only a settled result (quorum met,
    every post 差额, no tie at the cut) is confirmed — a tie or a shortfall is shown and left to the
    voters (re-vote, 预选, more nominations), never resolved here. Creates the Candidate rows (channel
    by nominator, nomination votes) numbered in the profile's order."""
    r = _locked_round(actor, round.pk)
    check_version(r, loaded_version(round, version))
    _ensure_open(r)
    if r.method == NominationMethod.SELF:
        raise ValidationError("自荐直选没有正式候选人，参选人通过自荐报名登记")
    if not r.held_on <= on < r.election_day:
        raise ValidationError({"on": "确定日期须在提名日期之后、选举日之前"})
    nominees = list(Nominee.objects.filter(round=r).select_related("person"))
    result = ad.compute(r, nominees)
    if not result.verdict.eligible:
        raise ValidationError(_blocks(result.verdict))
    key = ad.keys(nominees)
    rows: list[Candidate] = []
    for post, _, _ in ad.posts_of(r):
        chosen = set(result.post(ad.RULE_POST[post]).candidates)
        rows += [_make_candidate(actor, r, n) for n in nominees if n.post == post and key[n.pk] in chosen]
    before = audit.snapshot(r)
    r.confirmed_on = on
    bump(r)
    r.save()
    _reorder(r)
    audit.record(
        AuditAction.TRANSITION,
        actor=actor,
        instance=r,
        before=before,
        after=audit.snapshot(r),
        reason="确定正式候选人",
    )
    round.version = r.version
    return list(
        Candidate.objects.filter(pk__in=[c.pk for c in rows])
        .select_related("person")
        .order_by("post", "list_order")
    )


def surplus_check(r: NominationRound, nominees: list[Nominee]) -> list[tuple[str, int, int, bool]]:
    """Per post: ``(post label, seats, candidates on the list, 差额 holds)`` — more candidates than
    seats (村民委员会组织法(2018) 第十五条 / (2025) 第十八条 “候选人名额应当多于应选名额”)."""
    from huanjie.vetting.choices import Post

    out = []
    for post, seats, _ in ad.posts_of(r):
        on_list = sum(1 for n in nominees if n.post == post and ad.active(n))
        out.append((str(Post(post).label), seats, on_list, on_list > seats))
    return out


@transaction.atomic(durable=True)
def round_publish(*, actor: Any, round: NominationRound, on: dt.date, version: Any = None) -> NominationRound:
    """The 选举委员会 publishes the list of qualified candidates in the profile's order: every candidate
    decided, every post 差额. Afterwards the list changes only through withdrawal."""
    r = (
        NominationRound.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=round.pk)
    )
    _ensure(actor, VettingCap.QUALIFY, r.unit, "只有选举委员会（村或乡镇代为登记）可以公布候选人名单")
    check_version(r, loaded_version(round, version))
    if r.published_on is not None:
        raise ValidationError("候选人名单已经公布")
    if r.confirmed_on is None and r.method != NominationMethod.SELF:
        raise ValidationError("尚未确定正式候选人")
    nominees = list(Nominee.objects.filter(round=r).select_related("candidate", "person"))
    pending = [
        n.person.name for n in nominees if ad.active(n) and n.candidate.qualification == Qualification.PENDING
    ]  # type: ignore[union-attr]
    if pending:
        raise ValidationError(f"选举委员会尚未确认以下候选人的资格：{'、'.join(pending)}")
    if on < (r.confirmed_on or r.held_on) or on > r.election_day:
        raise ValidationError("公布日期须在正式候选人确定之后、选举日之前")
    if r.method != NominationMethod.SELF:
        short = [
            f"{label}应选 {seats} 人，名单 {n} 人"
            for label, seats, n, ok in surplus_check(r, nominees)
            if not ok
        ]
        if short:
            raise ValidationError(f"不能实行差额选举，须依法补充提名：{'；'.join(short)}")
    before = audit.snapshot(r)
    r.published_on = on
    bump(r)
    r.save()
    _reorder(r)
    audit.record(
        AuditAction.TRANSITION,
        actor=actor,
        instance=r,
        before=before,
        after=audit.snapshot(r),
        reason="公布候选人名单",
    )
    round.version = r.version
    return r


def _candidate_round(c: Candidate) -> tuple[Nominee, NominationRound]:
    n = Nominee.objects.select_related("round__unit", "round__campaign").filter(candidate=c).first()
    if n is None:
        raise ValidationError("该人选不是经依法提名产生的候选人")
    return n, n.round


@transaction.atomic(durable=True)
def candidate_qualify(
    *,
    actor: Any,
    candidate: Candidate,
    qualified: bool,
    article: str,
    basis: str,
    decided_on: dt.date,
    version: Any = None,
) -> Candidate:
    """Record the 选举委员会's decision on a candidate's qualification with its legal basis (the
    article, from the screening's 'decide' checks or the law's eligibility article, and the
    committee's reasons). Once the list is published a decided candidate is not decided again."""
    from huanjie.vetting.nomination_selectors import basis_articles

    c = (
        Candidate.objects.select_for_update()
        .select_related("unit", "person", "campaign")
        .get(pk=candidate.pk)
    )
    _ensure(actor, VettingCap.QUALIFY, c.unit, "只有选举委员会（村或乡镇代为登记）可以确认候选人资格")
    check_version(c, loaded_version(candidate, version), fields=("qualification", "qualification_basis"))
    if c.side == Side.PARTY:
        raise ValidationError("党组织预备人选由乡镇党委审批，不由选举委员会确认资格")
    n, r = _candidate_round(c)
    errors: dict[str, str] = {}
    if c.withdrawn_on is not None:
        errors["qualified"] = "该候选人已退出"
    if r.published_on is not None and c.qualification != Qualification.PENDING:
        errors["qualified"] = "候选人名单已经公布，已确认的资格不能再改变；名单只能依法通过书面退出而变动"
    if article not in basis_articles(c, n):
        errors["article"] = "请从列出的法律依据中选择"
    if not basis.strip():
        errors["basis"] = "请填写选举委员会作出决定的依据和理由"
    if decided_on < r.held_on or decided_on > r.election_day:
        errors["decided_on"] = "决定日期须在提名之后、选举日之前"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(c)
    c.qualification = Qualification.QUALIFIED if qualified else Qualification.NOT_QUALIFIED
    c.qualification_basis = f"{article}：{basis.strip()}"[:300]
    c.qualification_date = decided_on
    bump(c)
    c.save()
    pledge_tally.refresh_candidate(c)
    if r.published_on is not None or r.method == NominationMethod.SELF:
        _reorder(r)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=c,
        before=before,
        after=audit.snapshot(c),
        reason="选举委员会确认资格",
    )
    candidate.version = Candidate.objects.get(pk=c.pk).version
    return c


@transaction.atomic(durable=True)
def candidate_withdraw(
    *,
    actor: Any,
    candidate: Candidate,
    filed_on: dt.date,
    in_writing: bool,
    reason: str,
    version: Any = None,
) -> tuple[Candidate, Candidate | None, list[str]]:
    """A formal candidate withdraws (``rules.nomination.withdraw``: in writing, by the profile's
    deadline); the list is filled from the next nominee by votes where the profile says so. Returns
    the candidate, the filled-in candidate (if any) and the notes (e.g. no nominee left to fill)."""
    c = (
        Candidate.objects.select_for_update()
        .select_related("unit", "person", "campaign")
        .get(pk=candidate.pk)
    )
    _ensure_editor(actor, c.unit)
    check_version(c, loaded_version(candidate, version))
    n, r = _candidate_round(c)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退出情况（书面申请的内容）"})
    if not ad.active(n):
        raise ValidationError("该候选人不在候选人名单上")
    nominees = list(Nominee.objects.filter(round=r).select_related("person", "candidate"))
    key = ad.keys(nominees)
    result = withdraw(
        ad.post_list(r, c.post, nominees),
        Withdrawal(name=key[n.pk], filed_on=filed_on, in_writing=in_writing),
        election_day=r.election_day,
        list_fixed_on=r.published_on or r.confirmed_on or r.held_on,
        law=ad.round_law(r),
        profile=ad.round_profile(r),
    )
    if key[n.pk] in result.post.candidates:
        raise ValidationError(_blocks(result.verdict))
    before = audit.snapshot(c)
    c.withdrawn_on = filed_on
    c.withdrawal_reason = reason.strip()[:300]
    bump(c)
    c.save()
    pledge_tally.refresh_candidate(c)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=c,
        before=before,
        after=audit.snapshot(c),
        reason="候选人书面退出",
    )
    filled: Candidate | None = None
    steps = result.verdict.explanation.steps
    if r.method == NominationMethod.SELF:  # 自荐人 are not filled in from a reserve
        steps = [x for x in steps if not x.rule.startswith(("withdraw.fill", "withdraw.no_fill"))]
        result = replace(result, filled=())
    for name in result.filled:
        nxt = next(x for x in nominees if x.post == c.post and key[x.pk] == name)
        filled = _make_candidate(actor, r, nxt)
    _reorder(r)
    if filled is not None:
        filled.refresh_from_db()
    notes = [f"{x.text}（{x.citation}）" for x in steps]
    candidate.version = Candidate.objects.get(pk=c.pk).version
    return c, filled, notes


@transaction.atomic(durable=True)
def self_register(
    *,
    actor: Any,
    round: NominationRound,
    person: Person,
    post: str,
    registered_on: dt.date,
    by_proxy: bool = False,
) -> Candidate:
    """A voter's 自荐 registration in an election without candidates (``rules.nomination.
    self_nomination_check``: 浙江 第二十条 — by the tenth day before the election, one post, in person):
    the 自荐人 is listed (by 姓氏笔画) and vetted like any candidate."""
    r = _locked_round(actor, round.pk)
    if r.method != NominationMethod.SELF:
        raise ValidationError("本次选举不是自荐直选，候选人须经提名产生")
    if r.published_on is not None:
        raise ValidationError("自荐人名单已经公布")
    if post not in [p for p, _, _ in ad.posts_of(r)]:
        raise ValidationError({"post": "该职务不是本次应选职务"})
    if person.domicile_unit_id != r.unit_id:
        raise ValidationError({"person": "只能选择户籍在本村（社区）的已登记人员"})
    others = list(Nominee.objects.filter(round=r, person=person).values_list("post", flat=True))
    verdict = self_nomination_check(
        SelfNomination(
            name=person.name, posts=(post, *others), registered_on=registered_on, by_proxy=by_proxy
        ),
        election_day=r.election_day,
        law=ad.round_law(r),
        profile=ad.round_profile(r),
    )
    if not verdict.eligible:
        raise ValidationError(_blocks(verdict))
    if post in others:
        raise ValidationError({"person": "此人已自荐该职位"})
    n = Nominee.objects.create(
        round=r, person=person, post=post, nominator=NominatorKind.SELF, nominated_on=registered_on
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=n, after=audit.snapshot(n))
    row = _make_candidate(actor, r, n)
    _reorder(r)
    row.refresh_from_db()
    return row


@transaction.atomic(durable=True)
def county_opinion_record(*, actor: Any, candidate: Candidate, conclusion: str) -> Nominee:
    """Record that the county's joint-review opinion on a candidate reached the 选举委员会, with the
    conclusion the county sends (an opinion: the committee decides)."""
    c = Candidate.objects.select_related("unit").get(pk=candidate.pk)
    if not (
        can(actor, VettingCap.REVIEW, c.unit.path)
        or (can(actor, VettingCap.CONFIDENTIAL, c.unit.path) and can(actor, VettingCap.EDIT, c.unit.path))
    ):
        raise PermissionDenied("只有县级联审或乡镇可以登记联审意见")
    n, _ = _candidate_round(c)
    n = Nominee.objects.select_for_update().get(pk=n.pk)
    if not conclusion.strip():
        raise ValidationError({"conclusion": "请填写联审意见结论"})
    before = audit.snapshot(n)
    n.county_opinion_received = True
    n.county_opinion = conclusion.strip()[:300]
    n.save(update_fields=["county_opinion_received", "county_opinion"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=n,
        before=before,
        after=audit.snapshot(n),
        reason="县级联审意见",
    )
    return n
