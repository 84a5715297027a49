"""Writes to the person registry, relations and tenures: validate, re-check scope, write, audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core import audit, crypto, workflow
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, ensure_in_scope, ensure_path_in_scope
from huanjie.core.versioning import StaleEdit, bump, check_version, loaded_version, sync
from huanjie.org.models import OrgUnit
from huanjie.people import adapters
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import (
    INVERSE,
    POSTS_BY_COMMITTEE,
    STORED_KINDS,
    CommitteeKind,
    Post,
    RelationKind,
)
from huanjie.people.models import (
    Committee,
    CommitteeChange,
    CommitteeChangeItem,
    Person,
    Relation,
    Tenure,
)
from huanjie.rules import committee_checks, registry, tenure_causes
from huanjie.rules.citations import for_display
from huanjie.rules.ids import InvalidCitizenId, mask_citizen_id, parse_citizen_id

PERSON_FIELDS = (
    "name",
    "ethnicity",
    "political_status",
    "party_join_date",
    "education",
    "education_in_service",
    "phone",
    "occupation",
    "is_veteran",
    "is_returning_graduate",
)
# What the person page and forms show of a person (a stale edit lists the differences over these).
PERSON_SHOWN_FIELDS = ("name", "domicile_unit", *PERSON_FIELDS[1:])
TENURE_SHOWN_FIELDS = ("post", "term_number", "start_date", "end_date", "end_reason")


def normalize_citizen_id(
    raw: str, *, sex: str | None = None, birth_date: dt.date | None = None, today: dt.date | None = None
) -> Any:
    """Parse an ID (GB 11643-1999); a typed sex or birth date that disagrees with it is an error.

    ``today`` (default: the local date) may be passed by bulk callers such as the roster import."""
    try:
        cid = parse_citizen_id(raw, today=today or timezone.localdate())
    except InvalidCitizenId as exc:
        raise ValidationError({"citizen_id": f"身份证号无效：{exc.reason}"}) from exc
    if sex and sex != cid.sex:
        raise ValidationError(
            {"sex": f"性别与身份证号不符（身份证号显示为{'男' if cid.sex == 'M' else '女'}）"}
        )
    if birth_date and birth_date != cid.birth_date:
        raise ValidationError(
            {"birth_date": f"出生日期与身份证号不符（身份证号显示为 {cid.birth_date.isoformat()}）"}
        )
    return cid


def citizen_index(number: str) -> str:
    return crypto.blind_index(number)


def _validate_person_fields(fields: dict[str, Any]) -> None:
    if "name" in fields and not str(fields["name"] or "").strip():
        raise ValidationError({"name": "姓名不能为空"})
    error = registry.party_join_date_error(
        fields.get("political_status"), bool(fields.get("party_join_date"))
    )
    if error:
        raise ValidationError({"party_join_date": error})


def _person_register(
    *,
    actor: User,
    citizen_id: str,
    domicile_unit: OrgUnit,
    sex: str | None = None,
    birth_date: dt.date | None = None,
    **fields: Any,
) -> Person:
    """Register a person; refuses a second record for the same citizen ID anywhere in the deployment."""
    ensure_path_in_scope(actor, domicile_unit.path, PeopleCap.EDIT)
    cid = normalize_citizen_id(citizen_id, sex=sex, birth_date=birth_date)
    index = citizen_index(cid.number)
    if Person.objects.filter(id_index=index).exists():
        raise ValidationError({"citizen_id": "该身份证号已登记（同一人只能有一条记录）"})
    return _person_create(actor=actor, cid=cid, index=index, domicile_unit=domicile_unit, **fields)


def _person_create(*, actor: User, cid: Any, index: str, domicile_unit: OrgUnit, **fields: Any) -> Person:
    """Write a person of a parsed ID (``cid``) whose blind index is free (the callers checked)."""
    _validate_person_fields(fields)
    person = Person(
        id_cipher=crypto.encrypt(cid.number),
        id_index=index,
        id_masked=mask_citizen_id(cid.number),
        sex=cid.sex,
        birth_date=cid.birth_date,
        domicile_unit=domicile_unit,
        **{k: v for k, v in fields.items() if k in PERSON_FIELDS and v is not None},
    )
    person.full_clean(exclude=["id_cipher"])
    person.save()
    audit.record(AuditAction.CREATE, actor=actor, instance=person, after=audit.snapshot(person))
    return person


# The entry point; services that compose it (people.registration) call the helpers in their own.
person_register = transaction.atomic(durable=True)(_person_register)


@transaction.atomic(durable=True)
def person_update(
    *,
    actor: User,
    person: Person,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
    domicile_unit: OrgUnit | None = None,
    **fields: Any,
) -> Person:
    """Edit a person's registry fields. ``version`` is the version the form was loaded with
    (default: ``person.version``): a person saved since is refused (StaleEdit, with the differences)."""
    loaded, person = person, Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_scope(actor, person, "edit")
    check_version(person, loaded_version(loaded, version), seen=seen, fields=PERSON_SHOWN_FIELDS)
    before = audit.snapshot(person)
    if domicile_unit is not None:
        ensure_path_in_scope(actor, domicile_unit.path, PeopleCap.EDIT)
        person.domicile_unit = domicile_unit
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "此字段不能在此修改"})
    merged = {k: getattr(person, k) for k in PERSON_FIELDS} | fields
    _validate_person_fields(merged)
    for k, v in fields.items():
        setattr(person, k, v)
    person.full_clean(exclude=["id_cipher"])
    if audit.snapshot(person) == before:
        return person  # nothing changed: no new version, no audit event
    bump(person)
    person.save()
    audit.record_if_changed(AuditAction.UPDATE, actor=actor, instance=person, before=before)
    sync(loaded, person)
    return person


@transaction.atomic(durable=True)
def person_unmask(*, actor: User, person: Person, reason: str = "查看完整身份证号") -> str:
    """Return the full citizen ID to a role allowed to see it; every unmasking is audited."""
    if not actor.has_capability(PeopleCap.UNMASK):
        raise PermissionDenied("您的角色不能查看完整身份证号")
    if not Person.objects.restrict(actor, "unmask").filter(pk=person.pk).exists():
        raise PermissionDenied("对象不在您的管辖范围内")
    number = crypto.decrypt(person.id_cipher)
    audit.record(AuditAction.UNMASK, actor=actor, instance=person, reason=reason)
    return number


def _canonical_relation(a: Person, b: Person, kind: str) -> tuple[Person, Person, str]:
    k = RelationKind(kind)
    if k not in STORED_KINDS:
        a, b, k = b, a, INVERSE[k]
    if k in (RelationKind.SPOUSE, RelationKind.SIBLING) and a.pk > b.pk:
        a, b = b, a
    return a, b, k


def _relation_add(
    *,
    actor: User,
    person: Person,
    relative: Person,
    kind: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Relation:
    """Record that ``relative`` is ``kind`` of ``person`` (e.g. 配偶, 父母); stored once.

    ``version`` is the person's version the form was loaded with (default: ``person.version``): a
    person changed since is refused (StaleEdit)."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": "不能与本人建立亲属关系"})
    if kind not in RelationKind.values:
        raise ValidationError({"kind": f"未知的亲属关系“{kind}”"})
    loaded, person = person, Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_scope(actor, person, "edit")
    check_version(person, loaded_version(loaded, version), seen=seen, fields=PERSON_SHOWN_FIELDS)
    if not Person.objects.visible_to(actor).filter(pk=relative.pk).exists():
        raise PermissionDenied("亲属不在您的管辖范围内")
    a, b, k = _canonical_relation(relative, person, kind)
    if Relation.objects.filter(person_a__in=[a, b], person_b__in=[a, b]).exists():
        raise ValidationError({"relative": "两人之间已登记亲属关系"})
    rel = Relation.objects.create(person_a=a, person_b=b, kind=k)
    audit.record(AuditAction.CREATE, actor=actor, instance=rel, after=audit.snapshot(rel))
    return rel


