"""Reads of the town pre-check (镇级初审) and the county joint review (县级联审): every selector takes
the user and reaches rows only through scoping; out of scope is a 404.

- The pre-check and the county's batch pages need ``vetting.confidential`` / ``vetting.review``.
- A department (``vetting.answer``) reads only its own queue: the entries of its county whose
  campaign names the department, pending its answer or answered by it — nothing else, and no
  finding of another department.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils.functional import cached_property

from huanjie.accounts.roles import VETTING_DEPARTMENTS
from huanjie.core import workflow as wf
from huanjie.core.models import ImportJob, SignOff
from huanjie.core.scoping import get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.planning.models import Campaign, NegativeItem, ReviewDepartment
from huanjie.rules.workflow import level_of_path
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import FindingSource, Side
from huanjie.vetting.models import (
    Candidate,
    Finding,
    PledgeTally,
    PrecheckAnswer,
    PrecheckOfficeListing,
    ReviewBatch,
    ReviewEntry,
)
from huanjie.vetting.review_choices import STATUTORY_FINDINGS, PrecheckOffice
from huanjie.vetting.review_workflows import RULING_TRANSITIONS
from huanjie.vetting.selectors import NOT_FOUND, campaign_of

DEPARTMENT_LABELS = dict(VETTING_DEPARTMENTS)
STATUTORY_LABELS = dict(STATUTORY_FINDINGS)
SENDABLE_MAX = 2000


def answer_due(sent_on: dt.date, days: int) -> dt.date:
    """The last day of a department's answer: ``days`` after the batch was sent (sent on 3-01 with 5
    days: due 3-06, overdue from 3-07)."""
    return sent_on + dt.timedelta(days=days)


def is_overdue(due: dt.date, today: dt.date, answered: bool) -> bool:
    """Overdue once the due day has passed without an answer (on the due day itself: not overdue)."""
    return not answered and today > due


def item_choices(campaign: Campaign | None) -> list[tuple[str, str]]:
    """The finding codes a reporter may pick: the campaign's negative-list items, then the statutory
    findings (value ``item:<code>`` / ``statutory:<code>``)."""
    items = (
        [
            (f"item:{n.code}", f"负面清单 {n.code} {n.text}")
            for n in NegativeItem.objects.filter(campaign=campaign)
        ]
        if campaign is not None
        else []
    )
    return items + [(f"statutory:{code}", f"法定情形：{label}") for code, label in STATUTORY_FINDINGS]


def finding_label(f: Finding) -> str:
    return (
        f"负面清单 {f.item_code}" if f.item_code else STATUTORY_LABELS.get(f.statutory_code, f.statutory_code)
    )


def _labelled(f: Finding | None) -> Finding | None:
    """The finding with ``kind_label`` (what it is, in Chinese) for the templates."""
    if f is not None:
        f.kind_label = finding_label(f)  # type: ignore[attr-defined]
    return f


# ---------------------------------------------------------------------------------------------
# Town pre-check


@dataclass
class PrecheckRow:
    candidate: Candidate
    answered: int
    listed: int
    complete: bool
    findings: int


@dataclass(frozen=True)
class PrecheckTown:
    town: OrgUnit
    offices: list[str]
    offices_labels: list[str]
    can_edit: bool


PRECHECK_PAGE_SIZE = 50
PRECHECK_TOWNS_PAGE = 12


@dataclass(frozen=True)
class PrecheckOverview:
    """One page of the pre-check overview: a page of the towns (their offices), and a page of the
    candidates (of every town in scope, or of the ``town`` chosen) with their progress."""

    campaign: Campaign | None
    towns: list[PrecheckTown]
    rows: list[PrecheckRow]
    towns_page: Page | None = None
    page: Page | None = None
    town: OrgUnit | None = None


def _towns_qs(user: Any) -> QuerySet[OrgUnit]:
    paths = scope_paths(user, VettingCap.CONFIDENTIAL)
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path_q("path", paths), level="town", is_active=True).order_by("path")


def precheck_overview(
    user: Any,
    *,
    town_code: str = "",
    page: Any = 1,
    size: int = PRECHECK_PAGE_SIZE,
    towns_page: Any = 1,
) -> PrecheckOverview:
    """The towns of the user's jurisdiction with their listed offices and the candidates' pre-check
    progress (答复 x / y, complete or not), a page of each: a fixed number of queries at any scope."""
    towns_qs = _towns_qs(user)
    chosen = towns_qs.filter(code=town_code).first() if town_code.isdigit() else None
    town_pager = Paginator([chosen] if chosen is not None else towns_qs, PRECHECK_TOWNS_PAGE)
    town_page = town_pager.get_page(towns_page)
    towns = list(town_page.object_list)
    campaign = campaign_of(towns[0]) if towns else None
    edit_paths = tuple(scope_paths(user, VettingCap.EDIT))
    cands_qs = Candidate.objects.none()
    if campaign is not None:
        cands_qs = (
            Candidate.objects.restrict(user, "confidential")
            .filter(campaign=campaign, withdrawn_on__isnull=True)
            .select_related("unit", "person")
            .order_by("unit__path", "side", "post", "pk")
        )
        if chosen is not None:
            cands_qs = cands_qs.filter(unit__path__startswith=chosen.path)
    total = _standing(user, campaign, chosen)
    # The total is the sum of the units' kept counts (``pledge_tally``: a few thousand rows) rather
    # than a COUNT over a province's candidates; the same filters (campaign, scope, town, not withdrawn).
    cand_page = KnownCountPaginator(cands_qs, size, total).get_page(page)
    cands = list(cand_page.object_list)
    listings: dict[str, list[str]] = {}
    if campaign is not None:
        wanted = {t.path for t in towns} | {c.unit.path[:9] for c in cands}
        for town_path, office in (
            PrecheckOfficeListing.objects.filter(campaign=campaign, town__path__in=wanted)
            .order_by("pk")
            .values_list("town__path", "office")
        ):
            listings.setdefault(town_path, []).append(office)
    labels = dict(PrecheckOffice.choices)
    town_rows = [
        PrecheckTown(
            town=t,
            offices=listings.get(t.path, []),
            offices_labels=[labels[o] for o in listings.get(t.path, [])],
            can_edit=bool(edit_paths) and t.path.startswith(edit_paths),
        )
        for t in towns
    ]
    answers: dict[int, set[str]] = {}
    findings: dict[int, int] = {}
    if cands:
        for cid, office, finding_id in PrecheckAnswer.objects.filter(candidate__in=cands).values_list(
            "candidate_id", "office", "finding_id"
        ):
            answers.setdefault(cid, set()).add(office)
            if finding_id is not None:
                findings[cid] = findings.get(cid, 0) + 1
    rows: list[PrecheckRow] = []
    for c in cands:
        listed = listings.get(c.unit.path[:9], [])
        done = len(answers.get(c.pk, set()) & set(listed))
        rows.append(
            PrecheckRow(c, done, len(listed), bool(listed) and done == len(listed), findings.get(c.pk, 0))
        )
    cand_page.object_list = rows
    return PrecheckOverview(
        campaign=campaign,
        towns=town_rows,
        rows=rows,
        towns_page=town_page,
        page=cand_page,
        town=chosen,
    )


class KnownCountPaginator(Paginator):
    """A paginator told its total (counted elsewhere, exactly) instead of running a COUNT."""

    def __init__(self, object_list: Any, per_page: int, total: int) -> None:
        super().__init__(object_list, per_page)
        self.total = total

    @cached_property
    def count(self) -> int:
        return self.total


def _standing(user: Any, campaign: Campaign | None, town: OrgUnit | None) -> int:
    """The candidates not withdrawn in the user's jurisdiction (and the town chosen), summed from
    the counts kept per unit (``PledgeTally.standing``)."""
    paths = scope_paths(user, VettingCap.CONFIDENTIAL)
    if campaign is None or not paths:
        return 0
    rows = PledgeTally.objects.filter(path_q("unit__path", paths), campaign=campaign)
    if town is not None:
        rows = rows.filter(unit__path__startswith=town.path)
    return int(rows.aggregate(n=Sum("standing"))["n"] or 0)


def editable_town(user: Any, code: str) -> OrgUnit:
    """A town the user may run the pre-check of (404 otherwise)."""
    paths = scope_paths(user, VettingCap.EDIT)
    found = None
    if paths and code.isdigit():
        found = OrgUnit.objects.filter(path_q("path", paths), code=code, level="town").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@dataclass(frozen=True)
class PrecheckCandidate:
    candidate: Candidate
    listed: list[tuple[str, str]]  # (office, label) the town lists
    answers: list[PrecheckAnswer]
    missing: list[str]
    can_answer: bool
    office_choices: list[tuple[str, str]]
    code_choices: list[tuple[str, str]]


def precheck_candidate(user: Any, pk: int) -> PrecheckCandidate:
    """One candidate's pre-check: the town's offices, their answers (with findings), what is missing."""
    c = get_scoped_or_404(
        Candidate.objects.select_related("unit", "person", "campaign"), user, "confidential", pk=pk
    )
    labels = dict(PrecheckOffice.choices)
    listed = [
        (o, labels[o])
        for o in PrecheckOfficeListing.objects.filter(
            campaign_id=c.campaign_id, town__path=c.unit.path[:9]
        ).values_list("office", flat=True)
    ]
    answers = list(PrecheckAnswer.objects.filter(candidate=c).select_related("finding"))
    for a in answers:
        _labelled(a.finding)
    answered = {a.office for a in answers}
    missing = [label for o, label in listed if o not in answered]
    edit = tuple(scope_paths(user, VettingCap.EDIT))
    can_answer = bool(edit) and c.unit.path[:9].startswith(edit) and c.withdrawn_on is None
    return PrecheckCandidate(
        candidate=c,
        listed=listed,
        answers=answers,
        missing=missing,
        can_answer=can_answer and bool(missing),
        office_choices=[(o, label) for o, label in listed if o not in answered],
        code_choices=item_choices(c.campaign),
    )


# ---------------------------------------------------------------------------------------------
# County: batches, the aggregated opinion, the ruling


def review_counties(user: Any) -> list[OrgUnit]:
    paths = scope_paths(user, VettingCap.REVIEW)
    if not paths:
        return []
    return list(
        OrgUnit.objects.filter(path_q("path", paths), level="county", is_active=True).order_by("path")
    )


REVIEW_PAGE_SIZE = 50


@dataclass(frozen=True)
class ReviewIndex:
    """The county's batches and one page of the candidates it may send (``sendable``), with their
    total (``sendable_count``)."""

    counties: list[OrgUnit]
    county: OrgUnit | None
    campaign: Campaign | None
    batches: list[ReviewBatch]
    sendable: list[Candidate]
    departments: list[ReviewDepartment]
    sendable_page: Page | None = None
    sendable_count: int = 0


def review_index(user: Any, *, page: Any = 1, size: int = REVIEW_PAGE_SIZE) -> ReviewIndex:
    """The county's batches and a page of the candidates that may be sent (pre-check complete, not
    sent): a fixed number of queries however many candidates the county has."""
    counties = review_counties(user)
    county = counties[0] if len(counties) == 1 else None
    campaign = campaign_of(counties[0]) if counties else None
    batches = list(ReviewBatch.objects.restrict(user, "review").select_related("county")[:200])
    sendable: list[Candidate] = []
    departments: list[ReviewDepartment] = []
    sendable_page = None
    if county is not None and campaign is not None:
        # The sendable set is read once, as keys in list order (a county's candidates: thousands of
        # integers): its length is the total and a slice the page, rather than a COUNT and a page
        # that each evaluate the pre-check subqueries again; then the page's rows with their people.
        keys: list[Any] = list(sendable_qs(user, county, campaign).values_list("pk", flat=True))
        sendable_page = Paginator(keys, size).get_page(page)
        found = Candidate.objects.select_related("unit", "person").in_bulk(list(sendable_page.object_list))
        sendable = [found[pk] for pk in sendable_page.object_list]
        sendable_page.object_list = sendable
        departments = list(ReviewDepartment.objects.filter(campaign=campaign))
    count = sendable_page.paginator.count if sendable_page is not None else 0
    return ReviewIndex(counties, county, campaign, batches, sendable, departments, sendable_page, count)


def sendable_qs(user: Any, county: OrgUnit, campaign: Campaign) -> QuerySet[Candidate]:
    """The county's candidates whose town pre-check is complete (every office the town lists has
    answered) and who are not yet sent, as one query: the towns grouped by the offices they list
    (a handful of sets), an ``EXISTS`` per office of the set."""
    listings: dict[str, set[str]] = {}
    for town_path, office in PrecheckOfficeListing.objects.filter(
        campaign=campaign, town__path__startswith=county.path
    ).values_list("town__path", "office"):
        listings.setdefault(town_path, set()).add(office)
    by_offices: dict[frozenset[str], list[str]] = {}
    for town_path, offices in listings.items():
        by_offices.setdefault(frozenset(offices), []).append(town_path)
    complete = Q(pk__in=[])
    for office_set, towns in by_offices.items():
        # Answered by every office its town lists: as many answers among those offices as the
        # offices (one answer per office and candidate), read from the answers (few), not by a
        # probe per candidate of the county.
        complete |= Q(
            pk__in=PrecheckAnswer.objects.filter(office__in=sorted(office_set))
            .alias(town=Substr("candidate__unit__path", 1, 9))
            .filter(town__in=towns)
            .values("candidate_id")
            .annotate(n=Count("pk"))
            .filter(n=len(office_set))
            .values("candidate_id")
        )
    return (
        Candidate.objects.restrict(user, "review")
        .filter(
            complete,
            # Not sent: NOT IN the county's entries (a hashed subplan; an anti-join was planned as
            # a nested loop over every entry, the answered set being underestimated).
            ~Q(pk__in=ReviewEntry.objects.filter(unit_path__startswith=county.path).values("candidate_id")),
            campaign=campaign,
            unit__path__startswith=county.path,
            withdrawn_on__isnull=True,
        )
        .order_by("unit__path", "side", "post", "pk")
    )


def with_people(cands: list[Candidate]) -> list[Candidate]:
    """The same candidates with their unit and person read by key (one query for a page)."""
    found = Candidate.objects.select_related("unit", "person").in_bulk([c.pk for c in cands])
    return [found[c.pk] for c in cands]


def sendable_candidates(user: Any, county: OrgUnit, campaign: Campaign) -> list[Candidate]:
    """The county's candidates whose town pre-check is complete and who are not yet sent."""
    return with_people(list(sendable_qs(user, county, campaign)[:SENDABLE_MAX]))


