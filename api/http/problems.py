"""Errors as RFC 9457 problem documents, everywhere under /api/ and /feeds/.

Every error a client can cause is a ``application/problem+json`` body with
``type``, ``title``, ``status`` and ``detail``; a 400 for bad parameters also
lists each one in ``invalid_params`` (the extension RFC 9457 itself shows).
No traceback, SQL or internal field ever appears in one.
"""

import logging
import sys
from http import HTTPStatus

import orjson
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"
NOT_FOUND_DETAIL = "There is no public resource at this address."
UNAVAILABLE_DETAIL = "The service is briefly unavailable; please retry shortly."
PUBLIC_PREFIXES = ("/api/", "/feeds/")

logger = logging.getLogger(__name__)


def problem_type(slug):
    return f"{settings.PUBLIC_BASE_URL}/api/problems/{slug}"


def problem(status_code, detail, slug=None, **extra):
    """The body of a problem document."""
    return {
        "type": problem_type(slug) if slug else "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        **extra,
    }


def problem_response(status_code, detail, slug=None, headers=None, **extra):
    """A plain Django response carrying a problem document (for code outside DRF)."""
    body = orjson.dumps(problem(status_code, detail, slug, **extra))
    response = HttpResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class InvalidParameters(exceptions.APIException):
    """A 400 naming every bad query parameter and why: ``errors`` maps each
    name to its reasons (``api.http.filters`` raises it, as do the views)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "One or more query parameters are invalid."

    def __init__(self, errors):
        self.errors = errors
        names = ", ".join(sorted(errors))
        super().__init__(f"Invalid query parameter(s): {names}.")


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This resource is no longer available."

    def __init__(self, detail, **extra):
        self.extra = extra
        super().__init__(detail)


def _invalid_params(errors):
    return [
        {"name": name, "reason": " ".join(str(reason) for reason in reasons)}
        for name, reasons in sorted(errors.items())
    ]


def exception_handler(exc, context):
    """DRF's exception handler, answering with problem documents."""
    if isinstance(exc, DatabaseError):
        logger.error("Database unavailable: %s", exc)
        body = problem(503, UNAVAILABLE_DETAIL)
        return Response(body, status=503, headers={"Retry-After": "5"}, content_type=PROBLEM_CONTENT_TYPE)
    headers = {}
    extra = {}
    slug = None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_DETAIL)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, InvalidParameters):
        slug, extra = "invalid-parameters", {"invalid_params": _invalid_params(exc.errors)}
    elif isinstance(exc, Gone):
        slug, extra = "archived", exc.extra
    elif isinstance(exc, exceptions.Throttled):
        slug = "rate-limited"
        headers["Retry-After"] = str(max(1, int(exc.wait or 1)))
    elif isinstance(exc, exceptions.NotFound):
        exc.detail = NOT_FOUND_DETAIL
    elif isinstance(exc, exceptions.MethodNotAllowed):
        headers["Allow"] = ", ".join(context["view"].allowed_methods)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("Unhandled error in %s", context["view"].__class__.__name__, exc_info=exc)
        exc = exceptions.APIException("The server could not answer this request.")
    detail = exc.detail if isinstance(exc.detail, str) else "The request could not be processed."
    body = problem(exc.status_code, str(detail), slug, **extra)
    return Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _is_public_path(request):
    return request.path.startswith(PUBLIC_PREFIXES)


def handler404(request, exception=None):
    if _is_public_path(request):
        return problem_response(404, NOT_FOUND_DETAIL)
    return defaults.page_not_found(request, exception)


def handler500(request):
    """Also reached for errors outside views (middleware): a database that
    cannot be reached is a 503 the client may retry, not a 500."""
    if isinstance(sys.exc_info()[1], DatabaseError) and _is_public_path(request):
        return problem_response(503, UNAVAILABLE_DETAIL, headers={"Retry-After": "5"})
    if _is_public_path(request):
        return problem_response(500, "The server could not answer this request.")
    return defaults.server_error(request)


def handler400(request, exception=None):
    if _is_public_path(request):
        return problem_response(400, "The request could not be understood.")
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    if _is_public_path(request):
        return problem_response(403, "This request is not allowed.")
    return defaults.permission_denied(request, exception)
