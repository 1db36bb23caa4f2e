"""Validators and lifetimes: cheap, exact, and bounded by the schedule."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NOW, make_contact, make_leaflet, make_review

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/reviews/",
    "/api/v1/reviews/pip/",
    "/api/v1/documents/",
    "/api/v1/leaflets/",
    "/api/v1/contacts/",
]


@pytest.fixture(autouse=True)
def content(board):
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        make_review(slug="pip", published_at=NOW - timedelta(days=1))
        make_leaflet()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_get_has_a_validator_and_a_public_lifetime(api, path):
    response = api.get(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=60"
    again = api.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"] and again["Cache-Control"] == response["Cache-Control"]


def test_a_304_runs_no_content_query(api):
    etag = api.get("/api/v1/reviews/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Only the content versions are read (the schedule comes from the cache).
    assert [q["sql"] for q in queries.captured_queries if "reviews_review" in q["sql"]] == []
    assert len(queries) == 1


def test_weak_and_listed_validators_match(api):
    etag = api.get("/api/v1/reviews/")["ETag"]
    assert api.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert api.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_identical_requests_get_identical_validators_and_bodies(api):
    first, second = api.get("/api/v1/reviews/"), api.get("/api/v1/reviews/")
    assert first["ETag"] == second["ETag"] and first.content == second.content


def test_lifetime_stops_at_the_next_embargo(api):
    make_review(slug="soon", published_at=NOW + timedelta(seconds=42))
    assert api.get("/api/v1/reviews/")["Cache-Control"] == "public, max-age=42"


def test_lifetime_stops_at_the_next_window_closing(api):
    from reviews.models import Review

    review = Review.objects.get(slug="pip")
    review.available_until_override = NOW + timedelta(seconds=17)
    review.save()
    assert api.get("/api/v1/reviews/")["Cache-Control"] == "public, max-age=17"


def test_validator_changes_with_a_public_edit_and_a_deletion(api):
    from reviews.models import Review

    first = api.get("/api/v1/reviews/")["ETag"]
    review = Review.objects.get(slug="pip")
    review.summary = "Edited."
    review.save()
    second = api.get("/api/v1/reviews/")["ETag"]
    assert second != first
    review.delete()
    third = api.get("/api/v1/reviews/")
    assert third["ETag"] not in (first, second) and third.json()["count"] == 0


def test_validator_does_not_move_when_an_embargoed_review_is_edited(api):
    hidden = make_review(slug="hidden", published_at=NOW + timedelta(days=5))
    before = api.get("/api/v1/reviews/")["ETag"]
    hidden.summary = "Edited while embargoed."
    hidden.save()
    make_review(slug="hidden-too", published_at=NOW + timedelta(days=6))
    assert api.get("/api/v1/reviews/")["ETag"] == before


def test_validator_moves_only_with_what_the_answer_shows(api):
    contact = make_contact()
    make_review(slug="pip-with-contact", contact=contact)
    listed, detail = (api.get(path)["ETag"] for path in ("/api/v1/reviews/", "/api/v1/reviews/pip-with-contact/"))
    make_leaflet()
    make_contact(slug="unrelated")
    assert api.get("/api/v1/reviews/")["ETag"] == listed
    assert api.get("/api/v1/reviews/pip-with-contact/")["ETag"] == detail
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        contact.name = "Renamed Unit"
        contact.save()  # the detail shows its contact, and the review's updated_at says it changed
        assert api.get("/api/v1/reviews/pip-with-contact/")["ETag"] != detail
        assert api.get("/api/v1/reviews/")["ETag"] != listed


def test_moving_an_embargo_earlier_is_honoured_at_the_new_second(api):
    hidden = make_review(slug="hidden", published_at=NOW + timedelta(days=5))
    api.get("/api/v1/reviews/")  # caches the schedule
    hidden.published_at = NOW + timedelta(seconds=30)
    hidden.save()
    assert api.get("/api/v1/reviews/")["Cache-Control"] == "public, max-age=30"
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert "hidden" in [item["slug"] for item in api.get("/api/v1/reviews/").json()["results"]]


def test_errors_are_never_stored_by_shared_caches(api):
    response = api.get("/api/v1/reviews/nobody/")
    assert response.status_code == 404 and response["Cache-Control"] == "no-store"
    assert "ETag" not in response
