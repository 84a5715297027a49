"""The JSON contract of ``huanjie tally`` (issue 3 req 10; docs/tally-format.md; tally.schema.json).

:func:`run` takes the decoded JSON document, validates every field (raising :class:`TallyInputError`
with a one-line Chinese message naming the field, e.g. ``字段 posts[0].seats 必须是正整数``), counts
individual ballots when they are given, decides the round with :mod:`huanjie.rules.counting` (villages
and communities) or :mod:`huanjie.rules.party`, and returns the verdict as a JSON-ready dict.
The law and every profile, including one added with ``profiles.register_profile``, come from
:mod:`huanjie.rules.profiles`. No Django, no I/O (the schema file is only read by tests and tools).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from huanjie.rules.counting import (
    BallotRow,
    Election,
    Method,
    Mode,
    PartySurplus,
    PostTally,
    Relative,
    Round,
    Verdict,
    count_ballots,
    decide,
)
from huanjie.rules.explain import Step
from huanjie.rules.party import PartyElection, PartyRound, decide_party
from huanjie.rules.profiles import KIN_1045, LAWS, PROFILES, Law, PartyBase, Profile

SCHEMA_PATH = Path(__file__).with_name("tally.schema.json")

TOP_KEYS = frozenset(
    {
        "law",
        "profile",
        "round",
        "mode",
        "registered",
        "excluded",
        "party_base",
        "voted",
        "ballots_issued",
        "ballots_returned",
        "women",
        "relatives",
        "posts",
        "ballots",
        "elected_earlier",
        "full_members",
        "method",
    }
)
METHODS = ("candidates", "no_candidates")
POST_KEYS = frozenset({"post", "seats", "candidates", "votes", "invalid", "women_line"})
ROUNDS = ("first", "runoff", "supplementary")
PARTY_ROUNDS = (*ROUNDS, "committee")
MODES = ("all_voters", "households", "representatives")
PARTY_BASES = ("present", "entitled")


class TallyInputError(ValueError):
    """Bad input: ``str(error)`` is a one-line Chinese message that names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"字段 {field} {problem}")


# --------------------------------------------------------------------------------------------
# Field readers
# --------------------------------------------------------------------------------------------


def _int(
    data: Mapping[str, Any], key: str, field: str, *, default: int | None = None, positive: bool = False
) -> int:
    if key not in data:
        if default is None:
            raise TallyInputError(field, "必须提供")
        return default
    value = data[key]
    ok = isinstance(value, int) and not isinstance(value, bool) and (value > 0 if positive else value >= 0)
    if not ok:
        raise TallyInputError(field, "必须是正整数" if positive else "必须是非负整数")
    return cast(int, value)


def _choice(data: Mapping[str, Any], key: str, choices: Sequence[str], default: str | None = None) -> str:
    if key not in data:
        if default is None:
            raise TallyInputError(key, "必须提供")
        return default
    value = data[key]
    if not isinstance(value, str) or value not in choices:
        raise TallyInputError(key, f"必须是 {'、'.join(choices)} 之一")
    return value


def _names(value: object, field: str, *, unique: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(n, str) and n.strip() for n in value):
        raise TallyInputError(field, "必须是姓名（非空字符串）列表")
    names = tuple(cast(list[str], value))
    if unique and len(set(names)) != len(names):
        raise TallyInputError(field, "含有重复的姓名")
    return names


