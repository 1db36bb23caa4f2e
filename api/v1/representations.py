"""Reviews rendered when their content changed (``reviews.models.Representation``),
so a list page or a detail is put together rather than built field by field.

The worker renders each review that has no row of the current ``key`` with
``ReviewDetailSerializer`` itself (``render_missing``); reconcile drops the row
of every review it looks at, in the writer's transaction. What follows the
clock or other reviews is never stored but made at each read: status and
lifecycle (put in between ``head`` and ``tail``), and a detail's documents,
related reviews and whether it is on request. A list page reads its reviews'
rows in one query with the page (``page_of``); a detail, its row and those
live parts in four (``detail_of``). A review with no row of the current key is
rendered by the serializer there and then. Tests hold both byte for byte equal
to the serializer's.
"""

import hashlib

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects

from api.v1 import serializers
from reviews.models import Document, RelatedReview, Representation, Review
from reviews.publication import Lifecycle, lifecycle_of, status_of

# What the stored bytes leave out: filled in at read time.
TIMELY = ("status", "lifecycle")
# The columns the time-dependent parts are computed from.
ROW = ("pk", "published_at", "available_until", "withdrawn_at", "publication")
# The columns a review list shows (and its status needs): loading only these
# is several times cheaper than loading a review whole.
LIST_COLUMNS = ("uid", "slug", "title", "review_type", "incident", "summary", "published_at", "date_precision",
                "available_until", "withdrawn_at", "publication", "is_sample", "updated_at", "body__slug",
                "body__name", "body__short_name", "body__kind", "body__nation", "body__is_sample")  # fmt: skip


# What a detail shows beyond a list's fields; of them, the parts made at read time.
DETAIL_ONLY = [name for name in serializers.ReviewDetailSerializer.Meta.fields
               if name not in serializers.ReviewSerializer.Meta.fields]  # fmt: skip
LIVE = ("documents", "related_reviews")


# Raise it whenever ``ReviewDetailSerializer`` shows a review differently: every
# stored row of an older one is then ignored, and rendered again by the worker
# (a test fails if the serializer's output changes and this does not).
RENDERING = 3


def key():
    """What the bytes depend on besides the review: how they are rendered and
    the settings that reads."""
    parts = [str(RENDERING).encode(), settings.PUBLIC_BASE_URL.encode(), settings.TIME_ZONE.encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def reviews_for_list(reviews):
    """``reviews`` loaded the way a list shows them."""
    return reviews.with_themes().select_related("body").only(*LIST_COLUMNS)


def nested_documents():
    """A review's or leaflet's documents, to prefetch. Not their parent: prefetching
    sets each document's review or leaflet to the one already loaded (a join would
    read the parent's row again per document). Nor a PDF's words: they are for
    search only, and may run to megabytes."""
    return Document.objects.select_related("alternative_format_contact").defer("extracted_text")


def _related():
    # Only what a related review shows, in no order (the serializer sorts them):
    # each of these halves the time Django takes to compile the query.
    shown = ("slug", "title", "review_type", "published_at", "withdrawn_at")
    return (
        RelatedReview.objects.select_related("review", "related")
        .only("relation", *(f"{side}__{column}" for side in ("review", "related") for column in shown))
        .order_by()
    )


def _live_parts():
    return [Prefetch("documents", queryset=nested_documents()), Prefetch("relations", queryset=_related()),
            Prefetch("inverse_relations", queryset=_related())]  # fmt: skip


def with_details(reviews):
    """What a review's detail shows beyond its own columns, loaded with it: the
    detail view, the renderings and the exports read reviews the same way."""
    return reviews.select_related("contact", "body", "body__archive_contact").prefetch_related(
        "reviewers", "agencies", *_live_parts()
    )


def _split(representation):
    keys = list(representation)
    first, last = keys.index(TIMELY[0]), keys.index(TIMELY[-1])
    head = orjson.dumps({name: representation[name] for name in keys[:first]})[:-1]  # without its "}"
    tail = orjson.dumps({name: representation[name] for name in keys[last + 1 :]})[1:]  # without its "{"
    return head, tail


def render(pks, now):
    """The representations of the reviews ``pks``."""
    serializer = serializers.ReviewDetailSerializer(context={"now": now})
    stamp = key()
    rows = []
    for review in with_details(Review.objects.filter(pk__in=pks).with_themes()):
        representation = serializer.to_representation(review)
        head, tail = _split({name: representation.pop(name) for name in serializers.ReviewSerializer.Meta.fields})
        representation["on_request"] = serializer.on_request_when_archived(review)
        detail = orjson.dumps({name: None if name in LIVE else value for name, value in representation.items()})
        rows.append(Representation(review_id=review.pk, key=stamp, head=head, tail=tail, detail=detail))
    return rows


def render_missing(now, most=200):
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


def detail_of(reviews, slug, now, context):
    """The detail of the review ``slug`` among ``reviews`` (a queryset of public
    reviews) from its stored rendering, or None when there is none (not public,
    or not rendered yet: the serializer's turn)."""
    stored = list(
        Representation.objects.filter(key=key(), review__in=reviews.filter(slug=slug))
        .select_related("review")
        .only("head", "tail", "detail", *(f"review__{column}" for column in (*ROW[1:], "slug")))[:1]
    )
    if not stored:
        return None
    stored, review = stored[0], stored[0].review
    prefetch_related_objects([review], *_live_parts())
    detail = orjson.loads(bytes(stored.head) + _timely(review, now) + bytes(stored.tail))
    detail.update(orjson.loads(stored.detail))
    serializer = serializers.ReviewDetailSerializer(context=context)
    detail.update(documents=serializer.get_documents(review), related_reviews=serializer.get_related_reviews(review))
    if detail["lifecycle"] != Lifecycle.ARCHIVED.value:
        detail["on_request"] = None
    return detail
