"""The committee page (issue 9 reqs. 2 and 11) through the browser's requests: the town changes a
village's committees at once; a village operator proposes and the town confirms or returns; people
outside the jurisdiction — a village operator of another village included — reach nothing."""

from __future__ import annotations

import pytest

from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import CommitteeChange, Tenure
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(cast):
    u = cast.village
    chair = seat(PersonFactory(domicile_unit=u, name="老主任"), u, CommitteeKind.VILLAGERS, Post.CHAIR)
    return {"chair": chair, "new": PersonFactory(domicile_unit=u, name="新主任")}


def url(cast):
    return f"/people/committees/{cast.village.code}/changes/"


def form_data(village, **extra):
    t = village["chair"]
    data = {
        "change_date": "2026-03-02",
        "note": "主任辞职后补选",
        f"end-{t.pk}-leave": "on",
        f"end-{t.pk}-cause": "resigned",
        f"end-{t.pk}-body": "villagers_meeting",
        "start-0-person": str(village["new"].pk),
        "start-0-kind": "villagers_committee",
        "start-0-post": "chair",
        "start-0-term_number": "12",
        "start-0-cause": "by_election",
        "start-0-body": "villagers_meeting",
    }
    data.update(extra)
    return data


def chair_name(cast):
    return Tenure.objects.get(
        committee__org_unit=cast.village,
        committee__kind="villagers_committee",
        post="chair",
        end_date__isnull=True,
    ).person.name


def test_village_page_links_the_committee_page(cast, client, village):
    client.force_login(cast["town_operator"])
    html = client.get(f"/org/unit/{cast.village.code}/").content.decode()
    assert url(cast) in html and "班子成员变动" in html


def test_town_changes_the_committee_at_once(cast, client, village):
    client.force_login(cast["town_operator"])
    page = client.get(url(cast)).content.decode()
    assert "老主任" in page and "确认变动" in page and "民主评议连续两次不称职" in page
    assert "村民委员会组织法(2025) 第二十条" in page or "村民委员会组织法(2018)" in page
    response = client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/people/changes/{change.pk}/"
    assert change.state == "applied" and chair_name(cast) == "新主任"
    detail = client.get(response["Location"]).content.decode()
    assert "已确认" in detail and "补选" in detail and "村民会议" in detail


