"""Bounded input everywhere (hardening issue, requirement 9): every page's query parameters and
every form field of the UI receive hostile values — very long text, huge and negative numbers,
extreme and malformed dates, NUL bytes, full-width digits, markup — and no answer is a server error.

The pages come from the same walk as the access-control test (every route of every installed app,
its keywords filled with objects inside the role's jurisdiction); the parameters and fields are read
from the page itself, so a new form is fuzzed as soon as it exists. (The API is fuzzed by
schemathesis: tests/test_api_schemathesis.py.)

What a page shows it reads is fuzzed one name at a time: the fields of its GET forms and the query
parameters of its own links (``?page=2``, ``?sort=…``), each with every hostile value and nothing else
set, so that no other parameter's refusal can hide a failure. The generic names a page does not show
(``q``, ``page``, ``unit``, ``on``…, in case a view reads one without offering it) are sent all at once,
one request per hostile value. A POST form receives every hostile value in all its fields at once:
Django cleans each field on its own, so one field's error does not stop another's cleaning, and a
form whose every field accepts the value reaches its service with it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from huanjie.accounts.models import LoginAttempt
from tests.test_access_control import Walker, _is_ninja_root, all_routes, build_world

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 5000,
    "9" * 400,
    "-1",
    "0000-00-00",
    "9999-12-31",
    "２０２６－０３－０１",
    "a\x00b",
    "<script>'😀",
]
GENERIC_QUERY = ["q", "page", "sort", "unit", "town", "parent", "level", "on", "date_from", "date_to", "kind"]


class Forms(HTMLParser):
    """The forms of a page: method, action and the names of their fields (the CSRF token excepted);
    and the query parameters of the page's links to itself (``href="?…"``)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self.link_params: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(((a.get("method") or "get").lower(), a.get("action") or "", set()))
        elif (
            tag in ("input", "select", "textarea")
            and self.forms
            and a.get("name") not in (None, "csrfmiddlewaretoken")
            and a.get("type") != "file"
        ):
            self.forms[-1][2].add(str(a["name"]))
        elif tag == "a" and (a.get("href") or "").startswith("?"):
            self.link_params.update(k for k, _ in parse_qsl(urlsplit(str(a["href"])).query, True))


def fuzz_page(client: Any, url: str, extra_names: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """Fuzz one page (see the module docstring): its GET parameters, then its POST forms. Returns the
    number of requests and the server errors met."""
    problems: list[str] = []
    page = client.get(url)
    requests = 1
    if page.status_code >= 500:
        return requests, [f"GET {url}: {page.status_code}"]
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return requests, problems
    parser = Forms()
    parser.feed(page.content.decode("utf-8", errors="replace"))
    own = parser.link_params.union(extra_names, *(f[2] for f in parser.forms if f[0] == "get"))
    for name in sorted(own):
        for value in HOSTILE:
            response = client.get(url, {name: value})
            requests += 1
            if response.status_code >= 500:
                problems.append(f"GET {url}?{name}={value[:20]!r}: {response.status_code}")
    generic = [n for n in GENERIC_QUERY if n not in own]
    for value in HOSTILE:
        response = client.get(url, dict.fromkeys(generic, value))
        requests += 1
        if response.status_code >= 500:
            problems.append(f"GET {url}?{'&'.join(generic)}={value[:20]!r}: {response.status_code}")
    for method, action, fields in parser.forms:
        if method != "post" or not fields:
            continue
        target = action or url
        for value in HOSTILE:
            response = client.post(target, dict.fromkeys(sorted(fields), value))
            requests += 1
            if response.status_code >= 500:
                problems.append(f"POST {target} {sorted(fields)}={value[:20]!r}: {response.status_code}")
    return requests, problems


def _pages(walker: Walker):
    """(route, url) of every UI page the walker can fill with objects inside the jurisdiction."""
    for route in all_routes():
        if route.is_api or _is_ninja_root(route.callback) or not route.has_get:
            continue
        inside = next((values for values, ok, _ in walker.fillings(route) if ok), None)
        if inside is not None:
            yield route, route.url(inside)


@pytest.mark.parametrize("role", ["town_operator", "village_operator", "sysadmin", "secadmin", "auditadmin"])
def test_no_hostile_value_in_any_parameter_or_field_causes_a_server_error(role, cast, client):
    world = build_world(cast)
    client.force_login(cast[role])
    client.raise_request_exception = False
    walker = Walker(world, role, client, None)
    problems: list[str] = []
    requests = 0
    for _route, url in _pages(walker):
        # The password page's POSTs are wrong passwords: five lock the account and the address
        # (accounts.lockout) and end the session. Each page starts signed in, with no attempt.
        LoginAttempt.objects.all().delete()
        client.force_login(cast[role])
        n, found = fuzz_page(client, url)
        requests += n
        problems += found
    assert requests > 50
    assert not problems, f"{len(problems)} server error(s) for {role}:\n" + "\n".join(problems[:40])


# The fuzz itself, on a page of its own (tests run with this module as the URL conf).
FAULTY: set[str] = set()


def _fuzz_target(request: Any) -> HttpResponse:
    """A page that fails (a server error) on markup in the names listed in ``FAULTY`` (a NUL byte
    never reaches a view: the middleware refuses it with a 400)."""
    sent = request.POST if request.method == "POST" else request.GET
    if any("<script>" in sent.get(name, "") for name in FAULTY):
        raise ValueError("markup")
    return HttpResponse(
        '<a href="?order=name">排序</a><form method="get"><input name="who"></form>'
        '<form method="post"><input name="a"><textarea name="b"></textarea></form>'
    )


urlpatterns = [path("fuzz-target/", csrf_exempt(_fuzz_target))]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("faulty", "reported"),
    [
        ((), None),
        (("who",), "GET /fuzz-target/?who="),
        (("order",), "GET /fuzz-target/?order="),
        (("kind",), "GET /fuzz-target/?q&page&sort&unit&town&parent&level&on&date_from&date_to&kind="),
        (("b",), "POST /fuzz-target/ ['a', 'b']="),
    ],
)
def test_the_fuzz_reports_a_server_error_in_each_place_it_looks(faulty, reported, client):
    """A form field, a link's parameter, an unoffered generic parameter, a POST field: a failure on
    markup in any one of them is reported, and once only (one hostile value fails); a page
    that never fails gives nothing."""
    client.raise_request_exception = False
    FAULTY.clear()
    FAULTY.update(faulty)
    try:
        requests, problems = fuzz_page(client, "/fuzz-target/")
    finally:
        FAULTY.clear()
    # who, order: one by one; the generic names together; one POST form
    assert requests == 1 + 2 * len(HOSTILE) + len(HOSTILE) + len(HOSTILE)
    if reported is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problems[0].startswith(reported), problems
        assert problems[0].endswith('"<script>\'😀": 500')
