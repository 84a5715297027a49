"""Reads of the results area (issue 13 reqs. 1, 2, 4): rounds and tally sheets within the user's
jurisdiction, the cross-checks of each sheet and of the round, the law engine's verdict over the
summed boxes beside the announced result, the to-dos of the town and county, and the public check of
a receipt code (which shows only what the code certifies).

The engine (huanjie.rules.counting.decide) judges the round with the campaign's provincial profile and
the national text in force on the voting day (the way the procedure area picks them); the announced
result is never replaced by it (村民委员会组织法 (2018) 第十五条 / (2025) 第十八条 “选举结果应当当场公布”).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse

from huanjie.core import workflow
from huanjie.core.scoping import can, get_scoped_or_404, path_q, scope_paths
from huanjie.elections import docs_selectors
from huanjie.elections import procedure_adapters as ad
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.choices import Body
from huanjie.elections.models import Election, ResultReceipt, ResultRound, TallySheet
from huanjie.elections.results_workflows import ROUND_SPEC
from huanjie.planning import rectification_files as files
from huanjie.rules import counting
from huanjie.rules.citations import provenance_label
from huanjie.rules.profiles import UnknownCode, get_profile, law_in_force
from huanjie.rules.workflow import level_of_path
from huanjie.vetting.models import Candidate

COUNTED_BODIES = (Body.COMMITTEE,)
"""Bodies whose rounds the law engine counts (huanjie.rules.counting: 村（居）民委员会)."""
NO_ENGINE = "本系统的计票规则目前只涵盖村（居）民委员会选举；本选举的结果以当场公布的为准"
NOT_FOUND = "未找到，或不在您的管辖范围内"

# ---------------------------------------------------------------------------------------------
# Finding records


def election(user: Any, pk: int, action: str = "view") -> Election:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        Election.objects.select_related("unit", "campaign"), user, action, pk=pk
    )


def round_(user: Any, pk: int, action: str = "view") -> ResultRound:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        ResultRound.objects.select_related("election", "election__unit", "election__campaign"),
        user,
        action,
        pk=pk,
    )


def sheet(user: Any, pk: int, action: str = "view") -> TallySheet:
    return get_scoped_or_404(  # type: ignore[no-any-return]
        TallySheet.objects.select_related(
            "round",
            "round__election",
            "round__election__unit",
            "round__election__campaign",
            "entered_by",
            "changed_by",
            "verified_by",
        ),
        user,
        action,
        pk=pk,
    )


def sheet_photo(user: Any, pk: int) -> tuple[TallySheet, bytes]:
    s = sheet(user, pk)
    if not s.photo_stored:
        raise Http404("该计票单没有上传照片")
    return s, files.load(s.photo_stored)


def may_edit(user: Any, e: Election) -> bool:
    return can(user, ElectionsCap.EDIT, e.unit.path)


def is_town(user: Any, e: Election) -> bool:
    """Does ``user`` reach the village with ``elections.edit`` through its town (who unlocks)?"""
    return any(
        e.unit.path.startswith(p) and level_of_path(p) == "town" for p in scope_paths(user, ElectionsCap.EDIT)
    )


# ---------------------------------------------------------------------------------------------
# Posts of a round (from the published candidate list, the way the ballots print it)


def first_round_posts(e: Election) -> list[dict[str, Any]]:
    """The posts of the election's ballot(s) with seats and candidates in print order, and which
    candidates are women (the women's line); empty when the ballot cannot be made yet."""
    printed, _skipped = docs_selectors.ballots([e])
    women = women_of(e)
    out: list[dict[str, Any]] = []
    for b in printed:
        for col in b.columns:
            out.append(
                {
                    "post": col.post,
                    "seats": col.seats,
                    "candidates": list(col.candidates),
                    "women_line": bool(col.women),
                    "women": [n for n in col.candidates if n in women],
                }
            )
    return out


def women_of(e: Election) -> set[str]:
    return set(
        Candidate.objects.filter(campaign=e.campaign, unit=e.unit, person__sex="F").values_list(
            "person__name", flat=True
        )
    )


def later_round_posts(previous: ResultRound, kind: str) -> list[dict[str, Any]]:
    """The posts of a run-off (the tied names for the seats left) or a 另行选举 (the unfilled seats
    with the engine's list of candidates) after ``previous``, from the engine's verdict; a revote
    keeps the posts as they were."""
    if kind == "revote":
        return [dict(p) for p in previous.posts]
    by_post = {p["post"]: p for p in previous.posts}
    out: list[dict[str, Any]] = []
    for r in previous.engine.get("posts", []):
        base = by_post.get(r["post"], {})
        if kind == "runoff" and r.get("runoff"):
            names, seats = r["runoff"], r["runoff_seats"]
        elif kind == "supplementary" and r.get("unfilled"):
            names, seats = r["supplementary_candidates"], r["unfilled"]
        else:
            continue
        out.append(
            {
                "post": r["post"],
                "seats": seats,
                "candidates": list(names),
                "women_line": bool(base.get("women_line")),
                "women": [n for n in names if n in set(base.get("women", []))],
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Cross-checks


@dataclass(frozen=True)
class Check:
    """One cross-check finding, in Chinese: ``error`` blocks verification (a transcription that cannot
    be right), ``warning`` is recorded as counted and shown."""

    level: str
    text: str


def sheet_checks(
    posts: Sequence[Mapping[str, Any]],
    *,
    issued: int,
    returned: int,
    invalid: int,
    votes: Mapping[str, Mapping[str, int]],
    section_invalid: Mapping[str, int] | None = None,
) -> list[Check]:
    """The cross-checks of one tally sheet: totals agree (收回 = 有效 + 废票), votes per post at most
    valid ballots × seats, invalid sections at most the valid ballots; returned above issued is a
    warning (recorded as counted: the engine then rules on the round)."""
    out: list[Check] = []
    if invalid > returned:
        out.append(Check("error", f"废票 {invalid} 张多于收回选票 {returned} 张，请核对"))
    valid = max(returned - invalid, 0)
    if returned > issued:
        out.append(
            Check(
                "warning",
                f"收回选票 {returned} 张多于发出选票 {issued} 张：已按清点数登记，本轮投票可能无效",
            )
        )
    for p in posts:
        post, seats = p["post"], int(p["seats"])
        total = sum(int(v) for v in votes.get(post, {}).values())
        if total > valid * seats:
            out.append(
                Check(
                    "error",
                    f"{post}：得票合计 {total} 票，多于有效选票 {valid} 张 × 应选 {seats} 名"
                    f" = {valid * seats} 票，请核对",
                )
            )
        bad = int((section_invalid or {}).get(post, 0))
        if bad > valid:
            out.append(Check("error", f"{post}：该栏无效票 {bad} 张多于有效选票 {valid} 张，请核对"))
    return out


def checks_of(s: TallySheet) -> list[Check]:
    return sheet_checks(
        s.round.posts,
        issued=s.ballots_issued,
        returned=s.ballots_returned,
        invalid=s.ballots_invalid,
        votes=s.votes,
        section_invalid=s.section_invalid,
    )


@dataclass(frozen=True)
class Totals:
    issued: int
    returned: int
    invalid: int
    votes: dict[str, dict[str, int]]
    section_invalid: dict[str, int]


def totals(sheets: Iterable[TallySheet]) -> Totals:
    issued = returned = invalid = 0
    votes: dict[str, dict[str, int]] = {}
    section: dict[str, int] = {}
    for s in sheets:
        issued += s.ballots_issued
        returned += s.ballots_returned
        invalid += s.ballots_invalid
        for post, names in s.votes.items():
            row = votes.setdefault(post, {})
            for name, n in names.items():
                row[name] = row.get(name, 0) + int(n)
        for post, n in (s.section_invalid or {}).items():
            section[post] = section.get(post, 0) + int(n)
    return Totals(issued, returned, invalid, votes, section)


def round_checks(r: ResultRound, t: Totals) -> list[Check]:
    out = []
    if t.returned > r.registered:
        out.append(
            Check(
                "warning",
                f"各票箱收回选票合计 {t.returned} 张，多于登记选民 {r.registered} 人：已按清点数登记，"
                "由法律引擎判断本轮投票是否有效",
            )
        )
    on_roll = roll_count(r.election, r.voting_day)
    if on_roll is not None and on_roll != r.registered:
        out.append(
            Check("warning", f"登记选民数 {r.registered} 人与投票日的选民名单在册 {on_roll} 人不一致，请核对")
        )
    if r.voted is not None and t.issued != r.voted:
        out.append(Check("warning", f"各票箱发出选票合计 {t.issued} 张，与参加投票人数 {r.voted} 人不一致"))
    return out


# ---------------------------------------------------------------------------------------------
# The law engine beside the announcement


def engine_input(r: ResultRound, t: Totals) -> counting.Election:
    """The round as huanjie.rules.counting sees it: the profile from the campaign, the text in force
    on the voting day (procedure_adapters.law_kind), the summed boxes."""
    e = r.election
    law = law_in_force(ad.law_kind(e), r.voting_day)
    profile = get_profile(e.campaign.profile_code)
    women = {n for p in r.posts for n in p.get("women", [])}
    kind = "first" if r.kind == "revote" else r.kind
    return counting.Election(
        law=law,
        profile=profile,
        round=kind,  # type: ignore[arg-type]
        registered=r.registered,
        voted=r.voted if r.voted is not None else t.issued,
        ballots_returned=t.returned,
        ballots_issued=t.issued,
        posts=tuple(
            counting.PostTally(
                post=p["post"],
                seats=int(p["seats"]),
                candidates=tuple(p["candidates"]),
                votes=dict(t.votes.get(p["post"], {})),
                invalid=t.invalid + int(t.section_invalid.get(p["post"], 0)),
                women_line=bool(p.get("women_line")),
            )
            for p in r.posts
        ),
        women=frozenset(women),
        elected_earlier=tuple(earlier_winners(r).items()),
    )


def earlier_winners(r: ResultRound) -> dict[str, tuple[str, ...]]:
    """Per post, who was announced elected in the election's earlier rounds."""
    out: dict[str, list[str]] = {}
    if r.number <= 1:
        return {}  # the first round has none (no query)
    for prev in ResultRound.objects.filter(election_id=r.election_id, number__lt=r.number).order_by("number"):
        for post, names in (prev.announced or {}).items():
            out.setdefault(post, []).extend(names)
    return {k: tuple(v) for k, v in out.items()}


NEXT_LABELS = {
    "revote": "本轮投票无效，应重新投票",
    "runoff": "票数相等，应就票数相等的候选人再次投票",
    "supplementary": "尚有职位未选足，应另行选举",
    "new_election": "应重新组织选举",
    "decision_needed": "须由有关机关决定",
    "assembly_decides": "由村民会议或村民代表会议决定",
    "none": "无需再投票",
}


def verdict_json(v: counting.Verdict) -> dict[str, Any]:
    return {
        "valid": v.valid,
        "next": v.next,
        "next_label": NEXT_LABELS.get(v.next, v.next),
        "posts": [
            {
                "post": p.post,
                "seats": p.seats,
                "elected": list(p.elected),
                "runoff": list(p.runoff),
                "runoff_seats": p.runoff_seats,
                "unfilled": p.unfilled,
                "supplementary_candidates": list(p.supplementary_candidates),
                "next": p.next,
                "votes": [[n, v] for n, v in p.votes],
            }
            for p in v.posts
        ],
        "steps": [
            {
                **s.as_dict(),
                # The rule's sentence without its trailing citation (the page shows it beside, through
                # |cite, with the provenance in Chinese).
                "sentence": s.text.removesuffix(f"（{s.citation}）"),
                "provenance_label": provenance_label(s.citation),
            }
            for s in v.steps
        ],
    }


def engine_verdict(r: ResultRound, sheets: Sequence[TallySheet] | None = None) -> dict[str, Any]:
    """The engine's verdict over the round's boxes as JSON (empty when the body is not counted by
    the engine, or no sheet is entered yet)."""
    if r.election.body not in COUNTED_BODIES or not r.posts:
        return {}
    rows = list(sheets) if sheets is not None else list(r.sheets.all())
    if not rows:
        return {}
    try:
        return verdict_json(counting.decide(engine_input(r, totals(rows))))
    except (UnknownCode, ValueError) as exc:
        # A profile or text the engine does not know, or posts it cannot read: no check, said so —
        # the announced result stands either way.
        return {"unavailable": f"法律引擎无法核对本轮结果（{exc}），以当场公布的结果为准"}


def differences(announced: Mapping[str, Sequence[str]], engine: Mapping[str, Any]) -> list[str]:
    """Where the announced winners differ from the engine's, post by post (in Chinese)."""
    if not engine or not announced:
        return []
    out = []
    for p in engine.get("posts", []):
        said = list(announced.get(p["post"], []))
        if sorted(said) != sorted(p["elected"]):
            out.append(
                f"{p['post']}：当场公布当选 {'、'.join(said) or '无'}，法律引擎认定当选 "
                f"{'、'.join(p['elected']) or '无'}"
            )
    return out


# ---------------------------------------------------------------------------------------------
# Pages


@dataclass
class SheetRow:
    sheet: TallySheet
    checks: list[Check]
    errors: int
    can_verify: bool
    can_reopen: bool


@dataclass
class RoundPage:
    round: ResultRound
    rows: list[SheetRow]
    totals: Totals
    round_checks: list[Check]
    engine: dict[str, Any]
    differences: list[str]
    receipts: list[ResultReceipt]
    can_edit: bool
    can_enter: bool
    can_certify: bool
    certify_blockers: list[str]
    can_unlock: bool
    history: list[tuple[Any, str, str, str]] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)
    announced: list[tuple[str, int, list[str]]] = field(default_factory=list)


def vote_rows(s: TallySheet) -> list[tuple[str, int, list[tuple[str, int, bool]], int]]:
    """Per post: the candidates' votes in print order, then the write-ins, and the invalid sections."""
    out = []
    for p in s.round.posts:
        votes = s.votes.get(p["post"], {})
        rows = [(n, int(votes.get(n, 0)), False) for n in p["candidates"]]
        rows += [(n, int(v), True) for n, v in sorted(votes.items()) if n not in p["candidates"]]
        out.append((p["post"], int(p["seats"]), rows, int((s.section_invalid or {}).get(p["post"], 0))))
    return out


ROUND_LABELS = {t.name: t.label_zh for t in ROUND_SPEC.transitions}


def sheet_editable(s: TallySheet) -> bool:
    return s.state == "entered" and s.round.state != "certified"


def round_page(user: Any, pk: int) -> RoundPage:
    r = round_(user, pk)
    sheets = list(r.sheets.select_related("entered_by", "changed_by", "verified_by").order_by("pk"))
    for s in sheets:
        s.round = r
    t = totals(sheets)
    editor = may_edit(user, r.election)
    rows = []
    for s in sheets:
        cs = checks_of(s)
        errors = sum(1 for c in cs if c.level == "error")
        last = s.changed_by_id or s.entered_by_id
        rows.append(
            SheetRow(
                s,
                cs,
                errors,
                editor and s.state == "entered" and last != user.pk and not errors and r.state != "certified",
                editor and s.state == "verified" and r.state != "certified",
            )
        )
    blockers = certify_blockers(r, sheets)
    engine = r.engine or engine_verdict(r, sheets)
    names: dict[str, list[str]] = {}
    for p in r.posts:
        listed = list(p["candidates"])
        listed += sorted(n for n in t.votes.get(p["post"], {}) if n not in listed)
        names[p["post"]] = listed
    return RoundPage(
        round=r,
        rows=rows,
        totals=t,
        round_checks=round_checks(r, t),
        engine=engine,
        differences=differences(r.announced, engine),
        receipts=list(r.receipts.order_by("-certified_at", "-pk")),
        can_edit=editor,
        can_enter=editor and r.state != "certified",
        can_certify=editor and r.state != "certified" and not blockers,
        certify_blockers=blockers,
        can_unlock=r.state == "certified" and is_town(user, r.election),
        history=[
            (h.at, h.actor_name, ROUND_LABELS.get(h.transition, h.transition), h.reason)
            for h in workflow.history(r)
        ],
        names=names,
        announced=[(p["post"], p["seats"], list(r.announced.get(p["post"], []))) for p in r.posts],
    )


def certify_blockers(r: ResultRound, sheets: Sequence[TallySheet]) -> list[str]:
    out = []
    if not sheets:
        out.append("尚未录入任何票箱的计票单")
    pending = [s.box for s in sheets if s.state != "verified"]
    if pending:
        out.append(f"以下票箱的计票单尚未经第二人核对：{'、'.join(pending)}")
    if not r.announced_at:
        out.append("尚未登记当场公布的选举结果（宣布人、宣布时间、当选人）")
    return out


def roll_count(e: Election, day: Any) -> int | None:
    """Voters on the village's published or locked roll for ``day`` (active entries), or None when
    there is none: the registered voters (R) a round is judged against."""
    from huanjie.elections.models import RollEntry, VoterRoll

    roll = (
        VoterRoll.objects.filter(unit=e.unit, voting_day=day, state__in=("published", "locked"))
        .order_by("-state", "-pk")
        .first()
    )
    if roll is None:
        return None
    return RollEntry.objects.filter(roll=roll, status="active").count()


@dataclass
class ElectionPage:
    election: Election
    rounds: list[ResultRound]
    can_edit: bool
    next_kinds: list[tuple[str, str]]
    first_posts: list[dict[str, Any]]
    counted: bool
    on_roll: int | None = None


def election_page(user: Any, pk: int) -> ElectionPage:
    e = election(user, pk)
    rounds = list(ResultRound.objects.filter(election=e).order_by("number"))
    editor = may_edit(user, e)
    return ElectionPage(
        election=e,
        rounds=rounds,
        can_edit=editor,
        next_kinds=next_kinds(rounds),
        first_posts=first_round_posts(e) if editor and not rounds else [],
        counted=e.body in COUNTED_BODIES,
        on_roll=roll_count(e, e.election_day) if editor and e.election_day else None,
    )


def next_kinds(rounds: Sequence[ResultRound]) -> list[tuple[str, str]]:
    """Which round may be entered next: the first; then what the last round's engine verdict asks
    (a revote, a run-off, a 另行选举); nothing while the last round is not certified."""
    from huanjie.elections.models import RoundKind

    if not rounds:
        return [(RoundKind.FIRST, RoundKind.FIRST.label)]
    last = rounds[-1]
    if last.state != "certified":
        return []
    wanted = {p.get("next") for p in last.engine.get("posts", [])} | {last.engine.get("next")}
    return [(k.value, k.label) for k in RoundKind if k != RoundKind.FIRST and k.value in wanted]


def elections_with_results(user: Any, election_ids: Iterable[int]) -> dict[int, ResultRound]:
    """The latest round of each election, with its tally sheets counted (``sheets_total``,
    ``sheets_verified``): one query for the page, whatever the number of sheets."""
    rounds = (
        ResultRound.objects.visible_to(user)
        .filter(election_id__in=list(election_ids))
        .annotate(
            sheets_total=Count("sheets"),
            sheets_verified=Count("sheets", filter=Q(sheets__state="verified")),
        )
        .order_by("number")
    )
    return {r.election_id: r for r in rounds}


@dataclass(frozen=True)
class Board:
    """The results board of a jurisdiction (what the city or county watches on the evening of the
    vote): rounds entered and certified, tally sheets entered and verified by a second person,
    rounds whose announcement differs from the law engine."""

    rounds: int
    certified: int
    differs: int
    sheets: int
    verified: int


def board(user: Any) -> Board:
    """Counted in SQL over the user's jurisdiction (two aggregate queries, whatever the number of
    villages) and never cached: a verified sheet shows at the next read of the board."""
    rounds = ResultRound.objects.visible_to(user).aggregate(
        rounds=Count("pk"),
        certified=Count("pk", filter=Q(state="certified")),
        differs=Count("pk", filter=Q(engine_differs=True)),
    )
    sheets = TallySheet.objects.visible_to(user).aggregate(
        sheets=Count("pk"), verified=Count("pk", filter=Q(state="verified"))
    )
    return Board(**rounds, **sheets)


# ---------------------------------------------------------------------------------------------
# Home page: differences and unverified sheets for the town and county


@dataclass(frozen=True)
class ResultAlert:
    label: str
    url: str
    due: Any
    overdue: bool


ALERTS_MAX = 20


def alerts(user: Any) -> list[ResultAlert]:
    """Rounds whose announced winners differ from the law engine's, for the town that runs the
    village (``elections.edit`` at town level) and the county that oversees it (``elections.oversee``)."""
    paths = [p for p in scope_paths(user, ElectionsCap.EDIT) if level_of_path(p) == "town"]
    paths += scope_paths(user, ElectionsCap.OVERSEE)
    if not paths:
        return []
    rows = (
        ResultRound.objects.filter(path_q("election__unit__path", paths), engine_differs=True)
        .select_related("election", "election__unit")
        .order_by("-voting_day", "-pk")[:ALERTS_MAX]
    )
    return [
        ResultAlert(
            f"选举结果与法律引擎不一致：{r.election.unit.name} · {ad.label(r.election)}第{r.number}轮"
            f"（{r.voting_day:%Y-%m-%d}），请核查",
            reverse("elections_results:round", args=[r.pk]),
            None,
            False,
        )
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------
# The public check of a receipt code


CODE_RE = re.compile(r"[^0-9a-f]")


def normalize_code(raw: str) -> str:
    """The code as typed (spaces, dashes, upper case allowed) reduced to lower-case hex."""
    return CODE_RE.sub("", (raw or "").lower())[:64]


@dataclass(frozen=True)
class PublicCheck:
    """What the public page shows for a code: whether it matches and, if it does, only what the
    code certifies (village, election, round, date, winners by post) and whether it was corrected."""

    matches: bool
    village: str = ""
    election: str = ""
    round: str = ""
    voting_day: str = ""
    winners: tuple[tuple[str, tuple[str, ...]], ...] = ()
    certified_at: Any = None
    superseded_at: Any = None
    correcting: bool = False
    voided: tuple[str, ...] = ()
    """已宣告无效 notes (results_void_selectors.public_notes), issue 13 req. 8."""


def public_check(raw: str) -> PublicCheck:
    code = normalize_code(raw)
    if len(code) != 64:
        return PublicCheck(False)
    found = ResultReceipt.objects.filter(code=code).select_related("round").first()
    if found is None:
        return PublicCheck(False)
    p = found.payload
    return PublicCheck(
        True,
        village=p.get("village", ""),
        election=p.get("election", ""),
        round=p.get("round", ""),
        voting_day=p.get("voting_day", ""),
        winners=tuple((post, tuple(names)) for post, names in p.get("winners", [])),
        certified_at=found.certified_at,
        superseded_at=found.superseded_at,
        correcting=found.superseded_at is None and found.round.state == "correcting",
        voided=_void_notes(found.round),
    )


def _void_notes(r: ResultRound) -> tuple[str, ...]:
    from huanjie.elections import results_void_selectors

    return results_void_selectors.public_notes(r)


def receipts_prefetch() -> Prefetch:
    return Prefetch("receipts", queryset=ResultReceipt.objects.order_by("-certified_at"))


# ---------------------------------------------------------------------------------------------
# Documents


def _chinese_time(value: Any) -> str:
    from django.utils import timezone

    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def document_title(r: ResultRound) -> str:
    """东村村民委员会选举结果公告 (the body's own name where the ballots print it)."""
    e = r.election
    body = (
        docs_selectors.committee_name(e.unit, e.body)
        if e.body in COUNTED_BODIES
        else f"{e.unit.name}{ad.label(e)}"
    )
    return f"{body}选举结果公告"


def announcement_data(page: RoundPage) -> dict[str, Any]:
    """What the result announcement prints: the announced winners by post with their votes, the
    ballots, who announced and when, and the receipt code (or that it is not certified yet)."""
    r = page.round
    t = page.totals
    posts = []
    for p in r.posts:
        votes = t.votes.get(p["post"], {})
        winners = [[n, str(votes.get(n, 0))] for n in r.announced.get(p["post"], [])]
        posts.append({"post": p["post"], "seats": str(p["seats"]), "winners": winners})
    return {
        "unit": r.election.unit.name,
        "round": f"第{r.number}轮（{r.get_kind_display()}）",
        "voting_day": r.voting_day,
        "registered": str(r.registered),
        "voted": str(r.voted if r.voted is not None else t.issued),
        "issued": str(t.issued),
        "returned": str(t.returned),
        "invalid": str(t.invalid),
        "posts": posts,
        "announced_by": r.announced_by,
        "announced_at": _chinese_time(r.announced_at),
        "certified": r.state == "certified",
        "receipt": r.receipt if r.state == "certified" else "",
        "verify_path": reverse("elections_results:verify"),
    }


def certificates_data(page: RoundPage) -> dict[str, Any]:
    r = page.round
    e = r.election
    body = docs_selectors.committee_name(e.unit, e.body) if e.body in COUNTED_BODIES else ad.label(e)
    people = [
        {"name": n, "post": f"{body}{p['post']}"} for p in r.posts for n in r.announced.get(p["post"], [])
    ]
    return {
        "unit": e.unit.name,
        "people": people,
        "voting_day": r.voting_day,
        "certified": r.state == "certified",
        "receipt": r.receipt if r.state == "certified" else "",
    }


def scheduled_elections(user: Any) -> Any:
    """Scheduled elections of the user's jurisdiction, by village, for the results index."""
    return (
        Election.objects.visible_to(user)
        .filter(election_day__isnull=False)
        .select_related("unit")
        .order_by("unit__path", "order", "pk")
    )