def test_refusals_are_shown_on_the_page(cast, client, village):
    client.force_login(cast["town_operator"])
    response = client.post(url(cast), form_data(village, **{"start-0-body": "township_party_committee"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "任何组织或者个人不得指定、委派或者撤换村民委员会成员" in page
    assert chair_name(cast) == "老主任" and not CommitteeChange.objects.exists()
    response = client.post(url(cast), {"change_date": "2026-03-02"})
    assert "请至少填写一项变动" in response.content.decode()


def test_village_proposes_town_confirms_through_the_pages(cast, client, village):
    client.force_login(cast["village_operator"])
    page = client.get(url(cast)).content.decode()
    assert "提交乡镇（街道）确认" in page
    response = client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    assert change.state == "proposed" and chair_name(cast) == "老主任"
    detail = client.get(f"/people/changes/{change.pk}/").content.decode()
    assert "待乡镇确认" in detail and "确认并生效" not in detail
    # the village operator may not confirm
    response = client.post(
        f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": change.version}
    )
    assert response.status_code == 403
    client.force_login(cast["town_operator"])
    home = client.get("/").content.decode()
    assert f"/people/changes/{change.pk}/" in home
    assert "确认并生效" in client.get(f"/people/changes/{change.pk}/").content.decode()
    response = client.post(
        f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": change.version}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == "applied" and chair_name(cast) == "新主任"


def test_town_returns_with_a_reason_through_the_pages(cast, client, village):
    client.force_login(cast["village_operator"])
    client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    client.force_login(cast["town_operator"])
    decide = f"/people/changes/{change.pk}/decide/"
    response = client.post(decide, {"action": "return", "reason": "", "version": change.version}, follow=True)
    assert "“退回”须填写理由" in response.content.decode()
    change.refresh_from_db()
    assert change.state == "proposed"
    response = client.post(
        decide, {"action": "return", "reason": "缺少村民会议决议", "version": change.version}, follow=True
    )
    change.refresh_from_db()
    assert change.state == "returned"
    assert "缺少村民会议决议" in response.content.decode() and chair_name(cast) == "老主任"


def test_the_second_confirmation_gets_a_clear_message(cast, client, village):
    client.force_login(cast["village_operator"])
    client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    seen = change.version
    client.force_login(cast["town_operator"])
    client.post(f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": seen})
    client.force_login(user_with_role("town_op2", "town_operator", cast.town))
    response = client.post(
        f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": seen}, follow=True
    )
    page = response.content.decode()
    assert "此记录已被他人修改" in page and "已确认" in page
    assert Tenure.objects.filter(person=village["new"]).count() == 1


def test_outsiders_reach_nothing(cast, client, village):
    client.force_login(cast["village_operator"])
    client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    other_village_op = user_with_role("village2_op", "village_operator", cast.village2)
    for outsider in (other_village_op, cast["other_town_operator"]):
        client.force_login(outsider)
        assert client.get(url(cast)).status_code == 404
        assert client.post(url(cast), form_data(village)).status_code == 404
        assert client.get(f"/people/changes/{change.pk}/").status_code == 404
        response = client.post(
            f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": change.version}
        )
        assert response.status_code in (403, 404)
    change.refresh_from_db()
    assert change.state == "proposed" and CommitteeChange.objects.count() == 1
    # a village operator of another village proposing for its own village cannot pick this village's members
    client.force_login(other_village_op)
    own = f"/people/committees/{cast.village2.code}/changes/"
    response = client.post(own, form_data(village))
    assert response.status_code == 200 and CommitteeChange.objects.count() == 1


def test_person_page_offers_the_village_operator_to_propose_the_end(cast, client, village):
    person = village["chair"].person
    client.force_login(cast["village_operator"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "提出离任" in page and url(cast) in page and "登记离任" not in page
    client.force_login(cast["town_operator"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "登记离任" in page and "提出离任" not in page


def test_the_causes_table_follows_the_date(cast, client, village):
    client.force_login(cast["town_operator"])
    before = client.get(url(cast) + "?on=2025-12-31").content.decode()
    after = client.get(url(cast) + "?on=2026-01-01").content.decode()
    assert "村民委员会组织法(2018) 第三十三条" in before and "村民委员会组织法(2025) 第二十条" not in before
    assert "村民委员会组织法(2025) 第二十条" in after and "村民委员会组织法(2025) 第三十八条" in after
    assert 'value="2025-12-31"' in before


def test_a_date_before_the_laws_is_refused_not_a_server_error(cast, client, village):
    client.force_login(cast["town_operator"])
    assert client.get(url(cast) + "?on=1990-01-01").status_code == 200
    response = client.post(url(cast), form_data(village, change_date="2015-06-01"))
    assert response.status_code == 200
    assert "早于本系统收录的最早法律文本的施行日期" in response.content.decode()
    assert chair_name(cast) == "老主任"


def test_the_village_page_shows_the_proposals_waiting(cast, client, village):
    """Issue 9 req. 11: the village page says how many change sets wait for the town and links to
    each; once decided, it no longer lists them; a village of another town shows nothing of them."""
    village_page = f"/org/unit/{cast.village.code}/"
    client.force_login(cast["town_operator"])
    assert "hj-pending-changes" not in client.get(village_page).content.decode()
    client.force_login(cast["village_operator"])
    client.post(url(cast), form_data(village))
    change = CommitteeChange.objects.get()
    for role in ("village_operator", "town_operator", "county_approver"):
        client.force_login(cast[role])
        page = client.get(village_page).content.decode()
        assert "待乡镇（街道）确认的班子成员变动" in page, role
        assert f'href="/people/changes/{change.pk}/"' in page, role
        assert "离任：老主任 村民委员会主任" in page and "任职：新主任 村民委员会主任" in page
        assert ">1</span> 项" in page
        assert ("确认生效或退回" in page) == (role == "town_operator")
    client.force_login(cast["other_town_operator"])
    assert client.get(village_page).status_code == 404
    client.force_login(cast["town_operator"])
    client.post(f"/people/changes/{change.pk}/decide/", {"action": "confirm", "version": change.version})
    assert "hj-pending-changes" not in client.get(village_page).content.decode()
