"""Counts of public reviews by year, type, body, nation, theme and lifecycle, for
any of the review list's filters: what a researcher tabulates first. Counted over
public reviews only (archived included unless ``status`` says otherwise), so no
count says anything of an embargoed or withdrawn review."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.http.conditional import PublicContentView
from api.http.schema import read_operation
from api.v1.exports import ExportFilter
from reviews.models import Review
from reviews.publication import Lifecycle
from reviews.review_types import Nation


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What the filter of that name takes, e.g. a year, a type or a slug.")
    label = serializers.CharField(help_text="In words.")
    count = serializers.IntegerField(help_text="How many of the matching reviews.")


class FacetsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many public reviews match.")
    year = FacetSerializer(many=True, help_text="By year of publication (Europe/London), newest first.")
    type = FacetSerializer(many=True, help_text="By review type.")
    body = FacetSerializer(many=True, help_text="By publishing body (its slug).")
    nation = FacetSerializer(many=True, help_text="By the nation of the publishing body.")
    theme = FacetSerializer(many=True, help_text="By theme (its slug): a review with several counts in each.")
    lifecycle = FacetSerializer(many=True, help_text="By state: available, deferred, improvements_only, archived.")


def _facet(rows, label=None):
    """``(value, label or None, count)`` rows, most first, as facets."""
    facets = [{"value": str(value), "label": str(label(value) if label else name), "count": count}
              for value, name, count in rows if count]  # fmt: skip
    return sorted(facets, key=lambda facet: (-facet["count"], facet["label"]))


def counts(reviews, now):
    """The facets of ``reviews`` (a queryset of public reviews)."""
    by = reviews.order_by()
    years = by.annotate(year=ExtractYear("published_at")).values_list("year").annotate(n=Count("pk"))
    through = Review.themes.through.objects.filter(review__in=reviews.values("pk")).order_by()
    return {
        "count": reviews.count(),
        "year": sorted(_facet((year, year, n) for year, n in years), key=lambda facet: facet["value"], reverse=True),
        "type": _facet(
            ((kind, None, n) for kind, n in by.values_list("review_type").annotate(n=Count("pk"))),
            lambda kind: Review.Type(kind).label,
        ),  # fmt: skip
        "body": _facet(by.values_list("body__slug", "body__name").annotate(n=Count("pk"))),
        "nation": _facet(
            ((nation, None, n) for nation, n in by.values_list("body__nation").annotate(n=Count("pk"))),
            lambda nation: Nation(nation).label,
        ),  # fmt: skip
        "theme": _facet(through.values_list("theme__slug", "theme__name").annotate(n=Count("review_id"))),
        "lifecycle": _facet(
            (state.value, state.label, reviews.with_lifecycle(state, now).count())
            for state in (Lifecycle.AVAILABLE, Lifecycle.DEFERRED, Lifecycle.IMPROVEMENTS_ONLY, Lifecycle.ARCHIVED)
        ),  # fmt: skip
    }


class FacetFilter(ExportFilter):
    """The export's filters but a search: its ranking cannot be counted by."""


FacetFilter.base_filters = {name: value for name, value in ExportFilter.base_filters.items() if name != "q"}


class FacetsView(PublicContentView, GenericAPIView):
    # For the description only: the parameters are FacetFilter's.
    queryset = Review.objects.none()
    filterset_class = FacetFilter
    pagination_class = None

    @read_operation(
        "countReviews",
        "Count public reviews by year, type, body, nation, theme and lifecycle",
        "For the review list's filters but `q` (every public review, archived included, unless `status` narrows it): "
        "how many match, and how many of them fall in each year, type, body, nation, theme and lifecycle state. "
        "Each facet's `value` is what that filter takes.",
        OpenApiResponse(FacetsSerializer),
        "reviews",
        filters=True,
    )
    def get(self, request):
        criteria = FacetFilter(request.query_params, queryset=Review.objects.public(request.now), request=request)
        return Response(counts(criteria.validated_queryset(), request.now))