def sendable_by_pk(user: Any, county: OrgUnit, campaign: Campaign, pks: list[int]) -> list[Candidate]:
    """The chosen candidates among the county's (anything else: 404, out of scope or unknown)."""
    found = list(
        Candidate.objects.restrict(user, "review").filter(pk__in=pks, unit__path__startswith=county.path)
    )
    if len(found) != len(set(pks)):
        raise Http404(NOT_FOUND)
    return found


ANSWER_LABELS = {"clear": "无异常", "adverse": "有问题反映"}


@dataclass
class DepartmentStatus:
    code: str
    label: str
    due: dt.date
    answer: SignOff | None
    overdue: bool

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.answer.answer] if self.answer is not None else "待答复"


@dataclass
class EntryOpinion:
    entry: ReviewEntry
    departments: list[DepartmentStatus]
    findings: list[Finding]
    opinion: str  # blank while in review; 各部门无异常 / 有问题反映 once every department answered
    overdue: int
    state_label: str
    rulings: list[tuple[str, str]] = field(default_factory=list)
    to_election_committee: bool = False


def _opinions(entries: list[ReviewEntry], today: dt.date, user: Any | None = None) -> list[EntryOpinion]:
    if not entries:
        return []
    ct = ContentType.objects.get_for_model(ReviewEntry)
    answers: dict[tuple[str, str], SignOff] = {
        (s.object_id, s.party): s
        for s in SignOff.objects.filter(
            content_type=ct, object_id__in=[str(e.pk) for e in entries], superseded=False
        )
    }
    campaign_ids = {e.batch.campaign_id for e in entries}
    depts: dict[int, list[ReviewDepartment]] = {}
    for d in ReviewDepartment.objects.filter(campaign_id__in=campaign_ids).exclude(department=""):
        depts.setdefault(d.campaign_id, []).append(d)
    findings: dict[int, list[Finding]] = {}
    for f in Finding.objects.filter(
        candidate_id__in=[e.candidate_id for e in entries], source=FindingSource.JOINT_REVIEW
    ).order_by("pk"):
        findings.setdefault(f.candidate_id, []).append(f)
        _labelled(f)
    spec = ReviewEntry.workflow_spec
    out = []
    for e in entries:
        statuses = []
        sent_to = e.signoff_parties()
        for d in depts.get(e.batch.campaign_id, []):
            if d.department not in sent_to:
                continue
            a = answers.get((str(e.pk), d.department))
            due = answer_due(e.batch.sent_on, d.days)
            statuses.append(
                DepartmentStatus(d.department, d.name, due, a, is_overdue(due, today, a is not None))
            )
        fs = findings.get(e.candidate_id, [])
        if e.state == "reviewing":
            opinion = ""
        elif fs:
            opinion = "有问题反映"
        else:
            opinion = "各部门无异常"
        rulings: list[tuple[str, str]] = []
        if user is not None:
            rulings = [(a.name, a.label) for a in wf.next_actions(user, e) if a.name in RULING_TRANSITIONS]
        out.append(
            EntryOpinion(
                entry=e,
                departments=statuses,
                findings=fs,
                opinion=opinion,
                overdue=sum(s.overdue for s in statuses),
                state_label=spec.state_label(e.state),
                rulings=rulings,
                to_election_committee=e.candidate.side != Side.PARTY,
            )
        )
    return out


