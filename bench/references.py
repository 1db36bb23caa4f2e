"""The reference views the API is measured against, mounted only by the
benchmark's URLconf.

- ``constant``: a Django view returning a constant JSON body (the floor);
- ``reviews_values``: the review list hand-written with ``values()`` and
  orjson (the hand-tuned floor); ``documents_values`` and ``search_values``
  likewise for the document list (its default: the documents still served)
  and for a search's first page (the same full-text query and ranking, with
  no snippets);
- ``NaiveReviewViewSet``: what a typical project ships — a DRF
  ``ModelViewSet`` with nested ``ModelSerializer``s and no query tuning.

All three pay what the API pays around its views: the same middleware, the
anonymous rate limit, and rendering JSON; the list floor reads the same rows
(the review list's publication window and page) with their themes.
``ViewReached`` marks every answer a view built (not the response cache), so the
benchmark can prove a cold measurement reached the view.
"""

from datetime import datetime, time, timedelta

import orjson
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import pagination, serializers, viewsets
from rest_framework.renderers import JSONRenderer

from api.http.throttling import AnonymousRateThrottle
from reviews import search
from reviews.models import Document, Review, Theme

CONSTANT = orjson.dumps({"status": "ok", "service": "case-review-publication-api"})
LIST_FIELDS = [
    "slug", "title", "review_type", "incident", "summary", "published_at", "date_precision",
    "available_until", "updated_at",
]  # fmt: skip


def _throttled(request):
    throttle = AnonymousRateThrottle()
    if throttle.allow_request(request, None):
        return None
    return HttpResponse(b'{"status":429}', status=429, content_type="application/json")


def constant(request):
    return _throttled(request) or HttpResponse(CONSTANT, content_type="application/json")


def _day(text):
    return timezone.make_aware(datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.min))


def reviews_values(request):
    """The review list's rows, as the API's defaults or its window and page give them."""
    refused = _throttled(request)
    if refused:
        return refused
    now = timezone.now()
    reviews = Review.objects.public(now) if request.GET.get("status") == "all" else Review.objects.available(now)
    if request.GET.get("published_from"):
        reviews = reviews.filter(published_at__gte=_day(request.GET["published_from"]))
    if request.GET.get("published_to"):
        reviews = reviews.filter(published_at__lt=_day(request.GET["published_to"]) + timedelta(days=1))
    reviews = reviews.order_by("-published_at", "-pk")
    body = {"count": reviews.count(), "results": _themed(_page_of(request, reviews, ["pk", *LIST_FIELDS]))}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


DOCUMENT_FIELDS = ["pk", "review__slug", "leaflet__slug", "kind", "title", "audience", "language", "content_type",
                   "size_bytes", "stated_size", "page_count", "sha256", "published_at", "document_date"]  # fmt: skip


def _page_of(request, queryset, fields):
    page = int(request.GET.get("page", "1"))
    return list(queryset.values(*fields)[(page - 1) * 20 : page * 20])


def _themed(rows):
    themes = {}
    for review_id, slug, name in Review.themes.through.objects.filter(
        review_id__in=[row["pk"] for row in rows]
    ).values_list("review_id", "theme__slug", "theme__name"):
        themes.setdefault(review_id, []).append({"slug": slug, "name": name})
    for row in rows:
        row["themes"] = themes.pop(row.pop("pk"), [])
    return rows


def documents_values(request):
    """The document list's default rows: public documents still served, newest first."""
    refused = _throttled(request)
    if refused:
        return refused
    documents = Document.objects.downloadable(timezone.now()).order_by("-published_at", "-pk")
    body = {"count": documents.count(), "results": _page_of(request, documents, DOCUMENT_FIELDS)}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


def search_values(request):
    """A search's rows, ranked as the API ranks them, with their themes."""
    refused = _throttled(request)
    if refused:
        return refused
    found = search.matching(Review.objects.public(timezone.now()), request.GET["q"])
    rows = _page_of(request, found.order_by("-search_rank", "-published_at", "-pk"), ["pk", *LIST_FIELDS])
    body = {"count": found.count(), "results": _themed(rows)}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


class ViewReached:
    """Innermost middleware: runs only when a view answers, never for a stored answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Bench-View"] = "1"
        return response


class NaiveThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = "__all__"


class NaiveDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "title", "audience", "content_type", "size_bytes", "published_at"]


class NaiveReviewSerializer(serializers.ModelSerializer):
    themes = NaiveThemeSerializer(many=True)
    documents = NaiveDocumentSerializer(many=True)

    class Meta:
        model = Review
        fields = LIST_FIELDS + ["themes", "documents"]


class NaivePagination(pagination.PageNumberPagination):
    page_size = 20


class NaiveReviewViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NaiveReviewSerializer
    pagination_class = NaivePagination
    renderer_classes = [JSONRenderer]
    filter_backends = []

    def get_queryset(self):
        return Review.objects.available(timezone.now()).order_by("-published_at", "-pk")
