"""Issue 9, requirement 9 (org): moving a unit picks the new parent from a searchable list scoped to
the units the user may edit, and the new code need not be typed (the next free code is used)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huanjie.core.api_params import SEARCH_MAX
from huanjie.org import selectors
from huanjie.org.models import OrgUnit
from tests.factories import unit

pytestmark = pytest.mark.django_db


def _picks(client, user, code, q=""):
    client.force_login(user)
    return client.get(reverse("org:unit_move_parents", args=[code]), {"q": q})


def test_county_operator_picks_another_town_of_the_county(client, cast):
    html = _picks(client, cast["county_operator"], cast.village2.code).content.decode()
    assert f'data-hj-pick="{cast.town_b.pk}"' in html
    assert "清河县 › 白沙镇" in html and cast.town_b.code in html
    assert f'data-hj-pick="{cast.town.pk}"' not in html  # its present parent
    assert "云溪街道" not in html  # a town of another county
    html = _picks(client, cast["county_operator"], cast.village2.code, "白沙").content.decode()
    assert html.count("data-hj-pick=") == 1
    html = _picks(client, cast["county_operator"], cast.village2.code, "青石").content.decode()
    assert "data-hj-pick=" not in html and "没有找到匹配项" in html


def test_city_operator_sees_towns_of_every_county(client, cast):
    html = _picks(client, cast["city_operator"], cast.village2.code).content.decode()
    assert "柳林区 › 云溪街道" in html and "清河县 › 白沙镇" in html


def test_town_operator_has_nothing_outside_its_town(client, cast):
    html = _picks(client, cast["town_operator"], cast.village2.code).content.decode()
    assert "data-hj-pick=" not in html and "白沙镇" not in html


def test_outside_the_jurisdiction_is_not_found(client, cast):
    assert _picks(client, cast["other_town_operator"], cast.village2.code).status_code == 404
    assert _picks(client, cast["leader"], cast.village2.code).status_code == 403


def test_overlong_search_is_refused(client, cast):
    response = _picks(client, cast["county_operator"], cast.village2.code, "镇" * (SEARCH_MAX + 1))
    assert response.status_code == 200 and "查找内容过长" in response.content.decode()


def test_move_form_is_a_picker_and_the_code_may_be_left_empty(client, cast):
    client.force_login(cast["county_operator"])
    url = reverse("org:unit_move", args=[cast.village2.code])
    html = client.get(url).content.decode()
    assert reverse("org:unit_move_parents", args=[cast.village2.code]) in html
    assert "<select" not in html.split('name="new_parent"')[0].rsplit("<form", 1)[1]
    version = cast.village2.version
    response = client.post(
        url,
        {"new_parent": cast.town_b.pk, "new_code": "", "reason": "区划调整", "version": version},
    )
    assert response.status_code == 302
    moved = OrgUnit.objects.get(pk=cast.village2.pk)
    # 南村 holds 201 under 白沙镇: the next free village code is 202.
    assert (moved.parent_id, moved.code) == (cast.town_b.pk, "329901002202")


def test_a_refused_move_shows_the_picked_parent_by_name(client, cast):
    client.force_login(cast["county_operator"])
    url = reverse("org:unit_move", args=[cast.village2.code])
    response = client.post(url, {"new_parent": cast.town_b.pk, "new_code": "", "reason": ""})
    assert response.status_code == 200
    assert 'value="清河县 › 白沙镇"' in response.content.decode()


def test_next_free_code(cast):
    assert selectors.next_free_code(cast.town_b, "village") == "329901002202"
    assert selectors.next_free_code(cast.town_b, "community") == "329901002001"
    assert selectors.next_free_code(cast.street, "community") == "329902001002"
    assert selectors.next_free_code(cast.county, "town") == "329901003000"
    # A gap is used when the highest code of the range is taken.
    unit("329901002599", "village", "末村", cast.town_b)
    assert selectors.next_free_code(cast.town_b, "village") == "329901002200"


def test_next_free_code_when_the_range_is_full(cast, monkeypatch):
    monkeypatch.setitem(selectors._SEGMENT_RANGE, selectors.Level.VILLAGE, (201, 201))
    assert selectors.next_free_code(cast.town_b, "village") is None


def test_move_is_offered_only_where_there_is_somewhere_to_go(client, cast):
    """Found by the role walk: a town operator's own town offered 调整隶属 with nothing to pick."""
    client.force_login(cast["town_operator"])
    assert "调整隶属" not in client.get(reverse("org:unit", args=[cast.town.code])).content.decode()
    assert "调整隶属" not in client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    client.force_login(cast["county_operator"])
    assert "调整隶属" in client.get(reverse("org:unit", args=[cast.village.code])).content.decode()
    assert "调整隶属" not in client.get(reverse("org:unit", args=[cast.county.code])).content.decode()
