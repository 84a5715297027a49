"""The structure pages (issue 15 req. 1): the index of the user's jurisdiction with the figures vs
targets, child units as rows, each figure linking down to villages and persons; the print view;
refusals outside the jurisdiction and for bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.stats.test_structure_selectors import campaign, town_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_leader_drills_from_city_to_villages_without_one_shoulder(cast, campaign, town_data, client):  # noqa: F811
    client.force_login(cast["leader"])
    page = client.get(reverse("stats_structure:index") + "?basis=before").content.decode()
    assert "村书记、主任“一肩挑”比例" in page and "50.0%" in page and "未达到" in page
    assert "清河县" in page and "村民委员会组织法(2025) 第八条" in page
    url = reverse("stats_structure:drill", args=[campaign.pk, cast.city.code, "one_shoulder_village"])
    page = client.get(url + "?basis=before&without=1").content.decode()
    assert "清河县" in page
    url = reverse("stats_structure:drill", args=[campaign.pk, cast.town.code, "one_shoulder_village"])
    page = client.get(url + "?basis=before&without=1").content.decode()
    assert "西村" in page and "东村" not in page
    assert reverse("org:unit", args=[cast.village2.code]) in page


def test_persons_behind_a_figure_and_the_print_view(cast, campaign, town_data, client):  # noqa: F811
    client.force_login(cast["town_operator"])
    url = reverse("stats_structure:drill", args=[campaign.pk, cast.village.code, "women"])
    page = client.get(url).content.decode()
    assert town_data["b"].name in page and town_data["c"].name not in page and "连任" in page
    page = client.get(reverse("stats_structure:print", args=[campaign.pk, cast.town.code])).content.decode()
    assert "data-hj-print" in page and "东村" in page


@pytest.mark.parametrize("role", ["other_town_operator", "village_operator", "vetting"])
def test_outside_the_jurisdiction_is_refused(cast, campaign, town_data, client, role):  # noqa: F811
    client.force_login(cast[role])
    for url in (
        reverse("stats_structure:unit", args=[campaign.pk, cast.town.code]),
        reverse("stats_structure:drill", args=[campaign.pk, cast.village.code, "women"]),
        reverse("stats_structure:print", args=[campaign.pk, cast.village.code]),
    ):
        assert client.get(url).status_code in (403, 404), (role, url)


def test_bad_input_gets_a_chinese_refusal(cast, campaign, town_data, client):  # noqa: F811
    client.force_login(cast["leader"])
    unit = reverse("stats_structure:unit", args=[campaign.pk, cast.town.code])
    assert client.get(unit + "?basis=xyz").status_code == 404
    drill = reverse("stats_structure:drill", args=[campaign.pk, cast.town.code, "nonsense"])
    assert client.get(drill).status_code == 404
    assert client.get(reverse("stats_structure:index") + "?campaign=abc").status_code == 404
    assert (
        client.get(reverse("stats_structure:unit", args=[campaign.pk + 99, cast.town.code])).status_code
        == 404
    )
