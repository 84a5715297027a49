"""Writes to the person registry, relations and tenures: validate, re-check scope, write, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core import audit, crypto
from huanjie.core.audit import AuditAction
from huanjie.core.scoping import can, ensure_in_scope, ensure_path_in_scope
from huanjie.core.versioning import bump, check_version, loaded_version, sync
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
from huanjie.people.models import Committee, Person, Relation, Tenure
from huanjie.rules import committee_checks, registry
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
        raise ValidationError({"person": f"{blocks[0].message}（依据：{blocks[0].rule}）"})


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
    """Seat ``person`` on ``committee`` (the post fits the committee and is free: check_tenure)."""
    ensure_in_scope(actor, committee, "edit")
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


TENURE_END_REFUSED = "登记离任须由乡镇（街道）或以上操作员办理；村（社区）操作员请报乡镇（街道）登记"


def ensure_may_end(actor: User, tenure: Tenure) -> None:
    """Only an operator of the town (or higher) over the tenure's unit ends it: a village operator
    would otherwise end the tenure of the village's own party secretary. (Proposing an ending from
    the village for the town to decide is not built yet: the village reports it outside the system.)"""
    if not can(actor, PeopleCap.TENURE_END, tenure.committee.org_unit.path):
        raise PermissionDenied(TENURE_END_REFUSED)


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
