"""The publication rules, pinned to the second at every boundary."""

from datetime import timedelta

import pytest
import time_machine

from reviews import services
from reviews.models import Body, Document, Leaflet, Review
from reviews.publication import Status, add_months, status_of
from tests.factories import london, make_board, make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
PUBLISHED = london(2017, 8, 31, 9, 30)  # 31 August: the month-end case
WINDOW_END = london(2018, 2, 28, 9, 30)  # + 6 months, clamped to February's end


@pytest.fixture
def review():
    make_board(availability_months=6)
    return make_review(published_at=PUBLISHED)


def statuses_at(moment, review):
    """Everything the rules say about ``review`` at ``moment``."""
    with time_machine.travel(moment, tick=False):
        review.refresh_from_db()
        return {
            "status": review.status,
            "public": Review.objects.public().filter(pk=review.pk).exists(),
            "available": Review.objects.available().filter(pk=review.pk).exists(),
            "archived": Review.objects.archived().filter(pk=review.pk).exists(),
            "embargoed": Review.objects.embargoed().filter(pk=review.pk).exists(),
        }


def test_window_is_six_months_clamped_to_month_end(review):
    assert review.available_until == WINDOW_END


@pytest.mark.parametrize(
    "moment, expected",
    [
        (PUBLISHED - SECOND, Status.EMBARGOED),
        (PUBLISHED, Status.AVAILABLE),
        (PUBLISHED + SECOND, Status.AVAILABLE),
        (WINDOW_END - SECOND, Status.AVAILABLE),
        (WINDOW_END, Status.ARCHIVED),
        (WINDOW_END + SECOND, Status.ARCHIVED),
    ],
)
def test_status_at_each_boundary(review, moment, expected):
    seen = statuses_at(moment, review)
    assert seen["status"] == expected
    assert seen["public"] is (expected != Status.EMBARGOED)
    assert seen["embargoed"] is (expected == Status.EMBARGOED)
    assert seen["available"] is (expected == Status.AVAILABLE)
    assert seen["archived"] is (expected == Status.ARCHIVED)


@pytest.mark.parametrize(
    "published, months, expected",
    [
        (london(2017, 8, 31, 9, 30), 6, london(2018, 2, 28, 9, 30)),
        (london(2019, 8, 31, 9, 30), 6, london(2020, 2, 29, 9, 30)),  # leap year
        (london(2020, 2, 29, 12, 0), 12, london(2021, 2, 28, 12, 0)),
        (london(2020, 2, 29, 12, 0), 48, london(2024, 2, 29, 12, 0)),
        (london(2016, 7, 1, 0, 0), 6, london(2017, 1, 1, 0, 0)),  # across summer time
        (london(2017, 1, 31, 0, 0), 1, london(2017, 2, 28, 0, 0)),
        (london(2017, 12, 15, 8, 0), 14, london(2019, 2, 15, 8, 0)),
    ],
)
def test_add_months_keeps_wall_clock_and_clamps_day(published, months, expected):
    assert add_months(published, months) == expected


def test_leap_day_publication_window_boundaries():
    make_board(availability_months=12)
    review = make_review(published_at=london(2020, 2, 29, 12, 0))
    end = london(2021, 2, 28, 12, 0)
    assert statuses_at(end - SECOND, review)["status"] == Status.AVAILABLE
    assert statuses_at(end, review)["status"] == Status.ARCHIVED


def test_per_review_override_replaces_the_board_window(review):
    review.available_until_override = london(2019, 1, 1)
    review.save()
    assert review.available_until == london(2019, 1, 1)
    assert statuses_at(london(2018, 12, 31, 23, 59, 59), review)["status"] == Status.AVAILABLE
    assert statuses_at(london(2019, 1, 1), review)["status"] == Status.ARCHIVED


def test_extend_availability_adds_months_to_the_current_end(review):
    services.extend(review, 6)
    review.refresh_from_db()
    assert review.available_until == london(2018, 8, 28, 9, 30)


def test_changing_the_board_window_moves_every_review_without_override(review):
    overridden = make_review(published_at=PUBLISHED, available_until_override=london(2030, 1, 1))
    board = Body.objects.get()
    services.change_window(board, 12)
    review.refresh_from_db()
    overridden.refresh_from_db()
    assert review.available_until == london(2018, 8, 31, 9, 30)
    assert overridden.available_until == london(2030, 1, 1)


def test_window_defaults_to_configured_months_without_a_board(settings):
    settings.AVAILABILITY_WINDOW_MONTHS = 12
    review = make_review(published_at=PUBLISHED)
    assert review.available_until == london(2018, 8, 31, 9, 30)


