"""The OpenAPI schema is served, valid OpenAPI 3, covers every operation, and every operation is
protected by the bearer token; the docs page works offline (local static files, no CDN)."""

import re

import pytest

from huanjie.api import api

pytestmark = pytest.mark.django_db


def _operations():
    """(method, path) of every operation the API routes, from the routers themselves."""
    out = set()
    for bound in api._get_bound_routers():
        for route, path_view in bound.path_operations.items():
            full = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", f"/api/{bound.prefix}{route}".replace("//", "/"))
            for op in path_view.operations:
                out |= {(m.lower(), full.rstrip("/") or "/") for m in op.methods}
    return out


def test_schema_is_openapi3_with_every_operation_secured(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "换届通 API"
    assert schema["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    for name in ("OrgUnitOut", "PersonOut", "PersonDetailOut", "TenureOut"):
        assert name in schema["components"]["schemas"], name
    declared = {(m, p.rstrip("/")) for p, ops in schema["paths"].items() for m in ops}
    expected = _operations()
    assert expected, "no API operations found"
    assert declared == expected
    assert {
        ("get", "/api/org/units"),
        ("get", "/api/org/units/{code}"),
        ("get", "/api/people/persons"),
        ("get", "/api/people/persons/{person_pk}"),
        ("get", "/api/people/units/{code}/tenures"),
        ("get", "/api/people/units/{code}/committees"),
        ("get", "/api/people/tenures/{tenure_pk}"),
        ("get", "/api/people/units/{code}/changes"),
        ("post", "/api/people/units/{code}/changes"),
        ("get", "/api/people/changes/{change_pk}"),
        ("post", "/api/people/changes/{change_pk}/confirm"),
        ("post", "/api/people/changes/{change_pk}/return"),
    } <= declared
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("security") == [{"TokenAuth": []}], f"{method.upper()} {path} declares no security"
            assert "200" in op["responses"], f"{method.upper()} {path}"


def test_no_schema_exposes_a_full_citizen_id_field():
    schema = api.get_openapi_schema()
    fields = {f for s in schema["components"]["schemas"].values() for f in s.get("properties", {})}
    assert "id_masked" in fields
    # birth_date would fill in the 8 masked digits of id_masked.
    assert not fields & {"id_cipher", "id_index", "id_number", "citizen_id", "birth_date"}


def test_docs_page_is_served_from_local_static_files(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    assert all(s.startswith("/") for s in sources), sources
    assert "cdn" not in html.lower()
    # No inline executable script (CSP script-src 'self'): the only inline block is JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline), inline


def test_docs_static_files_exist():
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name
