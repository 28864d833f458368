"""schemathesis against /api/openapi.json: for every operation, requests generated from
the document (valid ones, and invalid ones too) get what the document promises: no 500,
documented status codes, content types and bodies.

schemathesis' own pytest integration (``from_fixture``) reaches into pytest internals that
pytest 9 removed (``Function._nodeid``), so each operation is driven through its
documented Python API instead: ``operation.as_strategy()`` with hypothesis' ``@given``.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.factories import CallFactory, PostFactory, SectionFactory, VacancyFactory
from vacancies.models import Mission

pytestmark = pytest.mark.django_db
# Examples per operation and mode: a few seconds.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "60"))


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, on the test's database connection: as Django's test
    client does, keep the end of each request from closing that connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api(wsgi_app):
    call = CallFactory(mission__slug="eutm-0")
    for n in range(3):
        post = PostFactory(call=call, ref=f"EK {n}")
        VacancyFactory(post=post)
        SectionFactory(post=post)
    PostFactory(call=CallFactory(closed=True), ref="EK 0")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_describes_the_api(api):
    assert {(op.method.upper(), op.path) for op in operations(api)} == {
        ("GET", "/api/posts/"),
        ("GET", "/api/posts/{id}/"),
    }


@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_the_api_does_what_its_openapi_document_says(api, mode):
    slugs = list(Mission.objects.values_list("slug", flat=True))
    # Left out for invalid requests: "a request that breaks the document is refused". Like
    # the pages, the API reads an empty parameter (a form's unfilled field) as no parameter,
    # and DRF reads page= as page 1; a string where an integer belongs is still refused.
    excluded = [negative_data_rejection] if mode == GenerationMode.NEGATIVE else []
    for operation in operations(api):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            if (
                mode == GenerationMode.POSITIVE
                and case.query
                and case.query.get("mission") not in [None, *slugs]
            ):
                # Mission slugs are data, not in the document: a valid request names one that
                # exists.
                case.query["mission"] = slugs[len(str(case.query["mission"])) % len(slugs)]
            # schemathesis sends requests' "Accept-Encoding: gzip, deflate" but its WSGI
            # transport does not decompress: ask for the body as it is.
            case.call_and_validate(
                headers={"Accept-Encoding": "identity"}, excluded_checks=excluded
            )

        check()