@dataclass(frozen=True)
class BatchPage:
    batch: ReviewBatch
    rows: list[EntryOpinion]
    overdue: int


def review_batch(user: Any, pk: int, *, today: dt.date) -> BatchPage:
    """A batch with each candidate's departments (answered, due, overdue), the aggregated opinion,
    the findings and the rulings the user may give."""
    batch = get_scoped_or_404(ReviewBatch.objects.select_related("county", "campaign"), user, "review", pk=pk)
    entries = list(
        ReviewEntry.objects.restrict(user, "review")
        .filter(batch=batch)
        .select_related("batch", "candidate", "candidate__unit", "candidate__person")
    )
    rows = _opinions(entries, today, user)
    return BatchPage(batch=batch, rows=rows, overdue=sum(r.overdue for r in rows))


def review_entry_for_ruling(user: Any, pk: int) -> ReviewEntry:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        ReviewEntry.objects.select_related("batch", "candidate"), user, "review", pk=pk
    )


@dataclass(frozen=True)
class CandidateReview:
    precheck: list[PrecheckAnswer]
    precheck_missing: list[str]
    opinion: EntryOpinion | None


def candidate_review(user: Any, c: Candidate, *, today: dt.date) -> CandidateReview | None:
    """The pre-check and joint-review feedback on the candidate page, for ``vetting.confidential``
    only (the town sees the county's opinion and ruling; a village operator sees nothing)."""
    if not c.unit.path.startswith(tuple(scope_paths(user, VettingCap.CONFIDENTIAL))):
        return None
    answers = list(PrecheckAnswer.objects.filter(candidate=c).select_related("finding"))
    for a in answers:
        _labelled(a.finding)
    labels = dict(PrecheckOffice.choices)
    answered = {a.office for a in answers}
    missing = [
        labels[o]
        for o in PrecheckOfficeListing.objects.filter(
            campaign_id=c.campaign_id, town__path=c.unit.path[:9]
        ).values_list("office", flat=True)
        if o not in answered
    ]
    entry = ReviewEntry.objects.filter(candidate=c).select_related("batch", "candidate").first()
    opinion = _opinions([entry], today)[0] if entry is not None else None
    return CandidateReview(precheck=answers, precheck_missing=missing, opinion=opinion)


