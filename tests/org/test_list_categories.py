"""The village categories of the 研判 (软弱涣散, 情况复杂, 重点村) are badges and filters on the unit
and person lists (issue 9 req. 5), through core.plugins.unit_categories (org and people sit below
planning). The assessment is confidential: a user who may not see it (a village operator, a vetting
department) gets no badge, no filter and no match. The unit list's area picker is a searchable tree."""

import datetime as dt
import io

import openpyxl
import pytest

from huanjie.planning.models import Assessment, Campaign
from tests.factories import PersonFactory


def _campaign(cast, name="2026年换届", start=dt.date(2026, 1, 1)):
    return Campaign.objects.create(
        city=cast.city,
        name=name,
        profile_code="zhejiang",
        window_start=start,
        window_end=start + dt.timedelta(days=180),
    )


def _categorise(campaign, unit, category):
    return Assessment.objects.create(campaign=campaign, unit=unit, category=category)


@pytest.fixture
def weak(cast):
    c = _campaign(cast)
    _categorise(c, cast.village, "weak")
    _categorise(c, cast.village2, "key")
    return c


def _codes(response):
    return [u.code for u in response.context["units"]]


def test_categories_show_as_badges_and_filter_the_unit_list(client, cast, weak):
    client.force_login(cast["town_operator"])
    html = client.get("/org/units/").content.decode()
    assert 'text-bg-danger" title="村（社区）类别（换届研判）">软弱涣散<' in html
    assert 'text-bg-info" title="村（社区）类别（换届研判）">重点村（社区）<' in html
    assert _codes(client.get("/org/units/", {"category": "weak"})) == [cast.village.code]
    assert _codes(client.get("/org/units/", {"category": "key"})) == [cast.village2.code]
    assert _codes(client.get("/org/units/", {"category": "complex"})) == []
    # A town is never categorised.
    assert _codes(client.get("/org/units/", {"category": "weak", "level": "all"})) == [cast.village.code]


def test_the_latest_campaigns_assessment_decides(client, cast, weak):
    later = _campaign(cast, "2031年换届", dt.date(2031, 1, 1))
    _categorise(later, cast.village, "ordinary")
    client.force_login(cast["town_operator"])
    assert _codes(client.get("/org/units/", {"category": "weak"})) == []
    assert _codes(client.get("/org/units/", {"category": "ordinary"})) == [cast.village.code]
    assert ">软弱涣散</span>" not in client.get("/org/units/").content.decode()


@pytest.mark.parametrize("role", ["village_operator", "vetting"])
def test_no_badge_filter_or_match_without_the_assessment(client, cast, weak, role):
    user = cast[role]
    client.force_login(user)
    response = client.get("/org/units/", {"category": "weak"})
    if response.status_code != 200:
        return  # a role without the unit list sees nothing at all
    html = response.content.decode()
    assert "软弱涣散" not in html and 'name="category"' not in html


def test_export_names_the_category_only_for_those_who_see_it(client, cast, weak):
    client.force_login(cast["town_operator"])
    response = client.get("/org/units/export/", {"category": "weak"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "类别=软弱涣散" in ws["A2"].value
    header = [c.value for c in ws[3]]
    col = header.index("类别") + 1
    assert [ws.cell(r, col).value for r in range(4, ws.max_row + 1)] == ["软弱涣散"]
    client.force_login(cast["village_operator"])
    response = client.get("/org/units/export/")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "类别" not in [c.value for c in ws[3]]


def test_person_list_badge_and_filter(client, cast, weak):
    inside = PersonFactory(domicile_unit=cast.village, name="甲村民")
    PersonFactory(domicile_unit=cast.village_b, name="乙村民")
    client.force_login(cast["county_operator"])
    response = client.get("/people/", {"category": "weak"})
    assert [p.pk for p in response.context["persons"]] == [inside.pk]
    html = response.content.decode()
    assert ">软弱涣散<" in html and 'name="category"' in html
    client.force_login(cast["village_operator"])
    html = client.get("/people/", {"category": "weak"}).content.decode()
    assert "软弱涣散" not in html and 'name="category"' not in html


def test_area_picker_is_a_searchable_tree_by_county(client, cast):
    client.force_login(cast["city_operator"])
    response = client.get("/org/units/")
    field = response.context["form"]["town"]
    html = str(field)
    assert 'data-hj-searchable="查找乡镇"' in html
    choices = [label for _, label in field.field.choices]
    county = choices.index(cast.county.name)
    assert choices[county + 1] == "\u3000" + cast.town.name  # a town indented under its county
    # Picking a county lists its villages; picking a town, the town's.
    in_county = _codes(client.get("/org/units/", {"town": cast.county.code}))
    assert cast.village.code in in_county and cast.village_b.code in in_county
    assert cast.community.code not in in_county or cast.community.code.startswith(cast.county.code[:6])
    assert _codes(client.get("/org/units/", {"town": cast.town.code})) == [
        cast.village.code,
        cast.village2.code,
    ]
