"""Reads of the screening's exceptions (issue 11 req. 3): confidential as the findings — only with
``vetting.confidential`` in the candidate's jurisdiction; the screening says what each exception does
(or why a 容错纠错 ruling does not apply)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from huanjie.core.scoping import get_scoped_or_404
from huanjie.vetting import screening
from huanjie.vetting.exception_services import county_may_record
from huanjie.vetting.models import AgeRelaxationApproval, Candidate, Finding, ToleranceRuling

__all__ = ["CandidateExceptions", "RulingRow", "candidate_exceptions", "exceptions_of"]


@dataclass(frozen=True)
class RulingRow:
    """A recorded ruling, its finding, and the screening's verdict on it (``cleared``: it applies)."""

    ruling: ToleranceRuling
    finding: Finding
    verdicts: tuple[screening.Check, ...]

    @property
    def cleared(self) -> bool:
        return bool(self.verdicts) and all(v.result == "pass" for v in self.verdicts)


@dataclass(frozen=True)
class CandidateExceptions:
    candidate: Candidate
    relaxation: AgeRelaxationApproval | None
    relaxation_checks: tuple[screening.Check, ...]
    rulings: tuple[RulingRow, ...]
    open_findings: tuple[tuple[int, str], ...]
    screening: screening.CandidateScreening
    can_record: bool


def _finding_label(f: Finding) -> str:
    codes = "、".join(c for c in (f.item_code, f.statutory_code) if c) or "未对应清单"
    return f"{f.reporter} {f.found_on:%Y-%m-%d}（{codes}，{f.get_status_display()}）：{f.note[:40]}"


def exceptions_of(
    user: Any, c: Candidate, screened: screening.CandidateScreening | None = None
) -> CandidateExceptions:
    """The exceptions of ``c`` (already read through the confidential scope) with the screening's
    verdicts (``screened``: the screening the caller already has)."""
    s = screened or screening.screen(c, on=screening.today())
    relaxation = AgeRelaxationApproval.objects.filter(candidate=c).first()
    findings = list(Finding.objects.filter(candidate=c))
    ruled = {r.finding_id: r for r in ToleranceRuling.objects.filter(finding__candidate=c)}
    by_pk = {f.pk: f for f in findings}
    rows = tuple(
        RulingRow(r, by_pk[fid], tuple(x for x in s.checks if x.rule.startswith(f"tolerance:{fid}:")))
        for fid, r in ruled.items()
    )
    return CandidateExceptions(
        candidate=c,
        relaxation=relaxation,
        relaxation_checks=tuple(x for x in s.checks if x.rule in ("age_cap", "age_relaxation")),
        rulings=rows,
        open_findings=tuple((f.pk, _finding_label(f)) for f in findings if f.pk not in ruled),
        screening=s,
        can_record=county_may_record(user, c),
    )


def candidate_exceptions(user: Any, pk: int) -> CandidateExceptions:
    c = get_scoped_or_404(
        Candidate.objects.select_related("unit", "person", "campaign"), user, "confidential", pk=pk
    )
    return exceptions_of(user, c)


def open_finding(page: CandidateExceptions, pk: int) -> Finding:
    """One of the page's open findings (its candidate was read through the confidential scope): the
    finding a 容错纠错 ruling is recorded on."""
    if pk not in {fid for fid, _ in page.open_findings}:
        raise Http404("该核查发现不存在或已有认定")
    return Finding.objects.get(candidate=page.candidate, pk=pk)
