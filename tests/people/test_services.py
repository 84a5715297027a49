import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huanjie.core import crypto
from huanjie.core.models import AuditEvent
from huanjie.people import adapters, selectors, services
from huanjie.people.models import Person, Relation
from huanjie.rules.ids import make_citizen_id
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

ID_M = make_citizen_id("329901", dt.date(1972, 5, 17), 123)  # odd sequence: male
ID_F = make_citizen_id("329901", dt.date(1980, 1, 2), 124)


def register(cast, number=ID_M, **kw):
    kw.setdefault("name", "张建国")
    return services.person_register(
        actor=cast["town_operator"], citizen_id=number, domicile_unit=cast.village, **kw
    )


def test_register_derives_birth_and_sex_and_encrypts(cast):
    p = register(cast)
    assert (p.birth_date, p.sex) == (dt.date(1972, 5, 17), "M")
    assert p.id_masked == ID_M[:6] + "*" * 12
    assert ID_M not in p.id_cipher and crypto.decrypt(p.id_cipher) == ID_M
    assert p.id_index == crypto.blind_index(ID_M)
    ev = AuditEvent.objects.get(model="people.Person")
    assert "id_cipher" not in ev.after and "id_index" not in ev.after and ev.after["id_masked"] == p.id_masked


def test_legacy_15_digit_number_is_upgraded_and_deduplicated(cast):
    legacy = ID_M[:6] + ID_M[8:17]
    p = register(cast, number=legacy)
    assert crypto.decrypt(p.id_cipher) == ID_M
    with pytest.raises(ValidationError, match="已登记"):
        register(cast, number=ID_M.lower())


def test_bad_check_digit_rejected(cast):
    bad = ID_M[:17] + ("0" if ID_M[17] != "0" else "1")
    with pytest.raises(ValidationError, match="身份证号无效"):
        register(cast, number=bad)
    assert not Person.objects.exists()


def test_typed_sex_or_birth_date_disagreeing_with_id_is_error(cast):
    with pytest.raises(ValidationError, match="性别与身份证号不符"):
        register(cast, sex="F")
    with pytest.raises(ValidationError, match="出生日期与身份证号不符"):
        register(cast, birth_date=dt.date(1972, 5, 18))
    p = register(cast, sex="M", birth_date=dt.date(1972, 5, 17))
    assert p.pk


def test_one_person_one_record_across_jurisdictions(cast):
    register(cast)
    with pytest.raises(ValidationError, match="已登记"):
        services.person_register(
            actor=cast["other_town_operator"], citizen_id=ID_M, domicile_unit=cast.village_b, name="张建国"
        )


def test_register_outside_jurisdiction_refused(cast):
    with pytest.raises(PermissionDenied):
        services.person_register(
            actor=cast["town_operator"], citizen_id=ID_M, domicile_unit=cast.village_b, name="张建国"
        )


def test_party_join_date_only_for_party_members(cast):
    with pytest.raises(ValidationError, match="非党员"):
        register(cast, political_status="masses", party_join_date=dt.date(2000, 7, 1))


