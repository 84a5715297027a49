"""REST API for persons (masked IDs only), their tenures and relatives, tenures by unit, and the
committee change sets (班子成员变动: the village proposes, the town confirms or returns).

The same selectors and services as the UI; out of jurisdiction → 404. The full citizen ID is never
part of any output: schemas carry only ``id_masked``.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from huanjie.accounts.models import User
from huanjie.core.api_auth import api_requires
from huanjie.core.api_params import (
    CODE_OR_EMPTY_PATTERN,
    MAX_ID,
    SEARCH_MAX,
    BoundedPageNumberPagination,
    RecordId,
    UnitCode,
)
from huanjie.core.forms import EARLIEST_DATE, LATEST_DATE
from huanjie.core.scoping import can, get_scoped_or_404
from huanjie.core.workflow import StaleRecord, WorkflowError
from huanjie.org.models import OrgUnit
from huanjie.people import selectors, services
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import CommitteeKind, Education, PoliticalStatus, Post, Sex
from huanjie.people.models import CommitteeChange, CommitteeChangeItem, Person, Tenure
from huanjie.rules import tenure_causes

router = Router(tags=["人员与任职"])


class PersonOut(Schema):
    pk: int
    name: str
    id_masked: str
    sex: Sex
    sex_label: str
    # 出生年月 only (as on official rosters), never the birth date nor an age: an age to the day,
    # read on successive days, gives the birthday away, and with it a digit group the masked ID
    # (320321************) hides (hardening issue 7).
    birth_month: str = Field(..., description="出生年月，如 1975-06", pattern=r"^\d{4}-\d{2}$")
    ethnicity: str
    political_status: PoliticalStatus
    political_status_label: str
    education: str
    education_label: str
    domicile_unit_code: str
    domicile_unit_name: str

    @staticmethod
    def resolve_birth_month(obj: Person) -> str:
        return obj.birth_date.strftime("%Y-%m")

    @staticmethod
    def resolve_sex_label(obj: Person) -> str:
        return obj.get_sex_display()

    @staticmethod
    def resolve_political_status_label(obj: Person) -> str:
        return obj.get_political_status_display()

    @staticmethod
    def resolve_education_label(obj: Person) -> str:
        return obj.get_education_display()

    @staticmethod
    def resolve_domicile_unit_code(obj: Person) -> str:
        return obj.domicile_unit.code

    @staticmethod
    def resolve_domicile_unit_name(obj: Person) -> str:
        return obj.domicile_unit.name


class TenureOut(Schema):
    pk: int
    person_pk: RecordId
    person_name: str
    person_id_masked: str
    unit_code: str
    unit_name: str
    committee_kind: str
    committee_label: str
    post: str
    post_label: str
    term_number: int
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    end_reason_label: str
    sitting: bool

    @staticmethod
    def resolve_person_pk(obj: Tenure) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj: Tenure) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_masked(obj: Tenure) -> str:
        return obj.person.id_masked

    @staticmethod
    def resolve_unit_code(obj: Tenure) -> str:
        return obj.committee.org_unit.code

    @staticmethod
    def resolve_unit_name(obj: Tenure) -> str:
        return obj.committee.org_unit.name

    @staticmethod
    def resolve_committee_kind(obj: Tenure) -> str:
        return obj.committee.kind

    @staticmethod
    def resolve_committee_label(obj: Tenure) -> str:
        return str(obj.committee).removeprefix(obj.committee.org_unit.name)

    @staticmethod
    def resolve_post_label(obj: Tenure) -> str:
        return obj.get_post_display()

    @staticmethod
    def resolve_end_reason_label(obj: Tenure) -> str:
        return obj.get_end_reason_display()

    @staticmethod
    def resolve_sitting(obj: Tenure) -> bool:
        return obj.end_date is None


class RelativeOut(Schema):
    kind_label: str
    person: PersonOut


class PersonDetailOut(PersonOut):
    party_join_date: dt.date | None
    education_in_service: str
    occupation: str
    is_veteran: bool
    is_returning_graduate: bool
    tenures: list[TenureOut]
    relatives: list[RelativeOut]

    @staticmethod
    def resolve_tenures(obj: Person) -> list[Tenure]:
        return obj.scoped_tenures  # type: ignore[attr-defined]

    @staticmethod
    def resolve_relatives(obj: Person) -> list[dict[str, Any]]:
        return obj.scoped_relatives  # type: ignore[attr-defined]


class MemberOut(Schema):
    tenure_pk: RecordId
    person_pk: RecordId
    person_name: str
    person_id_masked: str
    post: str
    post_label: str
    term_number: int
    start_date: dt.date
    dual_role: bool  # 一肩挑: party secretary and committee chair
    cross_holding: bool  # 交叉任职: on the party organization and the villagers'/residents' committee


class CommitteeOut(Schema):
    kind: str
    kind_label: str
    label: str
    members: list[MemberOut]


# The sort keys of selectors.PERSON_SORTS (a test keeps them equal).
PersonSort = Literal["name", "-name", "birth", "-birth", "unit", "-unit"]


class PersonFilter(Schema):
    q: str = Field(
        "",
        max_length=SEARCH_MAX,
        description="姓名或脱敏身份证号（可查看完整号码的角色可输入完整号码，记入审计日志）",
    )
    unit: str = Field("", pattern=CODE_OR_EMPTY_PATTERN, description="户籍单位的 12 位区划代码（含下级）")
    sex: Sex | None = None
    education: Education | None = None
    political_status: PoliticalStatus | None = None
    sitting: bool = False
    sort: PersonSort = "unit"


class TenureFilter(Schema):
    sitting: bool = False


def _unit_path(user: User, code: UnitCode) -> str:
    """The path of a unit given by code, if visible; otherwise 404 (no hint that it exists)."""
    return get_scoped_or_404(OrgUnit.objects.visible_to(user), user, code=code).path


@router.get("/persons", response=list[PersonOut], summary="人员列表（身份证号脱敏）")
@paginate(BoundedPageNumberPagination)
@api_requires(PeopleCap.VIEW)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> QuerySet[Person]:
    """Persons in the jurisdiction: search by name or masked ID, filter by domicile unit (code, its
    subtree), sex, education, political status, sitting members only; sort as in the UI."""
    user = request.auth  # type: ignore[attr-defined]
    return selectors.person_list(
        user,
        q=filters.q,
        unit_path=_unit_path(user, filters.unit) if filters.unit else "",
        sex=filters.sex or "",
        education=filters.education or "",
        political_status=filters.political_status or "",
        sitting="1" if filters.sitting else "",
        sort=filters.sort,
    )


class PersonMatchOut(Schema):
    """A person offered by the picker: masked ID, 出生年月, the unit's path, sitting posts."""

    pk: int
    name: str
    sex_label: str
    id_masked: str
    birth_month: str = Field(..., description="出生年月，如 1975-06", pattern=r"^\d{4}-\d{2}$")
    unit_code: str
    unit_path: str = Field(..., description="户籍所在单位的路径（县 / 乡镇 / 村），以“ / ”分隔")
    posts: list[str] = Field(..., description="管辖范围内的现任职务")


