"""Reads of training, education upgrading and the three mechanisms (issue 14 req. 6), and the
campaign helpers the oversight areas of this branch share. Every read takes the user and goes
through core.scoping; coverage is counted with a fixed number of aggregate queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.org.models import OrgUnit
from huanjie.oversight.capabilities import OversightCap
from huanjie.oversight.models import (
    EducationUpgrade,
    MechanismDecision,
    OversightSetting,
    TrainingAttendance,
    TrainingOfficial,
    TrainingSession,
)
from huanjie.people.models import Person, Tenure
from huanjie.planning.models import Campaign

NOT_FOUND = "未找到，或不在您的管辖范围内"
TOWN_PATH_LENGTH = 9
DEFAULT_TARGET = 100


# ---------------------------------------------------------------------------------------------
# Campaigns


def campaigns(user: Any) -> QuerySet[Campaign]:
    """Published campaigns of the cities the user's ``oversight.view`` jurisdiction lies in."""
    paths = scope_paths(user, OversightCap.VIEW)
    if not paths:
        return Campaign.objects.none()
    prefixes = {p[:i] for p in paths for i in range(1, len(p) + 1)}
    return (
        Campaign.objects.filter(state="published")
        .filter(Q(city__path__in=prefixes) | path_q("city__path", paths))
        .select_related("city")
        .order_by("-window_start", "-pk")
    )


def campaign(user: Any, pk: Any = None) -> Campaign | None:
    """The campaign asked for (``?campaign=pk``; 404 when not visible) or the latest visible one."""
    qs = campaigns(user)
    if pk not in (None, ""):
        text = str(pk)
        # a bounded number only (a 400-digit id overflows the database's integer)
        found = (
            qs.filter(pk=int(text)).first() if text.isascii() and text.isdigit() and len(text) <= 12 else None
        )
        if found is None:
            raise Http404(NOT_FOUND)
        return found
    return qs.first()


def setting(c: Campaign) -> OversightSetting | None:
    return OversightSetting.objects.filter(campaign=c).first()


def target_percent(c: Campaign) -> int:
    s = setting(c)
    return s.training_target_percent if s is not None else DEFAULT_TARGET


def manages(user: Any, c: Campaign) -> bool:
    """May the user edit the campaign's oversight settings (the city, ``oversight.edit`` over it)?"""
    return can(user, OversightCap.EDIT, c.city.path)


def towns(user: Any, capability: str = OversightCap.VIEW) -> QuerySet[OrgUnit]:
    """The towns inside the user's jurisdiction for ``capability``, in code order."""
    paths = scope_paths(user, capability)
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(level="town", is_active=True).filter(path_q("path", paths)).order_by("path")


def units_for(user: Any, capability: str, levels: tuple[str, ...]) -> QuerySet[OrgUnit]:
    """Units of ``levels`` inside the user's jurisdiction (a choice list of a form)."""
    paths = scope_paths(user, capability)
    if not paths:
        return OrgUnit.objects.none()
    return (
        OrgUnit.objects.filter(level__in=levels, is_active=True)
        .filter(path_q("path", paths))
        .order_by("path")
    )


def sitting_secretaries() -> QuerySet[Tenure]:
    """Sitting village (community) Party secretaries (村党组织书记) of the people registry."""
    return Tenure.objects.filter(end_date__isnull=True, post="secretary", committee__kind="party_org")


def sitting_people(user: Any, town: OrgUnit | None = None) -> QuerySet[Person]:
    """People sitting on a “两委” in the user's editing jurisdiction (optionally one town's)."""
    paths = scope_paths(user, OversightCap.EDIT)
    if not paths:
        return Person.objects.none()
    tenures = Tenure.objects.filter(end_date__isnull=True).filter(path_q("committee__org_unit__path", paths))
    if town is not None:
        tenures = tenures.filter(committee__org_unit__path__startswith=town.path)
    return Person.objects.filter(pk__in=tenures.values("person_id")).order_by("name", "pk")


def person_unit(person: Person) -> OrgUnit:
    """Where a sitting cadre belongs: the unit of a sitting tenure, else the domicile."""
    t = (
        Tenure.objects.filter(person=person, end_date__isnull=True)
        .select_related("committee__org_unit")
        .first()
    )
    return t.committee.org_unit if t is not None else person.domicile_unit


