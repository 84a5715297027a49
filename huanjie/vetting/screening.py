"""The vetting app's adapter to the screening rules: a candidate, its findings, its 考察 and the
campaign's negative list and guidance in; each check (result, evidence, citation) out.

``screen(candidate, *, on)`` builds the plain inputs of ``huanjie.rules.screening.screen`` (which
judges 被选举权, the statutory bars and the negative list through
``huanjie.rules.eligibility.candidate_eligibility_on``: the text in force on ``on``, the look-back
counted back from it; the city's age and education guidance; Party standing; near relatives) and
adds, for a party 预备人选, the two conditions of the 镇党委's approval that are facts of the record,
not of the law:

* a finding not yet verified (待核实) holds the approval until it is resolved (查实 or 不属实) — the
  rules only warn of it, since it is no ground to refuse anyone; the approval waits (no 带病上岗);
* a 考察 must be recorded (“逐村逐人考察 … 不吸收任何一个不合格的人”).

No rule is restated here: the codes, tiers, look-backs and citations are the rules' and the
campaign's. ``screen_all`` reads everything for many candidates in a fixed number of queries.

The county's exceptions (models/exceptions.py) go to the rules as they are recorded: an age
relaxation approved by the county, a 容错纠错 ruling per finding (the rules decide whether it clears
the finding and say why not). The campaign's ``pledge_blocks_party`` decides whether a missing 承诺书
blocks a party 预备人选. Other apps' checks come from ``core.plugins.screening_items`` (asked once per
campaign and batch: the elections app answers with the voter roll and the election committee).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from huanjie.core import audit, plugins
from huanjie.people.choices import INVERSE, RelationKind
from huanjie.people.models import Person, Relation
from huanjie.planning.choices import GuidanceSeverity, NegativeTier
from huanjie.planning.models import Campaign, GuidanceRule, NegativeItem
from huanjie.rules import eligibility as elig
from huanjie.rules import registry
from huanjie.rules import screening as rules
from huanjie.rules.citations import CITE_PARTY_VETTING, CITE_SPEECH_INSPECTION, CITE_VETTING
from huanjie.rules.structure import Education
from huanjie.vetting import screening_worker
from huanjie.vetting.choices import FindingStatus, Post, Side
from huanjie.vetting.models import (
    AgeRelaxationApproval,
    Candidate,
    Finding,
    Inspection,
    Pledge,
    ToleranceRuling,
)
from huanjie.vetting.talk_choices import PledgeKind

__all__ = ["CandidateScreening", "Check", "rescreen", "screen", "screen_all", "screen_campaign", "today"]

PENDING_CITE = f"{CITE_VETTING}；判断：核查发现未经核实（待核实）的，核实前镇党委暂缓批准，防止“带病上岗” [M]"
INSPECTION_CITE = f"{CITE_SPEECH_INSPECTION}；{CITE_PARTY_VETTING}"

_EDUCATION_LABEL = dict(registry.EDUCATIONS)
_POST_LABEL: dict[str, str] = {value: str(label) for value, label in Post.choices}
_STANDING = {"cpc": "正式党员", "cpc_probationary": "预备党员"}
# planning.GuidanceRule's post → the posts (labels, as the rules print them) it applies to.
_GUIDANCE_POSTS: dict[str, frozenset[str] | None] = {
    "secretary": frozenset({Post.SECRETARY.label}),
    "chair": frozenset({Post.CHAIR.label}),
    "any": None,
}
_TIER: dict[str, str] = {NegativeTier.CANNOT: "不能", NegativeTier.SHOULD_NOT: "不宜"}


def today() -> dt.date:
    """The day of the screening (local date); tests replace it to fix the clock."""
    return timezone.localdate()


@dataclass(frozen=True)
class Check:
    """One check as the page shows it: result (and its label), evidence, citation."""

    rule: str
    result: str
    result_label: str
    text: str
    citation: str


@dataclass(frozen=True)
class CandidateScreening:
    """The checks of one candidate on ``on`` and their effect for its committee."""

    candidate_id: int
    on: dt.date
    effect: str
    effect_text: str
    checks: tuple[Check, ...]

    @property
    def blocks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.result == "block")

    @property
    def warnings(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.result == "warn")

    @property
    def approvable(self) -> bool:
        """Nothing holds the 镇党委's approval of this 预备人选."""
        return not self.blocks


