"""Queries per request do not grow with page size or data size."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.worker import Worker
from reviews.changelog import versions
from reviews.models import Reviewer
from tests.factories import make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/reviews/", "/api/v1/documents/", "/api/v1/leaflets/", "/api/v1/contacts/"]


def add_content(count):
    for _ in range(count):
        review = make_review(themes=["neglect", "head injury"])
        Reviewer.objects.create(review=review, name="A Reviewer")
        make_document(review, with_file=False)
        make_leaflet()


def queries_for(api, path, **params):
    Worker().run_once()  # the writes above caught up and rendered, as the worker does
    cache.clear()  # count the cold path, schedule included
    versions.forget()
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_are_constant_in_page_size_and_data_size(api, board, path):
    add_content(3)
    small = [queries_for(api, path, page_size=size) for size in (1, 20, 100)]
    add_content(100)
    large = [queries_for(api, path, page_size=size) for size in (1, 20, 100)]
    assert len(set(small + large)) == 1, (small, large)


def test_detail_queries_do_not_grow_with_documents(api, board):
    review = make_review(slug="pip", themes=["neglect"])
    make_document(review)
    few = queries_for(api, "/api/v1/reviews/pip/")
    for _ in range(20):
        make_document(review)
        Reviewer.objects.create(review=review, name="Another")
    assert queries_for(api, "/api/v1/reviews/pip/") == few


FEEDS = ["/feeds/publications.atom", "/feeds/publications.rss", "/feeds/publications.json"]


@pytest.mark.parametrize("path", FEEDS)
def test_feed_queries_do_not_grow_with_entries(api, board, path):
    """A feed loads its entries by kind, with only what they show: no query per
    entry, whether it is a review with enclosures or a document added later."""

    def add(count):
        for _ in range(count):
            review = make_review(themes=["neglect"])
            make_document(review)  # an enclosure of the review's entry
            make_document(review, published_at=review.published_at + timedelta(hours=1))  # an entry of its own

    # The newest: in the feed however many reviews there are, as both kinds above are.
    make_leaflet(published_at=timezone.now() - timedelta(minutes=1))
    add(2)
    few = queries_for(api, path)
    add(30)
    assert queries_for(api, path) == few


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_read_no_document_words_and_one_query_of_themes(api, board, path):
    """A PDF's extracted words are for search only and may run to megabytes a
    document: a feed of 50 entries must not load them for a document's entry,
    a review's enclosures or a leaflet's. The themes of every review shown, its
    own entry's or a document's, come from one query."""
    review = make_review(themes=["neglect"])
    make_document(review)  # an enclosure of the review's entry
    make_document(review, published_at=review.published_at + timedelta(hours=1))  # an entry of its own
    leaflet = make_leaflet(published_at=timezone.now() - timedelta(minutes=1))
    make_document(leaflet=leaflet)
    Worker().run_once()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200 and b"neglect" in response.content
    documents = [query["sql"] for query in captured if 'FROM "reviews_document"' in query["sql"]]
    assert len(documents) >= 3  # the ranking, a document's entry, the enclosures …
    assert not any("extracted_text" in sql for sql in documents)  # … without their words
    assert len([query for query in captured if 'FROM "reviews_review_themes"' in query["sql"]]) == 1
