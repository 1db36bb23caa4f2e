"""The API's query parameters, built from the shared vocabulary
(``api.http.filters``), and the backend that applies them strictly."""

import uuid
from datetime import timedelta

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from api.http.filters import (
    DATE_OR_DATE_TIME_HELP,
    LIFECYCLE_CHOICES,
    STATUS_CHOICES,
    DayFilter,
    IntegerFilter,
    InvalidParameters,
    MomentFilter,
    NoParameters,
    ReviewCriteria,
    ReviewPlace,
    SlugFilter,
    SlugListFilter,
    WindowFilterSet,
    day_start,
    moment_from,
)
from reviews.models import Document, Leaflet, Review


class PagedParameters(NoParameters):
    page = IntegerFilter(method="leave_to_pagination", min_value=1, help_text="Page number, from 1.")
    page_size = IntegerFilter(
        method="leave_to_pagination",
        min_value=1,
        max_value=100,
        help_text="Items per page, 1 to 100 (inclusive). Default 20.",
    )

    def leave_to_pagination(self, queryset, name, value):
        return queryset


class TieBreakingOrderingFilter(django_filters.OrderingFilter):
    """Orders as asked, then by id, so pages never repeat or skip an item."""

    def filter(self, qs, value):
        if not value:
            return qs
        fields = [self.get_ordering_value(param) for param in value]
        tie_breaker = "-pk" if fields[-1].startswith("-") else "pk"
        return qs.order_by(*fields, tie_breaker)


class ReviewFilter(ReviewCriteria, PagedParameters):
    repeatable = ReviewCriteria.repeatable | {"uid"}

    uid = SlugListFilter(
        method="filter_uid",
        help_text="A review's uid, the id that never changes. Repeat for any of several.",
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        help_text="available (default), archived or all. Default all when available_on or lifecycle is given.",
    )
    lifecycle = django_filters.ChoiceFilter(
        choices=LIFECYCLE_CHOICES,
        method="filter_lifecycle",
        help_text="Only reviews in this state of their lifecycle.",
    )
    available_on = DayFilter(
        method="filter_available_on",
        help_text="Reviews that were public at some time on this date (YYYY-MM-DD, Europe/London).",
    )
    updated_since = MomentFilter(
        method="filter_updated_since",
        help_text="Reviews whose public state changed at or after this (inclusive): edited, published, "
        "or archived. For incremental sync; withdrawals are reported by the changes endpoint. "
        + DATE_OR_DATE_TIME_HELP,
    )
    ordering = TieBreakingOrderingFilter(
        fields=(
            ("published_at", "published"),
            ("title", "title"),
            ("updated_at", "updated"),
            ("search_rank", "relevance"),
        ),  # fmt: skip
        help_text="Sort order: published, title or updated, or relevance (with q); prefix - for descending. "
        "Default -published, or relevance with q.",
    )

    class Meta:
        model = Review
        fields = []

    def filter_uid(self, queryset, name, value):
        if not value:
            return queryset
        try:
            uids = [uuid.UUID(item) for item in value]
        except ValueError:
            raise InvalidParameters({"uid": ["is not a uid (e.g. 3f1c0a52-8d0e-4e0b-9a57-1f2d3c4b5a69)."]}) from None
        return queryset.filter(uid__in=uids)

    def filter_queryset(self, queryset):
        cleaned = self.form.cleaned_data
        if not cleaned.get("status"):
            # People browsing the page see every public review; programs keep the default they rely on.
            person = getattr(getattr(self.request, "accepted_renderer", None), "media_type", None) == "text/html"
            everything = person or cleaned.get("available_on") or cleaned.get("lifecycle")
            queryset = self.filter_status(queryset, "status", "all" if everything else "available")
        ordering = [field.lstrip("-") for field in cleaned.get("ordering") or []]
        if "relevance" in ordering and not cleaned.get("q"):
            raise InvalidParameters({"ordering": ["relevance needs q: there is nothing to rank by."]})
        queryset = super().filter_queryset(queryset)
        if cleaned.get("q") and not ordering:
            queryset = queryset.order_by("-search_rank", "-published_at", "-pk")  # most relevant first
        return queryset

    def filter_lifecycle(self, queryset, name, value):
        return queryset.with_lifecycle(value, self.now)

    def filter_status(self, queryset, name, value):
        if value == "available":
            return queryset.available(self.now)
        if value == "archived":
            return queryset.archived(self.now)
        return queryset.public(self.now)

    def filter_available_on(self, queryset, name, value):
        return queryset.public_on(day_start(value), day_start(value + timedelta(days=1)))

    def filter_updated_since(self, queryset, name, value):
        return queryset.changed_since(moment_from(value), self.now)


HEADING = django_filters.ChoiceFilter(
    choices=[(str(level), str(level)) for level in range(1, 6)],
    method="leave_to_renderer",
    help_text="The level of the fragment's own heading, 1 to 5 (default 2); the headings inside it come one below, "
    "so it fits the outline of the page it is put in.",
)


class Heading:
    def leave_to_renderer(self, queryset, name, value):
        return queryset


class ReviewFragmentFilter(Heading, ReviewFilter):
    heading = HEADING

    class Meta(ReviewFilter.Meta):
        pass


class LeafletFragmentParameters(Heading, NoParameters):
    heading = HEADING

    class Meta:
        model = Leaflet
        fields = []


class LeafletFilter(ReviewPlace, PagedParameters):
    class Meta:
        model = Leaflet
        fields = []


class DocumentFilter(ReviewPlace, WindowFilterSet, PagedParameters):
    body_paths = ("review__body", "leaflet__body")

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        help_text="By the status of the document's review: available (default), archived or all. "
        "Leaflet documents count as available.",
    )
    review = SlugFilter(field_name="review__slug", help_text="The review's slug, e.g. pip.")
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, help_text="The kind of document.")
    audience = django_filters.ChoiceFilter(choices=Document.Audience.choices, help_text="Who it is written for.")
    published_from = MomentFilter(
        method="filter_published_from",
        help_text="Document published at or after this (inclusive). " + DATE_OR_DATE_TIME_HELP,
    )
    published_to = MomentFilter(
        method="filter_published_to",
        help_text="Document published at or before this (inclusive; a date includes that whole day). "
        + DATE_OR_DATE_TIME_HELP,
    )
    updated_since = MomentFilter(
        method="filter_updated_since",
        help_text="Documents changed or published at or after this (inclusive). " + DATE_OR_DATE_TIME_HELP,
    )
    ordering = TieBreakingOrderingFilter(
        fields=(("published_at", "published"), ("title", "title"), ("updated_at", "updated")),
        help_text="Sort order: published, title or updated; prefix - for descending. Default -published.",
    )

    class Meta:
        model = Document
        fields = []

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = self.filter_status(queryset, "status", "available")
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset.with_review_status(value, self.now)

    def filter_updated_since(self, queryset, name, value):
        return queryset.changed_since(moment_from(value), self.now)


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        return filterset.validated_queryset()