class PersonMatchesOut(Schema):
    matches: list[PersonMatchOut]
    more: bool = Field(..., description="还有更多匹配（只列出前 20 人）")


class PersonMatchFilter(Schema):
    q: str = Field(
        "",
        max_length=SEARCH_MAX,
        description="姓名或其中一部分、脱敏身份证号（可查看完整号码的角色可输入完整号码，记入审计日志）；"
        "为空时不列出任何人",
    )
    exclude: int | None = Field(None, ge=1, le=MAX_ID, description="不列出此人（如为其添加亲属的本人）")


@router.get("/persons/matches", response=PersonMatchesOut, summary="按姓名查找人员（供选择，身份证号脱敏）")
@api_requires(PeopleCap.VIEW)
def person_matches(request: HttpRequest, filters: Query[PersonMatchFilter]) -> dict[str, Any]:
    """The picker of the pages (添加近亲属): persons of the jurisdiction whose name contains ``q``, at
    most 20, each with masked ID, 出生年月, unit path and sitting posts, to tell namesakes apart.
    Never a person outside the jurisdiction."""
    user = request.auth  # type: ignore[attr-defined]
    matches, more = selectors.person_matches(user, filters.q, exclude_pk=filters.exclude)
    return {"matches": matches, "more": more}


@router.get("/persons/{person_pk}", response=PersonDetailOut, summary="人员详情（含任职与近亲属）")
@api_requires(PeopleCap.VIEW)
def person_detail(request: HttpRequest, person_pk: RecordId) -> Person:
    user = request.auth  # type: ignore[attr-defined]
    person = get_scoped_or_404(selectors.person_list(user), user, pk=person_pk)
    screen = selectors.person_screen(user, person)
    person.scoped_tenures = screen.tenures
    person.scoped_relatives = [{"kind_label": r.kind_label, "person": r.relative} for r in screen.relatives]
    return person