# --- campaign settings -------------------------------------------------------------------------


def negative_item(row: NegativeItem) -> elig.NegativeItem:
    """A planning.NegativeItem row as the rules' item (its citation: the campaign's document)."""
    return elig.NegativeItem(
        code=row.code,
        text=row.text,
        tier=cast(elig.Tier, _TIER.get(row.tier, "不宜")),
        lookback_years=row.lookback_years,
        department=row.department,
        citation=f"{row.campaign.name}负面清单 {row.code}",
    )


def city_guidance(rows: Iterable[GuidanceRule]) -> elig.CityGuidance:
    """planning.GuidanceRule rows as the rules' city guidance. “男满 60 岁一般不继续提名书记”: reached on
    the 60th birthday, i.e. a cap of 59 whole years on the cut-off date."""
    caps: list[elig.AgeCap] = []
    education: list[elig.EducationPreference] = []
    for r in rows:
        posts = _GUIDANCE_POSTS.get(r.post)
        incumbent = False if r.applies_to == "new" else None
        block = r.severity == GuidanceSeverity.BLOCK
        for sex, limit in (("M", r.age_limit_male), ("F", r.age_limit_female)):
            if limit is not None:
                caps.append(
                    elig.AgeCap(
                        max_age=limit - 1,
                        cutoff=r.cutoff,
                        citation=r.citation,
                        sex=cast(Literal["M", "F"], sex),
                        posts=posts,
                        incumbent=incumbent,
                        block=block,
                    )
                )
        if r.min_education:
            education.append(
                elig.EducationPreference(
                    minimum=cast(Education, r.min_education), citation=r.citation, posts=posts, block=block
                )
            )
    return elig.CityGuidance(age_caps=tuple(caps), education=tuple(education))


@dataclass(frozen=True)
class _Settings:
    negative_list: tuple[elig.NegativeItem, ...]
    guidance: elig.CityGuidance


def _settings(campaign_ids: set[int]) -> dict[int, _Settings]:
    items: dict[int, list[elig.NegativeItem]] = {pk: [] for pk in campaign_ids}
    guidance: dict[int, list[GuidanceRule]] = {pk: [] for pk in campaign_ids}
    for row in NegativeItem.objects.filter(campaign_id__in=campaign_ids).select_related("campaign"):
        items[row.campaign_id].append(negative_item(row))
    for g in GuidanceRule.objects.filter(campaign_id__in=campaign_ids):
        guidance[g.campaign_id].append(g)
    return {pk: _Settings(tuple(items[pk]), city_guidance(guidance[pk])) for pk in campaign_ids}


@dataclass(slots=True)
class _Person:
    """A candidate's person as the campaign-wide run reads it (the columns the screening needs)."""

    pk: int
    name: str
    birth_date: dt.date
    sex: str
    political_status: str
    education: str
    education_in_service: str

    @property
    def highest_education(self) -> str:
        """As ``people.Person.highest_education``."""
        return registry.highest_education((self.education, self.education_in_service))


@dataclass(slots=True)
class _Row:
    """A candidate as the campaign-wide run reads it: plain columns, no model instance per row (a
    province has hundreds of thousands). It has what the screening reads and what the providers of
    ``core.plugins.screening_items`` may read of a candidate: ``pk``, ``unit_id``, ``person_id``,
    ``side``, ``post``, ``person.name`` and ``get_post_display()``."""

    pk: int
    campaign_id: int
    unit_id: int
    person_id: int
    side: str
    post: str
    source: str
    unit_level: str
    person: _Person
    campaign: Campaign

    def get_post_display(self) -> str:
        return _POST_LABEL.get(self.post, self.post)


_Screened = Candidate | _Row

# --- one candidate -----------------------------------------------------------------------------


