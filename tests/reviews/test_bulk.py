"""Rows written by the ten thousand (``reviews.bulk``): all there, as Django
would have written them, and seen by the invalidation triggers."""

import pytest
from django.db import connection
from django.utils import timezone

from reviews import bulk, versions
from reviews.models import Change

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
