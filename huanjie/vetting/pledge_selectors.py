"""Reads of the pledges: coverage against 100% by unit (承诺书: every active candidate; 纪律责任书:
the town's and each village's sitting Party secretary; 保证书: counted, the staff list being the
town's own), the roll-up by town, and ``missing_commitment`` for the party approval.

“镇(街道)、村(社区)党组织书记 100%签订换届纪律责任书,候选人 100%签订换届纪律承诺书,换届工作人员
100%签订换届纪律保证书” (the city's mobilisation speech, rules.citations.CITE_SPEECH_PLEDGE).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse

from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.people.choices import CommitteeKind
from huanjie.people.models import Person, Tenure
from huanjie.planning import rectification_files as files
from huanjie.planning.models import Campaign, ResponsiblePerson
from huanjie.vetting.capabilities import VettingCap
from huanjie.vetting.choices import Post, Qualification
from huanjie.vetting.models import Candidate, Pledge, PledgeTally
from huanjie.vetting.pledge_services import LEAF_LEVELS, PLEDGE_UNIT_LEVELS
from huanjie.vetting.selectors import NOT_FOUND, campaign_of
from huanjie.vetting.talk_choices import PledgeKind

TOWN_PATH_LENGTH = 9
GUARANTEE_KEY = "g:0:0"


def missing_commitment(candidate: Candidate) -> bool:
    """Has this candidate not signed the 承诺书 of the candidate's campaign? (For the party
    approval: a 预备人选 without it is blocked where the campaign says so.)"""
    return not Pledge.objects.filter(
        campaign_id=candidate.campaign_id, kind=PledgeKind.COMMITMENT, person_id=candidate.person_id
    ).exists()


@dataclass(frozen=True)
class Ratio:
    required: int = 0
    signed: int = 0

    @property
    def percent(self) -> str:
        return f"{self.signed * 100 // self.required}%" if self.required else "—"

    @property
    def complete(self) -> bool:
        return self.signed >= self.required

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.required + other.required, self.signed + other.signed)


@dataclass(frozen=True)
class Signer:
    """A required signer who has not signed: the choice key of the record form, who and why."""

    key: str
    kind: str
    kind_label: str
    unit: OrgUnit
    name: str
    why: str
    candidate_pk: int | None = None


@dataclass(frozen=True)
class UnitLine:
    unit: OrgUnit
    commitment: Ratio
    discipline: Ratio
    guarantees: int
    scans_missing: int = 0  # signed pledges recorded without their scan yet (扫描件待补)


@dataclass(frozen=True)
class PledgeCoverage:
    unit: OrgUnit
    campaign: Campaign | None
    is_town: bool
    lines: list[UnitLine]
    commitment: Ratio
    discipline: Ratio
    guarantees: int
    missing: list[Signer]
    pledges: list[Pledge]
    scans_missing: int
    can_edit: bool
    town_secretary: str
    max_mb: int = field(default_factory=lambda: files.max_bytes() // files.MB)
    allowed: str = files.ALLOWED_LABEL

    @property
    def signer_choices(self) -> list[tuple[str, str]]:
        rows = [(s.key, f"{s.kind_label}：{s.unit.name} {s.name}（{s.why}）") for s in self.missing]
        return [*rows, (GUARANTEE_KEY, "换届纪律保证书：换届工作人员（请填写姓名、职务）")]


def pledge_unit(user: Any, code: str) -> OrgUnit:
    """A town, village or community inside the user's jurisdiction (404 otherwise)."""
    paths = scope_paths(user, VettingCap.VIEW)
    unit = None
    if paths and code.isdigit():
        unit = OrgUnit.objects.filter(path_q("path", paths), code=code, level__in=PLEDGE_UNIT_LEVELS).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def coverage(user: Any, code: str) -> PledgeCoverage:
    """A town's (its villages and its own secretary) or a village's pledges against 100%, with the
    required signers still missing and the pledges recorded."""
    unit = pledge_unit(user, code)
    campaign = campaign_of(unit)
    is_town = unit.level == "town"
    leaves = list(
        OrgUnit.objects.filter(path__startswith=unit.path, level__in=LEAF_LEVELS, is_active=True).order_by(
            "path"
        )
    )
    pledges: list[Pledge] = []
    candidates: list[Candidate] = []
    secretaries: list[Tenure] = []
    if campaign is not None:
        pledges = list(
            Pledge.objects.visible_to(user)
            .filter(campaign=campaign, unit__path__startswith=unit.path)
            .select_related("unit")
        )
        candidates = list(
            Candidate.objects.visible_to(user)
            .filter(campaign=campaign, unit__in=leaves, withdrawn_on__isnull=True)
            .exclude(qualification=Qualification.NOT_QUALIFIED)
            .select_related("person", "unit")
            .order_by("unit__path", "side", "post", "pk")
        )
        secretaries = list(
            Tenure.objects.filter(
                committee__org_unit__in=leaves,
                committee__kind=CommitteeKind.PARTY_ORG,
                post=Post.SECRETARY,
                end_date__isnull=True,
            ).select_related("person", "committee__org_unit")
        )
    signed = {(p.kind, p.person_id) for p in pledges if p.person_id is not None}
    # A person signs one 承诺书 per campaign: it counts wherever it was recorded (as the roll-up's
    # counts, ``pledge_tally``).
    committed = (
        set(
            Pledge.objects.filter(
                campaign=campaign, kind=PledgeKind.COMMITMENT, person_id__in={c.person_id for c in candidates}
            ).values_list("person_id", flat=True)
        )
        if candidates
        else set()
    )
    missing: list[Signer] = []
    commit_req: dict[int, set[int]] = defaultdict(set)
    commit_done: dict[int, set[int]] = defaultdict(set)
    for c in candidates:
        commit_req[c.unit_id].add(c.person_id)
        if c.person_id in committed:
            commit_done[c.unit_id].add(c.person_id)
        elif not any(s.key == f"c:{c.person_id}:{c.unit_id}" for s in missing):
            why = f"{c.get_side_display()}{c.get_post_display()}人选"
            missing.append(
                Signer(
                    f"c:{c.person_id}:{c.unit_id}",
                    PledgeKind.COMMITMENT,
                    "承诺书",
                    c.unit,
                    c.person.name,
                    why,
                    c.pk,
                )
            )
    disc_req: dict[int, set[int]] = defaultdict(set)
    disc_done: dict[int, set[int]] = defaultdict(set)
    for t in secretaries:
        leaf = t.committee.org_unit
        disc_req[leaf.pk].add(t.person_id)
        if (PledgeKind.DISCIPLINE, t.person_id) in signed:
            disc_done[leaf.pk].add(t.person_id)
        else:
            missing.append(
                Signer(
                    f"d:{t.person_id}:{leaf.pk}",
                    PledgeKind.DISCIPLINE,
                    "纪律责任书",
                    leaf,
                    t.person.name,
                    "现任党组织书记",
                )
            )
    guarantees: dict[int, int] = defaultdict(int)
    unscanned: dict[int, int] = defaultdict(int)
    for p in pledges:
        if p.kind == PledgeKind.GUARANTEE:
            guarantees[p.unit_id] += 1
        if not p.has_scan:
            unscanned[p.unit_id] += 1
    lines = [
        UnitLine(
            leaf,
            Ratio(len(commit_req[leaf.pk]), len(commit_done[leaf.pk])),
            Ratio(len(disc_req[leaf.pk]), len(disc_done[leaf.pk])),
            guarantees[leaf.pk],
            unscanned[leaf.pk],
        )
        for leaf in leaves
    ]
    town_secretary = ""
    if is_town and campaign is not None:
        town_signed = any(p.kind == PledgeKind.DISCIPLINE and p.unit_id == unit.pk for p in pledges)
        lines.insert(
            0, UnitLine(unit, Ratio(), Ratio(1, int(town_signed)), guarantees[unit.pk], unscanned[unit.pk])
        )
        first = ResponsiblePerson.objects.filter(campaign=campaign, unit=unit, role="first").first()
        town_secretary = first.name if first is not None else ""
        if not town_signed:
            missing.insert(
                0,
                Signer(
                    f"t:0:{unit.pk}",
                    PledgeKind.DISCIPLINE,
                    "纪律责任书",
                    unit,
                    town_secretary or "（请填写姓名）",
                    "乡镇（街道）党（工）委书记",
                ),
            )
    total_commit = sum((ln.commitment for ln in lines), Ratio())
    total_disc = sum((ln.discipline for ln in lines), Ratio())
    return PledgeCoverage(
        unit=unit,
        campaign=campaign,
        is_town=is_town,
        lines=lines,
        commitment=total_commit,
        discipline=total_disc,
        guarantees=sum(guarantees.values()),
        missing=missing,
        pledges=sorted(pledges, key=lambda p: (p.unit.path, p.kind, p.signed_on, p.pk)),
        scans_missing=sum(unscanned.values()),
        can_edit=campaign is not None and can(user, VettingCap.EDIT, unit.path),
        town_secretary=town_secretary,
    )


