"""The person list for 研判: filters for 班子, 职务, 年龄段, 退役军人; an age column from 出生年月 only."""

import datetime as dt
import io

import openpyxl
import pytest

from huanjie.people import selectors
from tests.factories import PersonFactory, seat


@pytest.fixture
def town_client(client, cast):
    client.force_login(cast["town_operator"])
    return client


def _names(response):
    return sorted(p.name for p in response.context["persons"])


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (dt.date(1980, 5, 31), dt.date(2026, 5, 1), 46),  # the birth day does not count
        (dt.date(1980, 5, 1), dt.date(2026, 4, 30), 45),
        (dt.date(1980, 12, 9), dt.date(2026, 1, 15), 45),
    ],
)
def test_age_counts_from_the_birth_month(birth, on, age):
    assert selectors.age_on(birth, on) == age


def test_age_bands_agree_with_the_age_shown(cast):
    on = dt.date(2026, 5, 20)
    births = [
        dt.date(y, m, d)
        for y in (1960, 1965, 1966, 1970, 1980, 1981, 1990, 1991)
        for m in (4, 5, 6)
        for d in (1, 28)
    ]
    people = [PersonFactory(domicile_unit=cast.village, birth_date=b) for b in births]
    for key, _label, youngest, oldest in selectors.AGE_BANDS:
        got = set(
            selectors.person_list(cast["town_operator"], age=key, today=on).values_list("pk", flat=True)
        )
        want = {
            p.pk
            for p in people
            if (youngest is None or selectors.age_on(p.birth_date, on) >= youngest)
            and (oldest is None or selectors.age_on(p.birth_date, on) <= oldest)
        }
        assert got == want, key


def test_filters_by_committee_post_and_veteran(town_client, cast):
    sec = PersonFactory(domicile_unit=cast.village, name="书记甲", is_veteran=True)
    seat(sec, cast.village, "party_org", "secretary", party_org_form="branch")
    chair = PersonFactory(domicile_unit=cast.village, name="主任乙")
    seat(chair, cast.village, "villagers_committee", "chair")
    member = PersonFactory(domicile_unit=cast.village2, name="委员丙")
    seat(member, cast.village2, "villagers_committee", "member")
    PersonFactory(domicile_unit=cast.village, name="群众丁")
    assert _names(town_client.get("/people/", {"kind": "villagers_committee"})) == ["主任乙", "委员丙"]
    assert _names(town_client.get("/people/", {"post": "secretary"})) == ["书记甲"]
    assert _names(town_client.get("/people/", {"kind": "party_org", "post": "chair"})) == []
    assert _names(town_client.get("/people/", {"veteran": "1"})) == ["书记甲"]
    assert "群众丁" in _names(town_client.get("/people/", {"veteran": "0"}))


def test_list_and_export_show_the_age(town_client, cast):
    PersonFactory(domicile_unit=cast.village, name="王五", birth_date=dt.date(1970, 1, 1))
    response = town_client.get("/people/", {"q": "王五"})
    (p,) = response.context["persons"]
    assert p.age == selectors.age_on(dt.date(1970, 1, 1), dt.date.today())
    assert '<th class="hj-num">年龄</th>' in response.content.decode()
    response = town_client.get("/people/export/", {"q": "王五"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in ws[3]]
    assert ws.cell(4, header.index("年龄") + 1).value == p.age


def test_unit_picker_is_a_tree_from_county_to_village(client, cast):
    client.force_login(cast["city_operator"])
    form = client.get("/people/").context["form"]
    field = form.fields["unit"]
    assert field.widget.attrs["data-hj-searchable"]
    labels = dict(field.choices)
    depth = {code: len(label) - len(label.lstrip("\u3000")) for code, label in labels.items() if code}
    counties = [c for c in depth if c.endswith("000000")]
    assert len(counties) > 1 and {depth[c] for c in counties} == {0}
    town = cast.village.code[:9] + "000"
    assert depth[town] == 1 and depth[cast.village.code] == 2
    codes = [c for c, _ in field.choices if c]
    assert codes == sorted(codes)  # each unit right below its parent
    # Picking a county filters to its persons.
    PersonFactory(domicile_unit=cast.village, name="县内人")
    county = cast.village.code[:6] + "000000"
    assert "县内人" in _names(client.get("/people/", {"unit": county}))
