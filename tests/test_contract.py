"""Contract tests: schemathesis generates requests from the committed
schema's operations (valid and invalid data alike) and checks every answer
against it. No check is silenced; a failure is fixed in the API or the schema."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# The application itself, without api.wsgi's start-up refusals (the tests
# serve static files from the apps, not from a collectstatic directory).
application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=30, deterministic=True
)
schema.config.seed = 20261123


@pytest.fixture
def seeded(db, settings):  # noqa: F811  (pytest-django's settings fixture)
    settings.API_ANON_RATE = "1000000/minute"  # the contract, not the rate limit, is under test here
    call_command("load_seed_content")
    # As Django's own test client does: the WSGI app must not close the test's
    # database connection at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
# The seed content is only read, never changed, so one load serves every example.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_honours_the_schema(case, seeded):
    # The in-process WSGI transport does not decode gzip; compression has its own test.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