def _facts(c: _Screened, *, pledged: bool) -> rules.ScreenedCandidate:
    person = c.person
    status = person.political_status
    sitting = c.source == "sitting"
    return rules.ScreenedCandidate(
        person=str(person.pk),
        name=person.name,
        birth_date=person.birth_date,
        sex=cast("Literal['M', 'F']", person.sex),
        post=_POST_LABEL.get(c.post, c.post),
        side=cast("rules.Side", c.side),
        incumbent=sitting,
        sitting_cadre=sitting,
        education=cast("Education | None", _EDUCATION_LABEL.get(person.highest_education or "")),
        party_member=registry.is_party_member(status),
        party_standing=cast("rules.PartyStanding | None", _STANDING.get(status)),
        pledge_signed=pledged,
    )


def _findings(rows: Iterable[Finding]) -> list[rules.ScreeningFinding]:
    """Findings as the rules read them: one per code (a finding may be both a statutory bar and a
    negative-list item); a finding found unfounded (不属实) is no finding."""
    out = []
    for f in rows:
        if f.status == FindingStatus.UNFOUNDED:
            continue
        for suffix, code in (("bar", f.statutory_code), ("item", f.item_code)):
            if code:
                out.append(
                    rules.ScreeningFinding(
                        ref=f"{f.pk}:{suffix}",
                        code=code,
                        on=f.found_on,
                        substantiated=f.status == FindingStatus.SUBSTANTIATED,
                        source=f.get_source_display(),
                        department=f.reporter,
                        document=f.document_ref,
                        note=f.note,
                    )
                )
    return out


def _check(rule: str, result: str, text: str, citation: str) -> Check:
    return Check(rule, result, rules.RESULT_LABELS[result], text, citation)


def _approval_conditions(c: _Screened, findings: list[Finding], inspection: Inspection | None) -> list[Check]:
    """The 镇党委's conditions on a party 预备人选 beyond the law: findings resolved, 考察 recorded."""
    out = []
    pending = [f for f in findings if f.status == FindingStatus.UNVERIFIED]
    if pending:
        listed = "；".join(f"{f.reporter}{f.found_on:%Y-%m-%d}：{f.note[:60]}" for f in pending)
        out.append(
            _check(
                "findings_pending",
                "block",
                f"有 {len(pending)} 项核查发现待核实（{listed}），核实前镇党委不予批准",
                PENDING_CITE,
            )
        )
    else:
        out.append(_check("findings_pending", "pass", "没有待核实的核查发现", PENDING_CITE))
    if inspection is None:
        out.append(_check("inspection", "block", "尚未登记考察情况，考察前镇党委不予批准", INSPECTION_CITE))
    else:
        out.append(
            _check(
                "inspection",
                "pass",
                f"已于 {inspection.inspected_on:%Y-%m-%d} 考察（{inspection.inspectors}）",
                INSPECTION_CITE,
            )
        )
    return out


def _relatives(rows: Sequence[_Screened]) -> dict[int, list[rules.Related]]:
    """For each candidate, the other standing candidates of its village and campaign who are its near
    relatives (people.Relation: ``person_a`` is ``kind`` of ``person_b``), with what they are to it —
    two queries for the lot."""
    units = {c.unit_id for c in rows}
    peers: dict[tuple[int, int], list[tuple[int, int, str, str]]] = {}
    for pk, campaign_id, unit_id, person_id, side, name in Candidate.objects.filter(
        unit_id__in=units, withdrawn_on__isnull=True
    ).values_list("pk", "campaign_id", "unit_id", "person_id", "side", "person__name"):
        peers.setdefault((campaign_id, unit_id), []).append((pk, person_id, side, name))
    # the screened candidates' own people too: a withdrawn candidate is no peer, but still screened
    persons = {p[1] for group in peers.values() for p in group} | {c.person_id for c in rows}
    to: dict[tuple[int, int], str] = {}  # (x, y) → what y is to x
    # One side in the query, the other checked here: half the parameters, the same rows.
    for a, b, kind in Relation.objects.filter(person_a_id__in=persons).values_list(
        "person_a_id", "person_b_id", "kind"
    ):
        if b not in persons:
            continue
        to[(b, a)] = RelationKind(kind).label
        to[(a, b)] = RelationKind(INVERSE[RelationKind(kind)]).label
    related = {x for x, _ in to}
    out: dict[int, list[rules.Related]] = {}
    for c in rows:
        if c.person_id not in related:
            out[c.pk] = []  # the usual case: no relation at all among the village's candidates
            continue
        out[c.pk] = [
            rules.Related(
                person=str(person), name=name, relation=to[(c.person_id, person)], side=cast(rules.Side, side)
            )
            for pk, person, side, name in peers.get((c.campaign_id, c.unit_id), [])
            if pk != c.pk and (c.person_id, person) in to
        ]
    return out


