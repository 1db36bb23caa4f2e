"""Rows written by the ten thousand: the changes log, announcements and audit
entries after an import.

``bulk_create`` compiles a statement for every few dozen rows on SQLite (its
limit on parameters) and prepares each value through the query compiler; one
prepared statement run with ``executemany`` wrote them in about half the time
(a reconciliation after importing 3,000 reviews). Used only where nobody needs
the new rows' ids back. (For an import's reviews and documents, inserting them so
and reading their ids back by uid gained nothing measurable: 46.1 s against 44.1 s.)

And ``collecting_less``: an import or a reconciliation of ten thousand reviews
makes hundreds of thousands of model instances, and Python's cycle collector,
run by default after every 700 new objects, spent about a quarter of the time
walking them (10k reviews on SQLite: 24.7 s, against 18.9 s with the collector
run every 10,000; 17.6 s with it off, but 405 MB at the peak against 312 MB).
"""

import contextlib
import gc
import threading

from django.db import connection

# The cycle collector's thresholds while rows are written by the ten thousand.
BULK_GC_THRESHOLDS = (10_000, 10, 10)
_lock = threading.Lock()
_within = [0, None]  # how many are running, and the thresholds before the first


@contextlib.contextmanager
def collecting_less():
    """Run Python's cycle collector less often for the duration (a decorator
    too). The thresholds are process-wide: the first to enter sets them and the
    last to leave restores them, whichever thread runs which."""
    with _lock:
        if not _within[0]:
            _within[1] = gc.get_threshold()
            gc.set_threshold(*BULK_GC_THRESHOLDS)
        _within[0] += 1
    try:
        yield
    finally:
        with _lock:
            _within[0] -= 1
            if not _within[0]:
                gc.set_threshold(*_within[1])


def insert(model, objects):
    """INSERT ``objects``, whose ids nobody needs back, with one prepared statement
    (SQLite) or one COPY (PostgreSQL)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # pre_save, as Django's own inserts: ``auto_now`` times are set, a committed file gives its name.
    rows = [[field.get_db_prep_save(field.pre_save(item, True), connection) for field in fields] for item in objects]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            if rows:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", rows)
            return objects
        # PostgreSQL runs executemany as a statement a row, and each fires the
        # changes log's statement trigger, which updates one counter row again:
        # in one transaction every update walks the row's earlier versions, so
        # n rows cost n squared (200k changes took minutes). COPY is one statement.
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
    return objects