relation_add = transaction.atomic(durable=True)(_relation_add)


def _committee_ensure(*, actor: User, org_unit: OrgUnit, kind: str, party_org_form: str = "") -> Committee:
    """The committee of a kind for a village/community, created on first use."""
    ensure_path_in_scope(actor, org_unit.path, PeopleCap.EDIT)
    if not org_unit.is_leaf:
        raise ValidationError({"org_unit": "班子只能建在村或社区"})
    error = registry.committee_kind_error(kind, org_unit.level)
    if error:
        raise ValidationError({"kind": error})
    committee, created = Committee.objects.get_or_create(
        org_unit=org_unit, kind=kind, defaults={"party_org_form": party_org_form}
    )
    if created:
        audit.record(AuditAction.CREATE, actor=actor, instance=committee, after=audit.snapshot(committee))
    elif party_org_form and committee.party_org_form != party_org_form:
        before = audit.snapshot(committee)
        committee.party_org_form = party_org_form
        committee.save(update_fields=["party_org_form", bump(committee)])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=committee,
            before=before,
            after=audit.snapshot(committee),
        )
    return committee


# The entry point; services that compose it (tenure_add) call the helper inside their own transaction.
committee_ensure = transaction.atomic(durable=True)(_committee_ensure)


def check_tenure(committee: Committee, post: str, person: Person, *, exclude_pk: int | None = None) -> None:
    """Post must fit the committee, a single-holder post (书记, 主任) has one sitting holder (the refusal
    names the incumbent and how to change), a person holds at most one sitting post per committee,
    and no 村（居）民委员会 member or near relative of one sits on the supervision committee
    (rules.committee_checks.supervision_conflicts: a block)."""
    if post not in POSTS_BY_COMMITTEE[CommitteeKind(committee.kind)]:
        raise ValidationError({"post": f"{committee.get_kind_display()}没有此职务"})
    sitting = Tenure.objects.filter(committee=committee, end_date__isnull=True)
    if exclude_pk:
        sitting = sitting.exclude(pk=exclude_pk)
    if registry.has_single_holder(post):
        incumbent = sitting.filter(post=post).select_related("person").first()
        if incumbent is not None:
            message = committee_checks.single_holder_message(
                str(committee), str(Post(post).label), incumbent.person.name
            )
            raise ValidationError({"post": message})
    if sitting.filter(person=person).exists():
        raise ValidationError({"person": f"{person.name}已在{committee}任职"})
    _check_supervision(committee, person)