def _campaign_relatives(campaign: Campaign) -> dict[int, list[rules.Related]]:
    """:func:`_relatives` for every candidate of ``campaign`` in one query, for the campaign-wide
    run: each candidate's near relatives among the standing candidates of its village, found by
    the database (each direction of people.Relation joined on its own index) instead of sending each
    chunk's villages and people as parameters. Where two people are recorded as relatives both ways,
    the record naming the other candidate as ``person_a`` (what the other is to the candidate, as
    recorded) is the one shown."""
    cand = connection.ops.quote_name(Candidate._meta.db_table)
    rel = connection.ops.quote_name(Relation._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    # The table names are the models'; the campaign goes as a parameter.
    half = (
        "SELECT c1.id, c2.id, c2.person_id, c2.side, p.name, r.kind, {direct} "  # noqa: S608
        f"FROM {cand} c1 JOIN {rel} r ON r.{{own}} = c1.person_id "
        f"JOIN {cand} c2 ON c2.person_id = r.{{other}} AND c2.campaign_id = c1.campaign_id "
        "AND c2.unit_id = c1.unit_id AND c2.withdrawn_on IS NULL AND c2.id <> c1.id "
        f"JOIN {person} p ON p.id = c2.person_id WHERE c1.campaign_id = %s"
    )
    sql = (
        half.format(direct=1, own="person_b_id", other="person_a_id")
        + " UNION ALL "
        + half.format(direct=0, own="person_a_id", other="person_b_id")
        + " ORDER BY 1, 2, 7 DESC"
    )
    out: dict[int, list[rules.Related]] = {}
    last: tuple[int, int] | None = None
    with connection.cursor() as cur:
        cur.execute(sql, [campaign.pk, campaign.pk])
        for pk, other_pk, other, side, name, kind, direct in cur.fetchall():
            if (pk, other_pk) == last:
                continue  # recorded both ways: the direct record came first
            last = (pk, other_pk)
            label = RelationKind(kind) if direct else RelationKind(INVERSE[RelationKind(kind)])
            out.setdefault(pk, []).append(
                rules.Related(person=str(other), name=name, relation=label.label, side=cast(rules.Side, side))
            )
    return out


@dataclass(frozen=True)
class _Extra:
    """What a candidate's screening reads beyond its own record: the county's exceptions and the
    checks other apps contribute."""

    relaxation: AgeRelaxationApproval | None = None
    rulings: tuple[ToleranceRuling, ...] = ()
    contributed: tuple[plugins.ScreeningItem, ...] = ()


_NO_EXTRA = _Extra()


def _relaxation(row: AgeRelaxationApproval | None) -> rules.AgeRelaxation | None:
    if row is None:
        return None
    return rules.AgeRelaxation(
        document=row.document, approved_on=row.approved_on, reason=row.reason, approved_by=row.approved_by
    )


def _rulings(rows: Iterable[ToleranceRuling], findings: Iterable[Finding]) -> list[rules.ToleranceRuling]:
    """Each ruling on each of its finding's codes, named as :func:`_findings` names them (the rules
    refuse the statutory bar's part and clear only what they may)."""
    by_pk = {f.pk: f for f in findings}
    out = []
    for r in rows:
        f = by_pk.get(r.finding_id)
        suffixes = [s for s, code in (("bar", f.statutory_code), ("item", f.item_code)) if code] if f else []
        for suffix in suffixes or ["item"]:
            out.append(rules.ToleranceRuling(f"{r.finding_id}:{suffix}", r.document, r.ruled_on))
    return out


def _contributed(item: plugins.ScreeningItem) -> rules.Contributed:
    return rules.Contributed(
        item.code, cast("rules.ContributedKind", item.kind), f"{item.label}：{item.evidence}", item.citation
    )


def _extras(
    campaigns: dict[int, Campaign],
    rows: Sequence[_Screened],
    *,
    on: dt.date,
    relaxations: Iterable[AgeRelaxationApproval],
    rulings: Iterable[ToleranceRuling],
    batches: Sequence[Callable[[list[Any]], Any]] | None = None,
) -> dict[int, _Extra]:
    """The exceptions (as read by the caller) and the contributed checks of ``rows``: each provider of
    ``core.plugins.screening_items`` is asked once per campaign for the whole batch (``batches``: the
    providers' readers of a whole-campaign run, ``core.plugins.screening_batches``, asked instead when
    every row is of that campaign)."""
    relaxed = {r.candidate_id: r for r in relaxations}
    ruled: dict[int, list[ToleranceRuling]] = {}
    for r in rulings:
        ruled.setdefault(r.finding.candidate_id, []).append(r)
    items: dict[int, list[plugins.ScreeningItem]] = {}
    by_campaign: dict[int, list[_Screened]] = {}
    for c in rows:
        by_campaign.setdefault(c.campaign_id, []).append(c)
    if batches is not None:
        batch_rows = list(rows)
        for batch in batches:
            for pk, found in (batch(batch_rows) or {}).items():
                items.setdefault(pk, []).extend(found)
    else:
        for _, provider in plugins.screening_items.items():
            for campaign_id, group in by_campaign.items():
                for pk, found in (provider(campaigns[campaign_id], group, on=on) or {}).items():
                    items.setdefault(pk, []).extend(found)
    return {
        c.pk: _Extra(relaxed.get(c.pk), tuple(ruled.get(c.pk, ())), tuple(items.get(c.pk, ())))
        for c in rows
        if c.pk in relaxed or c.pk in ruled or c.pk in items
    }


def rescreen(candidate: Candidate, *, on: dt.date | None = None) -> CandidateScreening:
    """Screen one candidate now and store its effect and date (after a change to what its screening
    reads: an exception recorded or removed)."""
    row = Candidate.objects.select_related("unit", "person", "campaign").get(pk=candidate.pk)
    day = on or today()
    result = screen(row, on=day)
    Candidate.objects.filter(pk=row.pk).update(screening_effect=result.effect, screened_on=day)
    return result


def _screen_one(
    c: Candidate,
    *,
    on: dt.date,
    election_day: dt.date | None,
    relatives: list[rules.Related],
    settings: _Settings,
    findings: list[Finding],
    inspection: Inspection | None,
    pledged: bool,
    level: str | None = None,
    extra: _Extra = _NO_EXTRA,
) -> CandidateScreening:
    """One candidate's checks and effect. ``level``: the unit's level when the caller read it
    without the unit (the campaign-wide run)."""
    effect, effect_text, checks = _judge(
        c,
        on=on,
        election_day=election_day,
        relatives=relatives,
        settings=settings,
        findings=findings,
        inspection=inspection,
        pledged=pledged,
        level=level,
        extra=extra,
    )
    return CandidateScreening(c.pk, on, effect, effect_text, tuple(checks))


def _judge(
    c: _Screened,
    *,
    on: dt.date,
    election_day: dt.date | None,
    relatives: list[rules.Related],
    settings: _Settings,
    findings: list[Finding],
    inspection: Inspection | None,
    pledged: bool,
    level: str | None = None,
    explain: bool = True,
    extra: _Extra = _NO_EXTRA,
) -> tuple[str, str, list[Check]]:
    """The effect, its text and (with ``explain``) the checks as the page shows them."""
    facts, common, own = _screen_args(
        c,
        on=on,
        election_day=election_day,
        relatives=relatives,
        settings=settings,
        findings=findings,
        pledged=pledged,
        level=level,
        extra=extra,
    )
    result = rules.screen(facts, **common, **own)
    checks = [_check(x.rule, x.result, x.text, x.citation) for x in result.checks] if explain else []
    effect: str = result.effect
    effect_text = result.effect_text
    if c.side == Side.PARTY:
        if explain:
            conditions = _approval_conditions(c, findings, inspection)
            checks += conditions
            held = any(x.result == "block" for x in conditions)
            if held and effect != "block":
                effect, effect_text = "block", HELD_TEXT
        else:
            effect, effect_text = _party_hold(effect, effect_text, findings, inspection)
    return effect, effect_text, checks


HELD_TEXT = "有待核实的核查发现或者尚未考察，镇党委暂不能批准"


def _party_hold(
    effect: str, effect_text: str, findings: list[Finding], inspection: Inspection | None
) -> tuple[str, str]:
    """A party 预备人选 with a finding still to verify, or not yet inspected (考察), cannot be approved
    (no 带病上岗); the page shows the same as checks (:func:`_approval_conditions`)."""
    held = inspection is None or any(f.status == FindingStatus.UNVERIFIED for f in findings)
    if held and effect != "block":
        return "block", HELD_TEXT
    return effect, effect_text


def _screen_args(
    c: _Screened,
    *,
    on: dt.date,
    election_day: dt.date | None,
    relatives: list[rules.Related],
    settings: _Settings,
    findings: list[Finding],
    pledged: bool,
    level: str | None,
    extra: _Extra,
) -> tuple[rules.ScreenedCandidate, dict[str, Any], dict[str, Any]]:
    """``rules.screen``'s arguments for ``c``: the candidate, those shared by its campaign's run
    (:func:`_common_args`) and its own."""
    own = {
        "kind": "community" if (level or cast(Candidate, c).unit.level) == "community" else "village",
        "findings": _findings(findings) + [i.finding for i in extra.contributed if i.finding is not None],
        "others": relatives,
        "age_relaxation": _relaxation(extra.relaxation),
        "rulings": _rulings(extra.rulings, findings) if extra.rulings else (),
        "contributed": [_contributed(i) for i in extra.contributed if i.finding is None],
    }
    return _facts(c, pledged=pledged), _common_args(c.campaign, settings, on, election_day), own


def _common_args(
    campaign: Campaign, settings: _Settings, on: dt.date, election_day: dt.date | None
) -> dict[str, Any]:
    return {
        "profile": campaign.profile_code,
        "election_day": election_day or campaign.window_end,
        "on": on,
        "negative_list": settings.negative_list,
        "guidance": settings.guidance,
        "pledge_blocks_party": campaign.pledge_blocks_party,
    }


def screen_all(
    candidates: Iterable[Candidate], *, on: dt.date, election_day: dt.date | None = None
) -> dict[int, CandidateScreening]:
    """Screen many candidates (their ``unit``, ``person`` and ``campaign`` loaded) in a fixed number
    of queries: the campaigns' settings, the findings, the 考察 records, the 承诺书 signed, the near
    relatives among each village's candidates, the county's exceptions (age relaxations, 容错纠错
    rulings), and each ``screening_items`` provider once per campaign. ``election_day`` when known
    (a nomination round's), otherwise the campaign's last day. A missing 承诺书 warns, or blocks a
    party 预备人选 where the campaign says so (``Campaign.pledge_blocks_party``)."""
    rows = list(candidates)
    if not rows:
        return {}
    pks = [c.pk for c in rows]
    settings = _settings({c.campaign_id for c in rows})
    found: dict[int, list[Finding]] = {pk: [] for pk in pks}
    for f in Finding.objects.filter(candidate_id__in=pks).order_by("found_on", "pk"):
        found[f.candidate_id].append(f)
    inspected = {i.candidate_id: i for i in Inspection.objects.filter(candidate_id__in=pks)}
    relatives = _relatives(rows)
    pledged = set(
        Pledge.objects.filter(
            kind=PledgeKind.COMMITMENT,
            campaign_id__in={c.campaign_id for c in rows},
            person_id__in={c.person_id for c in rows},
        ).values_list("campaign_id", "person_id")
    )
    extras = _extras(
        {c.campaign_id: c.campaign for c in rows},
        rows,
        on=on,
        relaxations=AgeRelaxationApproval.objects.filter(candidate_id__in=pks),
        rulings=ToleranceRuling.objects.filter(finding__candidate_id__in=pks).select_related("finding"),
    )
    return {
        c.pk: _screen_one(
            c,
            on=on,
            election_day=election_day,
            relatives=relatives[c.pk],
            settings=settings[c.campaign_id],
            findings=found[c.pk],
            inspection=inspected.get(c.pk),
            pledged=(c.campaign_id, c.person_id) in pledged,
            extra=extras.get(c.pk, _NO_EXTRA),
        )
        for c in rows
    }


# The candidate's columns the screening reads (and nothing confidential it does not need), in the
# order of _Row and _Person.
_ROW_FIELDS = (
    "pk",
    "campaign_id",
    "unit_id",
    "person_id",
    "side",
    "post",
    "source",
    "unit__level",
    "person__name",
    "person__birth_date",
    "person__sex",
    "person__political_status",
    "person__education",
    "person__education_in_service",
)


def _store(campaign: Campaign, on: dt.date, by_effect: dict[str, list[int]]) -> None:
    """One UPDATE for a chunk's effects. On PostgreSQL the pairs go as two arrays (``unnest``): a
    CASE over thousands of literal keys costs more to build and parse than the screening of the
    chunk; elsewhere (SQLite in the tests) the ORM's CASE."""
    pks = [pk for ids in by_effect.values() for pk in ids]
    if not pks:
        return
    if connection.vendor == "postgresql":
        effects = [effect for effect, ids in by_effect.items() for _ in ids]
        table = Candidate._meta.db_table
        with connection.cursor() as cur:
            # The table name is the model's; the values go as parameters.
            cur.execute(
                f'UPDATE "{table}" AS c SET screening_effect = v.effect, screened_on = %s '  # noqa: S608
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, effect) WHERE c.id = v.id",
                [on, pks, effects],
            )
        return
    Candidate.objects.filter(pk__in=pks).update(
        screening_effect=Case(
            *(When(pk__in=ids, then=Value(effect)) for effect, ids in by_effect.items() if ids),
            default=Value(""),
        ),
        screened_on=on,
    )


