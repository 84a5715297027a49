"""The change sets through the API (issue 9 reqs. 2 and 11): the same selectors and services as the
pages — a unit's proposals and one change set read in the jurisdiction only; the town confirms or
returns with the version it read; the village operator, and anyone outside, cannot."""

from __future__ import annotations

import datetime as dt

import pytest

from huanjie.people import selectors, services
from huanjie.people.choices import CommitteeKind, Post
from huanjie.people.models import CommitteeChange, Tenure
from tests.apiclient import api_get, bearer, body_text
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(cast):
    """The village operator of 东村 proposes: the chair 老主任 resigns, 新主任 is elected in a
    by-election."""
    u = cast.village
    chair = seat(PersonFactory(domicile_unit=u, name="老主任"), u, CommitteeKind.VILLAGERS, Post.CHAIR)
    new = PersonFactory(domicile_unit=u, name="新主任")
    lines = [
        services.ChangeLine(action="end", tenure=chair, cause="resigned", body="villagers_meeting"),
        services.ChangeLine(
            action="start",
            person=new,
            kind="villagers_committee",
            post="chair",
            term_number=12,
            cause="by_election",
            body="villagers_meeting",
        ),
    ]
    return services.change_set_propose(
        actor=cast["village_operator"],
        org_unit=u,
        change_date=dt.date(2026, 3, 2),
        lines=lines,
        note="主任辞职后补选",
    )


