"""The OpenAPI description's shared parts: the Problem document, the error
responses and headers every operation has, parameter examples, and a
decorator that applies them, so each view states only what is its own."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from api.http.problems import PROBLEM_CONTENT_TYPE

JSON = "application/json"


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The query parameter.")
    reason = serializers.CharField(help_text="What is wrong with it.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document."""

    type = serializers.CharField(help_text="A URI naming the kind of problem, or about:blank.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    invalid_params = InvalidParamSerializer(many=True, required=False, help_text="On 400: each bad parameter.")
    contact = serializers.DictField(required=False, help_text="On 410: whom to ask (a Contact).")
    available_until = serializers.DateTimeField(required=False, help_text="On 410: when the window closed.")

    class Meta:
        ref_name = "Problem"


def _problem(status, description, example):
    return OpenApiResponse(
        ProblemSerializer,
        description=description,
        examples=[OpenApiExample(f"{status}", value={"status": status, **example}, response_only=True)],
    )


BAD_REQUEST = _problem(
    400,
    "A query parameter is unknown, repeated, empty or invalid; `invalid_params` names each one.",
    {
        "type": "http://127.0.0.1:8000/api/problems/invalid-parameters",
        "title": "Bad Request",
        "detail": "Invalid query parameter(s): published_from.",
        "invalid_params": [
            {"name": "published_from", "reason": "'2017-02-30' is not a calendar date (day is out of range for month)."}
        ],
    },
)
NOT_FOUND = _problem(
    404,
    "Nothing public here: unknown, embargoed and withdrawn look exactly alike.",
    {"type": "about:blank", "title": "Not Found", "detail": "There is no public resource at this address."},
)
NOT_ACCEPTABLE = _problem(
    406,
    "The Accept header asks for a representation this operation does not have.",
    {"type": "about:blank", "title": "Not Acceptable", "detail": "Could not satisfy the request Accept header."},
)
GONE = _problem(
    410,
    "The review is archived: its availability window has closed. The problem names whom to ask.",
    {
        "type": "http://127.0.0.1:8000/api/problems/archived",
        "title": "Gone",
        "detail": "This review's availability window has closed, so its documents are no longer served. "
        "Queries about past reviews go to the Safeguarding Unit.",
        "contact": {"slug": "safeguarding-unit", "name": "Safeguarding Unit"},
        "available_until": "2018-02-01T00:00:00Z",
    },
)
RANGE_NOT_SATISFIABLE = _problem(
    416,
    "The Range asks for bytes outside the file; `Content-Range` gives its length.",
    {
        "type": "about:blank",
        "title": "Requested Range Not Satisfiable",
        "detail": "The requested range is not inside the file, which is 751 bytes long.",
    },
)
TOO_MANY_REQUESTS = _problem(
    429,
    "Too many requests from this address; retry after `Retry-After` seconds.",
    {
        "type": "http://127.0.0.1:8000/api/problems/rate-limited",
        "title": "Too Many Requests",
        "detail": "Request was throttled. Expected available in 12 seconds.",
    },
)
NOT_MODIFIED = OpenApiResponse(description="Not Modified: the `If-None-Match` validator still holds. No body.")


def response_header(name, description, codes, required=True):
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.HEADER, required=required, response=codes, description=description
    )


IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag from an earlier answer: `304` if it still holds.",
)


def read_operation(operation_id, summary, description, response, tag, *, media_type=JSON, extra=None, paged=False,
                   parameters=(), filters=None, negotiated=True):  # fmt: skip
    """The decorator for one public GET: the 200 body, and every error, 304
    and header partners must handle. ``negotiated=False``: one representation,
    served whatever Accept says (no 406)."""
    ok_headers = [
        response_header("ETag", "Validator for conditional requests.", [200, 304]),
        response_header("Cache-Control", "`public, max-age=N`; N never passes a scheduled change.", [200, 304]),
        response_header("Retry-After", "Seconds to wait before retrying.", [429]),
    ]
    if paged:
        ok_headers.append(
            response_header(
                "Link", "RFC 8288 links: first, last, prev, next, and the alternate Atom feed.", [200], required=False
            )
        )
    responses = {
        (200, media_type): response,
        304: NOT_MODIFIED,
        (400, PROBLEM_CONTENT_TYPE): BAD_REQUEST,
        (404, PROBLEM_CONTENT_TYPE): NOT_FOUND,
        **({(406, PROBLEM_CONTENT_TYPE): NOT_ACCEPTABLE} if negotiated else {}),
        (429, PROBLEM_CONTENT_TYPE): TOO_MANY_REQUESTS,
        **(extra or {}),
    }
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        tags=[tag],
        responses=responses,
        parameters=[IF_NONE_MATCH, *ok_headers, *parameters],
        filters=filters,
    )


PARAMETER_EXAMPLES = {
    "status": "all",
    "published_from": "2016-01-01",
    "published_to": "2016-12-31",
    "available_on": "2016-09-01",
    "updated_since": "2026-11-01T00:00:00Z",
    "type": "serious_case_review",
    "theme": ["eating-disorders"],
    "q": "eating disorders",
    "ordering": "-published",
    "page": 1,
    "page_size": 20,
    "review": "pip",
    "kind": "seven_minute_briefing",
    "audience": "professionals",
    "publication": "document",
    "slug": "pip",
    "id": 1,
    "format": "html",
    "since": "42",
    "limit": 100,
}


PATH_DESCRIPTIONS = {
    "slug": "The short name in the address, e.g. pip.",
    "id": "The document's id, from a list or a review.",
}


def finish(result, generator, request, public):
    """Post-processing: an example on every query and path parameter, and a
    description on every path parameter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path") and parameter["name"] in PARAMETER_EXAMPLES:
                    parameter.setdefault("example", PARAMETER_EXAMPLES[parameter["name"]])
                if parameter["in"] == "path" and parameter["name"] in PATH_DESCRIPTIONS:
                    parameter.setdefault("description", PATH_DESCRIPTIONS[parameter["name"]])
    return result
