"""GET /api/v1/reviews/ and /api/v1/reviews/{slug}/."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reviews import services
from reviews.models import Review, Reviewer
from tests.factories import NOW, london, make_contact, make_document, make_review
from tests.helpers import invalid_names, slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def test_lists_available_reviews_newest_first_by_default(api, board):
    make_review(slug="older", published_at=NOW - timedelta(days=30))
    make_review(slug="newer", published_at=NOW - timedelta(days=1))
    make_review(slug="archived", published_at=NOW - timedelta(days=400))
    make_review(slug="embargoed", published_at=NOW + timedelta(days=1))
    services.withdraw(make_review(slug="withdrawn", published_at=NOW - timedelta(days=2)), "Court order")
    response = api.get("/api/v1/reviews/")
    assert slugs(response) == ["newer", "older"]
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    "status, expected", [("available", ["newer"]), ("archived", ["archived"]), ("all", ["newer", "archived"])]
)
def test_status_filter(api, board, status, expected):
    make_review(slug="newer")
    make_review(slug="archived", published_at=NOW - timedelta(days=400))
    make_review(slug="embargoed", published_at=NOW + timedelta(days=1))
    assert slugs(api.get("/api/v1/reviews/", {"status": status})) == expected


def test_detail_has_everything_public_and_nothing_internal(api, board):
    contact = make_contact(slug="unit", name="Safeguarding Unit", telephone="0161 000 0000")
    review = make_review(
        slug="pip",
        title="Pip",
        published_at=london(2026, 8, 1),
        date_precision="month",
        commissioned_on=london(2025, 7, 1).date(),
        commissioned_precision="month",
        themes=["eating disorders"],
        review_method="SILP",
        key_learning=["Share information early."],
        recommendations=["Joint training on eating disorders."],
        chair_statement="Our sympathies.",
        chair_statement_date=london(2026, 8, 1).date(),
        chair_statement_signatory="Gill Frame",
        contact=contact,
        withdrawal_reason="SECRET-REASON",
        editor_notes="SECRET-NOTES",
    )
    Reviewer.objects.create(review=review, name="Peter Maddocks", role="Independent reviewer")
    make_document(review, title="Full report")
    response = api.get("/api/v1/reviews/pip/")
    assert response.status_code == 200
    body = response.json()
    assert body["published"] == "2026-08" and body["published_label"] == "August 2026"
    assert body["published_precision"] == "month"
    assert body["commissioned"] == "2025-07"
    assert body["status"] == "available"
    assert body["themes"] == [{"slug": "eating-disorders", "name": "eating disorders"}]
    assert body["reviewers"] == [{"name": "Peter Maddocks", "role": "Independent reviewer", "lead": False}]
    assert body["key_learning"] == ["Share information early."]
    assert body["recommendations"] == ["Joint training on eating disorders."]
    assert body["chair_statement"] == {"text": "Our sympathies.", "date": "2026-08-01", "signatory": "Gill Frame"}
    assert body["contact"]["telephone"] == "0161 000 0000"
    assert body["review_method"] == "SILP"
    [document] = body["documents"]
    assert document["download_url"] == f"http://testserver/api/v1/documents/{document['id']}/download"
    assert body["url"] == "http://testserver/api/v1/reviews/pip/"
    assert body["documents_url"].startswith("http://testserver/api/v1/documents/?review=pip")
    assert body["feed_url"] == "http://testserver/feeds/publications.atom?review=pip"
    text = response.content.decode()
    for internal in ("SECRET-REASON", "SECRET-NOTES", "withdrawal_reason", "editor_notes", "uploaded_by"):
        assert internal not in text


def test_detail_falls_back_to_the_boards_archive_contact(api, board):
    make_review(slug="jaiden", published_at=NOW - timedelta(days=400))
    body = api.get("/api/v1/reviews/jaiden/").json()
    assert body["status"] == "archived"
    assert body["contact"]["name"] == "Safeguarding Unit"


class TestPublicationWindow:
    """Inclusive bounds, to the second, on the board's clock (Europe/London)."""

    @pytest.fixture
    def edge_reviews(self, board):
        make_review(slug="before", published_at=london(2016, 6, 30, 23, 59, 59))
        make_review(slug="first-second", published_at=london(2016, 7, 1, 0, 0, 0))
        make_review(slug="last-second", published_at=london(2016, 7, 31, 23, 59, 59))
        make_review(slug="after", published_at=london(2016, 8, 1, 0, 0, 0))

    def test_date_bounds_include_whole_edge_days(self, api, edge_reviews):
        found = api.get(
            "/api/v1/reviews/", {"status": "all", "published_from": "2016-07-01", "published_to": "2016-07-31"}
        )
        assert slugs(found) == ["last-second", "first-second"]

    def test_date_time_bounds_are_inclusive(self, api, edge_reviews):
        found = api.get(
            "/api/v1/reviews/",
            {
                "status": "all",
                "published_from": "2016-07-01T00:00:00+01:00",
                "published_to": "2016-07-31T23:59:59+01:00",
            },
        )
        assert slugs(found) == ["last-second", "first-second"]

    def test_utc_offsets_are_honoured(self, api, edge_reviews):
        # 2016-06-30T23:00:00Z is midnight in London (summer time).
        found = api.get(
            "/api/v1/reviews/",
            {"status": "all", "published_from": "2016-06-30T23:00:00Z", "published_to": "2016-07-01"},
        )
        assert slugs(found) == ["first-second"]

    def test_same_day_window(self, api, edge_reviews):
        found = api.get(
            "/api/v1/reviews/", {"status": "all", "published_from": "2016-07-31", "published_to": "2016-07-31"}
        )
        assert slugs(found) == ["last-second"]


