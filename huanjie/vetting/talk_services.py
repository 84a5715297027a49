"""Writes of the talks (四必谈, issue 11 req. 7): generation from the plan and the nominations,
the town's flag of a wavering person, completion, and the audit of confidential views.

Which talks are owed (``owed``), for a village of a campaign:

- 不再提名: a line 退 of the village's reported personnel plan, and every sitting member of the
  Party organization or the 村（居）民委员会 the plan gives no line 留 or 转;
- 转岗交流: a line 转 of the plan;
- 差额选举: every active candidate for a post with more active candidates than seats (the plan's
  non-退 lines of that post; one seat for 书记, 主任, 监委会主任 without a plan line);
- 参选未被提名: a candidate who withdrew (or whom the 选举委员会 found not qualified) and stands for no
  other post;
- 候选人有提示事项: an active 村（居）民委员会 candidate with a finding not found unfounded (the hook the
  screening will widen: a warning produces a talk, never a removal);
- 思想波动: only by the town's flag (``talk_flag``), never generated.

Only a plan the town has reported (submitted or approved) generates talks: a draft is the town's
working paper, and a plan the county returned no longer justifies its talks until it is reported
again. Regeneration (``talks_refresh``): vetting sits above planning, so planning cannot call us and
core has no “record changed” hook. The ledger page regenerates its villages whenever a town operator
opens it (and on its button): the generator compares what is owed with what is stored and writes
(and audits) only the differences, so an unchanged town costs a fixed number of reads (``read_inputs``
reads the whole town at once) and writes nothing. Talks no longer owed are marked obsolete unless done;
talks owed again are reopened; a manual talk is never touched. A village whose plan is not reported
gets no plan talks; nominations alone still generate theirs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from huanjie.core import audit, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, scope_paths
from huanjie.core.versioning import bump, check_version, loaded_version, sync
from huanjie.org.models import OrgUnit
from huanjie.people.choices import CommitteeKind
from huanjie.people.models import Person, Tenure
from huanjie.planning.models import Assessment, Campaign, Milestone, PlanSeat
from huanjie.planning.plan_workflow import Decision
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Qualification, Side
from huanjie.vetting.models import Candidate, Finding, Talk
from huanjie.vetting.talk_choices import PLAN_KINDS, TalkKind, TalkLevel

TOWN_PATH_LENGTH = 9
LEAF_LEVELS = ("village", "community")
# A plan the town has reported (a returned plan is being redone; a draft is a working paper).
PLAN_STATES = ("submitted", "approved")
TWO_COMMITTEES = (CommitteeKind.PARTY_ORG, CommitteeKind.VILLAGERS, CommitteeKind.RESIDENTS)
SINGLE_SEAT_POSTS = frozenset({Post.SECRETARY, Post.CHAIR, Post.SUPERVISION_CHAIR})
HEAD_POSTS = frozenset({Post.SECRETARY, Post.CHAIR})
# Villages the 研判 found 软弱涣散 or 情况复杂: an outgoing or moved secretary is talked to by the county
# (县级领导包乡联村, the 2021 national summary quoted in official-forms §3.3) [G].
COUNTY_CATEGORIES = frozenset({"weak", "complex"})
# The next step a talk must come before: the nomination for plan talks, the election for the others
# (the first campaign milestone on or after the day the talk is listed whose name has one of the words;
# else the next milestone; else the campaign's end).
PLAN_STEP_WORDS = ("提名", "推荐")
ELECTION_STEP_WORDS = ("选举", "投票")

# The election date of a village when the elections app knows it: elections sits above vetting and
# registers a callable (campaign, unit) -> date | None here; it takes precedence over the milestones
# for the talks owed before the vote.
ELECTION_DATES: list[Callable[[Campaign, OrgUnit], dt.date | None]] = []

POST_LABELS = dict(Post.choices)
SIDE_LABELS = dict(Side.choices)
COMMITTEE_LABELS = dict(CommitteeKind.choices)


@dataclass(frozen=True)
class Owed:
    """A talk the plan or the nominations call for."""

    person_id: int
    kind: str
    level: str
    basis: str
    candidate_id: int | None = None


@dataclass(frozen=True)
class Outcome:
    created: int = 0
    obsoleted: int = 0
    reopened: int = 0
    updated: int = 0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(
            self.created + other.created,
            self.obsoleted + other.obsoleted,
            self.reopened + other.reopened,
            self.updated + other.updated,
        )

    @property
    def changed(self) -> bool:
        return bool(self.created or self.obsoleted or self.reopened or self.updated)


def level_for(kind: str, posts: set[str], category: str) -> str:
    """Who must talk [G]: the county with an outgoing or moved secretary of a 软弱涣散 or 情况复杂
    village; the town's secretary with an outgoing or moved secretary elsewhere and with anyone about
    a 书记 or 主任 post; a member of the town's committee otherwise."""
    if kind in PLAN_KINDS and Post.SECRETARY in posts:
        return TalkLevel.COUNTY if category in COUNTY_CATEGORIES else TalkLevel.TOWN_SECRETARY
    if posts & HEAD_POSTS:
        return TalkLevel.TOWN_SECRETARY
    return TalkLevel.TOWN


