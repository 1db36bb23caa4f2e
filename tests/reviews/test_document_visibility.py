"""What a document's visibility needs is stored on it by the database
(``reviews.database.document_visibility``): whatever writes the document or its review
or leaflet, the stored moments agree with the rule read through the parent
(``reviews.publication.is_public`` and ``file_is_served``), and keeping them
is no edit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reviews import services
from reviews.database import document_visibility
from reviews.models import Body, Document, Leaflet
from reviews.publication import is_downloadable, is_public
from tests.factories import WRITE_PATHS, make_board, make_document, make_leaflet, make_review, write_by

pytestmark = pytest.mark.django_db


def assert_stored_rule_holds():
    """Each document is in the stored-column querysets exactly when the rule
    read through its parent says so, at several moments."""
    now = timezone.now()
    for moment in (now - timedelta(days=400), now, now + timedelta(days=400), now + timedelta(days=4000)):
        documents = list(Document.objects.select_related("review", "leaflet"))
        public = set(Document.objects.public(moment).values_list("pk", flat=True))
        downloadable = set(Document.objects.downloadable(moment).filter(file__gt="").values_list("pk", flat=True))
        assert public == {d.pk for d in documents if is_public(d, moment)}, moment
        assert downloadable == {d.pk for d in documents if is_downloadable(d, moment)}, moment


@pytest.fixture
def content():
    make_board()
    now = timezone.now()
    review = make_review(slug="child-a", published_at=now - timedelta(days=10))
    later = make_review(slug="child-b", published_at=now + timedelta(days=3))
    leaflet = make_leaflet(published_at=now - timedelta(days=2))
    documents = [
        make_document(review, title="Report"),
        make_document(review, title="Added later", published_at=now + timedelta(days=1)),
        # Dated before its review (an import may say so): public with the review, not before.
        make_document(later, title="Embargoed with its review", published_at=now - timedelta(days=20)),
        make_document(leaflet=leaflet, title="Leaflet"),
    ]
    return review, later, leaflet, documents


def test_documents_saved_and_bulk_created_store_their_visibility(content):
    review, *_ = content
    Document.objects.bulk_create(
        [Document(review=review, kind="other", title="Bulk", published_at=review.published_at)]
    )
    assert_stored_rule_holds()
    assert Document.objects.filter(public_from__isnull=True).count() == 0  # none withdrawn yet


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_review_withdrawn_rescheduled_or_reinstated_by_any_path_moves_its_documents(content, how):
    review, later, *_ = content
    write_by(how, review, "withdrawn_at", timezone.now())
    assert_stored_rule_holds()
    assert not Document.objects.public().filter(review=review).exists()
    write_by(how, review, "withdrawn_at", None)
    write_by(how, later, "published_at", timezone.now() - timedelta(days=1))
    assert_stored_rule_holds()
    assert Document.objects.public().filter(review=later).exists()


def test_a_window_closed_by_the_body_stops_serving_the_files(content):
    review, *_ = content
    review.published_at = timezone.now() - timedelta(days=100)
    review.save()
    assert Document.objects.downloadable().filter(review=review).exists()  # six months
    body = Body.objects.get()
    services.change_window(body, 3)
    assert not Document.objects.downloadable().filter(review=review).exists()
    assert_stored_rule_holds()


def test_a_leaflet_withdrawn_or_rescheduled_moves_its_documents(content):
    *_, leaflet, _ = content
    Leaflet.objects.filter(pk=leaflet.pk).update(withdrawn_at=timezone.now())
    assert_stored_rule_holds()
    Leaflet.objects.filter(pk=leaflet.pk).update(withdrawn_at=None, published_at=timezone.now() + timedelta(days=5))
    assert_stored_rule_holds()


def test_a_document_moved_or_rescheduled_by_any_path_follows_its_new_parent(content):
    review, later, leaflet, documents = content
    Document.objects.filter(pk=documents[0].pk).update(review=later)
    with connection.cursor() as sql:
        sql.execute("UPDATE reviews_document SET review_id = NULL, leaflet_id = %s WHERE id = %s",
                    [leaflet.pk, documents[2].pk])  # fmt: skip
    documents[1].published_at = timezone.now() - timedelta(hours=1)
    Document.objects.bulk_update([documents[1]], ["published_at"])
    assert_stored_rule_holds()
    assert Document.objects.public().filter(pk=documents[2].pk).exists()  # its own time has come, on the leaflet


def test_keeping_them_is_no_edit(content):
    """A withdrawal moves the review's documents' stored moments, not their
    versions: an editor's open document form is not made stale by it."""
    review, *_ = content
    versions = dict(Document.objects.filter(review=review).values_list("pk", "version"))
    services.withdraw(review, "Court order")
    assert dict(Document.objects.filter(review=review).values_list("pk", "version")) == versions
    Document.objects.filter(review=review).update(title="Renamed")  # an edit still moves them on
    assert all(
        version == versions[pk] + 1
        for pk, version in Document.objects.filter(review=review).values_list("pk", "version")
    )


def test_the_document_list_asks_no_parent():
    sql = str(Document.objects.public().with_review_status("available").query)
    assert "reviews_review" not in sql and "reviews_leaflet" not in sql


def test_every_edited_column_is_watched_by_the_triggers():
    """The note triggers fire on every column but the derived ones, the version
    trigger on every column an editor writes: a migration adding a document
    column must install the triggers again."""
    if connection.vendor != "sqlite":
        pytest.skip("read from sqlite_master")  # PostgreSQL's are covered by the write-path tests above
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'reviews_document'")
        triggers = dict(cursor.fetchall())
    columns = [f.column for f in Document._meta.concrete_fields]
    derived = document_visibility.DERIVED[document_visibility.DOCUMENT]
    noted = [column for column in columns if column not in derived]
    edited = [column for column in noted if column not in ("extracted_text", "text_pending")]
    for name, wanted in (("crp_reviews_document_version", edited), ("crp_reviews_document_update", noted)):
        watched = triggers[name].split(" UPDATE OF ", 1)[1].split(" ON ", 1)[0].split(", ")
        assert sorted(watched) == sorted(wanted), name