def test_available_on_lists_what_was_public_that_day(api, board):
    make_review(slug="then", published_at=london(2016, 7, 1))  # window to 2017-01-01
    make_review(slug="later", published_at=london(2017, 8, 1))
    services.withdraw(make_review(slug="withdrawn", published_at=london(2016, 7, 1)), "Court order")
    assert slugs(api.get("/api/v1/reviews/", {"available_on": "2016-12-31"})) == ["then"]
    assert slugs(api.get("/api/v1/reviews/", {"available_on": "2017-01-01"})) == []
    assert slugs(api.get("/api/v1/reviews/", {"available_on": "2016-07-01"})) == ["then"]


def test_updated_since_includes_embargoes_that_lifted_unsaved(api, board):
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        make_review(slug="scheduled", published_at=NOW - timedelta(hours=1))
        make_review(slug="untouched", published_at=NOW - timedelta(days=20))
    since = (NOW - timedelta(days=1)).isoformat()
    assert slugs(api.get("/api/v1/reviews/", {"updated_since": since})) == ["scheduled"]


def test_type_theme_and_text_filters(api, board):
    make_review(slug="pip", title="Pip", themes=["eating disorders"], key_learning=["Anorexia needs joint care plans"])
    make_review(slug="child-n", title="Child N", themes=["head injury"], review_type=Review.Type.RAPID_REVIEW)
    make_review(slug="jaiden", title="Jaiden", themes=["neglect"])
    assert slugs(api.get("/api/v1/reviews/", {"type": "rapid_review"})) == ["child-n"]
    both = api.get("/api/v1/reviews/?theme=eating-disorders&theme=head-injury")
    assert sorted(slugs(both)) == ["child-n", "pip"]
    assert slugs(api.get("/api/v1/reviews/", {"q": "ANOREXIA joint"})) == ["pip"]
    assert slugs(api.get("/api/v1/reviews/", {"q": "head injury"})) == ["child-n"]
    assert api.get("/api/v1/reviews/", {"theme": "no-such-theme"}).status_code == 400


def test_ordering_with_tie_breaker_never_repeats_or_skips(api, board):
    same_moment = NOW - timedelta(days=1)
    created = [make_review(slug=f"r{index:02}", published_at=same_moment).slug for index in range(7)]
    seen = []
    for page in (1, 2, 3):
        seen += slugs(api.get("/api/v1/reviews/", {"page_size": 3, "page": page, "ordering": "published"}))
    assert seen == created
    titles = slugs(api.get("/api/v1/reviews/", {"ordering": "-title", "page_size": 100}))
    assert len(titles) == 7


