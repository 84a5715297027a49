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


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, cast):
    token = bearer(cast["town_operator"])
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