@transaction.atomic
def screen_campaign(*, actor: Any, campaign: Campaign, on: dt.date, chunk_size: int = 4000) -> dict[str, int]:
    """Screen every candidate of ``campaign`` on ``on`` and store each one's effect and date
    (``Candidate.screening_effect``, ``screened_on``) — the same checks as ``screen_all``, read for
    a whole campaign: the settings, the signed 承诺书, the county's exceptions and what the other
    apps' checks read once for the run (``core.plugins.screening_batches``), the near relatives
    among each village's candidates (:func:`_campaign_relatives`), then chunks of ``chunk_size``
    candidates by primary key, each in a fixed number of queries (the candidates; the findings and
    the 考察 of the chunk's key range; what a provider without a run reader reads; one UPDATE).
    Returns the number of candidates by effect; one audit entry records the run and its counts."""
    settings = _settings({campaign.pk})[campaign.pk]
    pledged = set(
        Pledge.objects.filter(
            kind=PledgeKind.COMMITMENT, campaign=campaign, person_id__isnull=False
        ).values_list("person_id", flat=True)
    )
    batches = plugins.screening_batches(campaign, on=on)
    relatives = _campaign_relatives(campaign)
    # The county's exceptions are few: read once for the run, handed to each chunk by key range.
    relaxations = list(AgeRelaxationApproval.objects.filter(candidate__campaign=campaign))
    rulings = list(
        ToleranceRuling.objects.filter(finding__candidate__campaign=campaign).select_related("finding")
    )
    counts = dict.fromkeys(("pass", "warn", "block", "decide"), 0)
    common = _common_args(campaign, settings, on, None)
    last = 0
    helper: screening_worker.Helper | None = None
    pending: _Chunk | None = None
    try:
        while True:
            chunk = _read_chunk(
                campaign, last, chunk_size, on, relaxations, rulings, batches, pledged, settings, relatives
            )
            if chunk is not None:
                last = chunk.rows[-1].pk
                if helper is None and pending is None and len(chunk.rows) == chunk_size:
                    helper = screening_worker.Helper()  # more than one chunk: judge beside the reads
            if helper is None:  # a single chunk: judged here
                if chunk is not None:
                    _finish(campaign, on, chunk, screening_worker.judge(common, chunk.items), counts)
                    continue
                break
            # The helper judges chunk N+1 while this process stores chunk N and reads chunk N+2.
            verdicts = helper.recv() if pending is not None else []
            if chunk is not None:
                helper.send(common, chunk.items)
            if pending is not None:
                _finish(campaign, on, pending, verdicts, counts)
            if chunk is None:
                break
            pending = chunk
    finally:
        if helper is not None:
            helper.close()
    audit.record(
        audit.AuditAction.UPDATE,
        actor=actor,
        model=Candidate._meta.label,
        object_id=str(campaign.pk),
        object_repr=f"{campaign.name}：审查全部人选"[:255],
        org_path=str(campaign.city.path),
        after={"on": on.isoformat(), **counts},
    )
    return counts