# ---------------------------------------------------------------------------------------------
# A department's own queue


def answering_paths(user: Any, department: str) -> list[str]:
    """The county units through which the user answers for ``department`` (vetting.answer held
    there through a role of that department)."""
    cap_paths = set(scope_paths(user, VettingCap.ANSWER))
    if not cap_paths:
        return []
    return [
        a.org_unit.path
        for a in user.roles()
        if a.org_unit is not None
        and a.org_unit.is_active
        and a.department == department
        and a.org_unit.path in cap_paths
        and level_of_path(a.org_unit.path) == "county"
    ]


def my_departments(user: Any) -> list[tuple[str, str]]:
    """The departments the user answers for (code, label)."""
    codes = [a.department for a in user.roles() if a.department]
    return [(c, DEPARTMENT_LABELS[c]) for c in dict.fromkeys(codes) if answering_paths(user, c)]


@dataclass
class QueueRow:
    entry: ReviewEntry
    due: dt.date
    answer: SignOff | None
    finding: Finding | None
    overdue: bool
    pending: bool

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.answer.answer] if self.answer is not None else "待答复"


def _queue_entries(user: Any, department: str) -> tuple[QuerySet[ReviewEntry], dict[int, int]]:
    paths = answering_paths(user, department)
    if department not in DEPARTMENT_LABELS or not paths:
        raise Http404(NOT_FOUND)
    days = dict(ReviewDepartment.objects.filter(department=department).values_list("campaign_id", "days"))
    qs = (
        ReviewEntry.objects.filter(path_q("unit_path", paths), batch__campaign_id__in=list(days))
        .select_related("batch", "candidate", "candidate__unit", "candidate__person")
        .order_by("batch__sent_on", "unit_path", "pk")  # unit_path: the candidate unit's, kept on the entry
    )
    return qs, days