def _check_supervision(committee: Committee, person: Person) -> None:
    """Refuse a seat that puts a 村（居）民委员会 member, or a near relative of one, on the unit's
    supervision committee (either way round), citing the article in force today."""
    supervising = committee.kind == CommitteeKind.SUPERVISION
    if not supervising and committee.kind not in adapters.SELF_GOVERNMENT:
        return
    law, _ = adapters.law_and_profile(committee.org_unit.level, timezone.localdate())
    if law is None:
        return
    other_kinds = list(adapters.SELF_GOVERNMENT) if supervising else [CommitteeKind.SUPERVISION]
    others = {
        str(t.person_id): t.person.name
        for t in Tenure.objects.filter(
            committee__org_unit_id=committee.org_unit_id,
            committee__kind__in=other_kinds,
            end_date__isnull=True,
        ).select_related("person")
    }
    if not others:
        return
    me = {str(person.pk): person.name}
    relations = Relation.objects.filter(
        Q(person_a=person, person_b_id__in=[int(k) for k in others])
        | Q(person_b=person, person_a_id__in=[int(k) for k in others])
    )
    rel = adapters.relation_labels(relations)
    title = "居民委员会" if committee.org_unit.level == "community" else "村民委员会"
    supervision, members = (me, others) if supervising else (others, me)
    blocks = committee_checks.supervision_conflicts(supervision, members, rel, law=law, committee_title=title)
    if blocks:
        raise ValidationError({"person": for_display(f"{blocks[0].message}（依据：{blocks[0].rule}）")})


