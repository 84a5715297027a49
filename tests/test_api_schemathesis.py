"""The REST API against its own OpenAPI schema (hardening issue, requirement 9): schemathesis
generates requests for every operation (valid and invalid parameters) and runs all its checks —
no server error, every status code documented, every body matching its schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.apiclient import bearer

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application directly, so Django's request signals close "old"
    database connections — on PostgreSQL the test's own, inside its transaction. Django's test
    client does the same as this: it keeps the connection for the duration of the request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, cast):
    token = bearer(cast["town_operator"])
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
