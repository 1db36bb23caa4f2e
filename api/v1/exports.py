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
from api.v1.representations import with_details
from api.v1.serializers import ReviewDetailSerializer
from reviews import search
from reviews.models import Review

BATCH = 500


def _leads(record):
    return _joined(reviewer["name"] for reviewer in record["reviewers"] if reviewer["lead"])


# Each CSV column by name, and how its cell is read from the review as the
# detail serializer shows it (a plain field of that name unless given here):
# the header and every row come from this one list, so a column cannot shift.
CSV = {
    "uid": None, "slug": None, "title": None, "type": None, "type_label": None, "incident": None,
    "published": None, "published_precision": None, "published_at": None, "status": None,
    "available_until": None, "lifecycle": None,
    "body": lambda r: r["body"]["slug"],
    "nation": lambda r: r["body"]["nation"],
    "publication": lambda r: r["publication"]["form"],
    "publication_reason": lambda r: r["publication"]["reason"],
    "expected_publication": lambda r: r["publication"]["expected"],
    "summary": None, "is_sample": None, "statutory_basis": None, "incident_month": None,
    "subject_age_band": None, "subject_sex": None, "notified_on": None, "rapid_review_on": None,
    "completed_on": None, "sent_to_panel_on": None, "external_reference": None,
    "themes": lambda r: _joined(theme["slug"] for theme in r["themes"]),
    "agencies": lambda r: _joined(agency["slug"] for agency in r["agencies"]),
    "review_method": None,
    "lead_reviewers": _leads,
    "key_learning": lambda r: _joined(r["key_learning"]),
    "recommendations": lambda r: _joined(r["recommendations"]),
    "reviewers": lambda r: _joined(reviewer["name"] for reviewer in r["reviewers"]),
    "related_reviews": lambda r: _joined(f"{rel['relation']}:{rel['slug']}" for rel in r["related_reviews"]),
    "documents": lambda r: _joined(document["url"] for document in r["documents"]),
    "url": None, "updated_at": None,
}  # fmt: skip
CSV_COLUMNS = list(CSV)


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
    return [record[name] if cell is None else cell(record) for name, cell in CSV.items()]


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
        # A HEAD is answered with the headers alone: the body it would discard is never built.
        body = [] if request.method == "HEAD" else self.write(_records(request, queryset))
        response = StreamingHttpResponse(body, content_type=self.content_type)
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