def _queue_rows(user: Any, department: str, entries: list[ReviewEntry], days: dict[int, int], today: dt.date):
    ct = ContentType.objects.get_for_model(ReviewEntry)
    answers = {
        s.object_id: s
        for s in SignOff.objects.filter(
            content_type=ct, object_id__in=[str(e.pk) for e in entries], party=department, superseded=False
        )
    }
    label = DEPARTMENT_LABELS[department]
    own_findings: dict[int, Finding] = {
        f.candidate_id: f
        for f in Finding.objects.filter(
            candidate_id__in=[e.candidate_id for e in entries],
            source=FindingSource.JOINT_REVIEW,
            reporter=label,
        )
    }
    rows = []
    for e in entries:
        a = answers.get(str(e.pk))
        if department not in e.signoff_parties() or (a is None and e.state != "reviewing"):
            continue  # not this department's to answer (nor answered by it)
        due = answer_due(e.batch.sent_on, days[e.batch.campaign_id])
        rows.append(
            QueueRow(
                entry=e,
                due=due,
                answer=a,
                finding=_labelled(own_findings.get(e.candidate_id)) if a is not None else None,
                overdue=is_overdue(due, today, a is not None),
                pending=a is None,
            )
        )
    return rows


QUEUE_SHOWS = {"pending": "待答复", "done": "已答复"}
QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class Queue:
    """One page of the department's own queue: ``show`` says which list (待答复 or 已答复) the page
    holds; the counts are of the whole queue."""

    department: str
    label: str
    show: str
    page: Page
    rows: list[QueueRow]
    pending_count: int
    done_count: int
    overdue: int

    @property
    def pending(self) -> list[QueueRow]:
        return self.rows if self.show == "pending" else []

    @property
    def done(self) -> list[QueueRow]:
        return self.rows if self.show == "done" else []


