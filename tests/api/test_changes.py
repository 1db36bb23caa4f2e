"""GET /api/v1/changes/: complete, gap-free, and silent about embargoes."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction

from reviews import services
from reviews.changelog import changes
from reviews.changelog.version_watch import own_session
from reviews.models import Change, Document
from tests.factories import NOW, make_document, make_leaflet, make_review
from tests.helpers import invalid_names, wait_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def read(api, **params):
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def events(body):
    return [(c["event"], c["resource"], c["id"]) for c in body["changes"]]


def test_publication_edit_document_and_withdrawal_in_order(api, board):
    review = make_review(slug="pip", published_at=NOW - timedelta(hours=1))
    first = read(api)
    assert events(first) == [("published", "review", "pip")]
    review.summary = "Edited."
    review.save()
    document = make_document(review, title="Briefing")
    second = read(api, since=first["next"])
    assert events(second) == [("updated", "review", "pip"), ("document_added", "document", str(document.pk))]
    services.withdraw(review, "Court order")
    later = read(api, since=second["next"])
    assert events(later) == [("withdrawn", "review", "pip"), ("withdrawn", "document", str(document.pk))]
    tombstone = later["changes"][0]
    assert set(tombstone) == {"seq", "event", "resource", "id", "url", "previous_id", "effective_at"}
    assert tombstone["url"] is None


def test_embargo_lifting_is_dated_at_its_second_and_never_seen_before(api, board):
    lift = NOW + timedelta(hours=15)  # 03:00 the next day
    hidden = make_review(slug="child-q", title="Child Q", published_at=lift)
    hidden.summary = "Edited while embargoed."
    hidden.save()
    make_document(hidden, published_at=lift)
    make_review(slug="visible", published_at=NOW - timedelta(minutes=5))
    before = read(api)
    assert events(before) == [("published", "review", "visible")]
    assert [c["seq"] for c in before["changes"]] == [1]  # no gap hints at the hidden review
    assert "child-q" not in api.get("/api/v1/changes/").content.decode()
    with time_machine.travel(lift - timedelta(seconds=1), tick=False):
        assert read(api, since=before["next"])["changes"] == []
    with time_machine.travel(lift + timedelta(hours=6), tick=False):
        after = read(api, since=before["next"])
    assert events(after) == [("published", "review", "child-q")]
    assert after["changes"][0]["effective_at"] == lift.isoformat().replace("+00:00", "Z")


def test_window_closing_is_an_archive_event(api, board):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=1))
    cursor = read(api)["next"]
    with time_machine.travel(review.available_until, tick=False):
        body = read(api, since=cursor)
    assert events(body) == [("archived", "review", "pip")]


def test_deletions_are_tombstones(api, board):
    review = make_review(slug="pip")
    document = make_document(review)
    leaflet = make_leaflet(slug="parents")
    cursor = read(api)["next"]
    document_id = str(document.pk)
    document.delete()
    review.delete()
    leaflet.delete()
    assert events(read(api, since=cursor)) == [
        ("deleted", "document", document_id),
        ("deleted", "review", "pip"),
        ("deleted", "leaflet", "parents"),
    ]


def test_paging_with_limit_never_repeats_or_skips(api, board):
    for index in range(7):
        make_review(slug=f"r{index}", published_at=NOW - timedelta(hours=index + 1))
    seen, cursor = [], None
    while True:
        body = read(api, limit=3, **({"since": cursor} if cursor else {}))
        seen += [c["seq"] for c in body["changes"]]
        cursor = body["next"]
        if not body["more"]:
            break
    assert seen == list(range(1, 8))


def test_changes_written_while_paging_are_not_missed(api, board):
    make_review(slug="a", published_at=NOW - timedelta(hours=2))
    make_review(slug="b", published_at=NOW - timedelta(hours=1))
    page = read(api, limit=1)
    make_review(slug="c", published_at=NOW - timedelta(minutes=1))
    rest = read(api, since=page["next"])
    assert [c["id"] for c in page["changes"] + rest["changes"]] == ["a", "b", "c"]


def test_since_a_date_time(api, board):
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        make_review(slug="old", published_at=NOW - timedelta(days=2))
        read(api)
    make_review(slug="new", published_at=NOW - timedelta(minutes=1))
    assert events(read(api, since=(NOW - timedelta(days=1)).isoformat())) == [("published", "review", "new")]


def test_validators_and_304(api, board):
    make_review(slug="pip")
    first = api.get("/api/v1/changes/")
    assert api.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    make_review(slug="jaiden")
    assert api.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_lifetime_ends_when_an_embargo_lifts(api, board):
    make_review(slug="soon", published_at=NOW + timedelta(seconds=9))
    assert api.get("/api/v1/changes/")["Cache-Control"] == "public, max-age=9"


@pytest.mark.parametrize(
    "query, name",
    [("since=abc", "since"), ("since=", "since"), ("since=99", "since"), ("limit=0", "limit"),
     ("limit=1001", "limit"), ("since=2026-11-23T10:00:00", "since"), ("cursor=1", "cursor")],
)  # fmt: skip
def test_bad_parameters_are_400(api, board, query, name):
    assert name in invalid_names(api.get(f"/api/v1/changes/?{query}"))


def test_an_expired_cursor_is_410(api, board, settings):
    with time_machine.travel(NOW - timedelta(days=500), tick=False):
        make_review(slug="old", published_at=NOW - timedelta(days=500))
        old_cursor = read(api)["next"]
        make_review(slug="older", published_at=NOW - timedelta(days=501))
        read(api)
    assert changes.prune() == 2
    make_review(slug="new", published_at=NOW - timedelta(minutes=1))
    response = api.get("/api/v1/changes/", {"since": str(int(old_cursor) - 1)})
    assert response.status_code == 410 and response["Content-Type"] == "application/problem+json"
    assert api.get("/api/v1/changes/", {"since": "2025-01-01T00:00:00Z"}).status_code == 410


def test_document_replaced_and_leaflet_updated(api, board):
    from django.core.files.base import ContentFile

    from tests.factories import pdf_bytes

    document = make_document(make_review(slug="pip"))
    leaflet = make_leaflet(slug="parents")
    cursor = read(api)["next"]
    document.file = ContentFile(pdf_bytes("new"), name="new.pdf")
    document.save()
    leaflet.sections.first().items.create(position=9, text="A new point.")
    assert events(read(api, since=cursor)) == [
        ("document_replaced", "document", str(document.pk)),
        ("updated", "leaflet", "parents"),
    ]


def test_moving_a_public_review_back_under_embargo_takes_it_down(api, board):
    review = make_review(slug="pip", published_at=NOW - timedelta(hours=1))
    cursor = read(api)["next"]
    review.published_at = NOW + timedelta(days=3)
    review.save()
    assert events(read(api, since=cursor)) == [("withdrawn", "review", "pip")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time by design")
@pytest.mark.django_db(transaction=True)
def test_sequence_follows_commit_order_under_concurrent_writers(board):
    """GIVEN a writer that has recorded a change but not yet committed
    WHEN another writer records one THEN it waits, and gets the next number
    only after the first commits — so no reader can see n+1 without n."""
    recorded, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            changes.record(Change.Event.UPDATED, Change.Resource.REVIEW, "slow")
            recorded.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    recorded.wait(10)
    fast = threading.Thread(
        target=lambda: (changes.record(Change.Event.UPDATED, Change.Resource.REVIEW, "fast"), connection.close())
    )
    fast.start()
    with own_session() as watching:  # the second writer's session waits on a lock: the event, not a pause
        wait_for(lambda: watching.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                 .fetchone()[0], 30, "the second writer waiting for the first to commit")  # fmt: skip
    assert fast.is_alive(), "the second writer must wait for the first to commit"
    assert not Change.objects.exists()  # nothing committed yet: a reader sees no gap
    release.set()
    thread.join(10)
    fast.join(10)
    assert list(Change.objects.order_by("seq").values_list("resource_id", "seq")) == [("slow", 1), ("fast", 2)]


def test_embargoed_documents_on_public_reviews_wait_for_their_time(api, board):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=1))
    later = make_document(
        review, title="Briefing", published_at=NOW + timedelta(hours=1), kind=Document.Kind.SEVEN_MINUTE_BRIEFING
    )
    cursor = read(api)["next"]
    assert read(api, since=cursor)["changes"] == []
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        body = read(api, since=cursor)
    assert events(body) == [("document_added", "document", str(later.pk))]


def test_a_review_has_a_public_history_under_every_slug_it_had(api, board):
    """Published, a document added, renamed, withdrawn and reinstated: the review's
    own history says so in order; another review's changes are not in it."""
    from datetime import timedelta

    import time_machine

    from reviews.models import Review
    from tests.factories import NOW, make_document, make_review

    review = make_review(slug="child-q")
    make_review(slug="other")
    api.get("/api/v1/changes/")
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        document = make_document(review, published_at=NOW + timedelta(hours=1))
        api.get("/api/v1/changes/")
        Review.objects.filter(pk=review.pk).update(slug="child-r")
        api.get("/api/v1/changes/")
        services.withdraw(Review.objects.get(pk=review.pk), "Court order")
        api.get("/api/v1/changes/")
        services.reinstate(Review.objects.get(pk=review.pk), "Lifted")
        history = api.get("/api/v1/reviews/child-r/history/").json()
    told = [(change["event"], change["resource"], change["id"]) for change in history["changes"]]
    assert told == [
        ("published", "review", "child-q"),
        ("document_added", "document", str(document.pk)),
        ("updated", "review", "child-q"),  # the review now lists the document
        ("moved", "review", "child-r"),  # renamed: at the new address, gone from the old (previous_id)
        ("withdrawn", "review", "child-r"),
        ("withdrawn", "document", str(document.pk)),
        ("published", "review", "child-r"),  # reinstated
    ]
    assert history["review"] == "http://testserver/api/v1/reviews/child-r/"
    assert api.get("/api/v1/reviews/nobody/history/").status_code == 404


@pytest.mark.parametrize("field, value", [("editor_notes", "Internal."), ("court_order_date", "2024-01-02")])
def test_an_edit_of_what_partners_never_see_announces_nothing(api, board, field, value):
    """A save moves the review's version on; neither that nor an internal field is
    a public change, so mirrors are told nothing and updated_at stays."""
    from reviews.models import Review
    from tests.factories import make_review

    review = make_review(slug="pip")
    cursor = api.get("/api/v1/changes/").json()["next"]
    before = api.get("/api/v1/reviews/pip/").json()["updated_at"]
    review = Review.objects.get(pk=review.pk)
    setattr(review, field, value)
    review.save()
    assert api.get("/api/v1/changes/", {"since": cursor}).json()["changes"] == []
    assert api.get("/api/v1/reviews/pip/").json()["updated_at"] == before
