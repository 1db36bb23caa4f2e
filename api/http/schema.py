"""The OpenAPI description's shared parts: the Problem document, the error
responses and headers every operation has, parameter examples, and a
decorator that applies them, so each view states only what is its own."""

import json

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from api.http.problems import PROBLEM_CONTENT_TYPE

JSON = "application/json"
# The address the examples are written against: the served description names PUBLIC_BASE_URL instead.
EXAMPLE_BASE = "https://reviews.example.org"


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
        "type": f"{EXAMPLE_BASE}/api/problems/invalid-parameters",
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
        "type": "https://reviews.example.org/api/problems/archived",
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
    "Too many requests from this address, or (a search, a filtered export) as many being built as the server "
    "allows at once; retry after `Retry-After` seconds.",
    {
        "type": "https://reviews.example.org/api/problems/rate-limited",
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
                   parameters=(), filters=None, negotiated=True, streamed=False):  # fmt: skip
    """The decorator for one public GET: the 200 body, and every error, 304
    and header partners must handle. ``negotiated=False``: one representation,
    served whatever Accept says (no 406). ``streamed``: written as it is read, so
    with no validator (no ETag, no 304)."""
    ok_headers = [
        *([] if streamed else [response_header("ETag", "Validator for conditional requests.", [200, 304])]),
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
        **({} if streamed else {304: NOT_MODIFIED}),
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
        parameters=[*([] if streamed else [IF_NONE_MATCH]), *ok_headers, *parameters],
        filters=filters,
    )


# Path parameters' examples, by operation: each names something the seed content
# (`dev.py run`) serves, so Try it out answers 200 — the sample review's PDF for
# the document operations. Optional query parameters carry none: Try it out would
# send them all at once.
PATH_EXAMPLES = {
    "getReview": {"slug": "pip"},
    "getReviewHistory": {"slug": "pip"},
    "getLeaflet": {"slug": "serious-case-review-information-for-parents-and-carers"},
    "getLeafletFragment": {"slug": "serious-case-review-information-for-parents-and-carers"},
    "getBody": {"slug": "stockport-safeguarding-children-board"},
    "getDocument": {"id": 5},
    "downloadDocument": {"id": 5},
}


PATH_DESCRIPTIONS = {
    "slug": "The short name in the address, e.g. pip.",
    "id": "The document's id, from a list or a review.",
}


