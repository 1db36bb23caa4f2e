"""Faults caused for real: a database that cannot be reached, a Redis that
cannot be reached, a document storage that cannot be written."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.helpers import ROOT, answer, free_port, http_get, served, wait_for


def migrate(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "load_seed_content"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip


@pytest.mark.system
def test_unreachable_database_answers_503_and_recovers_by_itself(tmp_path):
    """GIVEN a database file in a directory that does not exist yet
    WHEN the API is asked THEN /readyz and the API answer 503 problems, with
    no traceback; once the database is there, the same process recovers."""
    database = tmp_path / "later" / "db.sqlite3"
    url = f"sqlite:///{database}"
    with served(DATABASE_URL=url, DOCUMENT_STORAGE_DIR=str(tmp_path / "media")) as base:
        assert http_get(f"{base}/healthz")[0] == 200
        status, _, body = http_get(f"{base}/readyz")
        assert status == 503 and json.loads(body)["database"] == "unreachable"
        for path in ("/api/v1/reviews/", "/api/v1/", "/feeds/publications.atom", "/api/v1/changes/"):
            status, headers, body = http_get(base + path)
            assert status == 503, path
            assert headers["Content-Type"] == "application/problem+json"
            assert headers["Retry-After"]
            assert b"Traceback" not in body and b"sqlite" not in body.lower()
        database.parent.mkdir()
        migrate(url)
        assert http_get(f"{base}/readyz")[0] == 200
        status, _, body = http_get(f"{base}/api/v1/reviews/?status=all")
        assert status == 200 and json.loads(body)["count"] == 7  # the seed: 3 reviews, the sample, 3 of the sample body


@pytest.mark.system
def test_unreachable_redis_degrades_to_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with served(DATABASE_URL=url, REDIS_URL=closed, DOCUMENT_STORAGE_DIR=str(tmp_path / "media")) as base:
        for _ in range(2):  # the second time would come from the cache, if there were one
            status, headers, body = http_get(f"{base}/api/v1/reviews/?status=all")
            assert (
                status == 200 and json.loads(body)["count"] == 7
            )  # the seed: 3 reviews, the sample, 3 of the sample body
            assert headers["ETag"]
        assert http_get(f"{base}/feeds/publications.atom")[0] == 200
        assert http_get(f"{base}/readyz")[0] == 200


@pytest.mark.django_db
def test_a_storage_error_during_upload_is_a_clear_admin_error_with_nothing_saved(staff_client, settings, tmp_path):
    """GIVEN document storage that cannot be written (a read-only directory)
    WHEN an editor uploads a PDF with a new review THEN the admin says so,
    and neither the review, the document nor any file is left behind."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from reviews.models import Document, Review
    from tests.factories import make_board, pdf_bytes
    from tests.reviews.test_admin import review_form, stored_files

    if os.geteuid() == 0:
        # root ignores directory permissions: use a path under a regular file instead.
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("x")
        settings.MEDIA_ROOT = blocker / "media"
    else:
        readonly = tmp_path / "readonly"
        readonly.mkdir()
        readonly.chmod(0o500)
        settings.MEDIA_ROOT = readonly
    make_board()
    upload = SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))
    assert response.status_code == 200
    assert "could not be stored" in response.content.decode()
    assert not Review.objects.exists() and not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.system
def test_dev_run_serves_on_the_port_asked_for(tmp_path):
    """`python3 dev.py run --port N` as the README shows it, on a fresh database."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DOCUMENT_STORAGE_DIR": str(tmp_path / "media"), "STATIC_FILES_DIR": str(tmp_path / "static")}  # fmt: skip
    for name in ("REDIS_URL", "PUBLIC_BASE_URL", "DJANGO_DEBUG"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "dev.py", "run", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def up():
        if process.poll() is not None:
            raise AssertionError(f"dev.py run exited with {process.returncode}: {process.stdout.read().decode()}")
        return answer(f"http://127.0.0.1:{port}/api/v1/")

    try:
        status, _, body = wait_for(up, 120, "dev.py run answering on its port")
        assert status == 200 and f"http://127.0.0.1:{port}/api/v1/reviews/".encode() in body

        def export_from_file():  # the worker writes the export files beside serving
            answered = answer(f"http://127.0.0.1:{port}/api/v1/exports/reviews.csv")
            return answered is not None and answered[0] == 200 and answered[1].get("Accept-Ranges") == "bytes"

        wait_for(export_from_file, 60, "the whole export served from the worker's file")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    asked = subprocess.run([sys.executable, "dev.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert asked.returncode == 0 and "--port N" in asked.stdout
    wrong = subprocess.run([sys.executable, "dev.py", "run", "--port", "x"], cwd=ROOT, capture_output=True, text=True)
    assert wrong.returncode != 0 and "unknown arguments" in wrong.stderr


def test_the_redis_cache_keeps_one_client_and_still_degrades(caplog):
    """The cache as settings configure it, on a Redis that is not there: one
    redis-py client for every operation (Django's own Redis cache made one per
    operation), reads miss, writes are dropped, the rate limit fails open, and
    the operator is told once, not once per operation."""
    import logging

    import redis
    from django.core.cache import cache
    from django.test import override_settings

    from api.http.cache import OncePerMinute, count_and_get

    made = []
    original = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    shared = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
    logger = logging.getLogger("django_redis")
    once = OncePerMinute()
    logger.addFilter(once)
    redis.Redis.__init__ = counted
    try:
        with (
            override_settings(CACHES={"default": shared}, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True),
            caplog.at_level(logging.WARNING, logger="django_redis"),
        ):
            for _ in range(5):
                assert cache.get("answer") is None and cache.add("limit", 1) is None
                cache.set("answer", b"bytes")
                assert count_and_get("hits", 5, "answer") == (1, None)
    finally:
        redis.Redis.__init__ = original
        logger.removeFilter(once)
    assert len(made) == 1  # twenty operations, one client
    told = [record.getMessage() for record in caplog.records if record.name == "django_redis"]
    assert len(told) == 1 and told[0].startswith("Redis is unreachable; answering without the cache:"), told