def test_pagination_links(api, board):
    for index in range(5):
        make_review(slug=f"r{index}")
    response = api.get("/api/v1/reviews/", {"page_size": 2, "page": 2})
    body = response.json()
    assert body["count"] == 5
    assert body["next"] == "http://testserver/api/v1/reviews/?page_size=2&page=3"
    assert body["previous"] == "http://testserver/api/v1/reviews/?page_size=2"
    link = response["Link"]
    for rel, url in [
        ("next", "?page_size=2&page=3"),
        ("prev", "?page_size=2"),
        ("first", "?page_size=2"),
        ("last", "?page_size=2&page=3"),
    ]:
        assert f'<http://testserver/api/v1/reviews/{url}>; rel="{rel}"' in link
    assert "</feeds/publications.atom" not in link  # absolute, like the others
    assert '<http://testserver/feeds/publications.atom>; rel="alternate"; type="application/atom+xml"' in link


@pytest.mark.parametrize(
    "query, bad",
    [
        ("published_from=2017-02-30", {"published_from": "not a calendar date"}),
        ("published_to=2017-13-01", {"published_to": "not a calendar date"}),
        ("published_from=0000-01-01", {"published_from": "not a calendar date"}),
        ("published_from=10000-01-01", {"published_from": "neither a date"}),
        ("published_from=2017-08-01T10:00:00", {"published_from": "UTC offset"}),
        ("published_from=yesterday", {"published_from": "neither a date"}),
        ("published_from=", {"published_from": "must not be empty"}),
        ("published_from=2017-08-02&published_to=2017-08-01", {"published_from": "inverted"}),
        ("available_on=2017-08-01T00:00:00Z", {"available_on": "not a date"}),
        ("updated_since=2017-02-29", {"updated_since": "not a calendar date"}),
        ("status=withdrawn", {"status": "not one of the available choices"}),
        ("status=embargoed", {"status": "not one of the available choices"}),
        ("ordering=secret", {"ordering": "not one of the available choices"}),
        ("type=inquiry", {"type": "not one of the available choices"}),
        ("theme=Not%20A%20Slug", {"theme": "not a slug"}),
        ("page_size=0", {"page_size": "greater than or equal to 1"}),
        ("page_size=101", {"page_size": "less than or equal to 100"}),
        ("page_size=1000000000", {"page_size": "less than or equal to 100"}),
        ("page=0", {"page": "greater than or equal to 1"}),
        ("page=-1", {"page": "greater than or equal to 1"}),
        ("page=abc", {"page": "whole number"}),
        ("page=2", {"page": "beyond the last page, 1"}),
        ("colour=blue", {"colour": "not a known parameter"}),
        ("status=all&status=archived", {"status": "only once"}),
        ("q=" + "x" * 201, {"q": "at most 200"}),
        ("q=%00", {"q": "NUL"}),
        ("published_from=2017-02-30&status=x&colour=blue", {"published_from": "", "status": "", "colour": ""}),
    ],
)
def test_bad_input_is_a_400_naming_each_parameter(api, board, query, bad):
    response = api.get(f"/api/v1/reviews/?{query}")
    names = invalid_names(response)
    assert set(names) == set(bad)
    for name, reason in bad.items():
        assert reason in names[name]
    body = response.json()
    assert body["status"] == 400 and body["type"].endswith("/api/problems/invalid-parameters")


def test_detail_rejects_list_parameters(api, board):
    make_review(slug="pip")
    assert "status" in invalid_names(api.get("/api/v1/reviews/pip/", {"status": "all"}))


