"""Hardening issue 7: what a role without the unmask capability sees about a person (pages, export,
API, search, sort order, the structure panel) leaves at least 1,000 possible ID numbers.

Each test reads what the role is actually shown, then counts from scratch every valid number
consistent with it (the masked ID, 出生年月, 性别, the unit's region), and checks that nothing else it
can observe (order by birth, search results, ages) narrows the set.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from huanjie.core import crypto
from huanjie.core.models import AuditEvent
from huanjie.people import selectors
from huanjie.people.capabilities import PeopleCap
from huanjie.people.models import Person
from huanjie.rules.ids import make_citizen_id, mask_citizen_id, parse_citizen_id
from tests.apiclient import api_get, bearer, body_text
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

# Roles that see persons but may not unmask them.
NON_UNMASK = ("village_operator", "leader")  # both see 东村 (the supervisor sees 柳林区 only)


def candidates(masked: str, birth_month: str, sex: str, unit_code: str) -> list[str]:
    """Every valid number consistent with what is shown: the masked number (each shown character
    fixed), 出生年月 (YYYY.MM or YYYY-MM), 性别 (男/女 or M/F); the region of the unit is shown too."""
    year, month = (int(x) for x in re.split(r"[.-]", birth_month))
    sex = {"男": "M", "女": "F"}.get(sex, sex)
    region = masked[:6]
    assert region.isdigit(), "the masked number shows its address code"
    assert unit_code[:6].isdigit()
    out = []
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        for seq in range(1000):
            number = make_citizen_id(region, dt.date(year, month, day), seq)
            shown_alike = mask_citizen_id(number) == masked
            fits = all(m in ("*", c) for m, c in zip(masked, number, strict=True))
            if shown_alike and fits and parse_citizen_id(number).sex == sex:
                out.append(number)
    return out


@pytest.fixture
def person(cast):
    """Born in February of a common year (the month with the fewest days: the worst case)."""
    p = PersonFactory(domicile_unit=cast.village, name="韩梅", sex="F", birth_date=dt.date(1975, 2, 14))
    seat(p, cast.village, "villagers_committee", "member")
    return p


def _full(p: Person) -> str:
    return crypto.decrypt(p.id_cipher)


@pytest.mark.parametrize("role", NON_UNMASK)
def test_list_detail_export_and_api_leave_at_least_1000_candidates(client, cast, person, role):
    user = cast[role]
    assert not user.has_capability(PeopleCap.UNMASK)
    client.force_login(user)
    number = _full(person)
    shown = []
    # The list page: a row of (name, 性别, 出生年月, masked ID, …).
    html = client.get("/people/", {"q": "韩梅"}).content.decode()
    row = re.search(r"韩梅</a></td>\s*<td>(.)</td>\s*<td[^>]*>([\d.]+)</td>\s*<td[^>]*>([\d*X]+)</td>", html)
    assert row is not None
    shown.append((row.group(3), row.group(2), row.group(1)))
    # The person page.
    html = client.get(f"/people/{person.pk}/").content.decode()
    masked = re.search(r'<span class="hj-mono">([\d*X]+)</span>', html).group(1)
    month = re.search(r"出生年月</dt><dd[^>]*>([\d.]+)</dd>", html).group(1)
    sex = re.search(r"性别</dt><dd[^>]*>(.)</dd>", html).group(1)
    shown.append((masked, month, sex))
    # The export.
    ws = load_workbook(io.BytesIO(b"".join(client.get("/people/export/").streaming_content))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if "姓名" in r)
    values = next(r for r in rows if r[header.index("姓名")] == "韩梅")
    shown.append(tuple(values[header.index(h)] for h in ("身份证号（脱敏）", "出生年月", "性别")))
    # The API.
    item = api_get(client, "/api/people/persons", bearer(user), q="韩梅").json()["items"][0]
    shown.append((item["id_masked"], item["birth_month"], item["sex"]))
    for masked, month, sex in shown:
        found = candidates(masked, month, sex, cast.village.code)
        assert number in found
        assert len(found) >= 1000, (masked, month, sex, len(found))
    # No form shows the birth day, nor the last characters of the number.
    for text in (
        client.get("/people/").content.decode(),
        client.get(f"/people/{person.pk}/").content.decode(),
        body_text(api_get(client, f"/api/people/persons/{person.pk}", bearer(user))),
    ):
        assert "1975-02-14" not in text and "1975.02.14" not in text and "19750214" not in text
        assert number not in text
        assert re.search(r"\*" + re.escape(number[-1]), text) is None  # nothing after the stars


def test_the_worst_month_still_leaves_14000():
    number = make_citizen_id("329901", dt.date(2023, 2, 14), 2)
    assert len(candidates(mask_citizen_id(number), "2023.02", "女", "329901001201")) == 28 * 500


@pytest.mark.parametrize("sort", ["birth", "-birth"])
def test_sorting_by_birth_does_not_depend_on_the_day(client, cast, sort):
    """Persons born in the same month come in the same order whatever their birth days."""
    days = [3, 27, 11, 19, 6]
    people = [
        PersonFactory(domicile_unit=cast.village, name=f"同月{i}", birth_date=dt.date(1980, 5, d))
        for i, d in enumerate(days)
    ]
    client.force_login(cast["village_operator"])

    def order() -> list[str]:
        return [p.name for p in client.get("/people/", {"sort": sort}).context["persons"]]

    first = order()
    for p, d in zip(people, reversed(days), strict=True):
        Person.objects.filter(pk=p.pk).update(birth_date=dt.date(1980, 5, d))
    assert order() == first == sorted(first)


def test_search_reveals_nothing_more_to_a_role_that_may_not_unmask(client, cast, person):
    client.force_login(cast["village_operator"])
    number = _full(person)
    events = AuditEvent.objects.count()

    def names(q: str) -> list[str]:
        return [p.name for p in client.get("/people/", {"q": q}).context["persons"]]

    assert names(number) == []  # full ID: not for this role
    assert names(number[-4:]) == [] and names(number[-1]) == []  # no search by the hidden tail
    # The masked form finds everyone of the region: it confirms only what is shown.
    other = PersonFactory(domicile_unit=cast.village, name="路人", birth_date=dt.date(1990, 7, 7))
    assert set(names(person.id_masked)) == {"韩梅", other.name}
    assert AuditEvent.objects.count() == events


def test_full_id_search_is_audited_and_only_where_the_user_may_unmask(client, cast, person):
    client.force_login(cast["town_operator"])
    number = _full(person)
    response = client.get("/people/", {"q": number})
    assert [p.name for p in response.context["persons"]] == ["韩梅"]
    ev = AuditEvent.objects.filter(action="unmask").latest("seq")
    assert (ev.actor, ev.reason, ev.after) == (cast["town_operator"], "按完整身份证号查询", {"matched": 1})
    # A neighbouring town's operator may unmask, but not this person: no match, still audited.
    client.force_login(cast["other_town_operator"])
    assert list(client.get("/people/", {"q": number}).context["persons"]) == []
    ev = AuditEvent.objects.filter(action="unmask").latest("seq")
    assert (ev.actor, ev.after) == (cast["other_town_operator"], {"matched": 0})


def test_structure_ages_do_not_move_on_the_birthday(cast, person):
    """The structure card may be read for any date: its ages come from 出生年月 only."""
    user = cast["village_operator"]
    cards = [
        replace(selectors.unit_structure(user, cast.village, dt.date(2026, 2, day)), on=None)
        for day in (1, 13, 14, 15, 28)
    ]
    assert all(c == cards[0] for c in cards)
    assert cards[0].average_age == "51.0"


def test_sitting_filter_ignores_seats_outside_the_jurisdiction(client, cast):
    """A person of 东村 who sits only in 南村 (another town) is not a sitting member for 东村's view."""
    p = PersonFactory(domicile_unit=cast.village, name="外任")
    seat(p, cast.village_b, "villagers_committee", "member")
    client.force_login(cast["village_operator"])
    assert "外任" not in [x.name for x in client.get("/people/", {"sitting": "1"}).context["persons"]]
    client.force_login(cast["county_operator"])
    assert "外任" in [x.name for x in client.get("/people/", {"sitting": "1"}).context["persons"]]


def test_printed_person_list_carries_no_id_numbers(client, cast, person):
    """The list's ID column is left out when printed (Bootstrap's d-print-none)."""
    client.force_login(cast["town_operator"])
    html = client.get("/people/").content.decode()
    assert '<th class="d-print-none">身份证号</th>' in html
    cell = re.search(r"<td class=\"([^\"]*)\">" + re.escape(person.id_masked), html)
    assert cell is not None and "d-print-none" in cell.group(1)


def test_default_order_within_a_unit_is_by_name_not_by_record_id(client, cast):
    """Record ids follow the import file's order, which may be by birth date."""
    for name, day in (("丙", 1), ("甲", 2), ("乙", 3)):
        PersonFactory(domicile_unit=cast.village, name=name, birth_date=dt.date(1980, 5, day))
    client.force_login(cast["village_operator"])
    names = [p.name for p in client.get("/people/").context["persons"]]
    assert names == sorted(names)