def resolve_signer(page: PledgeCoverage, key: str) -> tuple[str, OrgUnit, Person | None]:
    """(kind, unit, person) of a choice of the record form; only the page's own choices resolve."""
    if key == GUARANTEE_KEY:
        return PledgeKind.GUARANTEE, page.unit, None
    found = next((s for s in page.missing if s.key == key), None)
    if found is None:
        raise Http404(NOT_FOUND)
    person_pk = int(key.split(":")[1])
    person = Person.objects.filter(pk=person_pk).first() if person_pk else None
    return found.kind, found.unit, person


def pledge(user: Any, pk: int) -> Pledge:
    return get_scoped_or_404(Pledge.objects.select_related("unit"), user, pk=pk)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TownLine:
    """One line of the roll-up: a town, or (the city's view) a county with its towns summed."""

    unit: OrgUnit
    commitment: Ratio
    discipline: Ratio
    guarantees: int
    is_county: bool = False
    scans_missing: int = 0

    @property
    def town(self) -> OrgUnit | None:
        return None if self.is_county else self.unit


@dataclass(frozen=True)
class Rollup:
    lines: list[TownLine]
    commitment: Ratio
    discipline: Ratio
    guarantees: int
    by_county: bool = False
    county: OrgUnit | None = None  # the county drilled into, from the city's view
    scans_missing: int = 0


