"""Bounded input everywhere (hardening issue, requirement 9): every page's query parameters and
every form field of the UI receive hostile values — very long text, huge and negative numbers,
extreme and malformed dates, NUL bytes, full-width digits, markup — and no answer is a server error.

The pages come from the same walk as the access-control test (every route of every installed app,
its keywords filled with objects inside the role's jurisdiction); the parameters and fields are read
from the page's own forms, so a new form is fuzzed as soon as it exists. (The API is fuzzed by
schemathesis: tests/test_api_schemathesis.py.)
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

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
    """The forms of a page: method and the names of their fields (the CSRF token excepted)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []

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
        page = client.get(url)
        requests += 1
        if page.status_code >= 500:
            problems.append(f"GET {url}: {page.status_code}")
            continue
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(page.content.decode("utf-8", errors="replace"))
        get_names = set(GENERIC_QUERY).union(*(f[2] for f in parser.forms if f[0] == "get"))
        for name in sorted(get_names):
            for value in HOSTILE:
                response = client.get(url, {name: value})
                requests += 1
                if response.status_code >= 500:
                    problems.append(f"GET {url}?{name}={value[:20]!r}: {response.status_code}")
        for method, action, fields in parser.forms:
            if method != "post":
                continue
            target = action or url
            for name in sorted(fields):
                for value in HOSTILE:
                    response = client.post(target, {name: value})
                    requests += 1
                    if response.status_code >= 500:
                        problems.append(f"POST {target} {name}={value[:20]!r}: {response.status_code}")
    assert requests > 50
    assert not problems, f"{len(problems)} server error(s) for {role}:\n" + "\n".join(problems[:40])
