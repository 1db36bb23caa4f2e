"""Serving a document's file: only while its review is available, with the
validators, ranges and headers PDF viewers rely on."""

import logging
import unicodedata
from urllib.parse import quote

from django.core.exceptions import SuspiciousFileOperation
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.views import APIView

from api.http import files
from api.http.conditional import PublicViewMixin, content_state, lifetime
from api.http.negotiation import OneRepresentation
from api.http.problems import PROBLEM_CONTENT_TYPE, Gone
from api.http.schema import GONE, RANGE_NOT_SATISFIABLE, read_operation, response_header
from api.v1.serializers import ContactSerializer
from reviews.models import Document
from reviews.publication import file_is_served

logger = logging.getLogger(__name__)


def content_disposition(filename):
    """inline, with an ASCII fallback and the RFC 6266 ``filename*`` when needed."""
    decomposed = unicodedata.normalize("NFKD", filename)  # é -> e + accent, so the fallback keeps the e
    ascii_name = decomposed.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document.pdf"
    header = f'inline; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


class DocumentDownloadView(PublicViewMixin, APIView):
    """GET a document's file."""

    # The PDF for a PDF viewer (application/pdf), a browser (text/html, ...), */* or a
    # generated client alike; a problem document when there is no file to send.
    content_negotiation_class = OneRepresentation

    @read_operation(
        "downloadDocument",
        "Download a document's file",
        "The PDF, while its review is available. Supports single byte ranges (`206`, `416`) as PDF viewers "
        "use them, and conditional requests. An archived review's document answers `410` naming whom to ask; "
        "an embargoed, withdrawn or unknown one `404`, alike.",
        OpenApiResponse(OpenApiTypes.BINARY, description="The whole file."),
        "documents",
        media_type="application/pdf",
        negotiated=False,
        extra={
            (206, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The requested byte range."),
            (410, PROBLEM_CONTENT_TYPE): GONE,
            (416, PROBLEM_CONTENT_TYPE): RANGE_NOT_SATISFIABLE,
        },
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The document's id."),
            OpenApiParameter(
                "Range", OpenApiTypes.STR, OpenApiParameter.HEADER, description="One byte range, e.g. bytes=0-1023."
            ),
            OpenApiParameter(
                "If-Range",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Send the range only if this ETag holds.",
            ),
            response_header("Content-Disposition", "inline, with the file's name (RFC 6266).", [200, 206]),
            response_header("Accept-Ranges", "bytes", [200, 206, 304]),
            response_header("Last-Modified", "When the file last changed.", [200, 206, 304]),
            response_header("Content-Range", "The range sent, or the file's length on 416.", [206, 416]),
        ],
    )
    def get(self, request, pk):
        now = request.now
        document = Document.objects.public(now).select_related("review__body__archive_contact").filter(pk=pk).first()
        if document is None:
            raise exceptions.NotFound()
        review = document.review
        if not file_is_served(document, now):
            contact = review.contact or review.body.archive_contact
            raise Gone(
                "This review's availability window has closed, so its documents are no longer served. "
                f"Queries about past reviews go to the {contact.name if contact else review.body.name}"
                + (f", or ask at {review.body.request_url}." if review.body.request_url else "."),
                contact=ContactSerializer(contact).data if contact else None,
                request_url=review.body.request_url or None,
                available_until=review.available_until.isoformat(),
            )
        if not document.file:
            raise exceptions.NotFound()
        headers = {
            "ETag": f'"{document.sha256}"',  # strong: the file's own digest
            "Cache-Control": lifetime(now, content_state(request, now)[1]),
            "Last-Modified": http_date(document.updated_at.timestamp()),
            "Accept-Ranges": "bytes",
            "Content-Disposition": content_disposition(document.original_filename or "document.pdf"),
        }
        # Conditions first (RFC 9110 §13.2.2), before any byte of the file is read or a range considered.
        answered = files.conditions(request, headers)
        if answered is not None:
            return answered
        try:
            file = document.file.open("rb")
            size = document.file.size
        except (OSError, SuspiciousFileOperation) as error:
            # Never outside storage (Django's safe_join refuses), and a lost file is
            # the operator's problem, not the client's: log it, answer 404.
            logger.error("Document %s cannot be served: %s", document.pk, error)
            raise exceptions.NotFound() from None
        return files.file_response(request, file, size, document.content_type or "application/pdf", headers)