# ---------------------------------------------------------------------------------------------
# Sessions


def sessions(user: Any, c: Campaign, *, unit: str = "", level: str = "") -> QuerySet[TrainingSession]:
    """Sessions held inside the jurisdiction, or attended by someone of it (a city's session
    attended by a town's secretaries is the town's too); ``unit`` (a path: the same, narrowed to
    it) and ``level`` filter them (req. 9)."""
    paths = scope_paths(user, OversightCap.VIEW)
    if not paths:
        return TrainingSession.objects.none()
    if unit:
        paths = [unit] if any(unit.startswith(p) for p in paths) else []
        if not paths:
            return TrainingSession.objects.none()
    attended = TrainingAttendance.objects.filter(session=OuterRef("pk")).filter(path_q("unit__path", paths))
    qs = TrainingSession.objects.filter(campaign=c).filter(path_q("unit__path", paths) | Q(Exists(attended)))
    if level:
        qs = qs.filter(level=level)
    return (
        qs.select_related("unit")
        .annotate(attendee_count=Count("attendances", distinct=True))
        .order_by("-held_on", "-pk")
    )


def session(user: Any, pk: int) -> TrainingSession:
    paths = scope_paths(user, OversightCap.VIEW)
    if not paths:
        raise Http404(NOT_FOUND)
    attended = TrainingAttendance.objects.filter(session=OuterRef("pk")).filter(path_q("unit__path", paths))
    found = (
        TrainingSession.objects.filter(pk=pk)
        .filter(path_q("unit__path", paths) | Q(Exists(attended)))
        .select_related("unit", "campaign__city")
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def attendances(user: Any, s: TrainingSession) -> QuerySet[TrainingAttendance]:
    """The attendees of a session the user may see (those of the jurisdiction)."""
    return (
        TrainingAttendance.objects.visible_to(user)
        .filter(session=s)
        .select_related("person", "official", "unit")
        .order_by("unit__path", "pk")
    )


def may_edit_session(user: Any, s: TrainingSession) -> bool:
    return can(user, OversightCap.EDIT, s.unit.path)


# ---------------------------------------------------------------------------------------------
# Coverage


@dataclass(frozen=True)
class CoverageRow:
    """One town's coverage: sitting village Party secretaries and roster town officials trained."""

    unit: OrgUnit | None
    secretaries: int
    secretaries_trained: int
    officials: int
    officials_trained: int
    target: int

    @staticmethod
    def _pct(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.1f}%" if whole else "—"

    @property
    def secretaries_pct(self) -> str:
        return self._pct(self.secretaries_trained, self.secretaries)

    @property
    def officials_pct(self) -> str:
        return self._pct(self.officials_trained, self.officials)

    @property
    def secretaries_met(self) -> bool:
        """At or above the target (exact integer comparison: trained × 100 ≥ target × total)."""
        return self.secretaries_trained * 100 >= self.target * self.secretaries

    @property
    def officials_met(self) -> bool:
        return self.officials_trained * 100 >= self.target * self.officials

    @property
    def met(self) -> bool:
        return self.secretaries_met and self.officials_met


def _by_town(qs: QuerySet[Any], field: str, towns_paths: list[str] | None, distinct: str) -> dict[str, int]:
    qs = qs.annotate(town_path=Substr(field, 1, TOWN_PATH_LENGTH))
    if towns_paths is not None:
        qs = qs.filter(town_path__in=towns_paths)
    return {r["town_path"]: r["n"] for r in qs.values("town_path").annotate(n=Count(distinct, distinct=True))}


def coverage(user: Any, c: Campaign, town_units: list[OrgUnit] | None) -> list[CoverageRow] | CoverageRow:
    """Coverage by town for ``town_units`` (a page of towns), or — with ``None`` — the total over
    the user's whole jurisdiction (one row). Four aggregate queries either way."""
    paths = scope_paths(user, OversightCap.VIEW)
    target = target_percent(c)
    trained_people = TrainingAttendance.objects.filter(session__campaign=c, person_id=OuterRef("person_id"))
    trained_officials = TrainingAttendance.objects.filter(official=OuterRef("pk"))
    secs = (
        sitting_secretaries().filter(path_q("committee__org_unit__path", paths))
        if paths
        else Tenure.objects.none()
    )
    offs = (
        TrainingOfficial.objects.filter(campaign=c).filter(path_q("town__path", paths))
        if paths
        else TrainingOfficial.objects.none()
    )
    if town_units is None:
        return CoverageRow(
            None,
            secs.aggregate(n=Count("person_id", distinct=True))["n"],
            secs.filter(Exists(trained_people)).aggregate(n=Count("person_id", distinct=True))["n"],
            offs.count(),
            offs.filter(Exists(trained_officials)).count(),
            target,
        )
    tp = [t.path for t in town_units]
    s_all = _by_town(secs, "committee__org_unit__path", tp, "person_id")
    s_done = _by_town(secs.filter(Exists(trained_people)), "committee__org_unit__path", tp, "person_id")
    o_all = _by_town(offs, "town__path", tp, "pk")
    o_done = _by_town(offs.filter(Exists(trained_officials)), "town__path", tp, "pk")
    return [
        CoverageRow(
            t,
            s_all.get(t.path, 0),
            s_done.get(t.path, 0),
            o_all.get(t.path, 0),
            o_done.get(t.path, 0),
            target,
        )
        for t in town_units
    ]


def officials(user: Any, c: Campaign, *, unit: str = "", trained: str = "") -> QuerySet[TrainingOfficial]:
    """The town officials' roster; ``unit``: a path prefix; ``trained``: "1" trained, "0" not yet."""
    attended = TrainingAttendance.objects.filter(official=OuterRef("pk"))
    qs = (
        TrainingOfficial.objects.visible_to(user)
        .filter(campaign=c)
        .select_related("town")
        .annotate(trained=Exists(attended))
    )
    if unit:
        qs = qs.filter(town__path__startswith=unit)
    if trained in ("0", "1"):
        qs = qs.filter(trained=trained == "1")
    return qs.order_by("town__path", "pk")


# ---------------------------------------------------------------------------------------------
# Education upgrading and the three mechanisms


def upgrades(user: Any, c: Campaign, *, state: str = "", unit: str = "") -> QuerySet[EducationUpgrade]:
    """``state``: studying or completed; ``unit``: a path prefix (the jurisdiction filter, req. 9)."""
    qs = EducationUpgrade.objects.visible_to(user).filter(campaign=c).select_related("person", "unit")
    if unit:
        qs = qs.filter(unit__path__startswith=unit)
    if state == "studying":
        qs = qs.filter(completed_on__isnull=True)
    elif state == "completed":
        qs = qs.filter(completed_on__isnull=False)
    return qs.order_by("-enrolled_on", "-pk")


def upgrade(user: Any, pk: int) -> EducationUpgrade:
    return get_scoped_or_404(EducationUpgrade.objects.select_related("person", "unit"), user, pk=pk)


def decisions(user: Any, c: Campaign, *, mechanism: str = "", unit: str = "") -> QuerySet[MechanismDecision]:
    """``mechanism``: the register's category; ``unit``: a path prefix (req. 9)."""
    qs = MechanismDecision.objects.visible_to(user).filter(campaign=c).select_related("person", "unit")
    if unit:
        qs = qs.filter(unit__path__startswith=unit)
    if mechanism:
        qs = qs.filter(mechanism=mechanism)
    return qs.order_by("-decided_on", "-pk")


def attendance_register(
    user: Any, c: Campaign, *, session: int | None = None, unit: str = "", level: str = ""
) -> QuerySet[TrainingAttendance]:
    """The 培训签到台账 (req. 9): every attendee of the jurisdiction of the campaign's sessions (or
    of one session), with the session; ``unit`` (a path prefix of the attendee's unit) and ``level``
    (the session's) filter it."""
    qs = (
        TrainingAttendance.objects.visible_to(user)
        .filter(session__campaign=c)
        .select_related("session__unit", "person", "official", "unit")
    )
    if session is not None:
        qs = qs.filter(session_id=session)
    if unit:
        qs = qs.filter(unit__path__startswith=unit)
    if level:
        qs = qs.filter(session__level=level)
    return qs.order_by("-session__held_on", "session_id", "unit__path", "pk")