def _named(department: str) -> Q:
    """Entries sent to ``department`` (its code in the comma-separated ``parties``)."""
    return (
        Q(parties=department)
        | Q(parties__startswith=f"{department},")
        | Q(parties__endswith=f",{department}")
        | Q(parties__contains=f",{department},")
    )


def queue(
    user: Any,
    department: str,
    *,
    today: dt.date,
    show: str = "pending",
    page: Any = 1,
    size: int = QUEUE_PAGE_SIZE,
) -> Queue:
    """The department's own queue, one page of it: entries pending its answer (``show="pending"``)
    or those it answered (``"done"``), with the totals and the overdue count of the whole queue —
    a fixed number of queries whatever its length (the answers are matched in SQL)."""
    qs, days = _queue_entries(user, department)
    ct = ContentType.objects.get_for_model(ReviewEntry)
    answered = SignOff.objects.filter(
        content_type=ct,
        object_id=Cast(OuterRef("pk"), CharField()),
        party=department,
        superseded=False,
    )
    qs = qs.filter(_named(department)).annotate(answered=Exists(answered))
    waiting = Q(answered=False, state="reviewing")
    late = Q(pk__in=[])
    for campaign_id, n in days.items():  # overdue: sent_on + days < today
        late |= Q(batch__campaign_id=campaign_id, batch__sent_on__lt=today - dt.timedelta(days=n))
    counts = qs.aggregate(
        pending=Count("pk", filter=waiting),
        done=Count("pk", filter=Q(answered=True)),
        overdue=Count("pk", filter=waiting & late),
    )
    show = show if show in QUEUE_SHOWS else "pending"
    shown = qs.filter(waiting) if show == "pending" else qs.filter(answered=True)
    # The page is chosen on the entries alone (their unit path is on them), then its candidates
    # read by key: joining every candidate before the LIMIT made PostgreSQL walk the candidates.
    paginator = Paginator(shown.select_related(None).select_related("batch"), size)
    paginator.count = counts[show]  # type: ignore[misc]  # counted above, not twice
    page_obj = paginator.get_page(page)
    entries = list(page_obj.object_list)
    found = Candidate.objects.select_related("unit", "person").in_bulk([e.candidate_id for e in entries])
    for e in entries:
        e.candidate = found[e.candidate_id]
    rows = _queue_rows(user, department, entries, days, today)
    return Queue(
        department=department,
        label=DEPARTMENT_LABELS[department],
        show=show,
        page=page_obj,
        rows=rows,
        pending_count=counts["pending"],
        done_count=counts["done"],
        overdue=counts["overdue"],
    )


