"""Rows written by the ten thousand (``reviews.database.bulk``): all there, as Django
would have written them, and seen by the invalidation triggers."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from reviews.changelog import versions
from reviews.database import bulk
from reviews.models import Change, Review
from tests.factories import make_board

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bulk_insert_writes_every_row_as_django_would_and_moves_the_content_version():
    now = timezone.now()
    before = versions.versions()["content"]
    rows = [Change(seq=10_000 + number, event=Change.Event.PUBLISHED, resource=Change.Resource.REVIEW,
                   resource_id=f"child-{number}", effective_at=now, recorded_at=now)
            for number in range(2_500)]  # fmt: skip
    bulk.insert(Change, rows)
    assert versions.versions()["content"] > before  # a proxy's copy of the changes log is stale now
    with connection.cursor() as cursor:
        cursor.execute("SELECT event, resource, COUNT(*), MIN(seq), MAX(seq) FROM reviews_change GROUP BY 1, 2")
        assert cursor.fetchall() == [("published", "review", 2_500, 10_000, 12_499)]
    assert Change.objects.get(seq=12_499).effective_at == now  # the time to the microsecond, in UTC
    assert Change.objects.get(seq=12_499).resource_id == "child-2499"


def _stored(model, pk):
    """The row as the database holds it, every column."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table} WHERE id = %s", [pk])
        return dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))


def test_bulk_create_stores_what_a_save_stores_and_gives_each_object_its_id():
    """Values of every kind the import writes (text, numbers, booleans, aware
    and plain dates, uuids as UUIDs and as text, none, choices, JSON), written
    by ``bulk.create`` and by Django's ``save``: the same rows, ids included."""
    body = make_board()
    given = {"incident": Review.Incident.DEATH, "summary": "S", "published_at": timezone.now(), "body": body,
             "commissioned_on": date(2015, 3, 1), "key_learning": ["One", "Two"], "date_precision": "day",
             "review_type": Review.Type.SERIOUS_CASE_REVIEW}  # fmt: skip
    saved = Review(slug="saved", title="Saved", uid=uuid.uuid4(), **given)
    saved.save()
    created = [Review(slug="bulk", title="Saved", uid=str(uuid.uuid4()), **given),
               Review(slug="bulk-2", title="Saved", uid=uuid.uuid4(), **given)]  # fmt: skip
    for review in created:
        review.derive(body.availability_months)  # as the import does: what save() would compute
    bulk.create(Review, created)
    assert [review.pk for review in created] == list(
        Review.objects.filter(slug__in=["bulk", "bulk-2"]).order_by("slug").values_list("pk", flat=True)
    )
    assert not created[0]._state.adding
    ignored = {"id", "slug", "uid", "created_at", "updated_at"}
    expected = {name: value for name, value in _stored(Review, saved.pk).items() if name not in ignored}
    for review in created:
        assert {name: value for name, value in _stored(Review, review.pk).items() if name not in ignored} == expected
    assert str(Review.objects.get(slug="bulk").uid) == str(created[0].uid)
