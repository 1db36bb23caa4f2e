"""Every kind of review across the UK: its label, the nations where it applies,
its statutory basis, and the nation filter on the lists, feeds and exports."""

import json

import feedparser
import pytest

from reviews.models import Review
from reviews.review_types import ABOUT, Nation, ReviewType
from tests.factories import make_body, make_review

pytestmark = pytest.mark.django_db


def test_every_type_says_where_it_applies_and_under_what_law():
    assert set(ABOUT) == set(ReviewType)
    for kind, about in ABOUT.items():
        assert about.nations and set(about.nations) <= set(Nation) and about.statutory_basis, kind
    assert ABOUT[ReviewType.SINGLE_UNIFIED_SAFEGUARDING_REVIEW].nations == (Nation.WALES,)
    assert "Care Act 2014, section 44" in ABOUT[ReviewType.SAFEGUARDING_ADULTS_REVIEW].statutory_basis


@pytest.fixture
def across_the_uk(board):
    """A review by a body in each nation; a domestic homicide review (a type of England
    and Wales) by the English board."""
    make_review(slug="pip", review_type=Review.Type.SERIOUS_CASE_REVIEW)
    make_review(slug="cardiff", review_type=Review.Type.SINGLE_UNIFIED_SAFEGUARDING_REVIEW,
                body=make_body("cardiff-and-vale", nation="wales"))  # fmt: skip
    make_review(slug="glasgow", review_type=Review.Type.LEARNING_REVIEW, body=make_body("glasgow", nation="scotland"))
    make_review(slug="belfast", review_type=Review.Type.CASE_MANAGEMENT_REVIEW,
                body=make_body("belfast", nation="northern_ireland"))  # fmt: skip
    make_review(slug="dhr", review_type=Review.Type.DOMESTIC_HOMICIDE_REVIEW)


@pytest.mark.parametrize(
    "nation, slugs",
    [
        ("england", {"pip", "dhr"}),
        ("wales", {"cardiff"}),  # the nation of the body that published it, not every nation its type is in
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


def test_the_reference_librarys_metadata_is_public_and_coarse(api, board):
    from datetime import date

    make_review(slug="pip", incident_month=date(2016, 3, 17), subject_age_band="11_to_15", subject_sex="female",
                notified_on=date(2016, 4, 1), rapid_review_on=date(2016, 4, 20), completed_on=date(2017, 5, 2),
                sent_to_panel_on=date(2017, 6, 1), external_reference="NSPCC 2017/0042")  # fmt: skip
    review = api.get("/api/v1/reviews/pip/").json()
    assert review["incident_month"] == "2016-03"  # the day never leaves
    assert "17" not in json.dumps({k: v for k, v in review.items() if k.startswith("incident")})
    assert (review["subject_age_band"], review["subject_sex"]) == ("11_to_15", "female")
    assert (review["notified_on"], review["rapid_review_on"], review["completed_on"], review["sent_to_panel_on"]) == (
        "2016-04-01", "2016-04-20", "2017-05-02", "2017-06-01")  # fmt: skip
    assert review["external_reference"] == "NSPCC 2017/0042"


def test_the_metadata_survives_an_export_and_import(board, tmp_path):
    from datetime import date

    from django.core.management import call_command

    make_review(slug="pip", incident_month=date(2016, 3, 1), subject_age_band="under_1", completed_on=date(2017, 5, 2))
    call_command("export_content", tmp_path / "backup.json")
    Review.objects.all().delete()
    call_command("import_content", tmp_path / "backup.json")
    review = Review.objects.get(slug="pip")
    assert (review.incident_month, review.subject_age_band, review.completed_on) == (
        date(2016, 3, 1), "under_1", date(2017, 5, 2))  # fmt: skip
