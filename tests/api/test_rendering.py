"""The direct rendering of serializers (api.v1.serializers.DirectRendering)
says exactly what DRF's declared fields say — on every JSON endpoint, over
the seed content and the awkward cases, loaded as the views load them."""

import pytest
from django.core.management import call_command

from api.v1.serializers import DirectRendering
from reviews.models import Document, Review
from tests.factories import NOW, london, make_contact, make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(board, frozen_clock):
    call_command("load_seed_content")
    contact = make_contact(slug="formats", name="Formats", email="formats@example.org", website="https://example.org")
    archived = make_review(slug="archived", themes=["neglect"], published_at=london(2012, 1, 5),
                           review_type=Review.Type.NATIONAL_REVIEW)  # fmt: skip
    make_document(archived, alternative_format_contact=contact, document_date=london(2011, 12, 1).date())
    summer = make_review(slug="summer-midnight", published_at=london(2026, 7, 1, 0, 30), date_precision="day",
                         review_type=Review.Type.RAPID_REVIEW, themes=["head injury", "neglect"])  # fmt: skip
    make_document(summer, with_file=False, kind=Document.Kind.STAFF_SUMMARY, page_count=3, stated_size="1 MB")
    make_document(summer, published_at=london(2026, 8, 1))  # added later
    leaflet = make_leaflet(slug="for-carers", alternative_formats=["large print"], interpreting_contact=contact)
    make_document(leaflet=leaflet, alternative_format_contact=contact)


def paths():
    yield "/api/v1/"
    yield "/api/v1/reviews/?status=all&page_size=100"
    yield "/api/v1/documents/?status=all&page_size=100"
    yield "/api/v1/leaflets/"
    yield "/api/v1/contacts/"
    for review in Review.objects.public(NOW):
        yield f"/api/v1/reviews/{review.slug}/"
    for document in Document.objects.public(NOW):
        yield f"/api/v1/documents/{document.pk}/"
    yield "/api/v1/leaflets/for-carers/"


def test_direct_rendering_equals_the_declared_fields_everywhere(api, content, monkeypatch):
    answers = {}
    for direct in (True, False):
        monkeypatch.setattr(DirectRendering, "enabled", direct)
        for path in paths():
            response = api.get(path, HTTP_CACHE_CONTROL="no-cache")
            assert response.status_code == 200, (path, response.content)
            answers.setdefault(path, []).append(response.content)
    assert len(answers) > 12
    for path, (direct, declared) in answers.items():
        assert direct == declared, path  # the same bytes: same keys, order and values