@router.get("/units/{code}/committees", response=list[CommitteeOut], summary="单位的“两委”班子及现任成员")
@api_requires(PeopleCap.VIEW)
def unit_committees(request: HttpRequest, code: UnitCode) -> list[dict[str, Any]]:
    """The unit's committees (党组织 → 村/居委会 → 监委会) with sitting members; 一肩挑 and 交叉任职 are
    derived from the sitting tenures, as on the village page."""
    user = request.auth  # type: ignore[attr-defined]
    unit = get_scoped_or_404(OrgUnit.objects.visible_to(user), user, code=code)
    return [_committee_out(b, unit) for b in selectors.committees_of_unit(user, unit)]


def _committee_out(b: dict[str, Any], unit: OrgUnit) -> dict[str, Any]:
    return {
        "kind": b["committee"].kind,
        "kind_label": b["committee"].get_kind_display(),
        "label": str(b["committee"]).removeprefix(unit.name),
        "members": [
            {
                "tenure_pk": t.pk,
                "person_pk": t.person_id,
                "person_name": t.person.name,
                "person_id_masked": t.person.id_masked,
                "post": t.post,
                "post_label": t.get_post_display(),
                "term_number": t.term_number,
                "start_date": t.start_date,
                "dual_role": "dual_role" in t.roles,
                "cross_holding": "cross_holding" in t.roles,
            }
            for t in b["members"]
        ],
    }


@router.get("/units/{code}/tenures", response=list[TenureOut], summary="单位的任职记录")
@paginate(BoundedPageNumberPagination)
@api_requires(PeopleCap.VIEW)
def unit_tenures(request: HttpRequest, code: UnitCode, filters: Query[TenureFilter]) -> QuerySet[Tenure]:
    """Tenures on the committees of a unit and its subtree (``sitting=true``: current members only)."""
    user = request.auth  # type: ignore[attr-defined]
    return selectors.unit_tenures(user, _unit_path(user, code), sitting=filters.sitting)


@router.get("/tenures/{tenure_pk}", response=TenureOut, summary="任职详情")
@api_requires(PeopleCap.VIEW)
def tenure_detail(request: HttpRequest, tenure_pk: RecordId) -> Tenure:
    user = request.auth  # type: ignore[attr-defined]
    return get_scoped_or_404(selectors.tenure_list(user), user, pk=tenure_pk)


# -- committee change sets (班子成员变动, issue 9 reqs. 2 and 11) -------------------------------------

ChangeState = Literal["proposed", "applied", "returned"]


class ChangeItemOut(Schema):
    """One line of a change set: a member leaves (``end``) or joins (``start``), with the legal
    cause, the deciding body and the evidence."""

    action: Literal["end", "start"]
    action_label: str
    committee_kind: str
    post: str
    post_label: str = Field(..., description="班子与职务，如 村民委员会主任")
    person_pk: RecordId
    person_name: str
    person_id_masked: str
    term_number: int | None = Field(None, description="任职的届次（离任时为空）")
    cause: str
    cause_label: str
    body: str
    body_label: str
    document_number: str
    document_date: dt.date | None
    note: str

    @staticmethod
    def resolve_action_label(obj: CommitteeChangeItem) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_post_label(obj: CommitteeChangeItem) -> str:
        return selectors.change_post_label(obj)

    @staticmethod
    def resolve_person_pk(obj: CommitteeChangeItem) -> int:
        return obj.person_id

    @staticmethod
    def resolve_person_name(obj: CommitteeChangeItem) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_masked(obj: CommitteeChangeItem) -> str:
        return obj.person.id_masked

    @staticmethod
    def resolve_cause_label(obj: CommitteeChangeItem) -> str:
        return tenure_causes.cause_label(obj.cause)

    @staticmethod
    def resolve_body_label(obj: CommitteeChangeItem) -> str:
        return tenure_causes.BODIES.get(obj.body, obj.body)


class ChangeOut(Schema):
    pk: int
    unit_code: str
    unit_name: str
    change_date: dt.date = Field(..., description="变动日期（适用当日施行的法律文本）")
    note: str
    state: ChangeState
    state_label: str = Field(..., description="待乡镇确认、已确认（已生效）或已退回")
    state_due: dt.date | None = Field(None, description="乡镇（街道）应在此日前确认或退回")
    version: int = Field(..., description="版本号：确认或退回时原样带回，已被他人处理则拒绝（409）")
    proposed_by: str
    proposed_at: dt.datetime
    summary: str = Field(..., description="各项变动的简述")

    @staticmethod
    def resolve_unit_code(obj: CommitteeChange) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_unit_name(obj: CommitteeChange) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_state_label(obj: CommitteeChange) -> str:
        return obj.workflow_spec.state_label(obj.state)

    @staticmethod
    def resolve_proposed_by(obj: CommitteeChange) -> str:
        return str(obj.proposed_by)

    @staticmethod
    def resolve_summary(obj: CommitteeChange) -> str:
        return selectors.change_summary(obj)


