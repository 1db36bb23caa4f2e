"""How long ``import_content`` takes to load a whole archive.

    python -m bench.imports                  # 10,000 reviews, 30,000 documents, SQLite
    DATABASE_URL=postgres://... python -m bench.imports 10000
    python -m bench.imports --record         # also write bench/last-import-<database>.json

The file is what a library's archive looks like in the import format: the five
bodies of bench.dataset, every review type, 12 themes, 1 to 3 themes, 1 or 2
reviewers and 1 to 5 documents a review (3 on average), summaries of 400 to
1,200 characters, some withdrawn and some deferred. One document in thirty
points at a stored PDF (a small one, each with its own bytes), which the import
reads, checks and indexes; the rest describe files the body holds elsewhere.

For each of three rounds (the median is given, with the spread): a fresh
database, migrated; then the import of the whole file, timed
(``all-or-nothing``: one transaction, reconciled on commit as every write
is); the first public list straight after it, and five cold lists for
comparison; then the same file again, which must change nothing. Prints one JSON line.
"""

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench import databases

ROOT = Path(__file__).resolve().parent.parent
STORED_EVERY = 30  # one document in this many has a stored PDF
ROUNDS = 3  # each figure is the median of this many imports, each into a fresh database
TIMINGS = ("import_seconds", "reimport_seconds", "first_list_after_import_ms", "cold_list_ms")


def archive(count, storage, seed=20261202):
    """The import file for ``count`` reviews (a dict), with its PDFs written under ``storage``."""
    from django.utils import timezone

    from bench.dataset import BODIES, KINDS, REVIEWERS, SENTENCES, THEMES, summary_of
    from reviews.files.sample_pdf import make_pdf
    from reviews.models import Review
    from reviews.transfer.content_io import FORMAT

    random.seed(seed)
    now = timezone.now()
    (storage / "documents").mkdir(parents=True, exist_ok=True)
    reviews, documents = [], 0
    for number in range(count):
        published = now - timedelta(days=365 * 20) * random.random()
        title = f"Child {number}"
        withdrawn = random.random() < 0.01
        deferred = random.random() < 0.05
        items = []
        for position in range(random.choice([1, 2, 3, 3, 4, 5])):
            documents += 1
            kind = KINDS[position % len(KINDS)]
            record = {"uid": str(uuid.uuid4()), "kind": kind.value, "title": f"{kind.label} for {title}",
                      "published_at": published.isoformat()}  # fmt: skip
            if documents % STORED_EVERY == 0:
                name = f"documents/archive-{documents}.pdf"
                (storage / name).write_bytes(
                    make_pdf([f"{title}: {random.choice(SENTENCES)}", f"Document {documents}"])
                )
                record["file"] = name
            else:
                record["stated_size"] = f"{random.randint(1, 40) / 10} MB"
            items.append(record)
        reviews.append({
            "uid": str(uuid.uuid4()), "slug": f"child-{number}", "body": random.choice(BODIES)[0], "title": title,
            "review_type": random.choice(Review.Type.values), "incident": random.choice(Review.Incident.values),
            "publication": "deferred" if deferred else "report",
            "publication_reason": "parallel_proceedings" if deferred else "",
            "summary": summary_of(title), "published_at": published.isoformat(),
            "date_precision": random.choice(["month", "day"]),
            "key_learning": random.sample(SENTENCES, random.randint(1, 4)),
            "recommendations": random.sample(SENTENCES, random.randint(1, 3)),
            "withdrawn_at": (published + timedelta(days=30)).isoformat() if withdrawn else None,
            "withdrawal_reason": "Withdrawn by order of the court." if withdrawn else "",
            "themes": sorted(random.sample([name.replace(" ", "-") for name in THEMES], random.randint(1, 3))),
            "reviewers": [{"name": name, "role": "Independent reviewer", "is_lead": position == 0}
                          for position, name in enumerate(random.sample(REVIEWERS, random.randint(1, 2)))],
            "documents": items,
        })  # fmt: skip
    return {
        "format": FORMAT,
        "bodies": [
            {"slug": slug, "name": slug.replace("-", " ").title(), "nation": nation, "availability_months": months}
            for slug, nation, months in BODIES
        ],  # fmt: skip
        "themes": [{"slug": name.replace(" ", "-"), "name": name} for name in THEMES],
        "reviews": reviews,
    }


