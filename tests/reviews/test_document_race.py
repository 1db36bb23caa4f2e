"""A document added while its review is being withdrawn never stays public
(PostgreSQL, two sessions; SQLite lets one writer in at a time)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from reviews.changelog.version_watch import own_session
from reviews.models import Document
from tests.factories import make_board, make_document, make_review
from tests.helpers import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two sessions at once: PostgreSQL"),
]


def test_a_document_added_during_a_withdrawal_is_not_public_after_both_commit():
    """GIVEN one session withdrawing a review, not yet committed, WHEN another
    adds a document to it and both commit THEN the document is not public, in
    the stored columns the lists read (before the fix it stayed public for good)."""
    make_board()
    review = make_review(slug="pip", published_at=timezone.now() - timedelta(days=2))
    withdrawing = own_session()
    withdrawing.autocommit = False
    watching = own_session()
    withdrawing.execute("UPDATE reviews_review SET withdrawn_at = now() WHERE id = %s", [review.pk])
    added = {}

    def add_document():
        try:
            added["document"] = make_document(review, with_file=False, title="Annex")
        finally:
            connections.close_all()

    editor = threading.Thread(target=add_document)
    editor.start()
    try:
        # The editor's insert either waits for the withdrawal (fixed) or has already gone through.
        # (Asked from a session of its own: one inside a transaction sees the activity as it first read it.)
        def waiting_or_done():
            waiting = watching.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            return waiting or not editor.is_alive()

        wait_for(waiting_or_done, 30, "the editor's insert waiting for the withdrawal, or done")
        withdrawing.commit()
        editor.join(30)
    finally:
        withdrawing.close()
        watching.close()
    assert "document" in added
    document = Document.objects.get(pk=added["document"].pk)
    assert document.public_from is None
    assert not Document.objects.public().filter(pk=document.pk).exists()
