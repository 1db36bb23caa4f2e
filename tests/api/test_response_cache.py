"""The response cache: repeated answers cost nothing, and never outlive the
publication rules."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NOW, make_document, make_review
from tests.helpers import slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_a_repeated_request_is_served_without_running_the_view(api, board):
    make_review(slug="pip")
    first = api.get("/api/v1/reviews/")
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/reviews/")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Link"] == first["Link"] and again["Content-Type"] == "application/json"
    assert len(queries) == 1  # the content versions, nothing else


def test_a_withdrawal_is_never_hidden_by_a_stored_answer(api, board):
    review = make_review(slug="pip")
    make_document(review)
    for path in ("/api/v1/reviews/", "/api/v1/reviews/pip/", "/api/v1/documents/", "/feeds/publications.atom",
                 "/api/v1/changes/"):  # fmt: skip
        assert "pip" in api.get(path).content.decode(), path
    review.withdraw("Court order")
    assert slugs(api.get("/api/v1/reviews/")) == []
    assert api.get("/api/v1/reviews/pip/").status_code == 404
    assert api.get("/api/v1/documents/").json()["count"] == 0
    feed = api.get("/feeds/publications.atom").content.decode()
    assert "<entry>" not in feed and "deleted-entry" in feed


def test_an_embargo_lifts_through_a_stored_answer(api, board):
    lift = NOW + timedelta(seconds=30)
    make_review(slug="later", published_at=lift)
    with time_machine.travel(lift - timedelta(seconds=1), tick=False):
        assert slugs(api.get("/api/v1/reviews/")) == []
        assert slugs(api.get("/api/v1/reviews/")) == []  # now stored
    with time_machine.travel(lift, tick=False):
        assert slugs(api.get("/api/v1/reviews/")) == ["later"]


def test_no_cache_from_the_client_skips_the_stored_answer(api, board):
    make_review(slug="pip")
    api.get("/api/v1/reviews/")
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/reviews/", HTTP_CACHE_CONTROL="no-cache")
    assert len(queries) > 1


def test_stored_answers_still_count_against_the_rate_limit(api, board, settings):
    settings.API_ANON_RATE = "2/minute"
    assert [api.get("/api/v1/reviews/").status_code for _ in range(3)] == [200, 200, 429]


def test_errors_are_not_stored(api, board):
    assert api.get("/api/v1/reviews/pip/").status_code == 404
    make_review(slug="pip")
    assert api.get("/api/v1/reviews/pip/").status_code == 200


def test_stored_answers_answer_conditional_requests(api, board):
    make_review(slug="pip")
    first = api.get("/feeds/publications.atom")
    assert api.get("/feeds/publications.atom", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get("/feeds/publications.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
