"""A review list page stitched from representations rendered when content
changed (``reviews.models.Representation``), not built row by row.

The worker renders each review that has no row with ``ReviewSerializer``
itself (``render_missing``; reconcile drops the row of every review it looks
at, in the writer's transaction); a list page then reads its reviews' rows in one query with the
page and puts them together (``page_of``). Status and lifecycle change with
the clock, not with a write, so they are left out of the stored bytes and put
in between ``head`` and ``tail`` for the moment of the request. A review with
no row of the current ``key`` (content from before an upgrade, settings that
changed) is rendered by the serializer there and then. A test holds the
stitched page byte for byte equal to the serializer's.
"""

import hashlib

import orjson
from django.conf import settings
from django.db import transaction

from api.v1 import serializers
from reviews.models import Representation, Review
from reviews.publication import lifecycle_of, status_of

# What the stored bytes leave out: filled in at read time.
TIMELY = ("status", "lifecycle")
# The columns the time-dependent parts are computed from.
ROW = ("pk", "published_at", "available_until", "withdrawn_at", "publication")
# The columns a review list shows (and its status needs): loading only these
# is several times cheaper than loading a review whole.
LIST_COLUMNS = ("uid", "slug", "title", "review_type", "incident", "summary", "published_at", "date_precision",
                "available_until", "withdrawn_at", "publication", "is_sample", "updated_at", "body__slug",
                "body__name", "body__short_name", "body__kind", "body__nation", "body__is_sample")  # fmt: skip


# Raise it whenever ``ReviewSerializer`` shows a review differently: every
# stored row of an older one is then ignored, and rendered again by the worker
# (a test fails if the serializer's output changes and this does not).
RENDERING = 1


def key():
    """What the bytes depend on besides the review: how they are rendered and
    the settings that reads."""
    parts = [str(RENDERING).encode(), settings.PUBLIC_BASE_URL.encode(), settings.TIME_ZONE.encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def reviews_for_list(reviews):
    """``reviews`` loaded the way a list shows them."""
    return reviews.with_themes().select_related("body").only(*LIST_COLUMNS)


def _split(representation):
    keys = list(representation)
    first, last = keys.index(TIMELY[0]), keys.index(TIMELY[-1])
    head = orjson.dumps({name: representation[name] for name in keys[:first]})[:-1]  # without its "}"
    tail = orjson.dumps({name: representation[name] for name in keys[last + 1 :]})[1:]  # without its "{"
    return head, tail


def render(pks, now):
    """The representations of the reviews ``pks``."""
    serializer = serializers.ReviewSerializer(context={"now": now})
    stamp = key()
    rows = []
    for review in reviews_for_list(Review.objects.filter(pk__in=pks)):
        head, tail = _split(serializer.to_representation(review))
        rows.append(Representation(review_id=review.pk, key=stamp, head=head, tail=tail))
    return rows


def render_missing(now, most=500):
    """Render up to ``most`` reviews that have no row of the current key (the
    worker's pass); returns how many. The reviews are read and the rows written
    in one transaction, after the row of any older key is dropped."""
    current = Representation.objects.filter(key=key()).values("review_id")
    with transaction.atomic():
        pks = list(Review.objects.exclude(pk__in=current).order_by("pk").values_list("pk", flat=True)[:most])
        if pks:
            Representation.objects.filter(review_id__in=pks).delete()
            Representation.objects.bulk_create(render(pks, now), ignore_conflicts=True)
    return len(pks)


def _timely(row, now):
    return b',"status":"%s","lifecycle":"%s",' % (
        status_of(row, now).value.encode(),
        lifecycle_of(row, now).value.encode(),
    )


def page_of(reviews, rows, now, context):
    """The JSON array of a page of ``reviews`` (a queryset; ``rows``: that
    page's ``ROW`` tuples, in order), from the stored representations."""
    stored = {
        review_id: (bytes(head), bytes(tail))
        for review_id, head, tail in Representation.objects.filter(
            review_id__in=[row.pk for row in rows], key=key()
        ).values_list("review_id", "head", "tail")
    }
    missing = [row.pk for row in rows if row.pk not in stored]
    if missing:
        serializer = serializers.ReviewSerializer(context=context)
        for review in reviews_for_list(reviews.filter(pk__in=missing)):
            stored[review.pk] = _split(serializer.to_representation(review))
    return orjson.Fragment(b"[" + b",".join(stored[row.pk][0] + _timely(row, now) + stored[row.pk][1]
                                            for row in rows) + b"]")  # fmt: skip
