"""Review lists and details are put together from representations rendered
when content changed (``api.v1.representations``): the page and the detail
are byte for byte what the declared serializer makes of the same reviews at
that moment, after every kind of write and as the clock passes a boundary."""

from datetime import timedelta

import orjson
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.v1 import representations
from api.v1.serializers import DirectRendering, ReviewDetailSerializer, ReviewSerializer
from api.worker import Worker
from reviews.models import Agency, Body, Contact, Document, RelatedReview, Representation, Review, Reviewer, Theme
from tests.factories import NOW, london, make_contact, make_document, make_review, write_by

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


# Details -----------------------------------------------------------------------


@pytest.fixture
def detailed(reviews):
    """ "summer" with every part a detail shows: reviewers, agencies, its own
    contact, documents (one still embargoed), and related reviews that are
    public, embargoed and archived; "closing" archives in a minute with a document."""
    summer, closing = Review.objects.get(slug="summer"), Review.objects.get(slug="closing")
    summer.contact = make_contact(slug="review-contact", name="Review contact", telephone="0161 000 0000")
    summer.key_learning, summer.recommendations = ["Share information."], ["Audit the pathway."]
    summer.save()
    Reviewer.objects.create(review=summer, position=1, name="A. Reviewer", role="Lead reviewer", is_lead=True)
    summer.agencies.set([Agency.objects.create(slug="police", name="Police")])
    make_document(summer, title="Report")
    make_document(summer, title="Response, later", published_at=NOW + timedelta(hours=1))
    make_document(closing, title="Closing report")
    for other, relation in (("archived", "led_to"), ("embargoed", "related"), ("closing", "related")):
        RelatedReview.objects.create(review=summer, related=Review.objects.get(slug=other), relation=relation)
    return reviews


def declared_detail(slug, now):
    DirectRendering.enabled = False
    try:
        review = representations.with_details(Review.objects.public(now).with_themes()).get(slug=slug)
        return orjson.dumps(ReviewDetailSerializer(review, context={"now": now}).data)
    finally:
        DirectRendering.enabled = True


def assert_details_are_fresh(api, now, stored=True):
    for slug in ("summer", "closing", "archived", "deferred"):
        with CaptureQueriesContext(connection) as queries:
            body = api.get(f"/api/v1/reviews/{slug}/", HTTP_CACHE_CONTROL="no-cache").content
        assert body == declared_detail(slug, now), slug
        built = any("reviews_reviewer" in query["sql"] for query in queries.captured_queries)
        assert built is not stored, f"{slug}: {'built afresh' if built else 'from the stored rendering'}"


def test_a_detail_is_the_declared_serializers_bytes(api, detailed):
    assert_details_are_fresh(api, NOW, stored=False)  # not rendered yet: the serializer's own
    Worker().run_once()
    assert_details_are_fresh(api, NOW)


def stored_detail(slug, now):
    """The detail put together from the stored rendering, read with no catch-up."""
    detail = representations.detail_of(Review.objects.public(now), slug, now, {"now": now})
    assert detail is not None, f"{slug}: no stored rendering"
    return orjson.dumps(detail)


def test_a_stored_details_live_parts_follow_the_clock(api, detailed, clock):
    """With no write and before any catch-up: "closing" archives (on request,
    its document no longer served), a document's and a related review's
    embargoes lift; then, rendered again by the worker, the same."""
    Worker().run_once()
    for moment in (NOW + timedelta(minutes=2), NOW + timedelta(hours=2), NOW + timedelta(days=2)):
        clock.move_to(moment)
        for slug in ("summer", "closing", "archived", "deferred"):
            assert stored_detail(slug, moment) == declared_detail(slug, moment), (slug, moment)
    Worker().run_once()
    assert_details_are_fresh(api, NOW + timedelta(days=2))
    body = orjson.loads(body_of(api, "summer"))
    assert [document["title"] for document in body["documents"]] == ["Report", "Response, later"]
    assert {related["slug"] for related in body["related_reviews"]} == {"archived", "embargoed", "closing"}
    on_request = orjson.loads(body_of(api, "closing"))["on_request"]
    assert on_request["contact"]["name"] == "Safeguarding Unit"


@pytest.mark.parametrize("how", ["related withdrawn", "document embargoed", "contact", "agency", "reviewer"])
def test_a_stored_detail_follows_every_write(api, detailed, clock, how):
    """A write by ``update()`` or raw SQL, caught up by the worker as it would
    be: the stored detail is dropped and the next answer is the serializer's;
    what other reviews and documents show is never taken from the stored bytes."""
    Worker().run_once()
    clock.move_to(NOW + timedelta(seconds=1))
    summer = Review.objects.get(slug="summer")
    if how == "related withdrawn":
        write_by("raw_sql", Review.objects.get(slug="archived"), "withdrawn_at", NOW)
    elif how == "document embargoed":
        Document.objects.filter(title="Report").update(published_at=NOW + timedelta(days=30))
    elif how == "contact":
        Contact.objects.filter(slug="review-contact").update(telephone="0161 111 1111")
    elif how == "agency":
        Agency.objects.filter(slug="police").update(name="Greater Manchester Police")
    else:
        Reviewer.objects.filter(review=summer).update(name="B. Reviewer")
    if how in ("related withdrawn", "document embargoed"):  # before any catch-up: never shown from the stored bytes
        detail = orjson.loads(stored_detail("summer", NOW + timedelta(seconds=1)))
        shown = [document["title"] for document in detail["documents"]] + [
            related["slug"] for related in detail["related_reviews"]]  # fmt: skip
        assert ("archived" if how.startswith("related") else "Report") not in shown
    assert body_of(api, "summer") == declared_detail("summer", NOW + timedelta(seconds=1))


def body_of(api, slug):
    return api.get(f"/api/v1/reviews/{slug}/", HTTP_CACHE_CONTROL="no-cache").content


# What ReviewDetailSerializer makes of the review below (a list's part and a
# detail's), as a hash. When a change to the serializer (or what it reads)
# alters it, raise representations.RENDERING, so the worker renders every
# stored row again, then put the new hash here.
RENDERED = (3, "fbc9e3c5fc4303d17c59534c184691609fb6fe7417a747e9ed748e7c984a6206")


def test_a_change_to_what_a_review_shows_raises_the_rendering_version(board, clock):
    """GIVEN a review with every part a detail stores WHEN it is rendered THEN
    it is what the stored rows of this RENDERING were made from."""
    import hashlib
    import uuid

    review = make_review(slug="fixed", title="Child F", themes=["neglect"], published_at=london(2025, 3, 1, 9),
                         uid=uuid.UUID(int=7), summary="A fixed review.", key_learning=["Listen."],
                         recommendations=["Audit."], contact=make_contact(slug="fixed", name="Fixed"))  # fmt: skip
    Reviewer.objects.create(review=review, position=1, name="A. Reviewer", role="Lead reviewer", is_lead=True)
    review.agencies.set([Agency.objects.create(slug="police", name="Police")])
    [row] = representations.render([review.pk], NOW)
    digest = hashlib.sha256(b"\0".join((row.head, row.tail, row.detail))).hexdigest()
    assert (representations.RENDERING, digest) == RENDERED, (
        f"What a review shows changed: raise representations.RENDERING and set RENDERED to "
        f"({representations.RENDERING + 1}, {digest!r})"
    )
