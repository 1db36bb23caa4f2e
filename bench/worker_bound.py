"""How soon the worker follows an embargo lifting, with no request at all.

    python -m bench.worker_bound [N]            # a fresh SQLite database
    DATABASE_URL=postgres://... python -m bench.worker_bound [N]

Starts ``manage.py worker`` (WORKER_INTERVAL as set, 0.5 s by default) on
its own database, writes N reviews (20 unless given) whose embargoes lift at
staggered moments over the following seconds, and waits until the changes
log holds each publication. A change is dated when it took effect
(``effective_at``, the embargo's second) and records when the worker wrote it
(``recorded_at``): the difference is the lag. Prints one JSON line with the
median and the longest. Webhook fan-out and hub pings run in the same pass,
straight after the log.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(count):
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bound.sqlite3")
        os.environ.setdefault("DOCUMENT_STORAGE_DIR", f"{scratch}/media")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
        import django

        django.setup()
        from datetime import timedelta

        from django.utils import timezone

        from reviews.models import Change, Review

        Review.objects.filter(slug__startswith="bound-").delete()
        worker = subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=ROOT)
        try:
            start = timezone.now() + timedelta(seconds=3)
            slugs = [f"bound-{index}" for index in range(count)]
            for index, slug in enumerate(slugs):
                Review.objects.create(slug=slug, title=slug, incident="death", summary="s",
                                      published_at=start + timedelta(seconds=0.37 * index))  # fmt: skip
            deadline = time.monotonic() + 60 + 0.37 * count
            while time.monotonic() < deadline:
                told = Change.objects.filter(event="published", resource_id__in=slugs)
                if told.count() == count:
                    break
                time.sleep(0.2)
            lags = [(c.recorded_at - c.effective_at).total_seconds() for c in told]
        finally:
            worker.terminate()
            worker.wait()
    from django.conf import settings
    from django.db import connection

    print(json.dumps({
        "database": connection.vendor, "worker_interval_s": settings.WORKER_INTERVAL, "lifts": count,
        "seen": len(lags), "median_lag_s": round(statistics.median(lags), 3) if lags else None,
        "longest_lag_s": round(max(lags), 3) if lags else None,
    }))  # fmt: skip
    if len(lags) < count:
        sys.exit("bench.worker_bound: not every lift reached the changes log within the deadline")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
