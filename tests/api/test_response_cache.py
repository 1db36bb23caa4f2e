"""The response cache: repeated answers cost nothing, and never outlive the
publication rules."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services
from reviews.models import Review
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
    services.withdraw(review, "Court order")
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


# Counts ---------------------------------------------------------------------------------

NO_CACHE = {"HTTP_CACHE_CONTROL": "no-cache"}


def counts_run(queries):
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("SELECT COUNT(")]


def test_paging_through_a_filtered_list_counts_it_once(api, board):
    for number in range(3):
        make_review(slug=f"child-{number}")
    with CaptureQueriesContext(connection) as first:
        assert api.get("/api/v1/reviews/?status=all&page_size=1", **NO_CACHE).json()["count"] == 3
    with CaptureQueriesContext(connection) as second:
        page = api.get("/api/v1/reviews/?status=all&page_size=1&page=2", **NO_CACHE).json()
    assert len(counts_run(first)) == 1 and counts_run(second) == []
    assert page["count"] == 3 and page["page"] == 2 and len(page["results"]) == 1
    with CaptureQueriesContext(connection) as other:
        assert (
            api.get("/api/v1/reviews/?status=all&page_size=1&published_to=2010-01-01", **NO_CACHE).json()["count"] == 0
        )
    assert len(counts_run(other)) == 1  # another filter: counted for itself


@pytest.mark.parametrize("how", ["added", "withdrawn"])
def test_a_count_never_outlives_a_write(api, board, how):
    review = make_review(slug="pip")
    assert api.get("/api/v1/reviews/?status=all&page=1", **NO_CACHE).json()["count"] == 1
    if how == "added":
        make_review(slug="jaiden")
    else:
        services.withdraw(review, "Court order")
    assert api.get("/api/v1/reviews/?status=all&page=1", **NO_CACHE).json()["count"] == (2 if how == "added" else 0)


def test_a_count_never_outlives_a_boundary(api, board):
    """An embargo lifting and a window closing, with no write in between."""
    make_review(slug="pip", published_at=NOW - timedelta(days=1))
    make_review(slug="later", published_at=NOW + timedelta(seconds=30))
    closes = Review.objects.get(slug="pip").available_until
    with time_machine.travel(NOW + timedelta(seconds=29), tick=False):
        assert api.get("/api/v1/reviews/?status=all", **NO_CACHE).json()["count"] == 1
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert api.get("/api/v1/reviews/?status=all", **NO_CACHE).json()["count"] == 2
        assert api.get("/api/v1/reviews/?status=available", **NO_CACHE).json()["count"] == 2
    with time_machine.travel(closes, tick=False):
        assert api.get("/api/v1/reviews/?status=available", **NO_CACHE).json()["count"] == 1
