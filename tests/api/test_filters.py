"""The filtersets themselves: each request's filters are its own."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from api.v1.filters import ReviewFilter
from reviews.models import Review
from tests.factories import NOW, london, make_review

pytestmark = pytest.mark.django_db


def filtered_slugs(now, query):
    request = RequestFactory().get("/api/v1/reviews/")
    request.now = now
    criteria = ReviewFilter(QueryDict(query), Review.objects.all(), request=request)
    return criteria, criteria.validated_queryset()


def test_each_filterset_applies_its_own_clock_and_values(board):
    """Filters are copied per filterset: one request's clock or values must
    never show through another's (a shared filter would bind its method to
    whichever filterset came last)."""
    make_review(slug="old", published_at=london(2015, 3, 1))
    make_review(slug="mid", published_at=london(2025, 12, 1))  # available in January, archived since June
    make_review(slug="new", published_at=london(2026, 9, 1))
    before_new, before = filtered_slugs(london(2026, 1, 1), "status=available")
    after_new, after = filtered_slugs(NOW, "status=all&published_from=2026-01-01")
    assert sorted(before.values_list("slug", flat=True)) == ["mid"]  # "old" archived, "new" embargoed
    assert sorted(after.values_list("slug", flat=True)) == ["new"]
    assert before_new.filters["status"] is not after_new.filters["status"]
    assert before_new.filters["status"].parent is before_new
    # Evaluated again after the second filterset exists: still its own clock.
    assert list(before_new.filter_queryset(Review.objects.all()).values_list("slug", flat=True)) == ["mid"]
    assert ReviewFilter.base_filters["status"].__dict__.get("parent") is None


def test_ordering_may_be_repeated_or_comma_separated(api, board):
    """openapi-python-client and openapi-fetch repeat it; openapi-generator joins it with commas."""
    from tests.factories import NOW, make_review

    for title, days in (("B", 1), ("A", 2), ("A", 3)):
        make_review(title=title, published_at=NOW - timedelta(days=days))
    repeated = api.get("/api/v1/reviews/?ordering=title&ordering=-published")
    joined = api.get("/api/v1/reviews/?ordering=title,-published")
    assert repeated.status_code == joined.status_code == 200
    assert repeated.json()["results"] == joined.json()["results"]
    assert [r["title"] for r in joined.json()["results"]] == ["A", "A", "B"]
    assert joined.json()["results"][0]["published"] > joined.json()["results"][1]["published"]


@pytest.mark.parametrize("query", ["ordering=,", "ordering=title,", "ordering=,title", "ordering=title&ordering=",
                                   "q=child&ordering=relevance,", "ordering=title,,published"])  # fmt: skip
def test_an_empty_sort_key_is_named_in_a_400(api, board, query):
    """A trailing comma, or an empty repeat (what a generated client sends for an
    empty list item), once answered 500."""
    for path in ("/api/v1/reviews/", "/api/v1/documents/"):
        if "q=" in query and "documents" in path:
            continue
        response = api.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query, response.status_code)
        assert response.json()["invalid_params"] == [
            {
                "name": "ordering",
                "reason": "has an empty item: name each one, separated by commas (e.g. title,-published).",
            }
        ]
