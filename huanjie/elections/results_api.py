"""REST API of the results area: a round's tally totals, the announced result and the law engine's
verdict beside it (issue 13 reqs. 1, 2, 4); the same selectors as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import RecordId
from huanjie.elections import results_selectors as sel
from huanjie.elections.capabilities import ElectionsCap

router = Router(tags=["选举结果"])


class SheetOut(Schema):
    pk: int
    box: str
    state: str
    version: int
    ballots_issued: int
    ballots_returned: int
    ballots_invalid: int
    votes: dict[str, dict[str, int]]
    checks: list[str]


class RoundOut(Schema):
    pk: int
    election: int
    number: int
    kind: str
    state: str
    version: int
    voting_day: dt.date
    registered: int
    voted: int | None
    announced: dict[str, list[str]]
    announced_by: str
    announced_at: dt.datetime | None
    engine_next: str
    engine_elected: dict[str, list[str]]
    differences: list[str]
    receipt: str
    sheets: list[SheetOut]


@router.get("/rounds/{pk}", response=RoundOut, summary="一轮选举结果及法律引擎结论")
@api_requires(ElectionsCap.VIEW)
def round_detail(request: HttpRequest, pk: RecordId) -> dict[str, Any]:
    page = sel.round_page(request.auth, pk)  # type: ignore[attr-defined]
    r = page.round
    return {
        "pk": r.pk,
        "election": r.election_id,
        "number": r.number,
        "kind": r.kind,
        "state": r.state,
        "version": r.version,
        "voting_day": r.voting_day,
        "registered": r.registered,
        "voted": r.voted,
        "announced": r.announced,
        "announced_by": r.announced_by,
        "announced_at": r.announced_at,
        "engine_next": page.engine.get("next", ""),
        "engine_elected": {p["post"]: p["elected"] for p in page.engine.get("posts", [])},
        "differences": page.differences,
        "receipt": r.receipt if r.state == "certified" else "",
        "sheets": [
            {
                "pk": row.sheet.pk,
                "box": row.sheet.box,
                "state": row.sheet.state,
                "version": row.sheet.version,
                "ballots_issued": row.sheet.ballots_issued,
                "ballots_returned": row.sheet.ballots_returned,
                "ballots_invalid": row.sheet.ballots_invalid,
                "votes": row.sheet.votes,
                "checks": [c.text for c in row.checks],
            }
            for row in page.rows
        ],
    }