@dataclass
class Inputs:
    """What the talks of a set of villages depend on, read in a fixed number of queries."""

    category: dict[int, str] = field(default_factory=dict)
    seats: dict[int, list[PlanSeat]] = field(default_factory=lambda: defaultdict(list))
    sitting: dict[int, dict[int, list[Tenure]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    candidates: dict[int, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    flagged: set[int] = field(default_factory=set)
    milestones: list[Milestone] = field(default_factory=list)


def read_inputs(campaign: Campaign, units: list[OrgUnit]) -> Inputs:
    """The plans reported (their seats), the sitting “两委” members, the candidates, the findings,
    the 研判's categories of ``units`` and the campaign's milestones."""
    out = Inputs()
    out.category = dict(
        Assessment.objects.filter(campaign=campaign, unit__in=units).values_list("unit_id", "category")
    )
    for s in PlanSeat.objects.filter(
        plan__campaign=campaign, plan__unit__in=units, plan__state__in=PLAN_STATES
    ).select_related("plan"):
        out.seats[s.plan.unit_id].append(s)
    for t in Tenure.objects.filter(
        committee__org_unit__in=units, committee__kind__in=TWO_COMMITTEES, end_date__isnull=True
    ).select_related("committee"):
        out.sitting[t.committee.org_unit_id][t.person_id].append(t)
    for c in Candidate.objects.filter(campaign=campaign, unit__in=units).order_by("pk"):
        out.candidates[c.unit_id].append(c)
    out.flagged = set(
        Finding.objects.filter(
            candidate__campaign=campaign, candidate__unit__in=units, candidate__side=Side.COMMITTEE
        )
        .exclude(status="unfounded")
        .values_list("candidate_id", flat=True)
    )
    out.milestones = list(campaign.milestones.order_by("date", "pk"))
    return out


def _plan_talks(inputs: Inputs, unit: OrgUnit) -> list[Owed]:
    if unit.pk not in inputs.seats:
        return []  # no reported plan (or an empty one): the plan justifies no talk yet
    seats = sorted(inputs.seats[unit.pk], key=lambda s: s.pk)
    sitting = inputs.sitting.get(unit.pk, {})
    category = inputs.category.get(unit.pk, "") or ""
    out: dict[tuple[int, str], Owed] = {}

    def add(person_id: int, kind: str, basis: str) -> None:
        if (person_id, kind) not in out:
            posts = {t.post for t in sitting.get(person_id, [])}
            posts |= {s.post for s in seats if s.person_id == person_id}
            out[(person_id, kind)] = Owed(person_id, kind, level_for(kind, posts, category), basis)

    for s in seats:
        label = f"{SIDE_LABELS.get(s.side, s.side)}{s.get_post_display()}"
        if s.decision == Decision.LEAVE:
            add(s.person_id, TalkKind.NOT_RENOMINATED, f"人事安排初步方案：{label}“退”")
        elif s.decision == Decision.TRANSFER:
            add(s.person_id, TalkKind.MOVED, f"人事安排初步方案：{label}“转”")
    kept = {s.person_id for s in seats if s.decision in (Decision.STAY, Decision.TRANSFER)}
    for person_id, tenures in sorted(sitting.items()):
        if person_id not in kept:
            t = min(tenures, key=lambda t: t.pk)
            committee = COMMITTEE_LABELS.get(t.committee.kind, t.committee.kind)
            add(
                person_id,
                TalkKind.NOT_RENOMINATED,
                f"现任{committee}{t.get_post_display()}，人事安排初步方案未安排“留”或“转”",
            )
    return list(out.values())


def _candidate_talks(inputs: Inputs, unit: OrgUnit) -> list[Owed]:
    rows = inputs.candidates.get(unit.pk, [])
    active = [c for c in rows if c.withdrawn_on is None and c.qualification != Qualification.NOT_QUALIFIED]
    active_people = {c.person_id for c in active}
    seats: dict[tuple[str, str], int] = defaultdict(int)
    for s in inputs.seats.get(unit.pk, []):
        if s.decision != Decision.LEAVE:
            seats[(s.side, s.post)] += 1
    by_post: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in active:
        by_post[(c.side, c.post)].append(c)
    out: dict[tuple[int, str], Owed] = {}
    for (side, post), group in by_post.items():
        n = seats.get((side, post)) or (1 if post in SINGLE_SEAT_POSTS else 0)
        if n and len(group) > n:
            for c in group:
                key = (c.person_id, TalkKind.COMPETITIVE)
                if key not in out:
                    basis = f"{SIDE_LABELS[side]}{POST_LABELS[post]}人选 {len(group)} 人，应选 {n} 名"
                    level = level_for(TalkKind.COMPETITIVE, {post}, "")
                    out[key] = Owed(c.person_id, TalkKind.COMPETITIVE, level, basis, c.pk)
    for c in rows:
        if c in active or c.person_id in active_people:
            continue
        key = (c.person_id, TalkKind.UNSUCCESSFUL)
        if key not in out:
            if c.withdrawn_on is not None:
                basis = f"{c.withdrawn_on:%Y-%m-%d} 退出{SIDE_LABELS[c.side]}{POST_LABELS[c.post]}人选"
            else:
                basis = f"{SIDE_LABELS[c.side]}{POST_LABELS[c.post]}候选人资格经选举委员会确认不符合条件"
            out[key] = Owed(c.person_id, TalkKind.UNSUCCESSFUL, TalkLevel.TOWN, basis, c.pk)
    for c in active:
        key = (c.person_id, TalkKind.WARNING)
        if c.side == Side.COMMITTEE and c.pk in inputs.flagged and key not in out:
            level = level_for(TalkKind.WARNING, {c.post}, "")
            out[key] = Owed(c.person_id, TalkKind.WARNING, level, "村（居）民委员会候选人有提示事项", c.pk)
    return list(out.values())


def owed_from(inputs: Inputs, unit: OrgUnit) -> dict[tuple[int, str], Owed]:
    """{(person, kind): the talk owed} for one village (see the module's docstring)."""
    rows = _plan_talks(inputs, unit) + _candidate_talks(inputs, unit)
    return {(o.person_id, o.kind): o for o in rows}


def owed(campaign: Campaign, unit: OrgUnit) -> dict[tuple[int, str], Owed]:
    """{(person, kind): the talk owed} for one village of the campaign."""
    return owed_from(read_inputs(campaign, [unit]), unit)


def due_date(
    campaign: Campaign, unit: OrgUnit, kind: str, since: dt.date, milestones: list[Milestone] | None = None
) -> dt.date:
    """The deadline of a talk listed on ``since``: before the next step it prepares (see the
    constants above); the campaign's end when no milestone is left."""
    if kind not in PLAN_KINDS:
        for provider in ELECTION_DATES:
            day = provider(campaign, unit)
            if day is not None and day >= since:
                return day
    words = PLAN_STEP_WORDS if kind in PLAN_KINDS else ELECTION_STEP_WORDS
    if milestones is None:
        milestones = list(campaign.milestones.order_by("date", "pk"))
    ahead = [m for m in milestones if m.date >= since]
    for m in ahead:
        if any(w in m.name for w in words):
            return m.date
    return ahead[0].date if ahead else campaign.window_end


def _ensure_talker(actor: Any, unit: OrgUnit) -> None:
    if not (can(actor, VettingCap.EDIT, unit.path) and can(actor, VettingCap.CONFIDENTIAL, unit.path)):
        raise PermissionDenied("只有该村（社区）所属乡镇（街道）可以办理四必谈")


def _generate(actor: Any, campaign: Campaign, units: list[OrgUnit], today: dt.date) -> Outcome:
    """Bring the generated talks of ``units`` in step with what is owed: reads in a fixed number of
    queries; writes (and audits) only the differences."""
    inputs = read_inputs(campaign, units)
    talks: dict[int, dict[tuple[int, str], Talk]] = defaultdict(dict)
    manual: set[tuple[int, str]] = set()
    for t in Talk.objects.select_for_update().filter(campaign=campaign, unit__in=units):
        if t.generated:
            talks[t.unit_id][(t.person_id, t.kind)] = t
        else:
            manual.add((t.person_id, t.kind))
    total = Outcome()
    for unit in units:
        total = total + _generate_unit(
            actor, campaign, unit, today, owed_from(inputs, unit), talks[unit.pk], manual, inputs.milestones
        )
    return total


def _generate_unit(
    actor: Any,
    campaign: Campaign,
    unit: OrgUnit,
    today: dt.date,
    wanted: dict[tuple[int, str], Owed],
    stored: dict[tuple[int, str], Talk],
    manual: set[tuple[int, str]],
    milestones: list[Milestone],
) -> Outcome:
    created = obsoleted = reopened = updated = 0
    for key, o in wanted.items():
        talk = stored.get(key)
        if talk is None:
            if key in manual:
                continue  # a manual talk of the same person and kind already covers it
            talk = Talk.objects.create(
                campaign=campaign,
                unit=unit,
                person_id=o.person_id,
                kind=o.kind,
                candidate_id=o.candidate_id,
                level=o.level,
                basis=o.basis,
                due_on=due_date(campaign, unit, o.kind, today, milestones),
                listed_on=today,
            )
            audit.record(
                AuditAction.CREATE,
                actor=actor,
                instance=talk,
                after=audit.snapshot(talk),
                reason="四必谈自动生成",
            )
            created += 1
            continue
        if talk.done_on is not None:
            continue
        changes: dict[str, Any] = {}
        if talk.obsolete_on is not None:
            changes["obsolete_on"] = None
            changes["listed_on"] = today
            changes["due_on"] = due_date(campaign, unit, o.kind, today, milestones)
        for name, value in (("level", o.level), ("basis", o.basis), ("candidate_id", o.candidate_id)):
            if getattr(talk, name) != value:
                changes[name] = value
        if changes:
            before = audit.snapshot(talk)
            for name, value in changes.items():
                setattr(talk, name, value)
            bump(talk)
            talk.save()
            reason = "依据恢复，重新列入四必谈" if "obsolete_on" in changes else "依据变化，更新四必谈"
            audit.record(
                AuditAction.UPDATE,
                actor=actor,
                instance=talk,
                before=before,
                after=audit.snapshot(talk),
                reason=reason,
            )
            if "obsolete_on" in changes:
                reopened += 1
            else:
                updated += 1
    for key, talk in stored.items():
        if key in wanted or talk.done_on is not None or talk.obsolete_on is not None:
            continue
        before = audit.snapshot(talk)
        talk.obsolete_on = today
        bump(talk)
        talk.save()
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=talk,
            before=before,
            after=audit.snapshot(talk),
            reason="人事安排或人选情况变化，不再需要谈话",
        )
        obsoleted += 1
    return Outcome(created, obsoleted, reopened, updated)


@transaction.atomic(durable=True)
def talks_generate(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> Outcome:
    """Bring one village's generated talks in step with its plan and nominations (idempotent: a
    second call changes nothing and audits nothing)."""
    _ensure_talker(actor, unit)
    if unit.level not in LEAF_LEVELS:
        raise ValidationError({"unit": "四必谈按村（社区）生成"})
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        raise ValidationError({"campaign": "该村（社区）所属市没有已发布的换届工作"})
    return _generate(actor, campaign, [unit], workflow.today())


@transaction.atomic(durable=True)
def talks_refresh(*, actor: Any, campaign: Campaign, unit: OrgUnit) -> Outcome:
    """Regenerate every village and community under ``unit`` (a town or one village) the actor
    holds talks for, in one transaction."""
    _ensure_talker(actor, unit)
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        raise ValidationError({"campaign": "所属市没有已发布的换届工作"})
    leaves = OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True)
    return _generate(actor, campaign, list(leaves.order_by("path")), workflow.today())


@transaction.atomic(durable=True)
def talk_flag(
    *, actor: Any, campaign: Campaign, unit: OrgUnit, person: Person, level: str, reason: str
) -> Talk:
    """The town lists a person of the village whose state of mind may affect the 换届 (思想波动)."""
    _ensure_talker(actor, unit)
    errors: dict[str, str] = {}
    if unit.level not in LEAF_LEVELS:
        errors["unit"] = "请在村（社区）页面登记"
    if campaign.state != "published" or campaign.city.path != unit.path[:4]:
        errors["campaign"] = "该村（社区）所属市没有已发布的换届工作"
    if person.domicile_unit_id != unit.pk:
        errors["person"] = "只能选择户籍在本村（社区）的已登记人员"
    if level not in TalkLevel.values:
        errors["level"] = "请选择谈话层级"
    if not reason.strip():
        errors["reason"] = "请填写思想波动的情况"
    elif len(reason) > 200:
        errors["reason"] = "情况不能超过 200 字"
    if errors:
        raise ValidationError(errors)
    if Talk.objects.filter(campaign=campaign, person=person, kind=TalkKind.WAVERING).exists():
        raise ValidationError({"person": "此人已列入思想波动谈话"})
    today = workflow.today()
    talk = Talk.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        kind=TalkKind.WAVERING,
        level=level,
        basis=reason.strip(),
        due_on=due_date(campaign, unit, TalkKind.WAVERING, today),
        listed_on=today,
        generated=False,
    )
    audit.record(AuditAction.CREATE, actor=actor, instance=talk, after=audit.snapshot(talk))
    return talk


COMPLETE_FIELDS = ("done_on", "talker", "notes")


@transaction.atomic(durable=True)
def talk_complete(
    *,
    actor: Any,
    talk: Talk,
    done_on: dt.date,
    talker: str,
    notes: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Talk:
    """Record a talk as held: its date (not in the future), who talked and what was said."""
    current = Talk.objects.select_for_update(of=("self",)).select_related("unit").get(pk=talk.pk)
    _ensure_talker(actor, current.unit)
    check_version(current, loaded_version(talk, version), seen=seen, fields=COMPLETE_FIELDS)
    errors: dict[str, str] = {}
    if current.obsolete_on is not None:
        errors["done_on"] = "该谈话已不再需要，无需登记"
    if done_on > workflow.today():
        errors["done_on"] = "谈话日期不能晚于今天"
    if not talker.strip():
        errors["talker"] = "请填写谈话人（姓名、职务）"
    elif len(talker) > 100:
        errors["talker"] = "谈话人不能超过 100 字"
    if not notes.strip():
        errors["notes"] = "请填写谈话主要内容及对象表态"
    elif len(notes) > 2000:
        errors["notes"] = "内容不能超过 2000 字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(current)
    current.done_on, current.talker, current.notes = done_on, talker.strip(), notes.strip()
    bump(current)
    current.save()
    audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=current, before=before)
    sync(talk, current)
    return current


@transaction.atomic(durable=True)
def talks_viewed(*, actor: Any, unit: OrgUnit, what: str) -> None:
    """只做不说: audit a view of talks (a ledger, a talk, the roll-up's figures) by someone whose
    confidential jurisdiction is not inside the unit's town (a county, the city, leaders)."""
    paths = scope_paths(actor, VettingCap.CONFIDENTIAL)
    if not unit.path.startswith(tuple(paths)) and not any(p.startswith(unit.path) for p in paths):
        raise PermissionDenied("对象不在您的管辖范围内")
    town = unit.path[:TOWN_PATH_LENGTH]
    if len(unit.path) < TOWN_PATH_LENGTH or not any(p.startswith(town) for p in paths):
        audit.record(
            AuditAction.VIEW_CONFIDENTIAL,
            actor=actor,
            model="vetting.Talk",
            object_id=unit.code,
            object_repr=f"{unit.name}四必谈",
            org_path=unit.path,
            reason=what,
        )