# Issue 9 req. 11: the town (or the county, the city) changes a committee's membership directly; a
# village operator proposes every change — a member joining or leaving — in a change set of his own
# village (change_set_propose) for the town to confirm (change_set_confirm).
TENURE_START_REFUSED = (
    "登记任职须由乡镇（街道）或以上操作员办理；村（社区）操作员请在村（社区）的“班子成员变动”中提出，"
    "报乡镇（街道）确认"
)
TENURE_END_REFUSED = (
    "登记离任须由乡镇（街道）或以上操作员办理；村（社区）操作员请在村（社区）的“班子成员变动”中提出，"
    "报乡镇（街道）确认"
)


def ensure_may_change(actor: User, unit_path: str, refused: str) -> None:
    """Only an operator of the town (or higher) over the unit seats or ends a member directly
    (PeopleCap.TENURE_CHANGE): a village operator would otherwise seat or end anyone on his own
    village's committees, its party secretary included."""
    if not can(actor, PeopleCap.TENURE_CHANGE, unit_path):
        raise PermissionDenied(refused)


def ensure_may_end(actor: User, tenure: Tenure) -> None:
    """Ending a tenure directly is the town's decision (ensure_may_change)."""
    ensure_may_change(actor, tenure.committee.org_unit.path, TENURE_END_REFUSED)