def test_unmask_is_audited_and_limited_to_allowed_roles(cast):
    p = register(cast)
    assert services.person_unmask(actor=cast["county_approver"], person=p) == ID_M
    ev = AuditEvent.objects.get(action="unmask")
    assert ev.actor == cast["county_approver"] and ev.object_id == str(p.pk)
    for role in ("village_operator", "leader", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.person_unmask(actor=cast[role], person=p)
    with pytest.raises(PermissionDenied):
        services.person_unmask(actor=cast["other_town_operator"], person=p)
    assert AuditEvent.objects.filter(action="unmask").count() == 1


def test_relation_stored_once_and_read_both_ways(cast):
    father = PersonFactory(domicile_unit=cast.village, name="父亲", birth_date=dt.date(1950, 1, 1))
    son = PersonFactory(domicile_unit=cast.village, name="儿子")
    services.relation_add(actor=cast["town_operator"], person=father, relative=son, kind="child")
    rel = Relation.objects.get()
    assert (rel.person_a, rel.person_b, rel.kind) == (father, son, "parent")
    user = cast["town_operator"]
    assert [(r.relative.name, r.kind_label) for r in selectors.relatives_of(user, father)] == [
        ("儿子", "子女")
    ]
    assert [(r.relative.name, r.kind_label) for r in selectors.relatives_of(user, son)] == [("父亲", "父母")]
    with pytest.raises(ValidationError, match="已登记亲属关系"):
        services.relation_add(actor=user, person=son, relative=father, kind="parent")


def test_relatives_outside_scope_are_not_shown(cast):
    a = PersonFactory(domicile_unit=cast.village)
    b = PersonFactory(domicile_unit=cast.village_b)
    services.relation_add(actor=cast["county_operator"], person=a, relative=b, kind="spouse")
    assert selectors.relatives_of(cast["town_operator"], a) == []
    assert len(selectors.relatives_of(cast["county_operator"], a)) == 1


def test_tenure_rules_single_secretary_and_post_fits_committee(cast):
    user = cast["town_operator"]
    party = services.committee_ensure(
        actor=user, org_unit=cast.village, kind="party_org", party_org_form="branch"
    )
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    services.tenure_start(
        actor=user,
        person=a,
        committee=party,
        post="secretary",
        term_number=11,
        start_date=dt.date(2021, 3, 1),
    )
    with pytest.raises(ValidationError, match="已有在任"):
        services.tenure_start(
            actor=user,
            person=b,
            committee=party,
            post="secretary",
            term_number=11,
            start_date=dt.date(2021, 3, 1),
        )
    with pytest.raises(ValidationError, match="没有此职务"):
        services.tenure_start(
            actor=user,
            person=b,
            committee=party,
            post="chair",
            term_number=11,
            start_date=dt.date(2021, 3, 1),
        )
    with pytest.raises(ValidationError, match="村应设村民委员会"):
        services.committee_ensure(actor=user, org_unit=cast.village, kind="residents_committee")


def test_ending_tenure_frees_the_post(cast):
    user = cast["town_operator"]
    a, b = PersonFactory(domicile_unit=cast.village), PersonFactory(domicile_unit=cast.village)
    t = seat(a, cast.village, "villagers_committee", "chair")
    with pytest.raises(ValidationError, match="不能早于"):
        services.tenure_end(actor=user, tenure=t, end_date=dt.date(2020, 1, 1), end_reason="resigned")
    services.tenure_end(actor=user, tenure=t, end_date=dt.date(2024, 1, 1), end_reason="resigned")
    services.tenure_start(
        actor=user,
        person=b,
        committee=t.committee,
        post="chair",
        term_number=11,
        start_date=dt.date(2024, 2, 1),
    )
    ev = AuditEvent.objects.filter(model="people.Tenure", action="update").get()
    assert ev.before["end_date"] is None and ev.after["end_date"] == "2024-01-01"


def test_dual_role_and_cross_holding_are_derived(cast):
    sec = PersonFactory(domicile_unit=cast.village)
    cross = PersonFactory(domicile_unit=cast.village)
    only = PersonFactory(domicile_unit=cast.village)
    tenures = [
        seat(sec, cast.village, "party_org", "secretary"),
        seat(sec, cast.village, "villagers_committee", "chair"),
        seat(cross, cast.village, "party_org", "party_member"),
        seat(cross, cast.village, "villagers_committee", "member"),
        seat(only, cast.village, "villagers_committee", "member"),
    ]
    flags = adapters.derived_roles(tenures)
    assert flags[sec.pk] == {"dual_role", "cross_holding"}
    assert flags[cross.pk] == {"cross_holding"}
    assert flags[only.pk] == set()


def test_search_by_name_masked_and_full_id(cast):
    p = register(cast)
    other = PersonFactory(domicile_unit=cast.village, name="李四")
    op, village_op = cast["town_operator"], cast["village_operator"]
    assert list(selectors.person_list(op, q="建国")) == [p]
    # The masked ID is the address code only: it finds everyone from that region.
    assert set(selectors.person_list(op, q=p.id_masked)) == {p, other}
    before = AuditEvent.objects.filter(action="unmask").count()
    assert list(selectors.person_list(op, q=ID_M)) == [p]
    # A search by full ID confirms the number: audited like an unmasking.
    ev = AuditEvent.objects.filter(action="unmask").latest("seq")
    assert AuditEvent.objects.filter(action="unmask").count() == before + 1
    assert (ev.actor, ev.reason, ev.object_id, ev.after) == (
        op,
        "按完整身份证号查询",
        str(p.pk),
        {"matched": 1},
    )
    # A role that may not see full IDs cannot probe with one, and nothing is recorded for it.
    assert list(selectors.person_list(village_op, q=ID_M)) == []
    assert AuditEvent.objects.filter(action="unmask").count() == before + 1
    assert list(selectors.person_list(cast["other_town_operator"], q="建国")) == []


def test_sitting_counts_by_prefix_counts_people_once(cast):
    sec = PersonFactory(domicile_unit=cast.village)
    seat(sec, cast.village, "party_org", "secretary")
    seat(sec, cast.village, "villagers_committee", "chair")
    seat(PersonFactory(domicile_unit=cast.village_b), cast.village_b, "party_org", "secretary")
    counts = selectors.sitting_counts_by_prefix(cast["county_operator"], "329901", 9)
    assert counts == {"329901001": 1, "329901002": 1}
    assert selectors.sitting_counts_by_prefix(cast["town_operator"], "329901", 9) == {"329901001": 1}


def test_no_search_by_the_last_four_characters(cast):
    """The last four are not shown, so a search by them would confirm them (hardening issue 7)."""
    number = next(
        n for seq in range(1000) if (n := make_citizen_id("329901", dt.date(1980, 1, 1), seq)).endswith("X")
    )
    PersonFactory(domicile_unit=cast.village, name="王五", number=number)
    for role in ("town_operator", "village_operator"):
        assert list(selectors.person_list(cast[role], q=number[-4:].lower())) == []
        assert list(selectors.person_list(cast[role], q=number[-4:])) == []


def test_tenure_add_creates_the_committee_and_the_tenure_in_one_transaction(cast):
    from huanjie.people.models import Committee

    op = cast["town_operator"]
    first = PersonFactory(domicile_unit=cast.village)
    second = PersonFactory(domicile_unit=cast.village)
    args = {"org_unit": cast.village, "kind": "villagers_committee", "term_number": 11}
    t = services.tenure_add(actor=op, person=first, post="chair", start_date=dt.date(2021, 3, 1), **args)
    assert (t.committee.kind, t.post, t.person) == ("villagers_committee", "chair", first)
    with pytest.raises(ValidationError):
        services.tenure_add(actor=op, person=second, post="chair", start_date=dt.date(2021, 3, 1), **args)
    # A refused post (a 居委会 in a village; 主任 is no post of the 监委会) leaves no committee behind.
    for kind in ("residents_committee", "supervision_committee"):
        with pytest.raises(ValidationError):
            services.tenure_add(
                actor=op, person=second, post="chair", start_date=dt.date(2021, 3, 1), **args | {"kind": kind}
            )
    assert not Committee.objects.filter(org_unit=cast.village, kind="supervision_committee").exists()


@pytest.mark.django_db(transaction=True)
def test_services_are_durable_entry_points(cast):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        register(cast)


def _start(user, person, unit, kind, post):
    committee = services.committee_ensure(actor=user, org_unit=unit, kind=kind)
    return services.tenure_start(
        actor=user,
        person=person,
        committee=committee,
        post=post,
        term_number=11,
        start_date=dt.date(2021, 3, 1),
    )


def test_second_head_refusal_names_the_incumbent_and_the_change(cast):
    user = cast["town_operator"]
    chair = PersonFactory(domicile_unit=cast.village, name="张主任")
    _start(user, chair, cast.village, "villagers_committee", "chair")
    with pytest.raises(ValidationError) as info:
        _start(user, PersonFactory(domicile_unit=cast.village), cast.village, "villagers_committee", "chair")
    message = info.value.message_dict["post"][0]
    assert "已有在任主任张主任" in message and "登记离任" in message


def test_committee_member_or_relative_cannot_join_supervision(cast):
    user = cast["town_operator"]
    member = PersonFactory(domicile_unit=cast.village, name="村委甲")
    _start(user, member, cast.village, "villagers_committee", "member")
    with pytest.raises(ValidationError) as info:
        _start(user, member, cast.village, "supervision_committee", "supervision_member")
    assert "不得担任监委会成员" in info.value.message_dict["person"][0]
    assert "依据：村民委员会组织法" in info.value.message_dict["person"][0]
    spouse = PersonFactory(domicile_unit=cast.village, name="配偶乙")
    Relation.objects.create(person_a=member, person_b=spouse, kind="spouse")
    with pytest.raises(ValidationError, match="近亲属（配偶）"):
        _start(user, spouse, cast.village, "supervision_committee", "supervision_chair")
    # The other way round: a supervision member's relative is not seated on the committee either.
    other = PersonFactory(domicile_unit=cast.village)
    _start(user, other, cast.village, "supervision_committee", "supervision_member")
    child = PersonFactory(domicile_unit=cast.village)
    Relation.objects.create(person_a=other, person_b=child, kind="parent")
    with pytest.raises(ValidationError, match="不得担任监委会成员"):
        _start(user, child, cast.village, "villagers_committee", "member")
    # Unrelated people and the Party organization are not concerned.
    _start(
        user,
        PersonFactory(domicile_unit=cast.village),
        cast.village,
        "supervision_committee",
        "supervision_member",
    )
    _start(user, member, cast.village, "party_org", "party_member")