def _object(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TallyInputError(field, "必须是 JSON 对象")
    return cast(dict[str, Any], value)


@dataclass(frozen=True)
class Parsed:
    """A validated tally document."""

    law: Law
    profile: Profile
    round: str
    mode: Mode
    registered: int
    voted: int
    ballots_returned: int
    ballots_issued: int | None
    excluded: int
    party_base: PartyBase
    full_members: int | None
    women: frozenset[str] | None
    relatives: tuple[Relative, ...]
    elected_earlier: tuple[tuple[str, tuple[str, ...]], ...]
    posts: tuple[PostTally, ...]
    ballot_steps: tuple[Step, ...]
    ballots_counted: dict[str, Any] | None
    method: Method = "candidates"


def _posts(
    data: Mapping[str, Any], with_ballots: bool, rnd: str, method: str = "candidates"
) -> list[PostTally]:
    raw = data.get("posts")
    if not isinstance(raw, list) or not raw:
        raise TallyInputError("posts", "必须是非空列表")
    posts: list[PostTally] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        f = f"posts[{i}]"
        obj = _object(item, f)
        for key in obj:
            if key not in POST_KEYS:
                raise TallyInputError(f"{f}.{key}", "未定义（可用字段见 docs/tally-format.md）")
        name = obj.get("post")
        if not isinstance(name, str) or not name.strip():
            raise TallyInputError(f"{f}.post", "必须是非空字符串")
        if name in seen:
            raise TallyInputError(f"{f}.post", f"与前面的职位“{name}”重复")
        seen.add(name)
        seats = _int(obj, "seats", f"{f}.seats", positive=True)
        candidates = _names(obj.get("candidates", []), f"{f}.candidates")
        women_line = obj.get("women_line", False)
        if not isinstance(women_line, bool):
            raise TallyInputError(f"{f}.women_line", "必须是 true 或 false")
        open_round = method == "no_candidates" and rnd == "supplementary"
        if rnd in ("runoff", "supplementary") and not candidates and not open_round:
            raise TallyInputError(f"{f}.candidates", "必须提供（再次投票和另行选举只能在候选人中选举）")
        invalid = _int(obj, "invalid", f"{f}.invalid", default=0)
        votes: dict[str, int] = {}
        if with_ballots:
            if "votes" in obj or "invalid" in obj:
                raise TallyInputError(f"{f}.votes", "与 ballots 不能同时提供（逐张选票时由系统计票）")
        else:
            if "votes" not in obj:
                raise TallyInputError(f"{f}.votes", "必须提供（或在顶层提供 ballots）")
            for cand, count in _object(obj["votes"], f"{f}.votes").items():
                if not cand.strip():
                    raise TallyInputError(f"{f}.votes", "含有空的姓名")
                if type(count) is not int or count < 0:
                    raise TallyInputError(f"{f}.votes.{cand}", "必须是非负整数")
                votes[cand] = count
        posts.append(PostTally(name, seats, candidates, votes, invalid, women_line))
    return posts


def _ballot_rows(raw: object, posts: Sequence[PostTally]) -> list[BallotRow]:
    """Turn JSON ballots into :data:`~huanjie.rules.counting.BallotRow` tuples, validating each.

    Ballots repeat a few markings many times, so each distinct marking is validated once."""
    if not isinstance(raw, list):
        raise TallyInputError("ballots", "必须是选票列表")
    names = [p.post for p in posts]
    checked: set[tuple[str, ...]] = set()
    rows: list[BallotRow] = []
    append = rows.append
    for j, item in enumerate(raw):
        if type(item) is not dict:
            raise TallyInputError(f"ballots[{j}]", "必须是 JSON 对象")
        found = 0
        sections: list[tuple[str, ...]] = []
        for post in names:
            marked = item.get(post)
            if marked is None:
                sections.append(())
                continue
            found += 1
            try:
                section = tuple(marked)
                known = type(marked) is list and section in checked
            except TypeError:  # not iterable, or holds unhashable values: _names reports it
                known = False
            if not known:
                section = _names(marked, f"ballots[{j}].{post}", unique=False)
                checked.add(section)
            sections.append(section)
        if found != len(item):
            for key, value in item.items():
                if key in names:  # only a null marking is left unmatched
                    _names(value, f"ballots[{j}].{key}", unique=False)
                elif key != "unreadable":
                    raise TallyInputError(f"ballots[{j}].{key}", "不是 posts 中的职位")
            unreadable = item.get("unreadable", False)
            if type(unreadable) is not bool:
                raise TallyInputError(f"ballots[{j}].unreadable", "必须是 true 或 false")
            if unreadable:
                append(None)
                continue
        append(tuple(sections))
    return rows


def _relatives(raw: object) -> tuple[Relative, ...]:
    """``[a, b]`` (untyped: every relatives rule covers it) or ``[a, b, kind]`` (b is a's kind, one of
    民法典 第一千零四十五条's 配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女)."""
    if not isinstance(raw, list):
        raise TallyInputError("relatives", "必须是姓名对的列表")
    out: list[Relative] = []
    for k, pair in enumerate(raw):
        f = f"relatives[{k}]"
        if isinstance(pair, list) and len(pair) == 3:
            kind = pair[2]
            if kind not in KIN_1045:
                raise TallyInputError(f"{f}[2]", f"必须是 {'、'.join(KIN_1045)} 之一")
            names = _names(pair[:2], f)
            out.append((names[0], names[1], cast(str, kind)))
            continue
        names = _names(pair, f)
        if len(names) != 2:
            raise TallyInputError(f, "必须恰好包含两个不同的姓名")
        out.append((names[0], names[1]))
    return tuple(out)


def parse(data: object) -> Parsed:
    """Validate a decoded tally document; raises :class:`TallyInputError`."""
    doc = _object(data, "（根）")
    for key in doc:
        if key not in TOP_KEYS:
            raise TallyInputError(key, "未定义（可用字段见 docs/tally-format.md）")
    law = LAWS[_choice(doc, "law", tuple(LAWS))]
    profile = PROFILES[_choice(doc, "profile", tuple(PROFILES), "national")]
    party = law.kind == "party"
    rnd = _choice(doc, "round", PARTY_ROUNDS if party else ROUNDS, "first")
    mode = _choice(doc, "mode", MODES, "all_voters")
    if mode != "all_voters" and law.kind != "community":
        raise TallyInputError("mode", "仅适用于社区（居民委员会）选举")
    if not party:
        for key in ("excluded", "party_base", "full_members"):
            if key in doc:
                raise TallyInputError(key, "仅适用于党组织选举")
    party_base = cast(PartyBase, _choice(doc, "party_base", PARTY_BASES, law.party_base_default))
    registered = _int(doc, "registered", "registered")
    excluded = _int(doc, "excluded", "excluded", default=0)
    if excluded > registered:
        raise TallyInputError("excluded", "不能大于 registered")
    voted = _int(doc, "voted", "voted")
    if voted > registered:
        raise TallyInputError("voted", "不能大于 registered")
    full_members = _int(doc, "full_members", "full_members") if "full_members" in doc else None
    issued = _int(doc, "ballots_issued", "ballots_issued") if "ballots_issued" in doc else None
    if issued is None and profile.ballots_compared_with == "issued" and not party:
        raise TallyInputError("ballots_issued", f"必须提供（{profile.name}办法以发出的选票核对收回的选票）")
    method = _choice(doc, "method", METHODS, "candidates")
    if method == "no_candidates" and (party or not profile.no_candidates_article):
        raise TallyInputError(
            "method", f"{profile.name}的配置没有无候选人的选举方式（自荐直选 / 不确定候选人）"
        )
    with_ballots = "ballots" in doc
    posts = _posts(doc, with_ballots, rnd, method)
    ballot_steps: tuple[Step, ...] = ()
    counted: dict[str, Any] | None = None
    if with_ballots:
        rows = _ballot_rows(doc["ballots"], posts)
        bc = count_ballots(posts, rows, profile, law)
        returned = _int(doc, "ballots_returned", "ballots_returned", default=bc.ballots)
        if returned != bc.ballots:
            raise TallyInputError(
                "ballots_returned", f"为 {returned}，与 ballots 中的选票数 {bc.ballots} 不符"
            )
        posts = list(bc.posts)
        ballot_steps = bc.steps
        counted = {
            "ballots": bc.ballots,
            "unreadable": bc.unreadable,
            "overmarked": {p.post: n for p, n in zip(posts, bc.overmarked, strict=True)},
            "two_posts": bc.two_posts,
        }
    else:
        returned = _int(doc, "ballots_returned", "ballots_returned")
        for i, p in enumerate(posts):
            if p.invalid > returned:
                raise TallyInputError(f"posts[{i}].invalid", f"不能大于 ballots_returned（{returned}）")
            usable = returned - p.invalid
            for cand, count in p.votes.items():
                if count > usable:
                    raise TallyInputError(
                        f"posts[{i}].votes.{cand}",
                        f"为 {count}，超过有效选票数 {usable}（收回选票减该栏无效票）",
                    )
            if sum(p.votes.values()) > usable * p.seats:
                raise TallyInputError(
                    f"posts[{i}].votes", f"合计超过有效选票数 {usable} 乘以应选名额 {p.seats}"
                )
    women = frozenset(_names(doc["women"], "women")) if "women" in doc else None
    relatives = _relatives(doc.get("relatives", []))
    earlier: list[tuple[str, tuple[str, ...]]] = []
    for post, names_ in _object(doc.get("elected_earlier", {}), "elected_earlier").items():
        earlier.append((post, _names(names_, f"elected_earlier.{post}")))
    return Parsed(
        law=law,
        profile=profile,
        round=rnd,
        mode=cast(Mode, mode),
        registered=registered,
        voted=voted,
        ballots_returned=returned,
        ballots_issued=issued,
        excluded=excluded,
        party_base=party_base,
        full_members=full_members,
        women=women,
        relatives=tuple(relatives),
        elected_earlier=tuple(earlier),
        posts=tuple(posts),
        ballot_steps=ballot_steps,
        ballots_counted=counted,
        method=cast(Method, method),
    )


def decide_parsed(p: Parsed) -> Verdict:
    """Decide the round described by a validated document."""
    if p.law.kind == "party":
        return decide_party(
            PartyElection(
                law=p.law,
                round=cast(PartyRound, p.round),
                electors=p.registered,
                present=p.voted,
                ballots_returned=p.ballots_returned,
                posts=p.posts,
                excluded=p.excluded,
                ballots_issued=p.ballots_issued,
                party_base=p.party_base,
                full_members=p.full_members,
            )
        )
    return decide(
        Election(
            law=p.law,
            profile=p.profile,
            round=cast(Round, p.round),
            registered=p.registered,
            voted=p.voted,
            ballots_returned=p.ballots_returned,
            posts=p.posts,
            mode=p.mode,
            ballots_issued=p.ballots_issued,
            women=p.women,
            relatives=p.relatives,
            elected_earlier=p.elected_earlier,
            method=p.method,
        )
    )


def surplus_json(s: PartySurplus) -> dict[str, Any]:
    """The Party 差额 check of a post (see docs/tally-format.md)."""
    return {
        "candidates": s.candidates,
        "seats": s.seats,
        "share": f"{s.share[0]}/{s.share[1]}",
        "required_surplus": s.required_surplus,
        "required_candidates": s.required_candidates,
        "rounding": s.rounding,
        "met": s.met,
    }


def verdict_json(p: Parsed, v: Verdict) -> dict[str, Any]:
    """The output document (see docs/tally-format.md)."""
    out: dict[str, Any] = {
        "law": p.law.code,
        "profile": p.profile.code,
        "round": p.round,
        "valid": v.valid,
        "next": v.next,
        "posts": [
            {
                "post": r.post,
                "seats": r.seats,
                "elected": list(r.elected),
                "runoff": list(r.runoff),
                "runoff_seats": r.runoff_seats,
                "unfilled": r.unfilled,
                "supplementary_candidates": list(r.supplementary_candidates),
                "next": r.next,
                "votes": dict(r.votes),
                "invalid": r.invalid,
                "dropped": list(r.dropped),
                "women_line": r.women_line,
                "elsewhere": list(r.elsewhere),
                "supplementary_short": r.supplementary_short,
                **({"surplus": surplus_json(r.surplus)} if r.surplus is not None else {}),
            }
            for r in v.posts
        ],
        "explanation": [s.as_dict() for s in (*p.ballot_steps, *v.steps)],
    }
    if v.women_missing is not None:
        out["women_missing"] = v.women_missing
    if p.ballots_counted is not None:
        out["ballots_counted"] = p.ballots_counted
    return out


def run(data: object) -> dict[str, Any]:
    """Validate, count and decide: decoded JSON in, verdict JSON out."""
    parsed = parse(data)
    return verdict_json(parsed, decide_parsed(parsed))
