"""Every kind of review across the UK: its label, the nations where it applies,
its statutory basis, and the nation filter on the lists, feeds and exports."""

import json

import feedparser
import pytest

from reviews.models import Review
from reviews.review_types import ABOUT, Nation, ReviewType
from tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_every_type_says_where_it_applies_and_under_what_law():
    assert set(ABOUT) == set(ReviewType)
    for kind, about in ABOUT.items():
        assert about.nations and set(about.nations) <= set(Nation) and about.statutory_basis, kind
    assert ABOUT[ReviewType.SINGLE_UNIFIED_SAFEGUARDING_REVIEW].nations == (Nation.WALES,)
    assert "Care Act 2014, section 44" in ABOUT[ReviewType.SAFEGUARDING_ADULTS_REVIEW].statutory_basis


@pytest.fixture
def across_the_uk(board):
    make_review(slug="pip", review_type=Review.Type.SERIOUS_CASE_REVIEW)
    make_review(slug="cardiff", review_type=Review.Type.SINGLE_UNIFIED_SAFEGUARDING_REVIEW)
    make_review(slug="glasgow", review_type=Review.Type.LEARNING_REVIEW)
    make_review(slug="belfast", review_type=Review.Type.CASE_MANAGEMENT_REVIEW)
    make_review(slug="dhr", review_type=Review.Type.DOMESTIC_HOMICIDE_REVIEW)


@pytest.mark.parametrize(
    "nation, slugs",
    [
        ("england", {"pip", "dhr"}),
        ("wales", {"cardiff", "dhr"}),
        ("scotland", {"glasgow"}),
        ("northern_ireland", {"belfast"}),
    ],  # fmt: skip
)
def test_lists_feeds_and_exports_filter_by_nation(api, across_the_uk, nation, slugs):
    listed = {r["slug"] for r in api.get("/api/v1/reviews/", {"nation": nation}).json()["results"]}
    exported = {json.loads(line)["slug"] for line in b"".join(
        api.get("/api/v1/exports/reviews.jsonl", {"nation": nation}).streaming_content).splitlines()}  # fmt: skip
    feed = feedparser.parse(api.get("/feeds/publications.atom", {"nation": nation}).content)
    assert listed == exported == slugs
    assert len(feed.entries) == len(slugs) and "in " in feed.feed.title
    assert api.get("/api/v1/reviews/", {"nation": "atlantis"}).status_code == 400


def test_a_review_says_its_type_nations_and_statutory_basis(api, across_the_uk):
    review = api.get("/api/v1/reviews/cardiff/").json()
    assert (review["type"], review["type_label"], review["nations"]) == (
        "single_unified_safeguarding_review", "Single unified safeguarding review", ["wales"])  # fmt: skip
    assert "1 October 2024" in review["statutory_basis"]
    assert api.get("/api/v1/reviews/pip/").json()["type"] == "serious_case_review"  # existing rows stay what they are
