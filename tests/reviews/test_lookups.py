"""``__in`` with a long list (``reviews.database.lookups``): the rows Django's own ``in``
finds, on both databases, and on PostgreSQL one array instead of a
placeholder a value."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.database.lookups import LONG
from reviews.models import Document, Review
from tests.factories import make_document, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews():
    made = [make_review() for _ in range(6)]
    for review in made[:3]:
        make_document(review=review, with_file=False)
    return made


def _found(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_a_long_list_finds_what_a_short_one_finds_whatever_its_values(reviews):
    wanted = reviews[1:4]
    missing = max(review.pk for review in reviews) + 1
    # Padded past LONG with keys nobody has, repeated values and a None (never equal to anything).
    pks = [review.pk for review in wanted] + list(range(missing, missing + LONG)) + [wanted[0].pk, None]
    assert _found(Review.objects.filter(pk__in=pks)) == sorted(review.pk for review in wanted)
    assert _found(Review.objects.exclude(pk__in=pks)) == sorted(r.pk for r in reviews if r not in wanted)
    # A relation, by instance or by key; text keys; uuids, as UUIDs and as text.
    documents = Document.objects.filter(review__in=wanted * LONG)
    assert documents.count() == 2 and Document.objects.filter(review_id__in=pks).count() == 2
    slugs = [review.slug for review in wanted] + [f"nobody-{n}" for n in range(LONG)]
    assert _found(Review.objects.filter(slug__in=slugs)) == sorted(review.pk for review in wanted)
    for uids in ([review.uid for review in wanted] * LONG, [str(review.uid) for review in wanted] * LONG):
        assert _found(Review.objects.filter(uid__in=uids)) == sorted(review.pk for review in wanted)
    assert not Review.objects.filter(pk__in=[None] * LONG).exists()


def test_on_postgresql_a_long_list_is_one_array_and_a_short_one_stays_a_list(reviews):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps Django's list of placeholders")
    with CaptureQueriesContext(connection) as queries:
        list(Review.objects.filter(pk__in=range(LONG)))
        list(Document.objects.filter(review_id__in=range(LONG)))
        list(Review.objects.filter(pk__in=range(LONG - 1)))
    long_review, long_document, short = (query["sql"] for query in queries.captured_queries)
    assert '"reviews_review"."id" = ANY(' in long_review and " IN (" not in long_review
    assert '"reviews_document"."review_id" = ANY(' in long_document
    assert " IN (" in short and "ANY(" not in short


def test_a_long_list_of_text_never_matches_by_a_cut_off_value():
    """A value longer than the column holds is compared whole: cast to
    ``varchar(n)[]``, PostgreSQL would silently cut it to n characters, and
    a slug one letter longer would find the review whose slug it begins with."""
    limit = Review._meta.get_field("slug").max_length
    review = make_review(slug="r" * limit)
    assert not Review.objects.filter(slug__in=[review.slug + "x"] * LONG).exists()
    assert Review.objects.filter(slug__in=[review.slug] * LONG).get() == review
