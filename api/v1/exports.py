"""Bulk access for research: every public review's metadata, with the lists'
filters, as JSON Lines or CSV, streamed.

    GET /api/v1/exports/reviews.jsonl   one review a line, as GET /api/v1/reviews/{slug}/ gives it
    GET /api/v1/exports/reviews.csv     one review a row, lists joined with " | "

The whole export — no parameters — is a pair of files the worker writes
when the content or the schedule moves (``write_files``), each named in a
manifest with the content version and schedule epoch it shows: it is served
only while both are still current, with a strong ETag and byte ranges, and
costs a request no more than a download. A filtered export, or one asked for
in the moments before the worker has caught up, is built for its request,
under the expensive requests' limit (``api.http.expensive``).

Reviews are read in batches by key and written as they are read, so memory
stays the same at 100 reviews or 100,000 (bench.export measures it). Public
rules are the lists' own: the queryset is ``Review.objects.public``, narrowed
by the same filterset.
"""

import csv
import hashlib
import io
import os
import uuid
from pathlib import Path

import orjson
from django.conf import settings
from django.http import QueryDict, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_view
from rest_framework.generics import GenericAPIView

from api.http import expensive, files
from api.http.conditional import PublicViewMixin, content_state, lifetime
from api.http.negotiation import OneRepresentation
from api.http.problems import PROBLEM_CONTENT_TYPE
from api.http.schema import RANGE_NOT_SATISFIABLE, read_operation, response_header
from api.v1 import representations
from api.v1.filters import ReviewFilter
from api.v1.representations import with_details
from api.v1.serializers import ReviewDetailSerializer
from reviews import search
from reviews.changelog import versions
from reviews.models import ContentVersion, Review

BATCH = 500


def _leads(record):
    return _joined(reviewer["name"] for reviewer in record["reviewers"] if reviewer["lead"])


# Each CSV column by name, and how its cell is read from the review as the
# detail serializer shows it (a plain field of that name unless given here):
# the header and every row come from this one list, so a column cannot shift.
CSV = {
    "uid": None, "slug": None, "title": None, "type": None, "type_label": None, "incident": None,
    "published": None, "published_on": None, "published_precision": None, "year": None, "published_at": None,
    "status": None,
    "available_until": None, "lifecycle": None,
    "body": lambda r: r["body"]["slug"],
    "nation": None,
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
    "licence": lambda r: r["licence"]["code"], "citation": None,
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


def _records(queryset, now, q=None):
    """Each matching review as the detail serializer renders it, a batch at a time
    (its addresses from ``PUBLIC_BASE_URL``, as the files have them)."""
    context = {"now": now}
    last = 0
    while True:
        batch = list(with_details(queryset.filter(pk__gt=last).order_by("pk").with_themes())[:BATCH])
        if not batch:
            return
        search.attach_snippets(batch, q)
        for record in ReviewDetailSerializer(batch, many=True, context=context).data:
            yield research_columns(record)
        last = batch[-1].pk


# What both files add to the detail, for a table of reviews (``research_columns``).
RESEARCH_COLUMNS = ("published_on", "year", "nation")


def research_columns(record):
    """The detail, with what a table of reviews needs beside it, in both formats:
    the publication date as an ISO date whatever its precision (a month's first
    day; ``published_precision`` says which), its year, and the body's nation."""
    precise = record["published"]
    published_on = f"{precise}-01" if len(precise) == 7 else precise
    added = dict(zip(RESEARCH_COLUMNS, (published_on, int(published_on[:4]), record["body"]["nation"]), strict=True))
    items, at = list(record.items()), list(record).index("published") + 1
    return dict(items[:at] + list(added.items()) + items[at:])


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
    """The row's cells; those starting = + - @ are written with a leading '."""
    return [_cell(record[name] if cell is None else cell(record)) for name, cell in CSV.items()]


def _csv(records):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)  # a header row
    for record in records:
        writer.writerow(_csv_row(record))
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl(records):
    for record in records:
        yield orjson.dumps(record) + b"\n"


KINDS = {"jsonl": "application/jsonl; charset=utf-8", "csv": "text/csv; charset=utf-8"}


# The files ------------------------------------------------------------------------


def _directory():
    return Path(settings.MEDIA_ROOT) / "exports"


