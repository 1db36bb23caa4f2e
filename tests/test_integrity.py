"""Every write path invalidates and logs, whoever writes and however.

Each test is one way an editor, an operator or a maintenance script changed
content and a partner holding an old validator — or following the changes
log — was left with the wrong answer.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils.http import http_date

from reviews import services
from reviews.models import Body, Contact, Document, Leaflet, Review, Theme
from tests.factories import (
    NOW,
    WRITE_PATHS,
    make_contact,
    make_document,
    make_leaflet,
    make_review,
    make_theme,
    withdraw_by,
)

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def clock(board):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def later(clock, minutes=1):
    clock.move_to(NOW + timedelta(minutes=minutes))


def events_since(api, cursor):
    body = api.get("/api/v1/changes/", {"since": cursor}).json()
    return [(c["event"], c["resource"], c["id"]) for c in body["changes"]]


def cursor(api):
    return api.get("/api/v1/changes/").json()["next"]


def revalidate(api, path, response):
    """Ask again with the validators a client or proxy kept."""
    headers = {"HTTP_IF_NONE_MATCH": response["ETag"]}
    return api.get(path, **headers)


# Validators after writes that no signal saw ------------------------------------------


def test_a_document_moved_to_an_embargoed_review_leaves_the_old_answers(api, clock):
    public, hidden = make_review(slug="public"), make_review(slug="hidden", published_at=NOW + timedelta(days=3))
    document = make_document(public)
    held = {path: api.get(path) for path in ("/api/v1/reviews/public/", "/api/v1/documents/?review=public")}
    assert all(str(document.pk) in response.content.decode() for response in held.values())
    later(clock, 10)
    document.review = hidden
    document.save()
    for path, response in held.items():
        fresh = revalidate(api, path, response)
        assert fresh.status_code == 200, path
        assert f'"id":{document.pk},' not in fresh.content.decode()
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404


def test_a_document_moved_to_an_unpublished_leaflet_leaves_the_old_answers(api, clock):
    published = make_leaflet(slug="published")
    unpublished = make_leaflet(slug="unpublished", published_at=NOW + timedelta(days=3))
    document = make_document(leaflet=published)
    held = api.get("/api/v1/leaflets/published/")
    assert str(document.pk) in held.content.decode()
    Document.objects.filter(pk=document.pk).update(leaflet=unpublished)
    fresh = revalidate(api, "/api/v1/leaflets/published/", held)
    assert fresh.status_code == 200 and f'"id":{document.pk},' not in fresh.content.decode()


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_withdrawal_by_any_write_path_reaches_every_holder(api, clock, how):
    review = make_review(slug="pip")
    start = cursor(api)
    held = {path: api.get(path) for path in ("/api/v1/reviews/", "/api/v1/reviews/pip/", "/feeds/publications.atom")}
    later(clock)
    withdraw_by(how, review, NOW)
    assert revalidate(api, "/api/v1/reviews/pip/", held["/api/v1/reviews/pip/"]).status_code == 404
    for path in ("/api/v1/reviews/", "/feeds/publications.atom"):
        fresh = revalidate(api, path, held[path])
        assert fresh.status_code == 200 and fresh["ETag"] != held[path]["ETag"], path
    assert events_since(api, start) == [("withdrawn", "review", "pip")]


def test_bulk_created_and_bulk_deleted_reviews_are_seen_and_told(api, clock):
    start = cursor(api)
    empty = api.get("/api/v1/reviews/")
    Review.objects.bulk_create(
        [
            Review(
                body=Body.default(create=True),
                slug=f"bulk-{n}",
                title=f"Bulk {n}",
                incident="death",
                summary="Imported.",
                published_at=NOW - timedelta(days=1),
                available_until=NOW + timedelta(days=90),
            )
            for n in range(3)
        ]  # fmt: skip
    )
    filled = revalidate(api, "/api/v1/reviews/", empty)
    assert filled.status_code == 200 and filled.json()["count"] == 3
    assert sorted(events_since(api, start)) == [("published", "review", f"bulk-{n}") for n in range(3)]
    middle = cursor(api)
    Review.objects.filter(slug__startswith="bulk-").delete()
    assert revalidate(api, "/api/v1/reviews/", filled).json()["count"] == 0
    assert sorted(events_since(api, middle)) == [("deleted", "review", f"bulk-{n}") for n in range(3)]


def test_a_withdrawal_dated_in_the_future_is_a_tombstone_at_once(api, clock):
    review = make_review(slug="pip")
    held = api.get("/feeds/publications.atom")
    later(clock)
    review.withdrawn_at = NOW + timedelta(days=2)
    review.save()
    fresh = revalidate(api, "/feeds/publications.atom", held)
    assert fresh.status_code == 200
    assert b"deleted-entry" in fresh.content and f"review/{review.pk}".encode() in fresh.content
    assert api.get("/api/v1/reviews/pip/").status_code == 404


@pytest.mark.parametrize("kind", ["atom", "rss"])
@pytest.mark.parametrize("change", ["backdated_withdrawal", "re_embargo", "deletion"])
def test_feeds_are_modified_when_an_entry_leaves(api, clock, kind, change):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=2))
    make_review(slug="newer", published_at=NOW - timedelta(days=1))  # the newest entry stays
    path = f"/feeds/publications.{kind}"
    first = api.get(path)
    assert b"/pip" in first.content
    later(clock, 5)
    if change == "backdated_withdrawal":
        Review.objects.filter(pk=review.pk).update(withdrawn_at=NOW - timedelta(days=60))
    elif change == "re_embargo":
        review.published_at = NOW + timedelta(days=3)
        review.save()
    else:
        review.delete()
    fresh = api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert fresh.status_code == 200 and b"/pip" not in fresh.content
    assert fresh["Last-Modified"] != first["Last-Modified"]
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=fresh["Last-Modified"]).status_code == 304


def test_if_none_match_star_matches_only_what_exists(api):
    make_review(slug="pip")
    assert api.get("/api/v1/reviews/pip/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert api.get("/api/v1/reviews/nobody/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert api.get("/api/v1/reviews/", {"page": "0"}, HTTP_IF_NONE_MATCH="*").status_code == 400
    assert api.get("/api/v1/documents/999999/download", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert api.get("/feeds/publications.atom", {"theme": "NOT A SLUG"}, HTTP_IF_NONE_MATCH="*").status_code == 400


# The changes log, whatever wrote -------------------------------------------------------


def test_a_board_window_change_tells_every_review_whose_dates_moved(api, clock):
    own_contact = make_contact(slug="own")
    plain = make_review(slug="plain", published_at=NOW - timedelta(days=10))
    contacted = make_review(slug="contacted", published_at=NOW - timedelta(days=10), contact=own_contact)
    make_review(slug="fixed", published_at=NOW - timedelta(days=10),
                        available_until_override=NOW + timedelta(days=400))  # fmt: skip
    before = {slug: api.get(f"/api/v1/reviews/{slug}/").json() for slug in ("plain", "contacted", "fixed")}
    start = cursor(api)
    later(clock)
    board = Body.default()
    board.availability_months = 12
    board.save()
    assert sorted(events_since(api, start)) == [("updated", "review", "contacted"), ("updated", "review", "plain")]
    for review in (plain, contacted):
        body = api.get(f"/api/v1/reviews/{review.slug}/").json()
        assert moment(body["available_until"]) > moment(before[review.slug]["available_until"])
        assert moment(body["updated_at"]) == NOW + MINUTE
    assert api.get("/api/v1/reviews/fixed/").json() == before["fixed"]


def moment(text):
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("how", ["rename", "delete"])
def test_theme_changes_reach_the_reviews_that_show_them(api, clock, how):
    make_review(slug="tagged", themes=["neglect"])
    make_review(slug="untagged")
    start = cursor(api)
    later(clock)
    theme = Theme.objects.get(slug="neglect")
    if how == "rename":
        theme.name = "parental neglect"
        theme.save()
    else:
        theme.delete()
    assert events_since(api, start) == [("updated", "review", "tagged")]
    assert moment(api.get("/api/v1/reviews/tagged/").json()["updated_at"]) == NOW + MINUTE
    found = [r["slug"] for r in api.get("/api/v1/reviews/", {"q": "parental"}).json()["results"]]
    assert found == (["tagged"] if how == "rename" else [])
    assert api.get("/api/v1/reviews/", {"q": "neglect"}).json()["count"] == (1 if how == "rename" else 0)


def test_a_theme_renamed_by_queryset_update_is_found_by_its_new_name(api, clock):
    make_theme("neglect")
    make_review(slug="tagged", themes=["neglect"])
    Theme.objects.filter(slug="neglect").update(name="abandonment")
    assert [r["slug"] for r in api.get("/api/v1/reviews/", {"q": "abandonment"}).json()["results"]] == ["tagged"]
    assert api.get("/api/v1/reviews/", {"q": "neglect"}).json()["count"] == 0


@pytest.mark.parametrize("how", ["rename", "delete"])
def test_contact_changes_reach_the_reviews_and_leaflets_that_show_them(api, clock, how):
    contact = make_contact(slug="unit", name="Safeguarding Unit B")
    make_review(slug="asks-unit", contact=contact)
    leaflet = make_leaflet(slug="parents")
    leaflet.contacts.add(contact)
    start = cursor(api)
    later(clock)
    if how == "rename":
        Contact.objects.filter(pk=contact.pk).update(name="Renamed Unit")
    else:
        contact.delete()
    assert sorted(events_since(api, start)) == [("updated", "leaflet", "parents"), ("updated", "review", "asks-unit")]
    assert Review.objects.get(slug="asks-unit").updated_at == NOW + MINUTE
    assert Leaflet.objects.get(slug="parents").updated_at == NOW + MINUTE


def test_a_document_rescheduled_and_back_is_taken_down_and_announced_again(api, clock):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=1))
    briefing = make_document(review, title="Briefing", published_at=NOW - timedelta(hours=1))
    start = cursor(api)
    later(clock)
    Document.objects.filter(pk=briefing.pk).update(published_at=NOW + timedelta(days=5))
    middle = cursor(api)
    # The review lists its documents, so it changed too.
    assert events_since(api, start) == [("withdrawn", "document", str(briefing.pk)), ("updated", "review", "pip")]
    later(clock, 2)
    Document.objects.filter(pk=briefing.pk).update(published_at=NOW)
    assert events_since(api, middle) == [("document_added", "document", str(briefing.pk)), ("updated", "review", "pip")]


def test_an_embargoed_review_edited_by_any_path_tells_nothing(api, clock):
    hidden = make_review(slug="hidden", published_at=NOW + timedelta(days=3))
    start = cursor(api)
    Review.objects.filter(pk=hidden.pk).update(summary="Still embargoed.")
    make_document(hidden)
    assert events_since(api, start) == []
    assert "hidden" not in api.get("/api/v1/changes/").content.decode()


def test_a_changes_log_read_after_a_boundary_dates_it_at_its_second(api, clock):
    lift = NOW + timedelta(hours=3)
    make_review(slug="later", published_at=lift)
    start = cursor(api)
    clock.move_to(lift + timedelta(minutes=7))
    body = api.get("/api/v1/changes/", {"since": start}).json()
    assert [(c["event"], c["id"], moment(c["effective_at"])) for c in body["changes"]] == [("published", "later", lift)]


def test_the_last_modified_of_a_feed_never_goes_back(api, clock):
    make_review(slug="pip")
    first = api.get("/feeds/publications.rss")
    assert first["Last-Modified"] == http_date(NOW.timestamp())
    Review.objects.filter(slug="pip").update(summary="Edited in the same second.")
    second = api.get("/feeds/publications.rss")
    assert second["ETag"] != first["ETag"]
    assert api.get("/feeds/publications.rss", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_document_moved_between_public_reviews_changes_both(api, clock):
    old, new = make_review(slug="old"), make_review(slug="new")
    document = make_document(old)
    start = cursor(api)
    later(clock)
    Document.objects.filter(pk=document.pk).update(review=new)
    assert sorted(events_since(api, start)) == [
        ("updated", "document", str(document.pk)),
        ("updated", "review", "new"),
        ("updated", "review", "old"),
    ]
    assert [d["id"] for d in api.get("/api/v1/reviews/old/").json()["documents"]] == []
    assert [d["id"] for d in api.get("/api/v1/reviews/new/").json()["documents"]] == [document.pk]


def test_a_window_moved_by_a_script_is_followed(api, clock):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=1))
    assert api.get("/api/v1/reviews/pip/").json()["status"] == "available"
    start = cursor(api)
    Review.objects.filter(pk=review.pk).update(published_at=NOW - timedelta(days=400))
    detail = api.get("/api/v1/reviews/pip/").json()
    assert detail["status"] == "archived"
    assert moment(detail["available_until"]) < NOW
    assert events_since(api, start) == [("archived", "review", "pip"), ("updated", "review", "pip")]


def test_a_reconciliation_larger_than_one_batch_tells_everything_once(api, clock, monkeypatch):
    """An import touches every row it brings; reconciling reads them by id a
    batch at a time (SQLite refuses more than 32766 parameters a statement)."""
    from reviews.changelog import changes

    monkeypatch.setattr(changes, "BATCH", 2)
    start = cursor(api)
    reviews = [make_review(slug=f"many-{n}") for n in range(5)]
    for review in reviews:
        make_document(review)
    assert sorted(events_since(api, start)) == [("published", "review", f"many-{n}") for n in range(5)]
    middle = cursor(api)
    later(clock)
    Review.objects.filter(slug__in=["many-0", "many-2", "many-4"]).update(withdrawn_at=NOW)
    withdrawn = events_since(api, middle)
    assert sorted(e for e in withdrawn if e[1] == "review") == [("withdrawn", "review", f"many-{n}") for n in (0, 2, 4)]
    assert len([e for e in withdrawn if e[1] == "document"]) == 3
    assert api.get("/api/v1/reviews/").json()["count"] == 2


def test_a_tombstone_leaving_the_feed_is_a_boundary_of_the_schedule(api, clock):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=5))
    api.get("/api/v1/reviews/")  # the worker told partners of it (the partner's client catches up first)
    services.withdraw(review, "Court order", now=NOW)
    expiry = NOW + timedelta(days=30)
    clock.move_to(expiry - timedelta(seconds=10))
    before = api.get("/feeds/publications.atom")
    assert b"deleted-entry" in before.content
    assert before["Cache-Control"] == "public, max-age=10"  # no cache may keep it past the expiry
    clock.move_to(expiry + timedelta(seconds=1))
    after = revalidate(api, "/feeds/publications.atom", before)
    assert after.status_code == 200 and b"deleted-entry" not in after.content
