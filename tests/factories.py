"""Factories and the fixed cast. Tests build data through services where the behaviour under test
is a service; the cast itself is written directly for speed (it is the starting state, not a change).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import factory

from huanjie.accounts.models import RoleAssignment, User
from huanjie.core import crypto
from huanjie.elections.models import RollEntry
from huanjie.org.models import OrgUnit
from huanjie.people.models import Committee, Person, Tenure
from huanjie.rules.ids import make_citizen_id, mask_citizen_id

PASSWORD = "Huanjie-Test-2026!"
_seq = itertools.count(1)


def unit(code: str, level: str, name: str, parent: OrgUnit | None = None, **attrs) -> OrgUnit:
    from huanjie.org.codes import path_for

    return OrgUnit.objects.create(
        code=code, path=path_for(code, level), level=level, name=name, parent=parent, **attrs
    )


def user_with_role(username: str, role: str, org_unit: OrgUnit | None = None, department: str = "") -> User:
    u = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    RoleAssignment.objects.create(user=u, role=role, org_unit=org_unit, department=department)
    return u


def citizen_id(region: str = "329901", birth: dt.date = dt.date(1975, 6, 1), sex: str = "M") -> str:
    n = next(_seq) % 500
    seq = n * 2 + (1 if sex == "M" else 0)
    return make_citizen_id(region, birth, seq)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        number = factory.LazyAttribute(lambda o: citizen_id(o.domicile_unit.code[:6], o.birth_date, o.sex))

    name = factory.Sequence(lambda n: f"测试{n}")
    sex = "M"
    birth_date = dt.date(1975, 6, 1)
    domicile_unit = None
    id_cipher = factory.LazyAttribute(lambda o: crypto.encrypt(o.number))
    id_index = factory.LazyAttribute(lambda o: crypto.blind_index(o.number))
    id_masked = factory.LazyAttribute(lambda o: mask_citizen_id(o.number))
    education = "secondary"
    political_status = "cpc"


class RollEntryFactory(factory.django.DjangoModelFactory):
    """An entry written straight to a roll (as a bulk write leaves it: no check, no conflict
    queued); ``number``: the ID it encrypts and indexes."""

    class Meta:
        model = RollEntry

    class Params:
        number = factory.Sequence(lambda n: f"entry{n}")

    roll = None
    name = factory.Sequence(lambda n: f"选民{n}")
    id_cipher = factory.LazyAttribute(lambda o: crypto.encrypt(o.number))
    id_index = factory.LazyAttribute(lambda o: crypto.blind_index(o.number))
    id_masked = "*"
    sex = "M"
    birth_date = dt.date(1980, 1, 1)
    category = "hukou_resident"
    registered_on = dt.date(2026, 2, 1)
    law_code = "village-2025"


def seat(
    person: Person,
    unit: OrgUnit,
    kind: str,
    post: str,
    *,
    start=dt.date(2021, 3, 1),
    term=11,
    party_org_form: str = "",
) -> Tenure:
    committee, _ = Committee.objects.get_or_create(
        org_unit=unit, kind=kind, defaults={"party_org_form": party_org_form}
    )
    return Tenure.objects.create(
        person=person, committee=committee, post=post, term_number=term, start_date=start
    )


@dataclass
class Cast:
    city: OrgUnit
    county: OrgUnit
    county2: OrgUnit
    town: OrgUnit
    town_b: OrgUnit
    street: OrgUnit
    village: OrgUnit
    village2: OrgUnit
    village_b: OrgUnit
    community: OrgUnit
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, role: str) -> User:
        return self.users[role]


def build_cast() -> Cast:
    city = unit("329900000000", "city", "东湖市")
    county = unit("329901000000", "county", "清河县", city)
    county2 = unit("329902000000", "county", "柳林区", city)
    town = unit("329901001000", "town", "青石镇", county)
    town_b = unit("329901002000", "town", "白沙镇", county)
    street = unit("329902001000", "town", "云溪街道", county2)
    village = unit("329901001201", "village", "东村", town, households=420, population=1500, party_members=52)
    village2 = unit("329901001202", "village", "西村", town)
    village_b = unit("329901002201", "village", "南村", town_b)
    community = unit("329902001001", "community", "和平社区", street)
    c = Cast(city, county, county2, town, town_b, street, village, village2, village_b, community)
    c.users = {
        "city_operator": user_with_role("city_op", "city_operator", city),
        "county_operator": user_with_role("county_op", "county_operator", county),
        "town_operator": user_with_role("town_op", "town_operator", town),
        "other_town_operator": user_with_role("town_b_op", "town_operator", town_b),
        "village_operator": user_with_role("village_op", "village_operator", village),
        "county_approver": user_with_role("approver", "county_approver", county),
        "vetting": user_with_role("vetting", "vetting", county, department="police"),
        "supervisor": user_with_role("supervisor", "supervisor", county2),
        "civil_affairs": user_with_role("civil", "civil_affairs", county),
        "leader": user_with_role("leader", "leader", city),
        "sysadmin": user_with_role("sysadmin", "sysadmin"),
        "secadmin": user_with_role("secadmin", "secadmin"),
        "auditadmin": user_with_role("auditadmin", "auditadmin"),
    }
    return c