def queue_check(user: Any, department: str) -> None:
    """404 unless the user answers for ``department`` (its queue exists for the user)."""
    _queue_entries(user, department)


def queue_row(user: Any, department: str, pk: int, *, today: dt.date) -> QueueRow:
    """One entry of the department's own queue (404 for anything else)."""
    qs, days = _queue_entries(user, department)
    rows = _queue_rows(user, department, list(qs.filter(pk=pk)), days, today)
    if not rows:
        raise Http404(NOT_FOUND)
    return rows[0]


def queue_pending_by_index(user: Any, department: str) -> dict[str, ReviewEntry]:
    """The department's pending entries by the candidate's blind ID index (for the answer import)."""
    qs, days = _queue_entries(user, department)
    rows = _queue_rows(user, department, list(qs.filter(state="reviewing")), days, dt.date.min)
    return {r.entry.candidate.person.id_index: r.entry for r in rows if r.pending}


ANSWERS_KIND = "vetting_review_answers"


def own_answers_job(user: Any, department: str, pk: int) -> ImportJob:
    """The user's own answers-sheet import job (404 for anyone else's, or another kind)."""
    answering = answering_paths(user, department)
    job = ImportJob.objects.filter(pk=pk, actor_id=user.pk, kind=ANSWERS_KIND).first() if answering else None
    if job is None:
        raise Http404(NOT_FOUND)
    return job