COUNTY_PATH_LENGTH = 6


def rollup_county(user: Any, code: str) -> OrgUnit | None:
    """The county ``code`` when the user's jurisdiction holds it whole (a city drilling down), else
    None (an unknown or foreign code shows the usual roll-up)."""
    paths = scope_paths(user, VettingCap.VIEW)
    if not code.isdigit() or not any(len(p) < COUNTY_PATH_LENGTH for p in paths):
        return None
    found = OrgUnit.objects.filter(code=code, level="county").first()
    if found is None or not found.path.startswith(tuple(paths)):
        return None
    return found


def rollup(user: Any, *, county_code: str = "") -> Rollup:
    """Coverage over the user's jurisdiction (the latest published campaign of each city), summed
    by town in SQL from the counts kept per unit (``pledge_tally``; the coverage page counts the same
    way, from the candidates); a city sees one line per county (its towns summed), ``county_code`` drills into
    one county's towns. A fixed number of queries at any scope."""
    paths = scope_paths(user, VettingCap.VIEW)
    county = rollup_county(user, county_code) if county_code and paths else None
    by_county = county is None and any(len(p) < COUNTY_PATH_LENGTH for p in paths)
    if county is not None:
        paths = [county.path]
    units = (
        list(
            OrgUnit.objects.filter(path_q("path", paths), level="county" if by_county else "town").order_by(
                "path"
            )
        )
        if paths
        else []
    )
    if not units:
        return Rollup([], Ratio(), Ratio(), 0, by_county, county)
    found = {
        city.path: campaign_of(city)
        for city in OrgUnit.objects.filter(level="city", path__in={u.path[:4] for u in units})
    }
    campaigns = [c for c in found.values() if c is not None]
    with_campaign = {path for path, c in found.items() if c is not None}
    disc_req: dict[str, int] = defaultdict(int)
    disc_done: dict[str, int] = defaultdict(int)
    town_signed: set[str] = set()
    guarantees: dict[str, int] = defaultdict(int)
    scans_missing: dict[str, int] = defaultdict(int)
    commit_counts: dict[str, tuple[int, int]] = {}
    towns: set[str] = set()  # the towns of the covered cities (each owes its own 责任书)
    covered = [u.path for u in units if u.path[:4] in with_campaign]
    if covered:
        # Summed in SQL by town from the counts kept per unit (``PledgeTally``, kept by the services
        # that change candidates and pledges: a province holds hundreds of thousands of candidates,
        # a few tens of thousands of units); the 责任书 read (one per secretary and town); every read
        # narrowed by a few prefixes (the scope or the county drilled into, and the cities with a
        # campaign), never one per town.
        narrow = path_q("unit__path", paths) & path_q("unit__path", sorted(with_campaign))
        town_of = Substr("unit__path", 1, TOWN_PATH_LENGTH)
        for path, required, done, n, unscanned in (
            PledgeTally.objects.filter(narrow, campaign__in=campaigns)
            .annotate(town=town_of)
            .values("town")
            .annotate(
                required=Sum("commit_required"),
                done=Sum("commit_done"),
                n=Sum("guarantees"),
                unscanned=Sum("scans_missing"),
            )
            .order_by()
            .values_list("town", "required", "done", "n", "unscanned")
        ):
            commit_counts[path] = (int(required), int(done))
            guarantees[path] += n
            scans_missing[path] += unscanned
        discipline = Pledge.objects.visible_to(user).filter(
            narrow, campaign__in=campaigns, kind=PledgeKind.DISCIPLINE
        )
        # The towns' own 责任书 (one per town, few); the secretaries' counted by town in SQL, each
        # sitting secretary once per town, signed when a 责任书 of theirs is recorded in the scope.
        town_signed = set(
            discipline.filter(unit__level="town").values_list("unit__path", flat=True).order_by()
        )
        for path, required, done in (
            Tenure.objects.filter(
                path_q("committee__org_unit__path", paths),
                path_q("committee__org_unit__path", sorted(with_campaign)),
                committee__org_unit__is_active=True,
                committee__kind=CommitteeKind.PARTY_ORG,
                post=Post.SECRETARY,
                end_date__isnull=True,
            )
            .annotate(town=Substr("committee__org_unit__path", 1, TOWN_PATH_LENGTH))
            .values("town")
            .annotate(
                required=Count("person_id", distinct=True),
                done=Count(
                    "person_id",
                    distinct=True,
                    filter=Q(person_id__in=discipline.filter(person_id__isnull=False).values("person_id")),
                ),
            )
            .order_by()
            .values_list("town", "required", "done")
        ):
            disc_req[path], disc_done[path] = required, done
        towns = set(
            OrgUnit.objects.filter(
                path_q("path", paths), path_q("path", sorted(with_campaign)), level="town"
            ).values_list("path", flat=True)
        )
    width = COUNTY_PATH_LENGTH if by_county else TOWN_PATH_LENGTH
    commit: dict[str, Ratio] = defaultdict(Ratio)
    disc: dict[str, Ratio] = defaultdict(Ratio)
    guarantee: dict[str, int] = defaultdict(int)
    unscanned_by: dict[str, int] = defaultdict(int)
    for path in towns | set(commit_counts) | set(disc_req) | set(guarantees) | set(scans_missing):
        key = path[:width]
        unscanned_by[key] += scans_missing[path]
        commit[key] += Ratio(*commit_counts.get(path, (0, 0)))
        own = 1 if path in towns else 0
        disc[key] += Ratio(disc_req[path] + own, disc_done[path] + int(path in town_signed))
        guarantee[key] += guarantees[path]
    lines = [
        TownLine(u, commit[u.path], disc[u.path], guarantee[u.path], by_county, unscanned_by[u.path])
        for u in units
    ]
    return Rollup(
        lines,
        sum((ln.commitment for ln in lines), Ratio()),
        sum((ln.discipline for ln in lines), Ratio()),
        sum(ln.guarantees for ln in lines),
        by_county,
        county,
        sum(ln.scans_missing for ln in lines),
    )


