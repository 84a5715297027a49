"""Sessions are not written on every request (idle logout still within a minute of 30 minutes), and
no response of the application may be cached (hardening issue, requirements 3 and 10)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.apiclient import bearer
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def _login(client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_reading_pages_does_not_write_the_session_within_the_refresh_margin(client, cast):
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        _login(client, "town_op")
    for seconds in (5, 30, 59):
        with (
            mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=seconds)),
            CaptureQueriesContext(connection) as ctx,
        ):
            assert client.get(reverse("org:tree")).status_code == 200
        assert _session_writes(ctx.captured_queries) == [], seconds
    with (
        mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=61)),
        CaptureQueriesContext(connection) as ctx,
    ):
        assert client.get(reverse("org:tree")).status_code == 200
    assert len(_session_writes(ctx.captured_queries)) == 1


def test_idle_logout_happens_within_a_minute_of_thirty_minutes(client, cast):
    start = timezone.now()

    def at(minutes: float):
        return mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=minutes))

    with at(0):
        _login(client, "town_op")
    with at(0.5):
        assert client.get(reverse("home")).status_code == 200  # not saved: expiry stays at 30:00
    with at(30.1):
        response = client.get(reverse("home"))  # idle 29.6 minutes: within the one-minute margin
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_activity_after_the_margin_keeps_the_session(client, cast):
    start = timezone.now()

    def at(minutes: float):
        return mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=minutes))

    with at(0):
        _login(client, "town_op")
    with at(1.5):
        assert client.get(reverse("home")).status_code == 200  # saved: expiry pushed to 31:30
    with at(31):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people/",
        "/people/export/",
        "/org/units/export/",
        "/login/",
    ],
)
def test_pages_and_exports_are_never_cached(client, cast, url):
    client.force_login(cast["town_operator"])
    response = client.get(url)
    assert response.status_code in (200, 302)
    assert response["Cache-Control"] == "no-store"


def test_api_answers_are_never_cached(client, cast):
    token = bearer(cast["town_operator"])
    response = client.get("/api/people/persons", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_nul_character_in_any_parameter_is_refused_in_chinese(client, cast):
    client.force_login(cast["town_operator"])
    for response in (
        client.get("/people/", {"unit": "a\x00b"}),
        client.post("/people/", {"q": "a\x00b"}),
    ):
        assert response.status_code == 400
        assert "不允许的控制字符" in response.content.decode()
    assert client.get("/people/", {"q": "张"}).status_code == 200
