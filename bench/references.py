"""The reference views the API is measured against, mounted only by the
benchmark's URLconf.

- ``constant``: a Django view returning a constant JSON body (the floor);
- ``reviews_values``: the review list hand-written with ``values()`` and
  orjson (the hand-tuned floor);
- ``NaiveReviewViewSet``: what a typical project ships — a DRF
  ``ModelViewSet`` with nested ``ModelSerializer``s and no query tuning.
"""

import orjson
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import pagination, serializers, viewsets
from rest_framework.renderers import JSONRenderer

from reviews.models import Document, Review, Theme

CONSTANT = orjson.dumps({"status": "ok", "service": "case-review-publication-api"})
LIST_FIELDS = [
    "slug", "title", "review_type", "incident", "summary", "published_at", "date_precision",
    "available_until", "updated_at",
]  # fmt: skip


def constant(request):
    return HttpResponse(CONSTANT, content_type="application/json")


def reviews_values(request):
    now = timezone.now()
    reviews = Review.objects.available(now).order_by("-published_at", "-pk")
    rows = list(reviews.values(*LIST_FIELDS)[:20])
    body = {"count": reviews.count(), "results": rows}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


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
    throttle_classes = []

    def get_queryset(self):
        return Review.objects.available(timezone.now()).order_by("-published_at", "-pk")
