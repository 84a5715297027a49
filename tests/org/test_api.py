import pytest

from huanjie.accounts.models import ApiToken
from huanjie.accounts.tokens import api_token_revoke
from tests.apiclient import api_get, bearer, body_text
from tests.factories import unit

pytestmark = pytest.mark.django_db


def test_missing_invalid_and_revoked_tokens_are_401(client, cast):
    assert api_get(client, "/api/org/units", None).status_code == 401
    assert api_get(client, "/api/org/units", "hj_not-a-real-token").status_code == 401
    assert client.get("/api/org/units", headers={"Authorization": "Basic abc"}).status_code == 401
    token = bearer(cast["town_operator"])
    assert api_get(client, "/api/org/units", token).status_code == 200
    api_token_revoke(actor=None, token=ApiToken.objects.get())
    assert api_get(client, "/api/org/units", token).status_code == 401


def test_token_of_inactive_user_is_401(client, cast):
    user = cast["town_operator"]
    token = bearer(user)
    user.is_active = False
    user.save()
    assert api_get(client, "/api/org/units", token).status_code == 401


def test_session_login_does_not_authenticate_the_api(client, cast):
    client.force_login(cast["town_operator"])
    assert client.get("/api/org/units").status_code == 401


def test_only_the_digest_of_a_token_is_stored(cast):
    token = bearer(cast["town_operator"])
    row = ApiToken.objects.get()
    assert token not in (row.key_digest, row.name)
    assert len(row.key_digest) == 64


def test_last_used_is_recorded(client, cast):
    token = bearer(cast["town_operator"])
    assert ApiToken.objects.get().last_used is None
    api_get(client, "/api/org/units", token)
    assert ApiToken.objects.get().last_used is not None


def test_unit_list_is_the_jurisdiction(client, cast):
    body = api_get(client, "/api/org/units", bearer(cast["town_operator"])).json()
    assert body["count"] == 3
    assert [u["code"] for u in body["items"]] == ["329901001000", "329901001201", "329901001202"]
    east = body["items"][1]
    assert east == {
        "code": "329901001201",
        "name": "东村",
        "level": "village",
        "level_label": "村",
        "parent_code": "329901001000",
        "is_active": True,
        "households": 420,
        "population": 1500,
        "party_members": 52,
        "villager_groups": None,
        "is_pilot": False,
        "batch": None,
    }


def test_unit_list_filters(client, cast):
    token = bearer(cast["county_operator"])

    def codes(**params):
        return [u["code"] for u in api_get(client, "/api/org/units", token, **params).json()["items"]]

    assert codes(level="town") == ["329901001000", "329901002000"]
    assert codes(parent="329901001000") == ["329901001201", "329901001202"]
    assert codes(q="南") == ["329901002201"]
    assert codes(q="329901002") == ["329901002000", "329901002201"]
    # A parent outside the jurisdiction lists nothing (not its children in another county).
    assert codes(parent="329902001000") == []
    assert api_get(client, "/api/org/units", token, level="province").status_code == 422


def test_unit_list_pagination(client, cast):
    token = bearer(cast["city_operator"])
    first = api_get(client, "/api/org/units", token, page=1, page_size=4).json()
    second = api_get(client, "/api/org/units", token, page=3, page_size=4).json()
    assert first["count"] == second["count"] == 10
    assert [u["code"] for u in first["items"]] == [
        "329900000000",
        "329901000000",
        "329901001000",
        "329901001201",
    ]
    assert [u["code"] for u in second["items"]] == ["329902001000", "329902001001"]


def test_unit_list_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    token = bearer(cast["town_operator"])
    api_get(client, "/api/org/units", token)  # settle last_used
    for n in range(30):
        unit(f"3299010012{n + 10:02d}", "village", f"新村{n}", cast.town)
    # token + roles + count + page
    with django_assert_max_num_queries(4):
        body = api_get(client, "/api/org/units", token).json()
    assert body["count"] == 33


def test_unit_detail_in_scope_and_404_outside(client, cast):
    token = bearer(cast["town_operator"])
    r = api_get(client, "/api/org/units/329901001201", token)
    assert r.status_code == 200
    assert r.json()["name"] == "东村"
    for code in ("329901002201", "329901000000", "329902001001", "999999999999"):
        r = api_get(client, f"/api/org/units/{code}", token)
        assert r.status_code == 404, code
        assert "南村" not in body_text(r)


def test_roles_without_org_view_get_403(client, cast):
    for role in ("sysadmin", "secadmin", "auditadmin"):
        token = bearer(cast[role])
        assert api_get(client, "/api/org/units", token).status_code == 403
        assert api_get(client, "/api/org/units/329901001201", token).status_code == 403


def test_token_command_prints_the_token_once(cast, capsys):
    from django.core.management import call_command

    call_command("token", "create", "town_op", "--name", "统计接口")
    out = capsys.readouterr().out.strip()
    assert out.startswith("hj_")
    row = ApiToken.objects.get()
    assert (row.user, row.name) == (cast["town_operator"], "统计接口")
    from huanjie.accounts.tokens import token_digest

    assert row.key_digest == token_digest(out)
    call_command("token", "revoke", str(row.pk))
    row.refresh_from_db()
    assert not row.is_active


def test_error_messages_are_chinese_and_do_not_tell_absent_from_outside(client, cast):
    token = bearer(cast["town_operator"])
    outside = api_get(client, "/api/org/units/329901002201", token)
    absent = api_get(client, "/api/org/units/999999999999", token)
    assert outside.status_code == absent.status_code == 404
    assert outside.json() == absent.json() == {"detail": "未找到，或不在您的管辖范围内"}
    r = api_get(client, "/api/org/units", None)
    assert r.json() == {"detail": "未认证：请在 Authorization 头中提供有效的令牌（Bearer）"}
    r = api_get(client, "/api/org/units", bearer(cast["sysadmin"]))
    assert r.json() == {"detail": "您的角色无权访问此接口"}


def test_page_size_is_bounded_at_100(client, cast):
    for n in range(100):
        unit(f"329901001{n + 300:03d}", "village", f"大村{n}", cast.town)
    token = bearer(cast["town_operator"])
    body = api_get(client, "/api/org/units", token, page_size=100).json()
    assert body["count"] == 103
    assert len(body["items"]) == 100
    refused = api_get(client, "/api/org/units", token, page_size=101)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "参数 page_size 过大"


def test_parameters_out_of_bounds_or_unknown_are_refused_in_chinese(client, cast):
    token = bearer(cast["town_operator"])
    cases = {
        "/api/org/units?page=10686933131283876806656": "参数 page 过大",
        "/api/org/units?q=" + "村" * 51: "参数 q 过长",
        "/api/org/units?parent=3299": "参数 parent 格式不符",
        "/api/org/units?lvel=town": "未知参数 lvel",
        "/api/people/persons/99999999999999999999": "参数 person_pk 过大",
        "/api/people/persons?sort=password": "参数 sort 不是可选值之一",
    }
    for url, message in cases.items():
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422, url
        assert response.json()["detail"][0]["msg"] == message, url
