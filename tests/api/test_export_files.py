"""What an export costs a request: the whole export is a file the worker
writes, served only while it shows the current content and schedule; a
filtered one is built under the expensive requests' limit, as searches are."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.http import expensive
from api.v1.exports import write_files
from reviews import services
from reviews.models import Review
from tests.factories import NOW, make_review

pytestmark = pytest.mark.django_db
CSV, JSONL = "/api/v1/exports/reviews.csv", "/api/v1/exports/reviews.jsonl"


def content(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def reviews(board):
    with time_machine.travel(NOW, tick=False) as clock:
        for number in range(3):
            make_review(slug=f"r{number}", title=f"Review {number}", summary="About a trampoline.")
        make_review(slug="later", published_at=NOW + timedelta(hours=1))
        yield clock


def from_file(response):
    """A file's answer says its length and takes ranges; a built one streams as it is made."""
    return response.has_header("Content-Length") and response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("path", [CSV, JSONL])
def test_the_whole_export_is_served_from_the_file_as_it_would_be_built(api, reviews, path):
    built = content(api.get(path, {"status": "all"}))  # the same reviews, built for the request
    assert write_files() is True and write_files() is False  # written once for this content
    response = api.get(path)
    assert response.status_code == 200 and from_file(response)
    assert content(response) == built and b"r2" in built and b"later" not in built
    assert response["ETag"] == f'"{hashlib.sha256(built).hexdigest()}"'
    assert int(response["Content-Length"]) == len(built)
    assert response["Content-Disposition"] == f'attachment; filename="reviews.{path.rsplit(".", 1)[1]}"'
    part = api.get(path, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and content(part) == built[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(built)}"
    assert api.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    head = api.head(path)
    assert head.status_code == 200 and from_file(head) and head["ETag"] == response["ETag"]


def test_a_withdrawal_is_never_served_from_a_file_written_before_it(api, reviews):
    write_files()
    services.withdraw(Review.objects.get(slug="r1"), "Court order")
    response = api.get(CSV)
    assert not from_file(response) and b"r1" not in content(response)  # built for the request instead
    write_files()
    response = api.get(CSV)
    assert from_file(response) and b"r1" not in content(response)


def test_an_embargo_lifting_is_never_missing_from_a_file_written_before_it(api, reviews):
    write_files()
    reviews.shift(timedelta(hours=1))
    response = api.get(CSV)
    assert not from_file(response) and b"later" in content(response)
    write_files()
    response = api.get(CSV)
    assert from_file(response) and b"later" in content(response)


def test_a_filtered_export_is_built_for_its_request(api, reviews):
    write_files()
    response = api.get(CSV, {"q": "trampoline"})
    assert response.status_code == 200 and not from_file(response)
    assert content(response).count(b"\n") == 4  # the header and three reviews


@pytest.fixture
def all_slots_taken(settings, reviews):
    settings.EXPENSIVE_REQUESTS = 2
    held = [expensive.take(), expensive.take()]
    assert all(held) and expensive.take() is None
    yield held
    for slot in held:
        slot.release()


def test_expensive_requests_beyond_the_limit_are_told_to_come_back(api, all_slots_taken):
    expensive_requests = [
        (CSV, {"type": "serious_case_review"}),
        (JSONL, {"q": "trampoline"}),
        ("/api/v1/reviews/", {"q": "trampoline"}),
        ("/feeds/publications.atom", {"q": "x"}),
    ]
    for path, parameters in expensive_requests:
        response = api.get(path, parameters)
        assert response.status_code == 429, path
        assert response["Retry-After"] == str(expensive.RETRY_AFTER_SECONDS)
        assert response["Content-Type"] == "application/problem+json" and "at once" in response.json()["detail"]
    # What costs a read is answered all the same.
    assert api.get("/api/v1/reviews/").status_code == 200
    write_files()
    assert api.get(CSV).status_code == 200
    all_slots_taken[0].release()
    assert api.get("/api/v1/reviews/", {"q": "trampoline"}).status_code == 200  # a slot again


def test_a_streamed_export_holds_its_slot_until_it_is_sent(api, reviews, settings):
    settings.EXPENSIVE_REQUESTS = 1
    streaming = api.get(CSV, {"type": "serious_case_review"})
    assert streaming.status_code == 200
    assert api.get("/api/v1/reviews/", {"q": "trampoline"}).status_code == 429  # its body is still being built
    content(streaming)  # sent whole: the test client closes it, as a server does
    assert api.get("/api/v1/reviews/", {"q": "trampoline"}).status_code == 200


def test_no_cache_rebuilds_an_ordinary_answer_but_not_a_search(api, reviews, settings):
    def searched(**headers):
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/reviews/", {"q": "trampoline"}, **headers).status_code == 200
        return any("reviews_search" in query["sql"] for query in queries)

    assert searched()  # built, and stored
    assert not searched(HTTP_CACHE_CONTROL="no-cache")  # the stored answer, whatever the client asks
    settings.API_NO_CACHE_REBUILDS_SEARCHES = True  # as the benchmark measures it
    assert searched(HTTP_CACHE_CONTROL="no-cache")
