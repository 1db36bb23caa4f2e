"""Review lists are stitched from representations rendered when content
changed (``api.v1.representations``): the page is byte for byte what the
declared serializer makes of the same reviews at that moment, after every
kind of write and as the clock passes a boundary."""

from datetime import timedelta

import orjson
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v1 import representations
from api.v1.serializers import DirectRendering, ReviewSerializer
from api.worker import Worker
from reviews.models import Body, Representation, Review, Theme
from tests.factories import NOW, london, make_review, write_by

pytestmark = pytest.mark.django_db
LIST = "/api/v1/reviews/?status=all&page_size=100"


@pytest.fixture
def clock(board):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviews(clock):
    return [
        make_review(slug="archived", themes=["neglect"], published_at=london(2012, 1, 5)),
        make_review(
            slug="deferred", publication="deferred", publication_reason="inquest", published_at=NOW - timedelta(days=3)
        ),  # fmt: skip
        make_review(
            slug="summer",
            themes=["head injury", "neglect"],
            published_at=london(2026, 7, 1, 0, 30),
            date_precision="day",
            review_type=Review.Type.RAPID_REVIEW,
        ),  # fmt: skip
        # Its window closes in a minute: its status changes with no write.
        make_review(
            slug="closing", published_at=NOW - timedelta(days=30), available_until_override=NOW + timedelta(minutes=1)
        ),  # fmt: skip
        make_review(slug="embargoed", published_at=NOW + timedelta(days=1)),
    ]


def declared(now):
    """The list's results as DRF's declared fields make them, from the rows as they are."""
    DirectRendering.enabled = False
    try:
        listed = representations.reviews_for_list(Review.objects.public(now)).order_by("-published_at", "-pk")
        return orjson.dumps(ReviewSerializer(listed, many=True, context={"now": now}).data)
    finally:
        DirectRendering.enabled = True


def assert_list_is_fresh(api, now):
    body = api.get(LIST, HTTP_CACHE_CONTROL="no-cache").content
    assert body.endswith(b'"results":' + declared(now) + b"}")


def test_a_stitched_page_is_the_declared_serializers_bytes(api, reviews):
    Worker().run_once()  # the worker renders them
    assert Representation.objects.count() == len(reviews)  # the embargoed one too, ready for its moment
    with CaptureQueriesContext(connection) as queries:
        body = api.get(LIST, HTTP_CACHE_CONTROL="no-cache").content
    assert body.endswith(b'"results":' + declared(NOW) + b"}")
    assert not any("reviews_theme" in query["sql"] for query in queries.captured_queries)  # nothing built afresh


def test_status_and_lifecycle_follow_the_clock(api, reviews, clock):
    assert_list_is_fresh(api, NOW)
    clock.move_to(NOW + timedelta(minutes=2))  # "closing" is archived now, with no write
    assert b'"slug":"closing"' in api.get(LIST).content
    assert_list_is_fresh(api, NOW + timedelta(minutes=2))
    clock.move_to(NOW + timedelta(days=2))  # the embargo lifted
    assert_list_is_fresh(api, NOW + timedelta(days=2))


@pytest.mark.parametrize("how", ["title", "theme", "body", "window", "withdrawal", "delete"])
def test_every_write_is_rendered_again(api, reviews, clock, how):
    assert_list_is_fresh(api, NOW)
    clock.move_to(NOW + timedelta(seconds=1))
    review = reviews[0]
    if how == "title":
        write_by("raw_sql", review, "title", "Child R, renamed")
    elif how == "theme":
        Theme.objects.filter(slug="neglect").update(name="Neglect and harm")
    elif how == "body":
        Body.objects.update(short_name="SSCP", name="Stockport Safeguarding Children Partnership")
    elif how == "window":
        Body.objects.update(availability_months=240)  # the archived review is available again
    elif how == "withdrawal":
        write_by("update", review, "withdrawn_at", NOW)
    else:
        Review.objects.filter(pk=review.pk).delete()
    assert_list_is_fresh(api, NOW + timedelta(seconds=1))


def test_a_representation_of_another_key_is_not_used(api, reviews, settings):
    Worker().run_once()
    settings.PUBLIC_BASE_URL = "https://reviews.example.org"
    assert_list_is_fresh(api, NOW)
    assert b"https://reviews.example.org/api/v1/reviews/archived/" in api.get(LIST).content


def test_the_worker_renders_again_what_another_rendering_or_setting_made(api, reviews):
    """After an upgrade or a new public address nobody need remember a step: the
    worker renders the reviews whose rows are of another key, or have none."""
    Worker().run_once()
    Representation.objects.filter(review__slug="summer").delete()
    Representation.objects.update(key="made-by-earlier-code")
    assert representations.render_missing(NOW) == len(reviews)
    assert set(Representation.objects.values_list("key", flat=True)) == {representations.key()}
    assert Representation.objects.count() == len(reviews)
    assert representations.render_missing(NOW) == 0
    assert_list_is_fresh(api, NOW)


# What ReviewSerializer makes of the review below, as a hash. When a change to
# the serializer (or what it reads) alters it, raise representations.RENDERING,
# so the worker renders every stored row again, then put the new hash here.
RENDERED = (1, "df2fcde3a7dd2db076284c4a50d5035e4764589935d19dd64769fc1102350bbd")


def test_a_change_to_what_a_list_shows_raises_the_rendering_version(board, clock):
    """GIVEN a review with every part a list shows WHEN it is rendered THEN it
    is what the stored rows of this RENDERING were made from."""
    import hashlib
    import uuid

    review = make_review(slug="fixed", title="Child F", themes=["neglect"], published_at=london(2025, 3, 1, 9),
                         uid=uuid.UUID(int=7), summary="A fixed review.")  # fmt: skip
    rendered = b"".join(representations._split(ReviewSerializer(context={"now": NOW}).to_representation(
        representations.reviews_for_list(Review.objects.filter(pk=review.pk)).get())))  # fmt: skip
    digest = hashlib.sha256(rendered).hexdigest()
    assert (representations.RENDERING, digest) == RENDERED, (
        f"What a list shows changed: raise representations.RENDERING and set RENDERED to "
        f"({representations.RENDERING + 1}, {digest!r})"
    )
