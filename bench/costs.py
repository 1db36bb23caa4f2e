"""What the expensive answers cost a request, and what they cost everyone else.

    python -m bench.costs                  # 10,000 reviews, SQLite, gunicorn with 2 sync workers
    python -m bench.costs 10000 --keep bench/runs/NAME.json

A fresh SQLite database is filled by bench.dataset; the worker's writing of
the export files is timed; then gunicorn (2 workers, debug off, the default
``EXPENSIVE_REQUESTS``) is asked, three times each, for:

- the whole export (from the file), and a HEAD of it;
- a filtered export (``status=all``: the same reviews, built for the request);
- two filtered exports at once, while an ordinary list page is asked for every
  0.2 s: what the exports answered, and the list's latency beside them;
- the same with two whole exports from the file.

Prints one JSON document (seconds; medians of the three rounds).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run import Server, server_environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CSV = "/api/v1/exports/reviews.csv"
ORDINARY = "/api/v1/reviews/?page=2"


def timed(url, method="GET"):
    """(status, seconds, bytes) of one request, its body read whole."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=300) as response:
            status, size = response.status, len(response.read())
    except urllib.error.HTTPError as error:
        status, size = error.code, len(error.read())
    return status, time.perf_counter() - started, size


def alongside(server, path, count=2):
    """``count`` requests for ``path`` at once, and the ordinary page every 0.2 s meanwhile."""
    results, ordinary = [None] * count, []

    def fetch(index):
        results[index] = timed(server.url + path)

    threads = [threading.Thread(target=fetch, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        ordinary.append(timed(server.url + ORDINARY)[1])
        time.sleep(0.2)
    for thread in threads:
        thread.join()
    return {"answers": sorted([status, round(seconds, 3)] for status, seconds, _ in results),
            "ordinary_median": round(statistics.median(ordinary), 3), "ordinary_max": round(max(ordinary), 3),
            "ordinary_requests": len(ordinary)}  # fmt: skip


def median(function, rounds=3):
    return round(statistics.median(function() for _ in range(rounds)), 3)


def main(argv):
    size = int(argv[0]) if argv and argv[0].isdigit() else 10_000
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    with tempfile.TemporaryDirectory(prefix="costs-bench-") as directory:
        environment = server_environment(size)
        environment["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        environment["DOCUMENT_STORAGE_DIR"] = f"{directory}/media"
        environment.pop("REDIS_URL", None)
        environment.pop("EXPENSIVE_REQUESTS")  # the default limit, as deployed
        subprocess.run([PYTHON, "-m", "bench.dataset", str(size)], cwd=ROOT, env=environment, check=True)
        code = ("import time; from reviews.changelog import changes; changes.catch_up(); "
                "from api.v1.exports import write_files; started = time.perf_counter(); write_files(); "
                "print(time.perf_counter() - started)")  # fmt: skip
        written = subprocess.run([PYTHON, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=environment,
                                 check=True, capture_output=True, text=True)  # fmt: skip
        server = Server(environment, workers=2)
        try:
            whole = timed(server.url + CSV)
            assert whole[0] == 200, whole
            figures = {
                "reviews": size,
                "machine_cores": os.cpu_count(),
                "expensive_requests": max(1, os.cpu_count() // 2),  # the default
                "worker_writes_both_files": round(float(written.stdout.strip().splitlines()[-1]), 3),
                "csv_megabytes": round(whole[2] / 1e6, 1),
                "whole_export_from_file": median(lambda: timed(server.url + CSV)[1]),
                "head_of_export": median(lambda: timed(server.url + CSV, "HEAD")[1]),
                "filtered_export_built": median(lambda: timed(server.url + CSV + "?status=all")[1]),
                "ordinary_alone": median(lambda: timed(server.url + ORDINARY)[1]),
                "two_filtered_exports_at_once": alongside(server, CSV + "?status=all"),
                "two_whole_exports_at_once": alongside(server, CSV),
            }
        finally:
            server.stop()
    print(json.dumps(figures, indent=1))
    if keep:
        Path(keep).write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
