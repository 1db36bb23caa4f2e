"""Bulk access for research: every public review's metadata, with the lists'
filters, as JSON Lines or CSV, streamed.

    GET /api/v1/exports/reviews.jsonl   one review a line, as GET /api/v1/reviews/{slug}/ gives it
    GET /api/v1/exports/reviews.csv     one review a row, lists joined with " | "

Reviews are read in batches by key and written as they are read, so memory
stays the same at 100 reviews or 100,000 (bench.export measures it). Public
rules are the lists' own: the queryset is ``Review.objects.public``, narrowed
by the same filterset.
"""

import csv
import io

import orjson
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_view
from rest_framework.generics import GenericAPIView

from api.http.conditional import PublicViewMixin, content_state, lifetime
from api.http.negotiation import OneRepresentation
from api.http.schema import read_operation
from api.v1.filters import ReviewFilter
from api.v1.serializers import ReviewDetailSerializer
from api.v1.views import with_details
from reviews import search
from reviews.models import Review

BATCH = 500
CSV_COLUMNS = [
    "uid", "slug", "title", "type", "type_label", "incident", "published", "published_precision", "published_at",
    "status", "available_until", "lifecycle", "body", "nation", "publication", "publication_reason",
    "expected_publication", "summary", "is_sample", "statutory_basis",
    "incident_month", "subject_age_band", "subject_sex", "notified_on", "rapid_review_on", "completed_on",
    "sent_to_panel_on", "external_reference", "themes", "agencies", "review_method", "lead_reviewers",
    "key_learning", "recommendations", "reviewers", "related_reviews", "documents", "url", "updated_at",
]  # fmt: skip


class ExportFilter(ReviewFilter):
    """The review list's filters, but not its pages or order (an export is all of
    it, by key), and every public review unless ``status`` says otherwise."""

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status") and not self.form.cleaned_data.get("available_on"):
            self.form.cleaned_data["status"] = "all"
        return super().filter_queryset(queryset)


ExportFilter.base_filters = {
    name: value for name, value in ReviewFilter.base_filters.items() if name not in ("page", "page_size", "ordering")
}


def _records(request, queryset):
    """Each matching review as the detail serializer renders it, a batch at a time."""
    context = {"request": request, "now": request.now}
    last = 0
    while True:
        batch = list(with_details(queryset.filter(pk__gt=last).order_by("pk").with_themes())[:BATCH])
        if not batch:
            return
        search.attach_snippets(batch, request.query_params.get("q"))
        yield from ReviewDetailSerializer(batch, many=True, context=context).data
        last = batch[-1].pk


def _joined(values):
    """A list in one cell, `` | `` between items; a ``|`` or ``\\`` in an item is escaped with ``\\``."""
    return " | ".join(str(value).replace("\\", "\\\\").replace("|", "\\|") for value in values)


# A cell a spreadsheet would run as a formula (CSV injection): kept as text with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_row(record):
    return [
        *(record[name] for name in CSV_COLUMNS[:12]),
        record["body"]["slug"],
        record["body"]["nation"],
        record["publication"]["form"],
        record["publication"]["reason"],
        record["publication"]["expected"],
        record["summary"],
        record["is_sample"],
        record["statutory_basis"],
        *(record[name] for name in CSV_COLUMNS[20:28]),
        _joined(theme["slug"] for theme in record["themes"]),
        _joined(agency["slug"] for agency in record["agencies"]),
        record["review_method"],
        _joined(reviewer["name"] for reviewer in record["reviewers"] if reviewer["lead"]),
        _joined(record["key_learning"]),
        _joined(record["recommendations"]),
        _joined(reviewer["name"] for reviewer in record["reviewers"]),
        _joined(f"{related['relation']}:{related['slug']}" for related in record["related_reviews"]),
        _joined(document["url"] for document in record["documents"]),
        record["url"],
        record["updated_at"],
    ]


def _csv(records):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)  # a header row; cells starting = + - @ are written with a leading '.
    for record in records:
        writer.writerow([_cell(value) for value in _csv_row(record)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl(records):
    for record in records:
        yield orjson.dumps(record) + b"\n"


class ReviewExport(PublicViewMixin, GenericAPIView):
    """GET every public review matching the lists' filters, streamed."""

    content_negotiation_class = OneRepresentation
    kind = content_type = write = None
    # For the description only: the parameters are ExportFilter's.
    queryset = Review.objects.none()
    filterset_class = ExportFilter
    pagination_class = None

    def get(self, request):
        criteria = ExportFilter(request.query_params, queryset=Review.objects.public(request.now), request=request)
        queryset = criteria.validated_queryset()
        response = StreamingHttpResponse(self.write(_records(request, queryset)), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="reviews.{self.kind}"'
        response["Cache-Control"] = lifetime(request.now, content_state(request, request.now)[1])
        return response


EXPORT_DESCRIPTION = (
    "Every public review (available and archived; `status` narrows it) with the review list's filters, "
    "streamed — for research and bulk mirroring. {what} Records carry a stable `uid`."
)


@extend_schema_view(
    get=read_operation(
        "exportReviewsJsonl",
        "Export reviews as JSON Lines",
        EXPORT_DESCRIPTION.format(what="One review a line, exactly as `getReview` gives it."),
        OpenApiResponse(OpenApiTypes.BINARY, description="JSON Lines: one JSON object a line."),
        "exports",
        media_type="application/jsonl",
        negotiated=False,
        streamed=True,
        filters=True,
    )
)
class ReviewJsonLinesExport(ReviewExport):
    kind, content_type, write = "jsonl", "application/jsonl; charset=utf-8", staticmethod(_jsonl)


@extend_schema_view(
    get=read_operation(
        "exportReviewsCsv",
        "Export reviews as CSV",
        EXPORT_DESCRIPTION.format(
            what="One review a row, with a header row; lists (themes, key learning, recommendations, reviewers, "
            "document addresses) are joined with ` | `."
        ),
        OpenApiResponse(OpenApiTypes.BINARY, description="CSV (RFC 4180), UTF-8, with a header row."),
        "exports",
        media_type="text/csv",
        negotiated=False,
        streamed=True,
        filters=True,
    )
)
class ReviewCsvExport(ReviewExport):
    kind, content_type, write = "csv", "text/csv; charset=utf-8", staticmethod(_csv)
