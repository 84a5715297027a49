"""docs/law.md, generated from the citation registry so that it cannot drift (issue 8 req. 9).

:func:`render` lists the engine's rules article by article — what each article says (verbatim, from
the registry), where it is encoded (which field of which law or profile cites it, and what the engine
does with it), its basis and provenance — then every judgement call with its parameter and the value
of each profile, and each profile's conflict table. ``tests/rules/test_lawdoc.py`` checks that the
committed docs/law.md equals ``render()``; regenerate with
``python -c "from huanjie.rules.lawdoc import render; print(render(), end='')" > docs/law.md``.
"""

from __future__ import annotations

from dataclasses import fields

from huanjie.rules.citations import Source, atomic, registry
from huanjie.rules.profiles import LAWS, PROFILES

FIELD_USES: dict[str, str] = {
    "validity_article": "counting: turnout validity and the first-round majority (`counting.turnout`, "
    "`counting.first_round.*`)",
    "supplementary_article": "counting: the 另行选举 (one-third floor, candidates) "
    "(`counting.supplementary.*`)",
    "composition_article": "counting: the women's rule fallback; committee size",
    "recall_article": "recall: petition, turnout and approval (`recall.*`)",
    "relatives_article": "counting: 近亲属回避 among members (`counting.relatives.*`); committee_checks",
    "voter_list_article": "schedule: voter list 20 days before, objections 5 days, decisions 3 days",
    "election_article": "schedule: the election day (secret ballot, public count)",
    "handover_article": "schedule: handover within 10 days",
    "audit_article": "schedule: departure audit published before the election",
    "postponement_article": "village_prep: postponing the election (approval chain, limit, soft or not)",
    "supervision_article": "schedule: supervision committee elected after the committee; "
    "committee_checks: no committee member or near relative on it",
    "members_usual_article": "committee_checks: the province's usual committee size",
    "direct_election_article": "tenure_causes: election as a cause; no organization appoints or removes",
    "by_election_article": "tenure_causes: 补选 by the 村（居）民会议 or 代表会议",
    "resignation_article": "tenure_causes: 辞职 (2025 text; before 2026 only where the province provides)",
    "void_article": "tenure_causes: 当选无效, decided by the township or county government",
    "termination_article": "tenure_causes: 职务自行终止 (loss of capacity, criminal sentence)",
    "review_article": "tenure_causes: two successive 不称职 verdicts of the 民主评议",
    "removal_article": "tenure_causes: 撤换 by the 居民会议",
    "rights_article": "eligibility: voting age and political rights",
    "registration_article": "eligibility: registration categories",
    "candidate_article": "eligibility: statutory candidate bars",
    "surplus_article": "candidates per seat (差额)",
    "candidate_list_article": "schedule: candidate list published before the election",
    "proxy_article": "schedule: proxy requests and list",
    "ballot_article": "counting: ballot validity, ballots versus voters (`counting.ballot*`)",
    "win_article": "counting: ties at the cut-off, run-off (`counting.first_round.tie`, `counting.runoff.*`)",
    "women_article": "counting: women members (`counting.women.*`)",
    "vacancy_article": "counting: seats left after the 另行选举 (`counting.vacancy.*`)",
    "candidate_withdrawal_article": "schedule: candidate withdrawal",
    "notice_article": "schedule: notice of time, place and counting officials",
    "no_candidates_article": "counting: elections without candidates (`counting.method.no_candidates`)",
    "dual_role_article": "committee_checks: 一肩挑 and 交叉任职",
    "nomination_article": "nomination: who nominates, names per post (`nomination.paper.*`)",
    "nomination_no_proxy_article": "nomination: no proxy nomination (`nomination.paper.proxy`)",
    "nomination_quorum_article": "nomination: the nomination meeting's quorum (`nomination.quorum`)",
    "nomination_tie_article": "nomination: a tie at the cut (re-vote or 预选) (`nomination.tie`)",
    "nomination_two_posts_article": "nomination: one name for two posts on one paper",
    "primary_article": "nomination: formal candidates by 预选",
    "self_nomination_article": "nomination: 自荐 registration and its deadline (自荐直选)",
    "self_nominee_order_article": "nomination: the order of the 自荐人 list",
    "two_posts_confirm_article": "nomination: a nominee formal for two posts confirms one",
    "withdrawal_after_list_article": "nomination: withdrawal after the list is published",
    "withdrawal_fill_article": "nomination: fill-in from the next nominee after a withdrawal",
    "candidate_order_article": "nomination: the candidate list's order (votes or 姓氏笔画)",
}

PARAMETERS: tuple[tuple[str, str], ...] = (
    ("two_posts_seat", "One person qualifying for two posts: where the lower seat goes"),
    ("supplementary_turnout_required", "Turnout test in the 另行选举"),
    ("majority_first_several", "Henan Art. 38 with several seats, some with a majority"),
    ("vacancy_min_members", "Seats may stay vacant after the 另行选举 when at least this many are elected"),
    ("vacancy_allowed_next", "When they may: `none` or `assembly_decides`"),
    ("vacancy_shortfall_next", "When they may not: what follows"),
    ("vacancy_shortfall_basis", "Whether that is provincial text or a judgement"),
    ("supplementary_surplus", "另行选举 candidates = seats left + this"),
    ("two_posts_rule", "Ballots marking one person for two posts"),
)