def measure(count):
    """In a process set up for a fresh database: build the file, import it twice."""
    import django

    django.setup()
    from django.core.management import call_command

    from reviews.models import Change, Document, Review
    from reviews.transfer.importing import import_content

    call_command("migrate", verbosity=0)
    data = archive(count, Path(os.environ["DOCUMENT_STORAGE_DIR"]))
    documents = sum(len(review["documents"]) for review in data["reviews"])
    _first_read_after_import(warm_up=True)  # the process's own first request (imports, URLs) is not the import's
    started = time.perf_counter()
    changed = import_content(data)  # reconciled in its own transaction: the log, the index, the windows
    first = time.perf_counter() - started
    first_list, cold_list = _first_read_after_import()
    started = time.perf_counter()
    again = import_content(data)
    second = time.perf_counter() - started
    assert Review.objects.count() == count and Document.objects.count() == documents, "the import lost records"
    return {"reviews": count, "documents": documents, "stored_pdfs": documents // STORED_EVERY,
            "import_seconds": round(first, 1), "records_changed": changed, "reimport_seconds": round(second, 1),
            "reimport_changed": again, "changes_logged": Change.objects.count(),
            "first_list_after_import_ms": first_list, "cold_list_ms": cold_list}  # fmt: skip


def _first_read_after_import(warm_up=False):
    """The first public list straight after the import (a read never
    reconciles, so it pays nothing for the import) and, for comparison, the
    median of five cold lists after it; in milliseconds."""
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_CACHE_CONTROL="no-cache")

    def timed(path):
        cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return round((time.perf_counter() - started) * 1000, 1)

    first = timed("/api/v1/reviews/?status=all")
    if warm_up:
        return None
    return first, statistics.median(timed(f"/api/v1/reviews/?status=all&page={page}") for page in (2, 3, 4, 5, 6))


def _once(count):
    with tempfile.TemporaryDirectory(prefix="import-bench-") as directory:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "api.settings", "DJANGO_DEBUG": "false",
                       "DOCUMENT_STORAGE_DIR": f"{directory}/media", "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
                       "DJANGO_ALLOWED_HOSTS": "localhost", "DJANGO_SECURE_SSL_REDIRECT": "false",
                       "REQUEST_LOG": "false"}  # fmt: skip
        environment.setdefault("DATABASE_URL", f"sqlite:///{directory}/import.sqlite3")
        if environment["DATABASE_URL"].startswith("postgres"):
            databases.ensure(environment["DATABASE_URL"])
            subprocess.run([sys.executable, "manage.py", "flush", "--no-input"], cwd=ROOT, env=environment, check=False,
                           capture_output=True)  # fmt: skip
        result = subprocess.run([sys.executable, "-m", "bench.imports", "--measure", str(count)], cwd=ROOT,
                                env=environment, check=True, capture_output=True, text=True)  # fmt: skip
    return environment["DATABASE_URL"], json.loads(result.stdout.strip().splitlines()[-1])


def run(count, rounds=ROUNDS):
    """``rounds`` imports, each into a fresh database: the median, with the spread."""
    measured = [_once(count) for _ in range(rounds)]
    url, figures = measured[0]
    timings = {name: [found[name] for _, found in measured] for name in TIMINGS}
    figures.update({name: statistics.median(values) for name, values in timings.items()})
    figures.update({f"{name}_spread": [min(values), max(values)] for name, values in timings.items()})
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    met = figures["import_seconds"] <= 20
    return {"database": database, "machine": machine, "rounds": rounds, **figures, "goal_seconds": 20, "met": met}


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--measure"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
        print(json.dumps(measure(int(arguments[1]))))
    else:
        record = "--record" in arguments
        sizes = [int(argument) for argument in arguments if argument.isdigit()] or [10000]
        for size in sizes:
            line = json.dumps(run(size))
            print(line, flush=True)
            if record:
                (ROOT / "bench" / f"last-import-{json.loads(line)['database']}.json").write_text(line + "\n")