@transaction.atomic(durable=True)
def tenure_add(
    *,
    actor: User,
    person: Person,
    org_unit: OrgUnit,
    kind: str,
    post: str,
    term_number: int,
    start_date: dt.date,
    party_org_form: str = "",
    source: str = "",
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Tenure:
    """Seat ``person`` on the committee of ``kind`` of a village or community, creating the committee
    on first use (committee_ensure) — both in one transaction, so a refused post leaves no empty
    committee behind. ``version`` is the person's version the form was loaded with (default:
    ``person.version``): a person changed since is refused (StaleEdit)."""
    # The person is read-locked for the check only (the tenure is a new row; a sitting member may
    # live outside the actor's jurisdiction, so the person's scope is the page's business).
    ensure_path_in_scope(actor, org_unit.path, PeopleCap.EDIT)
    ensure_may_change(actor, org_unit.path, TENURE_START_REFUSED)
    loaded, person = person, Person.objects.select_for_update().get(pk=person.pk)
    check_version(person, loaded_version(loaded, version), seen=seen, fields=PERSON_SHOWN_FIELDS)
    committee = _committee_ensure(actor=actor, org_unit=org_unit, kind=kind, party_org_form=party_org_form)
    return _tenure_start(
        actor=actor,
        person=person,
        committee=committee,
        post=post,
        term_number=term_number,
        start_date=start_date,
        source=source,
    )


def _tenure_start(
    *,
    actor: User,
    person: Person,
    committee: Committee,
    post: str,
    term_number: int,
    start_date: dt.date,
    source: str = "",
) -> Tenure:
    """Seat ``person`` on ``committee`` directly (the post fits the committee and is free:
    check_tenure); the town's (or higher) decision, never a village operator's (ensure_may_change)."""
    ensure_in_scope(actor, committee, "edit")
    ensure_may_change(actor, committee.org_unit.path, TENURE_START_REFUSED)
    check_tenure(committee, post, person)
    tenure = Tenure(
        person=person,
        committee=committee,
        post=post,
        term_number=term_number,
        start_date=start_date,
        source=source,
    )
    tenure.full_clean()
    tenure.save()
    audit.record(AuditAction.CREATE, actor=actor, instance=tenure, after=audit.snapshot(tenure))
    return tenure


tenure_start = transaction.atomic(durable=True)(_tenure_start)


@transaction.atomic(durable=True)
def tenure_end(
    *,
    actor: User,
    tenure: Tenure,
    end_date: dt.date,
    end_reason: str,
    version: int | None = None,
    seen: dict[str, Any] | None = None,
) -> Tenure:
    """End a sitting tenure. ``version`` is the version the form was loaded with (default:
    ``tenure.version``): a tenure changed since is refused (StaleEdit, with the differences)."""
    loaded, tenure = tenure, Tenure.objects.select_for_update().get(pk=tenure.pk)
    ensure_in_scope(actor, tenure, "edit")
    ensure_may_end(actor, tenure)
    check_version(tenure, loaded_version(loaded, version), seen=seen, fields=TENURE_SHOWN_FIELDS)
    if tenure.end_date is not None:
        raise ValidationError("该任职已结束")
    if end_date < tenure.start_date:
        raise ValidationError({"end_date": "离任日期不能早于任职日期"})
    before = audit.snapshot(tenure)
    tenure.end_date, tenure.end_reason = end_date, end_reason
    tenure.full_clean()
    tenure.save(update_fields=["end_date", "end_reason", bump(tenure)])
    audit.record(
        AuditAction.UPDATE, actor=actor, instance=tenure, before=before, after=audit.snapshot(tenure)
    )
    sync(loaded, tenure)
    return tenure


# -- change sets: several members leave and join together (issue 9 reqs. 2 and 11) ----------------


@dataclass(frozen=True)
class ChangeLine:
    """One line of a change set as asked: ``tenure`` ends (``action="end"``), or ``person`` takes
    ``post`` on the committee of ``kind`` for term ``term_number`` (``action="start"``); each with
    its legal cause, deciding body and evidence (huanjie.rules.tenure_causes)."""

    action: str
    cause: str
    body: str
    document_number: str = ""
    document_date: dt.date | None = None
    note: str = ""
    tenure: Tenure | None = None
    person: Person | None = None
    kind: str = ""
    post: str = ""
    term_number: int | None = None


CHANGE_REFUSED = "班子成员变动须由乡镇（街道）或以上操作员确认；村（社区）操作员请提交乡镇（街道）确认"


class _DryRun(Exception):
    """Rolls back a trial application of a proposal (the resulting committee is checked, not kept)."""


def _line_who(line: ChangeLine) -> str:
    if line.action == "end" and line.tenure is not None:
        t = line.tenure
        return f"{t.person.name}，{t.committee.get_kind_display()}{t.get_post_display()}"
    if line.person is not None and line.kind in CommitteeKind.values and line.post in Post.values:
        return f"{line.person.name}，{CommitteeKind(line.kind).label}{Post(line.post).label}"
    return line.person.name if line.person is not None else "未选择人员"


def _validate_lines(
    org_unit: OrgUnit, change_date: dt.date, lines: list[ChangeLine], profile_code: str
) -> None:
    """Each line is complete, belongs to the unit and has a lawful cause, body and evidence on
    ``change_date`` (the law version of that day; the province's profile)."""
    if not org_unit.is_leaf or org_unit.level not in ("village", "community"):
        raise ValidationError({"org_unit": "班子成员变动只能在村或社区办理"})
    if not lines:
        raise ValidationError("请至少填写一项变动（离任或任职）")
    _, profile = adapters.law_and_profile(org_unit.level, change_date, profile_code)
    ending: set[int] = set()
    for i, line in enumerate(lines, 1):
        where = f"第{i}项（{_line_who(line)}）"
        if line.action == "end":
            t = line.tenure
            if t is None:
                raise ValidationError(f"第{i}项：请选择离任的任职")
            if t.committee.org_unit_id != org_unit.pk:
                raise ValidationError(f"{where}：不是{org_unit.name}的任职")
            if t.pk in ending:
                raise ValidationError(f"{where}：同一任职不能重复离任")
            if t.end_date is not None:
                raise ValidationError(f"{where}：该任职已于 {t.end_date.isoformat()} 结束")
            ending.add(t.pk)
            kind = t.committee.kind
        elif line.action == "start":
            if line.person is None:
                raise ValidationError(f"第{i}项：请选择任职人员")
            if line.kind not in CommitteeKind.values:
                raise ValidationError(f"{where}：请选择班子")
            error = registry.committee_kind_error(line.kind, org_unit.level)
            if error:
                raise ValidationError(f"{where}：{error}")
            if line.post not in POSTS_BY_COMMITTEE[CommitteeKind(line.kind)]:
                raise ValidationError(f"{where}：{CommitteeKind(line.kind).label}没有此职务")
            if not line.term_number:
                raise ValidationError(f"{where}：请填写届次")
            kind = line.kind
        else:
            raise ValidationError(f"第{i}项：变动只能是离任或任职")
        refusal = tenure_causes.check(
            kind,
            "end" if line.action == "end" else "start",
            line.cause,
            line.body,
            line.document_number,
            level="village" if org_unit.level == "village" else "community",
            day=change_date,
            profile=profile,
        )
        if refusal is not None:
            rule = for_display(f"（依据：{refusal.rule}）") if refusal.rule else ""
            raise ValidationError(f"{where}：{refusal.message}{rule}")


def _store_lines(change: CommitteeChange, lines: list[ChangeLine]) -> None:
    for line in lines:
        if line.action == "end":
            assert line.tenure is not None  # validated
            kind, post, person = line.tenure.committee.kind, line.tenure.post, line.tenure.person
        else:
            assert line.person is not None  # validated
            kind, post, person = line.kind, line.post, line.person
        CommitteeChangeItem.objects.create(
            change=change,
            action=line.action,
            committee_kind=kind,
            post=post,
            person=person,
            tenure=line.tenure if line.action == "end" else None,
            tenure_version=line.tenure.version if line.tenure is not None and line.action == "end" else None,
            term_number=line.term_number if line.action == "start" else None,
            cause=line.cause,
            body=line.body,
            document_number=line.document_number.strip(),
            document_date=line.document_date,
            note=line.note.strip(),
        )


def change_item_text(item: CommitteeChangeItem) -> str:
    """One line of a change set in words, for the audit trail and the pages."""
    evidence = [f"决定机关：{tenure_causes.BODIES.get(item.body, item.body)}"]
    if item.document_number:
        evidence.append(f"文号：{item.document_number}")
    if item.document_date:
        evidence.append(f"文件日期：{item.document_date.isoformat()}")
    if item.note:
        evidence.append(f"备注：{item.note}")
    what = f"{CommitteeKind(item.committee_kind).label}{Post(item.post).label}"
    term = f"（第{item.term_number}届）" if item.term_number else ""
    cause = tenure_causes.cause_label(item.cause)
    return f"{item.get_action_display()}：{item.person.name} {what}{term}，{cause}；{'；'.join(evidence)}"


def _apply(actor: User, change: CommitteeChange) -> None:
    """End and start the change set's tenures on its date: ends first, so a post they free can be
    taken in the same set; each start passes check_tenure against the committee as it then stands
    (one 书记/主任 naming the incumbent, supervision bars). One audit entry for the whole set."""
    items = list(
        change.items.select_related("person", "tenure__committee", "tenure__person").order_by("action", "id")
    )
    unit = change.org_unit
    for i, item in enumerate(items, 1):
        post = f"{CommitteeKind(item.committee_kind).label}{Post(item.post).label}"
        where = f"第{i}项（{item.person.name}，{post}）"
        if item.action == "end":
            t = Tenure.objects.select_for_update().get(pk=item.tenure_id)
            try:
                check_version(t, item.tenure_version, fields=TENURE_SHOWN_FIELDS)
            except StaleEdit as exc:
                if t.end_date is None:
                    raise ValidationError(
                        f"{where}：该任职在填写后已被修改（现在是第 {t.version} 版），请刷新后重新填写"
                    ) from exc
            if t.end_date is not None:
                raise ValidationError(f"{where}：该任职已于 {t.end_date.isoformat()} 结束，请刷新后重新填写")
            if change.change_date < t.start_date:
                raise ValidationError(f"{where}：变动日期不能早于任职日期 {t.start_date.isoformat()}")
            t.end_date, t.end_reason = change.change_date, item.cause
            t.full_clean()
            t.save(update_fields=["end_date", "end_reason", bump(t)])
            continue
        committee = _committee_ensure(actor=actor, org_unit=unit, kind=item.committee_kind)
        try:
            check_tenure(committee, item.post, item.person)
        except ValidationError as exc:
            messages = (
                [m for ms in exc.message_dict.values() for m in ms]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            hint = "（可在本次变动中同时为在任者登记离任）" if registry.has_single_holder(item.post) else ""
            raise ValidationError(f"{where}：{'；'.join(messages)}{hint}") from exc
        tenure = Tenure(
            person=item.person,
            committee=committee,
            post=item.post,
            term_number=item.term_number or 0,
            start_date=change.change_date,
        )
        tenure.full_clean()
        tenure.save()
        item.tenure = tenure
        item.save(update_fields=["tenure"])
    audit.record(
        AuditAction.COMMITTEE_CHANGE,
        actor=actor,
        instance=change,
        after={"变动日期": change.change_date.isoformat(), "变动": [change_item_text(it) for it in items]},
        reason=change.note,
    )


def _create_change(
    *,
    actor: User,
    org_unit: OrgUnit,
    change_date: dt.date,
    lines: list[ChangeLine],
    note: str,
    profile_code: str,
) -> CommitteeChange:
    ensure_path_in_scope(actor, org_unit.path, PeopleCap.EDIT)
    _validate_lines(org_unit, change_date, lines, profile_code)
    change = CommitteeChange(org_unit=org_unit, change_date=change_date, note=note.strip(), proposed_by=actor)
    change.save()
    _store_lines(change, lines)
    return change


@transaction.atomic(durable=True)
def change_set_apply(
    *,
    actor: User,
    org_unit: OrgUnit,
    change_date: dt.date,
    lines: list[ChangeLine],
    note: str = "",
    profile_code: str = "",
) -> CommitteeChange:
    """The town (or the county, the city) changes a village's committees at once: every line's cause
    is checked (rules.tenure_causes on ``change_date``), then the ends and starts are applied together
    — all or nothing. ``profile_code``: the province (planning's, via people.selectors.unit_seats)."""
    if not can(actor, PeopleCap.TENURE_CHANGE, org_unit.path):
        raise PermissionDenied(CHANGE_REFUSED)
    change = _create_change(
        actor=actor,
        org_unit=org_unit,
        change_date=change_date,
        lines=lines,
        note=note,
        profile_code=profile_code,
    )
    workflow.apply_transition(actor=actor, record=change, name="confirm")
    _apply(actor, change)
    return change


@transaction.atomic(durable=True)
def change_set_propose(
    *,
    actor: User,
    org_unit: OrgUnit,
    change_date: dt.date,
    lines: list[ChangeLine],
    note: str = "",
    profile_code: str = "",
) -> CommitteeChange:
    """A village operator proposes a change set of its own village for the town to confirm
    (待乡镇确认). Checked as the confirmation will check it — causes, and the committee as it would
    stand (a trial application, rolled back) — so the town sees a proposal that can be applied."""
    change = _create_change(
        actor=actor,
        org_unit=org_unit,
        change_date=change_date,
        lines=lines,
        note=note,
        profile_code=profile_code,
    )
    try:
        with transaction.atomic():
            _apply(actor, change)
            raise _DryRun
    except _DryRun:
        pass
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=change,
        after={
            "变动日期": change_date.isoformat(),
            "变动": [change_item_text(it) for it in change.items.all()],
        },
        reason=change.note,
    )
    return change


@transaction.atomic(durable=True)
def change_set_confirm(*, actor: User, change: CommitteeChange) -> CommitteeChange:
    """The town (or above) confirms a proposal: the transition (which refuses a proposal changed
    since it was loaded: two confirmations, one wins) and the application, in one transaction."""
    workflow.apply_transition(actor=actor, record=change, name="confirm")
    current = CommitteeChange.objects.select_related("org_unit").get(pk=change.pk)
    _apply(actor, current)
    return current


def change_set_return(*, actor: User, change: CommitteeChange, reason: str) -> CommitteeChange:
    """The town (or above) returns a proposal with a reason; nothing changes on the committees."""
    workflow.transition(actor=actor, record=change, name="return", reason=reason)
    return change
