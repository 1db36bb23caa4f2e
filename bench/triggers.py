"""What the invalidation (and version) triggers cost per write, and what reconciling costs.

    python -m bench.triggers              # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m bench.triggers

The same writes are timed with the triggers installed and with them dropped,
in one run on one database: N reviews inserted with ``bulk_create``, each
updated by its own ``update()`` (an editor's save is one such statement, plus
its document and reviewer rows), then all of them by one ``bulk_update``. Then
one reconciliation of the changes log after those writes. Prints one JSON
line. The database named by ``DATABASE_URL`` is emptied of content first.
"""

import json
import os
import sys
import tempfile
import time
from datetime import timedelta

import django

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='triggers-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from reviews.changelog import changes  # noqa: E402
from reviews.database import invalidation  # noqa: E402
from reviews.models import Body, PendingChange, Review  # noqa: E402


def drop_triggers():
    with connection.cursor() as cursor:
        for table in [*invalidation.TRACKED, *invalidation.BUMP_ONLY]:
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete", "version", "slug"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS crp_{table}_{event}")
            else:
                for name in ("crp_bump", "crp_note", "crp_version", "crp_slug"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def install_triggers():
    with connection.schema_editor() as editor:
        invalidation.install(None, editor)


def timed(action):
    started = time.perf_counter()
    with transaction.atomic():
        action()
    return time.perf_counter() - started


def writes(count, label):
    now = timezone.now()
    body = Body.default(create=True)
    reviews = [
        Review(body=body, slug=f"{label}-{n}", title=f"Child {n}", incident="death", summary="Words.",
               published_at=now - timedelta(days=n % 400), available_until=now + timedelta(days=30))
        for n in range(count)
    ]  # fmt: skip
    figures = {"bulk_create": timed(lambda: Review.objects.bulk_create(reviews, batch_size=500))}
    pks = list(Review.objects.filter(slug__startswith=f"{label}-").values_list("pk", flat=True))

    def one_by_one():
        for pk in pks:
            Review.objects.filter(pk=pk).update(summary="Edited.")

    figures["update_each"] = timed(one_by_one)
    rows = list(Review.objects.filter(pk__in=pks))
    for row in rows:
        row.summary = "Edited again."
    figures["bulk_update"] = timed(lambda: Review.objects.bulk_update(rows, ["summary"], batch_size=500))
    return {name: round(seconds / count * 1e6, 1) for name, seconds in figures.items()}


def best(rounds):
    return {name: min(figures[name] for figures in rounds) for name in rounds[0]}


def main(count, rounds=3):
    """Alternating rounds with and without triggers; the best of each."""
    call_command("migrate", verbosity=0)
    Review.objects.all().delete()
    changes.reconcile()
    with_triggers, without, reconciles = [], [], []
    for round_ in range(rounds):
        with_triggers.append(writes(count, f"with{round_}"))
        pending = PendingChange.objects.count()
        started = time.perf_counter()
        recorded = changes.reconcile()
        reconciles.append(time.perf_counter() - started)
        drop_triggers()
        try:
            without.append(writes(count, f"without{round_}"))
        finally:
            install_triggers()
        Review.objects.all().delete()
        changes.reconcile()
    with_triggers, without, reconcile_seconds = best(with_triggers), best(without), min(reconciles)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": count,
                "rounds": rounds,
                "microseconds_per_row_with_triggers": with_triggers,
                "microseconds_per_row_without": without,
                "pending_rows_noted": pending,
                "reconcile_seconds": round(reconcile_seconds, 3),
                "changes_recorded": recorded,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