def _manifest():
    """What the files are and the content they show, or None before the first."""
    try:
        return orjson.loads((_directory() / "manifest.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


# Raise it whenever the files' columns change: files of an older one are written again.
FORMAT = 2


def _stamp(counters, schedule):
    """What the files show: the content, the schedule, how reviews are rendered
    (the public address and the time zone among it: ``representations.key``) and
    the files' own format."""
    return [counters[ContentVersion.Scope.CONTENT], schedule.epoch, representations.key(), FORMAT]


def _digest(path):
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_files(now=None):
    """Write both files of the whole export, unless those written show the
    current content and schedule already; returns whether it wrote. The
    version is read before the reviews, so a write in between leaves the files
    stamped older than what they show, never newer: they are then not served,
    and written again on the next pass."""
    now = now or timezone.now()
    counters = versions.versions()
    stamp = _stamp(counters, versions.schedule(now, counters[ContentVersion.Scope.CONTENT]))
    old = _manifest()
    if old is not None and old["stamp"] == stamp:
        return False
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    generation = uuid.uuid4().hex
    paths = {kind: directory / f"reviews-{generation}.{kind}" for kind in KINDS}
    queryset = ExportFilter(QueryDict(), queryset=Review.objects.public(now)).validated_queryset()
    with paths["jsonl"].open("wb") as jsonl, paths["csv"].open("w", encoding="utf-8", newline="") as table:
        rows = csv.writer(table)
        rows.writerow(CSV_COLUMNS)
        for record in _records(queryset, now):
            jsonl.write(orjson.dumps(record) + b"\n")
            rows.writerow(_csv_row(record))
    made = {kind: {"name": path.name, "size": path.stat().st_size, "etag": f'"{_digest(path)}"'}
            for kind, path in paths.items()}  # fmt: skip
    manifest = directory / f"manifest-{generation}.json"
    manifest.write_bytes(orjson.dumps({"stamp": stamp, "written_at": now.isoformat(), "files": made}))
    os.replace(manifest, directory / "manifest.json")  # readers see the old files or the new, whole
    # The generation before stays, for a request that read the old manifest a moment ago.
    keep = {"manifest.json", *(entry["name"] for entry in made.values())}
    keep |= {entry["name"] for entry in (old or {}).get("files", {}).values()}
    for path in directory.iterdir():
        if path.name not in keep:
            path.unlink(missing_ok=True)
    return True


def _from_file(request, kind, headers):
    """The whole export from its file, if the file shows the content and schedule
    of this request; None otherwise."""
    manifest = _manifest()
    if manifest is None or manifest["stamp"] != _stamp(*content_state(request, request.now)):
        return None
    entry = manifest["files"][kind]
    headers = {**headers, "ETag": entry["etag"]}
    answered = files.conditions(request, headers)
    if answered is not None:
        return answered
    try:
        file = (_directory() / entry["name"]).open("rb")
    except OSError:
        return None  # replaced twice since the manifest was read: build it
    return files.file_response(request, file, entry["size"], KINDS[kind], headers)


# The view ------------------------------------------------------------------------


class ReviewExport(PublicViewMixin, GenericAPIView):
    """GET every public review matching the lists' filters."""

    content_negotiation_class = OneRepresentation
    kind = write = None
    # For the description only: the parameters are ExportFilter's.
    queryset = Review.objects.none()
    filterset_class = ExportFilter
    pagination_class = None

    def get(self, request):
        criteria = ExportFilter(request.query_params, queryset=Review.objects.public(request.now), request=request)
        queryset = criteria.validated_queryset()
        headers = {
            "Content-Disposition": f'attachment; filename="reviews.{self.kind}"',
            "Cache-Control": lifetime(request.now, content_state(request, request.now)[1]),
        }
        if not request.query_params:
            stored = _from_file(request, self.kind, headers)
            if stored is not None:
                return stored
        headers["Accept-Ranges"] = "none"  # a body built as it is sent has no ranges
        if request.method == "HEAD":  # the headers alone: the body it would discard is never built
            return files.with_headers(StreamingHttpResponse([], content_type=KINDS[self.kind]), headers)
        slot = expensive.take()
        if slot is None:
            return expensive.too_busy()
        body = self.write(_records(queryset, request.now, request.query_params.get("q")))
        response = files.with_headers(StreamingHttpResponse(body, content_type=KINDS[self.kind]), headers)
        return expensive.held_until_sent(response, slot)


EXPORT_DESCRIPTION = (
    "Every public review (available and archived; `status` narrows it) with the review list's filters, "
    "for research and bulk mirroring. {what} Records carry a stable `uid`. Without parameters it is a file "
    "kept up to date within seconds of every change, with a strong `ETag` and single byte ranges (`206`, `416`) "
    "for resuming; with them it is built and streamed for the request, and answers `429` while the server "
    "builds as many searches and exports as it allows at once."
)


def ranges(media_type):
    """The byte ranges of the whole export, described."""
    range_header = OpenApiParameter(
        "Range",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="One byte range of the whole export, e.g. bytes=1048576-.",
    )
    if_range = OpenApiParameter(
        "If-Range", OpenApiTypes.STR, OpenApiParameter.HEADER, description="Send the range only if this ETag holds."
    )
    return {
        "extra": {
            (206, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The byte range asked for."),
            (416, PROBLEM_CONTENT_TYPE): RANGE_NOT_SATISFIABLE,
        },
        "parameters": [
            range_header, if_range,
            response_header("Accept-Ranges", "`bytes` for the whole export, `none` for one built for the request.",
                            [200, 206]),
            response_header("Content-Range", "The range sent, or the file's length on 416.", [206, 416]),
        ],
    }  # fmt: skip


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
        **ranges("application/jsonl"),
    )
)
class ReviewJsonLinesExport(ReviewExport):
    kind, write = "jsonl", staticmethod(_jsonl)


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
        **ranges("text/csv"),
    )
)
class ReviewCsvExport(ReviewExport):
    kind, write = "csv", staticmethod(_csv)