@pytest.mark.parametrize(
    "withdrawn_at",
    [PUBLISHED - timedelta(days=1), PUBLISHED, PUBLISHED + timedelta(days=30), WINDOW_END + timedelta(days=1)],
    ids=["while-embargoed", "at-publication", "while-available", "after-archive"],
)
def test_withdrawal_at_any_time_removes_it_everywhere(review, withdrawn_at):
    with time_machine.travel(withdrawn_at, tick=False):
        services.withdraw(review, "Court order")
    for moment in (withdrawn_at, withdrawn_at + SECOND, PUBLISHED + SECOND, WINDOW_END + SECOND):
        seen = statuses_at(moment, review)
        assert seen["status"] == Status.WITHDRAWN
        assert not any(seen[key] for key in ("public", "available", "archived", "embargoed"))
    assert Review.objects.withdrawn().filter(pk=review.pk).exists()


def test_with_status_matches_each_queryset(review):
    with time_machine.travel(PUBLISHED + SECOND, tick=False):
        assert list(Review.objects.with_status("available")) == [review]
        assert not Review.objects.with_status("embargoed").exists()
    with pytest.raises(ValueError):
        Review.objects.with_status("bogus")


class TestDocuments:
    def test_document_follows_its_review_embargo(self, review):
        document = make_document(review)
        with time_machine.travel(PUBLISHED - SECOND, tick=False):
            assert not Document.objects.public().filter(pk=document.pk).exists()
        with time_machine.travel(PUBLISHED, tick=False):
            assert Document.objects.public().filter(pk=document.pk).exists()
            assert Document.objects.downloadable().filter(pk=document.pk).exists()

    def test_document_added_later_is_public_from_its_own_time(self, review):
        later = PUBLISHED + timedelta(days=10)
        document = make_document(review, published_at=later)
        with time_machine.travel(later - SECOND, tick=False):
            assert not Document.objects.public().filter(pk=document.pk).exists()
        with time_machine.travel(later, tick=False):
            assert Document.objects.public().filter(pk=document.pk).exists()

    def test_archived_review_documents_are_listed_but_not_downloadable(self, review):
        document = make_document(review)
        with time_machine.travel(WINDOW_END - SECOND, tick=False):
            assert Document.objects.downloadable().filter(pk=document.pk).exists()
        with time_machine.travel(WINDOW_END, tick=False):
            assert Document.objects.public().filter(pk=document.pk).exists()
            assert not Document.objects.downloadable().filter(pk=document.pk).exists()

    def test_withdrawn_review_documents_vanish(self, review):
        document = make_document(review)
        services.withdraw(review, "Court order")
        assert not Document.objects.public().filter(pk=document.pk).exists()

    def test_leaflet_documents_follow_the_leaflet(self):
        leaflet = make_leaflet(published_at=london(2030, 3, 1))
        document = make_document(leaflet=leaflet, kind=Document.Kind.LEAFLET, published_at=london(2030, 3, 1))
        with time_machine.travel(london(2030, 3, 1) - SECOND, tick=False):
            assert not Document.objects.public().filter(pk=document.pk).exists()
            assert not Leaflet.objects.public().filter(pk=leaflet.pk).exists()
        with time_machine.travel(london(2030, 3, 1), tick=False):
            assert Document.objects.downloadable().filter(pk=document.pk).exists()
            assert Leaflet.objects.public().filter(pk=leaflet.pk).exists()


def test_status_of_accepts_an_explicit_instant(review):
    assert status_of(review, PUBLISHED - SECOND) == Status.EMBARGOED
    assert status_of(review, WINDOW_END) == Status.ARCHIVED


@pytest.mark.parametrize("publication", ["deferred", "improvements_only"])
def test_a_report_is_held_back_until_the_editor_publishes_it(api, board, publication):
    """A review deferred for a criminal trial (or whose report will not be
    published) with its full report uploaded: the report was served with 200.
    It is in no list, detail, feed or download until the editor says the
    report is published; a learning brief may come first."""
    from tests.factories import NOW

    reason = "parallel_proceedings" if publication == "deferred" else "identification"
    review = make_review(slug="deferred", publication=publication, publication_reason=reason,
                         published_at=NOW - timedelta(days=2))  # fmt: skip
    report = make_document(review, title="Overview report")
    summary = make_document(review, title="Summary", kind=Document.Kind.EXECUTIVE_SUMMARY)
    brief = make_document(review, title="Learning brief", kind=Document.Kind.LEARNING_BRIEF)

    def shown():
        listed = {d["id"] for d in api.get("/api/v1/documents/?status=all").json()["results"]}
        detail = {d["id"] for d in api.get("/api/v1/reviews/deferred/").json()["documents"]}
        assert listed == detail
        served = {
            d.pk for d in (report, summary, brief) if api.get(f"/api/v1/documents/{d.pk}/download").status_code == 200
        }
        assert served == listed
        return listed

    assert shown() == {brief.pk}
    assert api.get(f"/api/v1/documents/{report.pk}/").status_code == 404
    assert "Overview report" not in api.get("/feeds/publications.atom").content.decode()
    if publication == "deferred":
        # A script's write follows the same rule.
        Review.objects.filter(pk=review.pk).update(publication="report", publication_reason="")
        assert shown() == {report.pk, summary.pk, brief.pk}