# ---------------------------------------------------------------------------------------------
# The home page's to-do (core.plugins.todo_providers)


@dataclass(frozen=True)
class PledgeTodo:
    label: str
    url: str
    due: None = None
    overdue: bool = False


TODO_TOWNS_MAX = 5


def pledge_todos(user: Any) -> list[PledgeTodo]:
    """For a town that records pledges: the standing candidates of its villages without a 承诺书."""
    towns = [p for p in scope_paths(user, VettingCap.EDIT) if len(p) == TOWN_PATH_LENGTH]
    out: list[PledgeTodo] = []
    for town in OrgUnit.objects.filter(path__in=towns, level="town").order_by("path")[:TODO_TOWNS_MAX]:
        campaign = campaign_of(town)
        if campaign is None:
            continue
        signed = Pledge.objects.filter(campaign=campaign, kind=PledgeKind.COMMITMENT).values("person_id")
        missing = (
            Candidate.objects.visible_to(user)
            .filter(campaign=campaign, unit__path__startswith=town.path, withdrawn_on__isnull=True)
            .exclude(qualification=Qualification.NOT_QUALIFIED)
            .exclude(person_id__in=signed)
            .values("person_id")
            .distinct()
            .count()
        )
        if missing:
            out.append(
                PledgeTodo(
                    f"{town.name}：{missing} 名人选尚未签订换届纪律承诺书",
                    reverse("vetting:pledge_coverage", args=[town.code]),
                )
            )
    return out
