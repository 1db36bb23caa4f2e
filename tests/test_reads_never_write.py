"""A public read never writes, locks or reconciles: every public surface is
read straight after writes that nobody has caught up yet (the worker has not
run), under a guard that fails on any statement but a plain read — and on
PostgreSQL, as a database role that may only read (a read replica's)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from reviews.models import Document, PendingChange
from tests.factories import make_document, make_leaflet, make_review, make_theme
from tests.readonly import reads_only

pytestmark = pytest.mark.django_db
READER = "crp_test_reader"


@pytest.fixture
def written(board):
    """Content written just now, not yet caught up: an embargoed, an available,
    an archived and a withdrawn review, documents, a leaflet."""
    now = timezone.now()
    review = make_review(slug="pip", themes=["neglect"], published_at=now - timedelta(days=2))
    make_document(review)
    make_review(slug="old", published_at=now - timedelta(days=900))
    make_review(slug="later", published_at=now + timedelta(days=1))
    make_review(slug="gone", withdrawn_at=now, withdrawal_reason="Court order", published_at=now - timedelta(days=3))
    make_leaflet(slug="parents")
    make_theme("eating disorders")
    assert PendingChange.objects.exists()  # a read that reconciled would have something to do
    return review


def surfaces(review):
    document = Document.objects.get(review=review)
    return [
        "/api/v1/", "/api/v1/reviews/", "/api/v1/reviews/?status=all&q=neglect", "/api/v1/reviews/pip/",
        "/api/v1/reviews/gone/", "/api/v1/reviews/later/", "/api/v1/documents/", f"/api/v1/documents/{document.pk}/",
        f"/api/v1/documents/{document.pk}/download", "/api/v1/leaflets/", "/api/v1/leaflets/parents/",
        "/api/v1/contacts/", "/api/v1/themes/", "/api/v1/bodies/", "/api/v1/agencies/", "/api/v1/changes/",
        "/api/v1/exports/reviews.csv", "/api/v1/exports/reviews.jsonl", "/feeds/publications.atom",
        "/feeds/publications.rss", "/feeds/publications.json", "/healthz", "/readyz",
    ]  # fmt: skip


def read_everything(paths):
    client = Client()  # no worker's pass before these requests
    answers = {}
    for path in paths:
        response = client.get(path)
        answers[path] = response.status_code
        b"".join(response) if response.streaming else response.content  # streamed bodies are read too
        again = client.get(path, HTTP_IF_NONE_MATCH=response.get("ETag", "*"))
        assert again.status_code in (200, 304, 404), path
        b"".join(again) if again.streaming else again.content  # sent whole, as a server does: closed
    return answers


def test_no_public_read_writes_even_with_writes_not_yet_caught_up(written):
    with reads_only():
        answers = read_everything(surfaces(written))
    assert answers["/api/v1/reviews/pip/"] == 200 and answers["/api/v1/reviews/gone/"] == 404
    assert answers["/api/v1/reviews/later/"] == 404
    assert all(status in (200, 404) for status in answers.values()), answers
    assert PendingChange.objects.exists()  # still the worker's to catch up


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles: PostgreSQL")
def test_every_public_surface_answers_as_a_role_that_may_only_read(written):
    with connection.cursor() as cursor:
        cursor.execute(f"DO $$ BEGIN CREATE ROLE {READER}; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        cursor.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}")
        cursor.execute(f"SET ROLE {READER}")
    try:
        answers = read_everything(surfaces(written))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert answers["/api/v1/reviews/pip/"] == 200 and answers["/api/v1/reviews/gone/"] == 404
    assert 503 not in answers.values() and all(status in (200, 404) for status in answers.values()), answers