def post(client, path, token, data):
    return client.post(
        path, data, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def chair_name(cast):
    t = Tenure.objects.get(
        committee__org_unit=cast.village,
        committee__kind="villagers_committee",
        post="chair",
        end_date__isnull=True,
    )
    return t.person.name


def test_a_units_proposals_are_listed_in_the_jurisdiction_only(client, cast, proposal):
    for role, unit in (
        ("town_operator", cast.town),
        ("village_operator", cast.village),
        ("leader", cast.city),
    ):
        r = api_get(client, f"/api/people/units/{unit.code}/changes", bearer(cast[role]), state="proposed")
        assert r.status_code == 200, role
        body = r.json()
        assert body["count"] == 1 and body["items"][0]["pk"] == proposal.pk
        item = body["items"][0]
        assert item["state"] == "proposed" and item["state_label"] == "待乡镇确认"
        assert item["unit_name"] == "东村" and item["change_date"] == "2026-03-02"
        assert item["summary"] == "离任：老主任 村民委员会主任；任职：新主任 村民委员会主任"
    r = api_get(
        client, f"/api/people/units/{cast.town.code}/changes", bearer(cast["town_operator"]), state="applied"
    )
    assert r.json()["count"] == 0
    # Outside: another town's operator, a village operator of another village, a supervisor of another county.
    for role in ("other_town_operator", "supervisor"):
        token = bearer(cast[role])
        assert api_get(client, f"/api/people/units/{cast.village.code}/changes", token).status_code == 404
        assert api_get(client, f"/api/people/changes/{proposal.pk}", token).status_code == 404
    r = api_get(client, f"/api/people/units/{cast.county.code}/changes", bearer(cast["other_town_operator"]))
    assert r.status_code == 404
    other_town = bearer(cast["other_town_operator"])
    r = api_get(client, f"/api/people/units/{cast.town_b.code}/changes", other_town)
    assert r.status_code == 200 and r.json()["count"] == 0 and "老主任" not in body_text(r)


def test_one_change_set_reads_as_its_page(client, cast, proposal):
    r = api_get(client, f"/api/people/changes/{proposal.pk}", bearer(cast["town_operator"]))
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == proposal.version and body["note"] == "主任辞职后补选"
    assert body["actions"] == ["confirm", "return"]
    end, start = body["items"]
    assert (end["action"], end["person_name"], end["cause_label"], end["body_label"]) == (
        "end",
        "老主任",
        "辞职",
        "村民会议",
    )
    assert (start["action"], start["person_name"], start["term_number"], start["post_label"]) == (
        "start",
        "新主任",
        12,
        "村民委员会主任",
    )
    assert start["cause_label"] == selectors.tenure_causes.cause_label("by_election")
    # The village operator reads it, with nothing to do.
    r = api_get(client, f"/api/people/changes/{proposal.pk}", bearer(cast["village_operator"]))
    assert r.status_code == 200 and r.json()["actions"] == []


def test_the_town_confirms_with_the_version_it_read(client, cast, proposal):
    token = bearer(cast["town_operator"])
    path = f"/api/people/changes/{proposal.pk}/confirm"
    r = post(client, path, token, {"version": proposal.version})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "applied" and body["actions"] == []
    assert [h["action_label"] for h in body["history"]] == ["确认并生效"]
    assert chair_name(cast) == "新主任"
    # A second confirmation with the old version: refused, nothing changes.
    r = post(client, path, token, {"version": proposal.version})
    assert r.status_code == 409 and r.json()["detail"]


def test_the_town_returns_with_a_reason(client, cast, proposal):
    token = bearer(cast["town_operator"])
    path = f"/api/people/changes/{proposal.pk}/return"
    r = post(client, path, token, {"version": proposal.version, "reason": ""})
    assert r.status_code == 422
    r = post(client, path, token, {"version": proposal.version, "reason": "缺少村民会议决议"})
    assert r.status_code == 200 and r.json()["state"] == "returned"
    assert r.json()["history"][0]["reason"] == "缺少村民会议决议"
    assert chair_name(cast) == "老主任"


def test_the_village_operator_and_outsiders_cannot_decide(client, cast, proposal):
    version = proposal.version
    for action, data in (
        ("confirm", {"version": version}),
        ("return", {"version": version, "reason": "不同意"}),
    ):
        path = f"/api/people/changes/{proposal.pk}/{action}"
        assert post(client, path, bearer(cast["village_operator"]), data).status_code == 403
        assert post(client, path, bearer(cast["leader"]), data).status_code == 403
        assert post(client, path, bearer(cast["other_town_operator"]), data).status_code == 404
        assert (
            post(
                client,
                f"/api/people/changes/{proposal.pk + 1000}/{action}",
                bearer(cast["town_operator"]),
                data,
            ).status_code
            == 404
        )
    proposal.refresh_from_db()
    assert proposal.state == "proposed" and chair_name(cast) == "老主任"
    assert CommitteeChange.objects.count() == 1


def lines_json(chair, new, **start):
    return [
        {"action": "end", "tenure_pk": chair.pk, "cause": "resigned", "body": "villagers_meeting"},
        {
            "action": "start",
            "person_pk": new.pk,
            "kind": "villagers_committee",
            "post": "chair",
            "term_number": 12,
            "cause": "by_election",
            "body": "villagers_meeting",
            **start,
        },
    ]


@pytest.fixture
def village(cast):
    u = cast.village
    chair = seat(PersonFactory(domicile_unit=u, name="老主任"), u, CommitteeKind.VILLAGERS, Post.CHAIR)
    return chair, PersonFactory(domicile_unit=u, name="新主任")


def test_the_village_operator_proposes_through_the_api_the_town_applies(client, cast, village):
    chair, new = village
    path = f"/api/people/units/{cast.village.code}/changes"
    data = {"change_date": "2026-03-02", "note": "补选", "lines": lines_json(chair, new)}
    r = post(client, path, bearer(cast["village_operator"]), data)
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "proposed" and r.json()["actions"] == []
    assert chair_name(cast) == "老主任"
    # The town applies the same at once (here: after returning the proposal).
    change = CommitteeChange.objects.get()
    services.change_set_return(actor=cast["town_operator"], change=change, reason="改由乡镇办理")
    r = post(client, path, bearer(cast["town_operator"]), data)
    assert r.status_code == 200 and r.json()["state"] == "applied"
    assert chair_name(cast) == "新主任"


def test_a_proposal_is_refused_with_the_reason_and_nothing_is_written(client, cast, village):
    chair, new = village
    path = f"/api/people/units/{cast.village.code}/changes"
    token = bearer(cast["village_operator"])
    # No organization appoints a villagers' committee member.
    bad = lines_json(chair, new, body="township_party_committee")
    r = post(client, path, token, {"change_date": "2026-03-02", "lines": bad})
    assert (
        r.status_code == 422 and "任何组织或者个人不得指定、委派或者撤换村民委员会成员" in r.json()["detail"]
    )
    r = post(client, path, token, {"change_date": "2101-01-01", "lines": lines_json(chair, new)})
    assert r.status_code == 422 and r.json()["detail"] == "变动日期应在 1900 年至 2100 年之间"
    # A person outside the caller's jurisdiction is not found, never named.
    stranger = PersonFactory(domicile_unit=cast.village_b, name="外人")
    r = post(client, path, token, {"change_date": "2026-03-02", "lines": lines_json(chair, stranger)})
    assert r.status_code == 422 and "第2项：未找到该人员" in r.json()["detail"] and "外人" not in body_text(r)
    assert not CommitteeChange.objects.exists() and chair_name(cast) == "老主任"
    # Another village (the village operator's jurisdiction is his own): not found.
    data = {"change_date": "2026-03-02", "lines": lines_json(chair, new)}
    assert post(client, f"/api/people/units/{cast.village2.code}/changes", token, data).status_code == 404
    assert post(client, path, bearer(cast["other_town_operator"]), data).status_code == 404
    assert post(client, path, bearer(cast["leader"]), data).status_code == 403
    assert not CommitteeChange.objects.exists()


def test_a_form_post_is_refused_in_chinese_not_a_server_error(client, cast, proposal):
    """The API takes JSON: a form post (urlencoded or multipart) is refused with 400 and a Chinese
    reason — before the NUL check read the form, Django refused to give ninja the body (500)."""
    token = bearer(cast["town_operator"])
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/people/changes/{proposal.pk}/confirm"
    r = client.post(path, {"version": proposal.version}, headers=headers)
    assert r.status_code == 400 and "请以 JSON 提交" in r.json()["detail"]
    r = client.post(path, "version=1", content_type="application/x-www-form-urlencoded", headers=headers)
    assert r.status_code == 400
    r = client.post(path, {"version": "1\x00"}, headers=headers)
    assert r.status_code == 400 and "NUL" in r.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.state == "proposed"