def test_unknown_and_malformed_slugs_are_404_problems(api, board):
    for path in ("/api/v1/reviews/nobody/", "/api/v1/reviews/..%2F..%2Fetc%2Fpasswd/", "/api/v1/reviews/Pip%00/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_month_precision_is_never_shown_as_a_day(api, board):
    make_review(slug="pip", published_at=timezone.make_aware(timezone.datetime(2026, 8, 1)), date_precision="month")
    [item] = api.get("/api/v1/reviews/").json()["results"]
    assert item["published"] == "2026-08"
    assert item["published_label"] == "August 2026"


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_renamed_review_keeps_its_uid_and_its_old_address_answers_301(api, board, how):
    """Researchers key on the uid; links to the old slug keep working, however
    the slug was changed, and only while the review is public."""
    review = make_review(slug="child-q")
    uid = api.get("/api/v1/reviews/child-q/").json()["uid"]
    if how == "save":
        review.slug = "child-r"
        review.save()
    else:
        Review.objects.filter(pk=review.pk).update(slug="child-r")
    moved = api.get("/api/v1/reviews/child-q/?format=json")
    assert moved.status_code == 301 and moved["Location"] == "http://testserver/api/v1/reviews/child-r/?format=json"
    assert api.get(moved["Location"]).json()["uid"] == uid
    services.withdraw(Review.objects.get(pk=review.pk), "Court order")
    assert api.get("/api/v1/reviews/child-q/").status_code == 404  # no redirect to what is not public
    assert api.get("/api/v1/reviews/nobody/").status_code == 404


def test_a_slug_taken_back_is_its_own_again(api, board):
    review = make_review(slug="child-q")
    Review.objects.filter(pk=review.pk).update(slug="child-r")
    Review.objects.filter(pk=review.pk).update(slug="child-q")
    assert api.get("/api/v1/reviews/child-q/").status_code == 200
    assert api.get("/api/v1/reviews/child-r/").status_code == 301


def test_a_review_is_fetched_and_filtered_by_its_uid_and_types_repeat(api, board):
    pip = make_review(slug="pip", review_type=Review.Type.SERIOUS_CASE_REVIEW)
    other = make_review(slug="other", review_type=Review.Type.DOMESTIC_HOMICIDE_REVIEW)
    make_review(slug="third", review_type=Review.Type.SAFEGUARDING_ADULTS_REVIEW)
    hidden = make_review(slug="hidden", published_at=NOW.replace(year=2030))
    found = api.get("/api/v1/reviews/", {"uid": [str(pip.uid), str(other.uid), str(hidden.uid)]}).json()
    assert sorted(review["slug"] for review in found["results"]) == ["other", "pip"]
    assert api.get("/api/v1/reviews/", {"uid": "not-a-uid"}).status_code == 400
    moved = api.get(f"/api/v1/reviews/{pip.uid}/")
    assert moved.status_code == 301 and moved["Location"].endswith("/api/v1/reviews/pip/")
    assert api.get(f"/api/v1/reviews/{hidden.uid}/").status_code == 404  # an embargoed uid says nothing
    both = api.get("/api/v1/reviews/", {"type": ["serious_case_review", "domestic_homicide_review"]}).json()
    assert sorted(review["slug"] for review in both["results"]) == ["other", "pip"]


def test_body_and_nation_repeat_like_every_filter_that_takes_several(api, board):
    from reviews.models import Body

    welsh = Body.objects.create(slug="cwm-taf", name="Cwm Taf Morgannwg board", nation="wales")
    scots = Body.objects.create(slug="glasgow", name="Glasgow committee", nation="scotland")
    make_review(slug="pip")
    make_review(slug="cymru", body=welsh)
    make_review(slug="alba", body=scots)
    by_body = api.get("/api/v1/reviews/", {"body": [board.slug, welsh.slug]}).json()["results"]
    assert sorted(review["slug"] for review in by_body) == ["cymru", "pip"]
    by_nation = api.get("/api/v1/reviews/", {"nation": ["wales", "scotland"]}).json()["results"]
    assert sorted(review["slug"] for review in by_nation) == ["alba", "cymru"]
    unknown = api.get("/api/v1/reviews/", {"body": [board.slug, "nobody"]})
    assert unknown.status_code == 400 and "nobody" in unknown.json()["invalid_params"][0]["reason"]
    changes = api.get("/api/v1/changes/", {"body": [welsh.slug, scots.slug]}).json()
    assert {change["id"] for change in changes["changes"]} == {"cymru", "alba"}
    assert changes["next_url"].endswith(f"&body={welsh.slug}&body={scots.slug}")
    feed = api.get("/feeds/publications.atom", {"nation": ["wales", "scotland"]})
    assert feed.status_code == 200 and b"in Wales or Scotland" in feed.content
