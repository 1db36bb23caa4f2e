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
Objects alive on entry are frozen (``gc.freeze``) until the last leaves, so no
collection walks them again: 10k reviews on SQLite, alternated runs, 19.7 and
19.6 s against 19.9 and 20.2 s.
"""

import contextlib
import gc
import threading
import uuid
from datetime import date, datetime

import orjson
from django.db import connection
from django.db.models.fields import AutoFieldMixin

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
            # What is alive already (the import file's parsed records, the
            # loaded code) is left out of collections until the last leaves.
            # (Nothing else in the project freezes, so thawing all is ours to do.)
            gc.freeze()
        _within[0] += 1
    try:
        yield
    finally:
        with _lock:
            _within[0] -= 1
            if not _within[0]:
                gc.set_threshold(*_within[1])
                gc.unfreeze()


# Values the database driver takes as they are, by field type: Django's
# ``get_db_prep_save`` returns them unchanged, and calling it for each of the
# millions of values an archive holds was a third of an import's Python time.
_AS_THEY_ARE = {
    "CharField": (str,), "TextField": (str,), "SlugField": (str,), "EmailField": (str,), "URLField": (str,),
    "IntegerField": (int,), "BigIntegerField": (int,), "SmallIntegerField": (int,), "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,), "PositiveBigIntegerField": (int,), "BooleanField": (bool,),
    "AutoField": (int,), "BigAutoField": (int,), "SmallAutoField": (int,),  # the targets of foreign keys
}  # fmt: skip
# And on PostgreSQL (psycopg adapts them itself; SQLite's backend turns them into text first).
_AS_THEY_ARE_POSTGRESQL = {"DateField": (date,), "UUIDField": (uuid.UUID,)}


def _preparer(field):
    """``value -> the value to send`` for ``field``: Django's own preparation,
    skipped for a value of a type the driver takes as it is."""
    target = field.target_field if field.many_to_one else field
    kind = target.get_internal_type()
    plain = _AS_THEY_ARE.get(kind) or (_AS_THEY_ARE_POSTGRESQL.get(kind) if connection.vendor == "postgresql" else None)
    aware_times = kind == "DateTimeField" and connection.vendor == "postgresql"
    json_text = kind == "JSONField" and field.encoder is None
    last = [None, None]  # the last time prepared, and what it became (rows written together share one)

    def prepare(value):
        if value is None or (plain and type(value) in plain):
            return value
        if type(value) is datetime:
            if aware_times and value.tzinfo is not None:
                return value
            if value is last[0]:
                return last[1]
            last[:] = value, field.get_db_prep_save(value, connection)
            return last[1]
        if json_text and type(value) in (dict, list):
            # As JSON text, which both databases take for a JSON column: orjson
            # writes an import's 55,000 audit entries several times faster than
            # the json module Django uses. Anything orjson refuses (keys that
            # are not text, integers beyond 64 bits) goes Django's way.
            try:
                return orjson.dumps(value).decode()
            except orjson.JSONEncodeError:
                pass
        return field.get_db_prep_save(value, connection)

    return prepare


def _rows(fields, objects):
    prepared = [(field, _preparer(field)) for field in fields]
    # pre_save, as Django's own inserts: ``auto_now`` times are set, a committed file gives its name.
    return [[prepare(field.pre_save(item, True)) for field, prepare in prepared] for item in objects]


def insert(model, objects):
    """INSERT ``objects``, whose ids nobody needs back, with one prepared statement
    (SQLite) or one COPY (PostgreSQL)."""
    # Every column but an id the database numbers (a key that is a review's is written).
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, AutoFieldMixin)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    rows = _rows(fields, objects)
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


def create(model, objects, key="uid"):
    """``bulk_create(objects)``: on PostgreSQL by one COPY, with the new ids read
    back by ``key`` (a unique column each object has); elsewhere by Django.
    (An import's 30,000 documents: Django compiles and sends a 500-row INSERT
    at a time, and half its time went to preparing and quoting the values.)"""
    if connection.vendor != "postgresql" or not objects:
        return model.objects.bulk_create(objects, batch_size=500)
    insert(model, objects)
    keys = [str(getattr(item, key)) for item in objects]  # a uuid given as text, or as a UUID
    ids = {str(found): pk for found, pk in model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk")}
    for item, item_key in zip(objects, keys, strict=True):
        item.pk = ids[item_key]
        item._state.adding, item._state.db = False, connection.alias
    return objects
