"""Two writers at once on the SQLite default, as two gunicorn workers saving
the same review are: each reads, then writes. A transaction takes the write
lock when it begins, so the second waits for the first (and is then refused
by the record's version: "Not saved" in the admin) instead of failing with
"database is locked" (a 500), which SQLite answers at once, whatever the busy
timeout, to a transaction that read first and then found another writing."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's locking"
)


@pytest.fixture
def shared_file(tmp_path, django_db_blocker):
    """Two connections to one SQLite file of its own (not the test database),
    configured as settings configure the default."""
    path = tmp_path / "shared.sqlite3"
    names = ["writer_a", "writer_b"]
    for name in names:
        connections.settings[name] = {**connections.settings["default"], "NAME": str(path), "TEST": {}}
    with django_db_blocker.unblock():
        with connections["writer_a"].cursor() as cursor:
            cursor.execute("CREATE TABLE review (id INTEGER PRIMARY KEY, title TEXT, version INTEGER)")
            cursor.execute("INSERT INTO review VALUES (1, 'Child A', 1)")
        yield path
        for name in names:
            connections[name].close()
            del connections[name]
            del connections.settings[name]


def save(name, title, outcome, inside=lambda: None):
    """An admin save: read the version, write if it is unchanged."""
    try:
        with transaction.atomic(using=name), connections[name].cursor() as cursor:
            cursor.execute("SELECT version FROM review WHERE id = 1")
            version = cursor.fetchone()[0]
            inside()
            cursor.execute("UPDATE review SET title = %s, version = version + 1 WHERE id = 1 AND version = %s",
                           [title, version])  # fmt: skip
            outcome[name] = "saved" if cursor.rowcount else "not saved"
    except Exception as error:  # noqa: BLE001 — what the admin would answer 500 with
        outcome[name] = f"failed: {error}"
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections[name].close()


def test_a_transaction_holds_the_write_lock_from_its_start(shared_file):
    held = {}

    def probe():  # another process, asking for the write lock without waiting
        other = sqlite3.connect(shared_file, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            held["write lock"] = False
        except sqlite3.OperationalError as error:
            held["write lock"] = "locked" in str(error)
        finally:
            other.close()

    save("writer_a", "Child A, first", {}, inside=probe)
    assert held == {"write lock": True}


def test_the_second_of_two_racing_saves_waits_and_is_then_told_not_saved(shared_file):
    outcome, started = {}, threading.Event()
    second = threading.Thread(target=save, args=("writer_b", "Child A, second", outcome))

    def start_the_other():
        second.start()  # it begins while this one holds the lock
        started.set()

    save("writer_a", "Child A, first", outcome, inside=start_the_other)
    assert started.wait(timeout=10)
    second.join(timeout=30)
    assert outcome == {"writer_a": "saved", "writer_b": "saved"} or outcome == {
        "writer_a": "saved", "writer_b": "not saved"}, outcome  # fmt: skip