@dataclass
class _Chunk:
    """One chunk of a campaign-wide run: its candidates, what the party hold reads, and the rules'
    arguments of each candidate (``rules.screen``'s own keyword arguments)."""

    rows: list[_Row]
    found: dict[int, list[Finding]]
    inspected: dict[int, Inspection]
    items: list[screening_worker.Item]


def _read_chunk(
    campaign: Campaign,
    last: int,
    size: int,
    on: dt.date,
    relaxations: list[AgeRelaxationApproval],
    rulings: list[ToleranceRuling],
    batches: Any,
    pledged: set[int],
    settings: _Settings,
    relatives: dict[int, list[rules.Related]],
) -> _Chunk | None:
    """The next ``size`` candidates after primary key ``last`` and everything their screening reads,
    in a fixed number of queries (see :func:`screen_campaign`); ``None`` when none is left."""
    rows = [
        _Row(
            pk,
            campaign_id,
            unit_id,
            person_id,
            side,
            post,
            source,
            level,
            _Person(person_id, *person),
            campaign,
        )
        for pk, campaign_id, unit_id, person_id, side, post, source, level, *person in (
            Candidate.objects.filter(campaign=campaign, pk__gt=last)
            .order_by("pk")
            .values_list(*_ROW_FIELDS)[:size]
        )
    ]
    if not rows:
        return None
    first, last = rows[0].pk, rows[-1].pk
    found: dict[int, list[Finding]] = {c.pk: [] for c in rows}
    for f in Finding.objects.filter(candidate_id__gte=first, candidate_id__lte=last).order_by(
        "found_on", "pk"
    ):
        if f.candidate_id in found:
            found[f.candidate_id].append(f)
    inspected = {
        i.candidate_id: i
        for i in Inspection.objects.filter(candidate_id__gte=first, candidate_id__lte=last).only(
            "candidate_id", "inspected_on", "inspectors"
        )
    }
    extras = _extras(
        {campaign.pk: campaign},
        rows,
        on=on,
        relaxations=[r for r in relaxations if first <= r.candidate_id <= last],
        rulings=[r for r in rulings if first <= r.finding.candidate_id <= last],
        batches=batches,
    )
    items = []
    for c in rows:
        facts, _, own = _screen_args(
            c,
            on=on,
            election_day=None,
            relatives=relatives.get(c.pk, []),
            settings=settings,
            findings=found[c.pk],
            pledged=c.person_id in pledged,
            level=c.unit_level,
            extra=extras.get(c.pk, _NO_EXTRA),
        )
        items.append((facts, own))
    return _Chunk(rows, found, inspected, items)


def _finish(
    campaign: Campaign, on: dt.date, chunk: _Chunk, verdicts: list[tuple[str, str]], counts: dict[str, int]
) -> None:
    """Store a judged chunk's effects (one UPDATE) after the party hold, and count them."""
    by_effect: dict[str, list[int]] = {e: [] for e in counts}
    for c, (effect, effect_text) in zip(chunk.rows, verdicts, strict=True):
        if c.side == Side.PARTY:
            effect, effect_text = _party_hold(
                effect, effect_text, chunk.found[c.pk], chunk.inspected.get(c.pk)
            )
        by_effect[effect].append(c.pk)
    _store(campaign, on, by_effect)
    for effect, pks in by_effect.items():
        counts[effect] += len(pks)


def screen(candidate: Candidate, *, on: dt.date, election_day: dt.date | None = None) -> CandidateScreening:
    """One candidate's screening on ``on`` (see the module docstring); ``election_day`` when known
    (a nomination round's), otherwise the campaign's last day."""
    return screen_all([candidate], on=on, election_day=election_day)[candidate.pk]


def as_dict(s: CandidateScreening) -> dict[str, Any]:
    return {
        "effect": s.effect,
        "effect_text": s.effect_text,
        "checks": [vars(c) for c in s.checks],
    }
