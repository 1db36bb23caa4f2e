"""PostgreSQL: each process keeps the counters (``reviews.changelog.versions``) and reads
them again only when the database says they moved.

Every statement that changes ``reviews_contentversion`` — the triggers' bump on
any write to content, reconcile, a sweep, a ``TRUNCATE`` — sends a notification
on ``crp_versions`` when its transaction commits (the trigger below). Each
process LISTENs on a connection of its own; before a request reads the
counters it asks that connection, without waiting, whether anything arrived
(libpq's ``PQconsumeInput``: no round trip), and only then reads them again.
A repeated answer so costs no round trip to the database server: in-process
on PostgreSQL + Redis, reading the counters took 115-130 µs of the ~1 ms a
cached answer took.

How soon a write is seen everywhere:

- PostgreSQL signals the listening backends as the writer's transaction
  commits; each hands the notification on as soon as it runs (0.2 ms at the
  median here, a few ms at the longest: ``python -m bench.version_lag``). The
  next request of every process after that sees the write.
- A listening connection that breaks is noticed at the next request: the
  counters are read directly, and it listens again.
- A connection that goes silent without breaking (a network that drops
  packets) cannot hide a write for longer than ``CONTENT_VERSION_TRUST_MS``:
  after that the counters are read again whatever was heard.
- A write made by this process (any of its threads) is not left to the
  notification: once it commits, the next read goes to the database.
- Inside a transaction (reconcile, a view that writes, the test suite) the
  counters are read on that transaction's connection: only it sees its own
  writes before they commit.

``CONTENT_VERSION_TRUST_MS=0`` turns the watch off (a read on every request),
as does SQLite, where a read costs no round trip. A transaction-pooling
proxy in front of PostgreSQL (PgBouncer in transaction mode) does not carry
LISTEN: set it to 0 there.
"""

import os
import threading
import time

import psycopg
from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

CHANNEL = "crp_versions"

INSTALL = [
    f"""CREATE OR REPLACE FUNCTION crp_announce_versions() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$""",
    "DROP TRIGGER IF EXISTS crp_announce ON reviews_contentversion",
    "CREATE TRIGGER crp_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reviews_contentversion "
    "FOR EACH STATEMENT EXECUTE FUNCTION crp_announce_versions()",
]
UNINSTALL = [
    "DROP TRIGGER IF EXISTS crp_announce ON reviews_contentversion",
    "DROP FUNCTION IF EXISTS crp_announce_versions()",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INSTALL:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNINSTALL:
            schema_editor.execute(statement)


def own_session():
    """A psycopg connection of its own to Django's database, in autocommit."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)  # Django's, for its own cursors
    params.setdefault("connect_timeout", 5)  # a server that does not answer holds every thread up no longer
    return psycopg.connect(**params, autocommit=True)


class Watch:
    """The counters as this process last read them, and the connection that
    says when they moved. Shared by the threads of a process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._listener = None
        self._pid = None
        self._inherited = []  # a parent's listener: closing it in a child would end the parent's session
        self._known = None
        self._read_at = 0.0
        self._wrote = False
        self._troubled = False

    def counters(self, read):
        """``read()``'s answer: read now, or as last read if nothing moved since."""
        trust = settings.CONTENT_VERSION_TRUST_MS / 1000
        if not trust or connection.vendor != "postgresql" or connection.in_atomic_block:
            return read()
        with self._lock:
            moved = self._moved() or self._wrote  # before reading: a later write sets them again
            self._wrote = False
            now = time.monotonic()
            if moved or self._known is None or now - self._read_at >= trust:
                self._known, self._read_at = read(), now
            return self._known

    def written(self):
        """This process committed a write: read the counters at the next request."""
        self._wrote = True

    def close(self):
        """Stop listening (until the next request): before the database goes, as tests drop theirs."""
        with self._lock:
            self._close()

    def forget(self):
        """Read the counters again at the next request (a new database, a test)."""
        with self._lock:
            self._known = None

    def _moved(self):
        """Whether a notification arrived (or may have been missed) since the last look."""
        if self._listener is None or self._pid != os.getpid():  # a forked worker listens on its own
            return self._listen()
        pgconn = self._listener.pgconn
        arrived = False
        try:
            pgconn.consume_input()  # what has arrived, without waiting for more
            while pgconn.notifies() is not None:  # (parsing it calls the notice handler too)
                arrived = True
        except psycopg.Error:
            self._troubled = True
        if self._troubled:  # the server ended the session (it says so before it closes), or it is gone
            self._close()
            return True
        return arrived

    def _listen(self):
        self._close()
        try:
            self._listener = own_session()
            self._troubled = False
            # Nothing but notifications comes to an idle connection: anything else is trouble.
            self._listener.add_notice_handler(self._trouble)
            self._listener.execute(f"LISTEN {CHANNEL}")
            self._pid = os.getpid()
        except psycopg.Error:
            self._close()  # read directly until it can listen again
        return True

    def _trouble(self, diagnostic):
        self._troubled = True

    def _close(self):
        listener, self._listener, self._known = self._listener, None, None
        if listener is None:
            return
        if self._pid == os.getpid():
            listener.close()
        else:
            self._inherited.append(listener)


watch = Watch()


def _noting_writes(execute, sql, params, many, context):
    """Every statement of this process's connections but a SELECT: once it has
    committed, the counters are read again (a notification may lag it)."""
    result = execute(sql, params, many, context)
    if not sql.lstrip().startswith("SELECT"):
        written = context["connection"]
        if written.in_atomic_block:
            written.on_commit(watch.written)
        else:
            watch.written()  # autocommit: committed already
    return result


@receiver(connection_created)
def _watch_writes(sender, connection, **kwargs):
    # Once a wrapper: the list outlives each connection, and connections are made again (CONN_MAX_AGE).
    # First in it: ``execute_wrapper()`` blocks pop the last, which must stay theirs.
    if connection.vendor == "postgresql" and _noting_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _noting_writes)