class ChangeHistoryOut(Schema):
    at: dt.datetime
    by: str
    action_label: str
    reason: str


class ChangeDetailOut(ChangeOut):
    items: list[ChangeItemOut]
    actions: list[Literal["confirm", "return"]] = Field(..., description="调用者现在可做的操作")
    history: list[ChangeHistoryOut]

    @staticmethod
    def resolve_items(obj: CommitteeChange) -> list[CommitteeChangeItem]:
        return obj.screen["items"]  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_actions(obj: CommitteeChange) -> list[str]:
        return [a for a in ("confirm", "return") if obj.screen[f"can_{a}"]]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_history(obj: CommitteeChange) -> list[dict[str, Any]]:
        return [
            {
                "at": h.at,
                "by": h.actor_name,
                "action_label": getattr(h, "label", h.transition),
                "reason": h.reason,
            }
            for h in obj.screen["history"]  # type: ignore[attr-defined]
        ]


class ChangeFilter(Schema):
    state: ChangeState | None = Field(None, description="只列出此状态的变动（proposed：待乡镇确认）")


class ChangeDecisionIn(Schema):
    version: int = Field(..., ge=0, le=MAX_ID, description="读取变动时的版本号")


class ChangeReturnIn(ChangeDecisionIn):
    reason: str = Field(..., min_length=1, max_length=500, description="退回理由")


class RefusalOut(Schema):
    detail: str


class ChangeLineIn(Schema):
    """One line of a proposed change set: ``end`` names a sitting tenure of the unit (``tenure_pk``),
    ``start`` a person (``person_pk``) and the committee, post and term; each with its legal cause,
    deciding body and evidence (the codes of the committee page's causes table)."""

    action: Literal["end", "start"]
    tenure_pk: int | None = Field(None, ge=1, le=MAX_ID, description="离任的任职编号（action=end）")
    person_pk: int | None = Field(None, ge=1, le=MAX_ID, description="任职人员编号（action=start）")
    kind: CommitteeKind | None = Field(None, description="班子（action=start）")
    post: Post | None = Field(None, description="职务（action=start）")
    term_number: int | None = Field(None, ge=1, le=99, description="届次（action=start）")
    cause: str = Field(..., max_length=32, description="法定原因代码，如 resigned、by_election")
    body: str = Field(..., max_length=48, description="决定机关代码，如 villagers_meeting")
    document_number: str = Field("", max_length=100)
    document_date: dt.date | None = None
    note: str = Field("", max_length=500)


class ChangeProposeIn(Schema):
    change_date: dt.date = Field(..., description="变动日期（1900 至 2100 年之间）")
    note: str = Field("", max_length=500)
    lines: list[ChangeLineIn] = Field(..., min_length=1, max_length=60)


def _change_detail(user: User, change: CommitteeChange) -> CommitteeChange:
    """The change set with what its page shows (selectors.change_screen) for the schema to read."""
    change.screen = selectors.change_screen(user, change)  # type: ignore[attr-defined]
    return change


def _change(user: User, change_pk: int) -> CommitteeChange:
    return get_scoped_or_404(selectors.change_list(user), user, pk=change_pk)


@router.get("/units/{code}/changes", response=list[ChangeOut], summary="单位（含下级）的班子成员变动")
@paginate(BoundedPageNumberPagination)
@api_requires(PeopleCap.VIEW)
def unit_changes(
    request: HttpRequest, code: UnitCode, filters: Query[ChangeFilter]
) -> QuerySet[CommitteeChange]:
    """Change sets of the unit's villages and communities (a village: its own), newest first;
    ``state=proposed``: those waiting for the town's confirmation."""
    user = request.auth  # type: ignore[attr-defined]
    unit = get_scoped_or_404(OrgUnit.objects.visible_to(user), user, code=code)
    return selectors.unit_changes(user, unit, state=filters.state or "", subtree=True)


def _line(user: User, i: int, line: ChangeLineIn) -> services.ChangeLine:
    """A line of the request as the service takes it; a tenure or person the caller cannot see is
    refused as not found (422, naming the line), never named."""
    tenure = person = None
    if line.action == "end":
        tenure = selectors.tenure_list(user).filter(pk=line.tenure_pk or 0).first()
        if tenure is None:
            raise HttpError(422, f"第{i}项：未找到该任职，或不在您的管辖范围内")
    else:
        person = selectors.person_list(user).filter(pk=line.person_pk or 0).first()
        if person is None:
            raise HttpError(422, f"第{i}项：未找到该人员，或不在您的管辖范围内")
    return services.ChangeLine(
        action=line.action,
        tenure=tenure,
        person=person,
        kind=line.kind or "",
        post=line.post or "",
        term_number=line.term_number,
        cause=line.cause,
        body=line.body,
        document_number=line.document_number,
        document_date=line.document_date,
        note=line.note,
    )