def _nodes(node):
    """Every dict inside ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _nullable_references(result):
    """OpenAPI 3.0 cannot make a referenced schema nullable from outside:
    drf-spectacular's ``{allOf: [$ref: X], nullable: true}`` still rejects null
    (the 3.0.3 clarification; validators then fail every example with a null
    contact). Such a property refers instead to ``NullableX``: X, nullable."""
    schemas = result.get("components", {}).get("schemas", {})
    for node in list(_nodes(result.get("components", {}))):
        if not (node.get("nullable") and "type" not in node and len(node.get("allOf", [])) == 1):
            continue
        name = node["allOf"][0]["$ref"].rsplit("/", 1)[-1]
        nullable = f"Nullable{name}"
        if nullable not in schemas:
            schemas[nullable] = {**schemas[name], "nullable": True}
        description = node.get("description")
        node.clear()
        node["$ref"] = f"#/components/schemas/{nullable}"
        if description:  # a $ref takes no siblings in 3.0: the description moves to the copy
            schemas[nullable].setdefault("description", description)
    text = json.dumps(result)
    for name in [name for name in schemas if f'"#/components/schemas/{name}"' not in text]:
        del schemas[name]  # only ever used nullable


def _blank_or_formatted(result):
    """drf-spectacular describes a blank-allowed e-mail or web address as
    ``oneOf: [{format: email}, {maxLength: 0}]``; a validator that does not check
    formats finds "" matches both, and "exactly one" fails. Either will do."""
    for node in _nodes(result):
        branches = node.get("oneOf", [])
        if len(branches) == 2 and branches[1] == {"type": "string", "maxLength": 0}:
            node["anyOf"] = node.pop("oneOf")


def _open_enums(result):
    """What the API answers may gain values (a new document kind, a new change
    event: see Compatibility in the description), so response properties take
    the listed values *or any other string*: generated clients then accept a
    new value instead of failing. Query parameters stay closed: we refuse
    values we do not know."""
    schemas = result.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        for name, prop in list(schema.get("properties", {}).items()):
            ref = prop.get("$ref", "")
            if ref.endswith("Enum"):
                schema["properties"][name] = {
                    "anyOf": [{"$ref": ref}, {"type": "string"}],
                    "description": "One of the listed values, or a value added since.",
                }


# What a field means, wherever it appears without a description of its own.
FIELD_MEANINGS = {
    "uid": "A stable identifier that never changes, even when the slug is corrected.",
    "slug": "The short name in its address, e.g. pip.",
    "id": "The document's identifier.",
    "url": "Where this resource is, in this API.",
    "title": "The title as the body publishes it (for a review, the child's or adult's pseudonym).",
    "subtitle": "The subtitle, if any.",
    "name": "The name.",
    "type": "The kind of review (see the type filter for the values).",
    "type_label": "The kind of review, in words.",
    "kind_label": "The kind of document, in words.",
    "summary": "A short public summary.",
    "themes": "What the review is about, by theme (see /api/v1/themes/).",
    "documents_url": "This review's documents, as a list.",
    "documents": "The documents published with it.",
    "updated_at": "When what this API shows of it last changed.",
    "published_at": "When it became public (to the second).",
    "commissioned_precision": "month or day: how much of the commissioning date the body stated.",
    "reviewers": "Who carried out the review, in the order named.",
    "role": "Their role in the review.",
    "language": "The document's language (BCP 47), e.g. en.",
    "content_type": "The file's media type, e.g. application/pdf.",
    "size_bytes": "The file's size in bytes; null when no file is held.",
    "page_count": "The PDF's number of pages; null when no file is held.",
    "sha256": "The SHA-256 of the file's bytes (hex); empty when no file is held.",
    "meets_accessibility_standards": "Whether the body says the document meets accessibility standards.",
    "organisation": "The organisation the role or team belongs to.",
    "address": "The postal address, lines separated by newlines.",
    "telephone": "A telephone number, as the body writes it.",
    "textphone": "A textphone number, if any.",
    "fax": "A fax number, if any.",
    "email": "An e-mail address, if any.",
    "website": "A web address, if any.",
    "short_name": "The body's short name, e.g. SSCB.",
    "independent_chair": "The body's independent chair.",
    "audience": "Who the leaflet or document is for.",
    "reference_code": "The body's reference for the leaflet, if any.",
    "publisher": "Who published the leaflet.",
    "sections": "The leaflet's sections, in order.",
    "heading": "The section's heading.",
    "items": "The section's points, in order.",
    "contacts": "Whom the leaflet names to contact.",
    "interpreting_service": "How to get an interpreter, if the leaflet says.",
    "alternative_formats": "Other formats the leaflet comes in, and how to ask.",
    "text": "The statement's text.",
    "date": "The date it bears.",
    "signatory": "Who signed it.",
    "status": "The HTTP status code.",
    "changes": "The changes, oldest first.",
    "next_url": "The address to ask next, with the cursor.",
    "count": "How many items match, on all pages.",
    "page": "This page's number, from 1.",
    "page_size": "How many items a page holds.",
    "next": "The next page's address, or null on the last page.",
    "previous": "The previous page's address, or null on the first page.",
    "results": "The items on this page.",
    "reviews": "The list of reviews.",
    "leaflets": "The list of leaflets.",
    "atom": "The Atom feed.",
    "rss": "The RSS feed.",
}


def _described(result):
    """Every field of every answer says what it means (FIELD_MEANINGS, where the
    serializer gave no help text of its own)."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        for name, prop in schema.get("properties", {}).items():
            if "description" not in prop and "$ref" not in prop and name in FIELD_MEANINGS:
                prop["description"] = FIELD_MEANINGS[name]


def _single_examples(result):
    """One example per answer, as ``example``: openapi-generator warns ("Failed to
    get the schema name") for every named ``examples`` map it meets in a response."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                for media in response.get("content", {}).values():
                    examples = media.get("examples", {})
                    if len(examples) == 1:
                        media["example"] = next(iter(media.pop("examples").values()))["value"]


def _no_sign_in(result):
    """Every operation is public: no security requirement at all (an empty one
    makes some generators demand an authenticated client)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            operation.pop("security", None)
    result.get("components", {}).pop("securitySchemes", None)
    result["security"] = []  # said once, for the whole API: nothing is required


def _served_at(result, base_url):
    """Examples are written against an example address; the served description
    names the deployment's own."""
    if base_url == EXAMPLE_BASE:
        return result
    text = json.dumps(result).replace(EXAMPLE_BASE, base_url)
    return json.loads(text)


def finish(result, generator, request, public):
    """Post-processing: an example on every path parameter (optional query
    parameters have none, so Try it out does not send them all at once), a
    description on every path parameter, valid nullability, open response
    enums, no security, and the deployment's own address."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            examples = PATH_EXAMPLES.get(operation.get("operationId"), {})
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in examples:
                    parameter.setdefault("example", examples[parameter["name"]])
                if parameter["in"] == "path" and parameter["name"] in PATH_DESCRIPTIONS:
                    parameter.setdefault("description", PATH_DESCRIPTIONS[parameter["name"]])
    _nullable_references(result)
    _blank_or_formatted(result)
    _open_enums(result)
    _single_examples(result)
    _described(result)
    _no_sign_in(result)
    # Served, it names the deployment's address; the committed file keeps the example one.
    return _served_at(result, settings.PUBLIC_BASE_URL) if request is not None else result
