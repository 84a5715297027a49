"""Lists print in full: ``?print=1`` lists every row (bounded), with the filter line, no pager."""

import pytest

from huanjie.core import listing
from tests.factories import PersonFactory


@pytest.fixture
def town_client(client, cast):
    client.force_login(cast["town_operator"])
    return client


def test_print_view_lists_every_row_with_the_filter_line(town_client, cast):
    for i in range(25):
        PersonFactory(domicile_unit=cast.village, name=f"张{i:02d}", sex="F")
    response = town_client.get("/people/", {"sex": "F"})
    assert len(response.context["persons"]) == 20
    html = response.content.decode()
    assert "打印全部" in html and "print=1" in html
    response = town_client.get("/people/", {"sex": "F", "print": "1", "page": "2", "size": "50"})
    assert len(response.context["persons"]) == 25
    html = response.content.decode()
    assert "共 25 条，已全部列出" in html
    assert "筛选条件：性别=女" in html
    assert 'class="pagination' not in html
    assert "data-hj-print" in html


def test_print_view_is_bounded_and_says_so(town_client, cast, monkeypatch):
    monkeypatch.setattr(listing, "PRINT_MAX_ROWS", 5)
    for i in range(7):
        PersonFactory(domicile_unit=cast.village, name=f"李{i}")
    response = town_client.get("/people/", {"print": "1"})
    assert len(response.context["persons"]) == 5
    assert "仅打印前 5 条" in response.content.decode()


@pytest.mark.parametrize("value", ["0", "yes", "<script>", ""])
def test_other_print_values_page_normally(town_client, cast, value):
    for i in range(22):
        PersonFactory(domicile_unit=cast.village, name=f"王{i:02d}")
    response = town_client.get("/people/", {"print": value})
    assert len(response.context["persons"]) == 20


def test_unit_list_prints_in_full(client, cast):
    client.force_login(cast["town_operator"])
    html = client.get("/org/units/", {"print": "1"}).content.decode()
    assert "已全部列出" in html


def test_sortable_headers_look_sortable(town_client, cast):
    html = town_client.get("/people/", {"sort": "name"}).content.decode()
    assert "bi-caret-up-fill" in html  # the sorted column shows its direction
    assert "hj-sort-idle" in html  # the others show they can be sorted
    assert "点击按“出生年月”排序" in html