@router.post(
    "/units/{code}/changes",
    response={200: ChangeDetailOut},
    summary="提出（村、社区）或办理（乡镇及以上）班子成员变动",
)
@api_requires(PeopleCap.EDIT)
def change_propose(request: HttpRequest, code: UnitCode, data: ChangeProposeIn) -> CommitteeChange:
    """As the committee page: a village operator's change set waits for the town's confirmation
    (待乡镇确认); the town's (or the county's, the city's) is applied at once. Every line's cause,
    body and evidence is checked for the law of ``change_date`` (422 naming the line)."""
    user = request.auth  # type: ignore[attr-defined]
    unit = get_scoped_or_404(OrgUnit.objects.visible_to(user), user, code=code)
    if not can(user, PeopleCap.EDIT, unit.path):
        raise HttpError(404, "未找到，或不在您的管辖范围内")
    if not EARLIEST_DATE <= data.change_date <= LATEST_DATE:
        raise HttpError(422, f"变动日期应在 {EARLIEST_DATE:%Y} 年至 {LATEST_DATE:%Y} 年之间")
    lines = [_line(user, i, line) for i, line in enumerate(data.lines, 1)]
    apply = can(user, PeopleCap.TENURE_CHANGE, unit.path)
    try:
        change = (services.change_set_apply if apply else services.change_set_propose)(
            actor=user,
            org_unit=unit,
            change_date=data.change_date,
            lines=lines,
            note=data.note,
            profile_code=selectors.unit_seats(user, unit).profile_code,
        )
    except ValidationError as exc:
        messages = (
            [m for ms in exc.message_dict.values() for m in ms]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        raise HttpError(422, "；".join(messages)) from exc
    return _change_detail(user, _change(user, change.pk))


@router.get("/changes/{change_pk}", response=ChangeDetailOut, summary="班子成员变动详情")
@api_requires(PeopleCap.VIEW)
def change_detail(request: HttpRequest, change_pk: RecordId) -> CommitteeChange:
    """A change set with its lines (cause, deciding body, evidence), what the caller may do now
    and its history — as its page shows it."""
    user = request.auth  # type: ignore[attr-defined]
    return _change_detail(user, _change(user, change_pk))


def _decide(request: HttpRequest, change_pk: int, version: int, decide: Any) -> CommitteeChange:
    user = request.auth  # type: ignore[attr-defined]
    change = _change(user, change_pk)
    change.version = version  # as the caller read it: a change set decided since is refused (409)
    try:
        decide(user, change)
    except StaleRecord as exc:
        raise HttpError(409, exc.message) from exc
    except WorkflowError as exc:
        raise HttpError(409, exc.message) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "您的角色无权访问此接口") from exc
    except ValidationError as exc:
        raise HttpError(422, "不能确认：" + "；".join(exc.messages)) from exc
    return _change_detail(user, _change(user, change_pk))


@router.post(
    "/changes/{change_pk}/confirm",
    response={200: ChangeDetailOut, 409: RefusalOut},
    summary="确认班子成员变动（确认即生效）",
)
@api_requires(PeopleCap.TENURE_CHANGE)
def change_confirm(request: HttpRequest, change_pk: RecordId, data: ChangeDecisionIn) -> CommitteeChange:
    """The town (or above) confirms a village's proposal: its ends and starts are applied together.
    409 when the change set was decided or changed since ``version``; 422 when the committees have
    changed so that it no longer applies (the reason names the line)."""
    return _decide(
        request, change_pk, data.version, lambda user, c: services.change_set_confirm(actor=user, change=c)
    )


@router.post(
    "/changes/{change_pk}/return",
    response={200: ChangeDetailOut, 409: RefusalOut},
    summary="退回班子成员变动（须写明理由）",
)
@api_requires(PeopleCap.TENURE_CHANGE)
def change_return(request: HttpRequest, change_pk: RecordId, data: ChangeReturnIn) -> CommitteeChange:
    """The town (or above) returns a proposal with a reason; nothing changes on the committees."""
    return _decide(
        request,
        change_pk,
        data.version,
        lambda user, c: services.change_set_return(actor=user, change=c, reason=data.reason),
    )