_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def article_number(article: str) -> int:
    """第三十八条 → 38 (0 when there is no number)."""
    body = article.removeprefix("第").removesuffix("条")
    total, current = 0, 0
    for ch in body:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:  # 十 or 百 (no article reaches 千)
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
    return total + current


def uses() -> dict[str, list[str]]:
    """Registry key → where the engine encodes it (``law or profile: field → what it does``)."""
    found: dict[str, list[str]] = {}

    def add(key: str, where: str) -> None:
        found.setdefault(key, []).append(where)

    for law in LAWS.values():
        holders = [law, law.schedule, *([law.eligibility] if law.eligibility else [])]
        for holder in holders:
            for f in fields(holder):  # type: ignore[arg-type]
                value = getattr(holder, f.name)
                if f.name.endswith("_article") and value:
                    add(f"{law.title} {value}", f"`{law.code}`.{f.name} — {FIELD_USES.get(f.name, f.name)}")
    for profile in PROFILES.values():
        for f in fields(profile):
            value = getattr(profile, f.name)
            if f.name.endswith("_article") and value and profile.measure:
                add(
                    f"{profile.measure} {value}",
                    f"`{profile.code}`.{f.name} — {FIELD_USES.get(f.name, f.name)}",
                )
    registration = [
        (atomic(cat.source), f"`{p.code}`.categories[{cat.code}] — eligibility: registration")
        for p in PROFILES.values()
        for cat in p.categories
        if cat.source
    ]
    for key, where in registration:
        add(key, where)
    return found


def _quote(text: str) -> list[str]:
    return [f"> {line}" for line in text.split("\n")] if text else ["> （无逐字原文，见说明）"]


def _source(source: Source, where: list[str]) -> list[str]:
    out = [f"#### {source.key}", ""]
    out.append(
        f"- Basis: **{source.basis}**; provenance: **{source.provenance}**; text from: {source.origin or '—'}"
    )
    for w in where:
        out.append(f"- Encoded: {w}")
    if source.note:
        out.append(f"- Note: {source.note}")
    out.append("")
    out += _quote(source.quote)
    out.append("")
    return out


def render() -> str:
    """The text of docs/law.md."""
    reg = registry()
    where = uses()
    out = [
        "# The law as the engine encodes it (generated — do not edit)",
        "",
        "Generated by `huanjie.rules.lawdoc.render()` from the citation registry "
        "(`huanjie/rules/citations.py`), the laws and the profiles (`huanjie/rules/profiles.py`); "
        "`tests/rules/test_lawdoc.py` fails when this file and the code differ. Quotes are verbatim: "
        "provincial measures from `shared/reference/laws` (whole articles), national laws as quoted in "
        "`shared/reference/legal-rules.md`. Basis: statute / provincial / guidance / party / judgement [M]; "
        "provenance: verified / secondary [S] / inherited / judgement [M] / unverified.",
        "",
        "## 1. Articles the engine encodes",
        "",
    ]
    documents: dict[str, list[Source]] = {}
    for key, source in reg.items():
        if key in where and source.basis != "judgement":
            documents.setdefault(source.document, []).append(source)
    for doc in sorted(documents, key=lambda d: (d[0] not in "村城", d)):
        out += [f"### {doc}", ""]
        for source in sorted(documents[doc], key=lambda s: article_number(s.article)):
            out += _source(source, where[source.key])
    out += ["## 2. Other sources and judgement calls", ""]
    for key, source in sorted(reg.items()):
        if key not in where:
            if source.basis == "provincial" and source.origin.startswith("laws/"):
                continue  # whole provincial texts not encoded: not listed
            out += _source(source, [])
    out += ["## 3. Judgement parameters by profile", ""]
    codes = list(PROFILES)
    out.append("| Parameter | Meaning | " + " | ".join(f"`{c}`" for c in codes) + " |")
    out.append("|---|---|" + "---|" * len(codes))
    for name, meaning in PARAMETERS:
        values = " | ".join(f"`{getattr(PROFILES[c], name)}`" for c in codes)
        out.append(f"| `{name}` | {meaning} | {values} |")
    out.append("")
    out += ["## 4. Conflicts with the 2025 national texts", ""]
    for profile in PROFILES.values():
        if not profile.conflicts:
            continue
        out += [f"### `{profile.code}` ({profile.name})", ""]
        out.append("| Topic | Provincial | National | Prevails | From | [M] | Note |")
        out.append("|---|---|---|---|---|---|---|")
        for c in profile.conflicts:
            m = "[M]" if c.judgement else ""
            out.append(
                f"| {c.topic} | {c.provincial} | {c.national} | {c.prevails} "
                f"| {c.from_date.isoformat()} | {m} | {c.note} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
