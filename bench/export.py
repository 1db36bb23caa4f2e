"""What streaming an export costs in memory, at growing library sizes.

    python -m bench.export                 # 1,000, 10,000 and 100,000 reviews, SQLite
    python -m bench.export 1000 100000

For each size: a fresh SQLite database is filled by bench.dataset, then the whole
JSON Lines export (every public review) is read through the application in this
process, with tracemalloc counting the largest memory in use at any moment.
Constant memory means the peak stays flat while the export grows. Prints one
JSON line a size.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure():
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
    django.setup()
    from django.test import Client

    client = Client()
    client.get("/api/v1/")  # the changes log catches up with the new library first
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/api/v1/exports/reviews.jsonl")
    assert response.status_code == 200 and response.streaming, response.status_code
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    return {"reviews_exported": lines, "megabytes_sent": round(size / 1e6, 1), "seconds": round(seconds, 1),
            "peak_traced_megabytes": round(peak / 1e6, 1)}  # fmt: skip


def main(sizes):
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="export-bench-") as directory:
            environment = {**os.environ, "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
                           "DOCUMENT_STORAGE_DIR": f"{directory}/media", "REQUEST_LOG": "false",
                           # Production settings (no debug query log growing with the export), in-process.
                           "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "testserver",
                           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECRET_KEY": "bench-" + "x" * 50}  # fmt: skip
            environment.pop("REDIS_URL", None)
            subprocess.run([sys.executable, "-m", "bench.dataset", str(count)], cwd=ROOT, env=environment, check=True)
            result = subprocess.run([sys.executable, "-m", "bench.export", "--measure"], cwd=ROOT, env=environment,
                                    check=True, capture_output=True, text=True)  # fmt: skip
            print(json.dumps({"library_reviews": count, **json.loads(result.stdout.strip().splitlines()[-1])}),
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        main([int(size) for size in sys.argv[1:]] or [1000, 10000, 100000])
