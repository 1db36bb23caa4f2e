"""How soon a process sees a write made by another session (PostgreSQL).

    DATABASE_URL=postgres://... python -m bench.version_lag [N]

Another session moves a counter N times (500 unless given), each in its own
transaction; straight after each commit returns, this process asks its watch
(``reviews.changelog.version_watch``) for the counters, and again until it sees the
write. Prints one JSON line: how many writes the first read saw, and the
median and longest wait for the rest (the time PostgreSQL takes to hand the
notification on). The counter moved is the changes log's sequence, which no
answer is keyed on; it is put back at the end.
"""

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from reviews.changelog import versions  # noqa: E402
from reviews.changelog.version_watch import own_session, watch  # noqa: E402


def main(writes):
    if connection.vendor != "postgresql":
        sys.exit("bench.version_lag: PostgreSQL only (DATABASE_URL=postgres://...)")
    start = watch.counters(versions.versions)["changes"]
    at_once, waits = 0, []
    with own_session() as other:
        try:
            for moved in range(1, writes + 1):
                other.execute("UPDATE reviews_contentversion SET version = version + 1 WHERE scope = 'changes'")
                committed = time.perf_counter()
                if watch.counters(versions.versions)["changes"] == start + moved:
                    at_once += 1
                    continue
                while watch.counters(versions.versions)["changes"] != start + moved:
                    pass
                waits.append((time.perf_counter() - committed) * 1e6)
        finally:
            other.execute("UPDATE reviews_contentversion SET version = %s WHERE scope = 'changes'", [start])
    print(json.dumps({
        "writes": writes,
        "seen_by_the_first_read": at_once,
        "others_seen_after_us_median": round(statistics.median(waits)) if waits else None,
        "others_seen_after_us_longest": round(max(waits)) if waits else None,
    }))  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
