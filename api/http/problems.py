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
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from rest_framework import exceptions, status
from rest_framework.response import Response

from api.http.security import PAGE_POLICY

PROBLEM_CONTENT_TYPE = "application/problem+json"
NOT_FOUND_DETAIL = "There is no public resource at this address."
UNAVAILABLE_DETAIL = "The service is briefly unavailable; please retry shortly."
PUBLIC_PREFIXES = ("/api/", "/feeds/")


def is_public_path(path):
    """Whether ``path`` is one of the public surfaces (the start page, the API, the feeds)."""
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


# What each problem ``type`` means, for the page at its address (people follow it).
EXPLANATIONS = {
    "invalid-parameters": (
        "A query parameter was not understood",
        "One or more of the address's query parameters could not be used: each is named in invalid_params, "
        "with why. The API description (/api/docs/) lists every parameter and the values it takes.",
    ),
    "archived": (
        "The review's documents are no longer published",
        "A body publishes a review's documents for its availability window (usually three years). Afterwards "
        "the review is still listed, but its files are not served here: ask the contact named in the answer "
        "(or at its request address), who can send them.",
    ),
    "changes-expired": (
        "Changes this old are no longer kept",
        "The changes log keeps recent changes only. Fetch the lists again for a fresh copy, then continue from "
        "the next address of a new answer.",
    ),
    "rate-limited": (
        "Too many requests",
        "This client made more requests than the limit allows. Wait for the seconds Retry-After gives, then try again.",
    ),
    "too-busy": (
        "The server is busy with searches and exports",
        "Searches and exports built to order are made a few at a time. Try again after the seconds Retry-After "
        "gives; the whole export, as a file, is always available at once.",
    ),
}

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

    def __init__(self, detail, slug="archived", **extra):
        self.slug, self.extra = slug, extra
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
        slug, extra = exc.slug, exc.extra
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


def handler404(request, exception=None):
    return problem_response(404, NOT_FOUND_DETAIL)


def handler500(request):
    """Also reached for errors outside views (middleware): a database that
    cannot be reached is a 503 the client may retry, not a 500."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        return problem_response(503, UNAVAILABLE_DETAIL, headers={"Retry-After": "5"})
    return problem_response(500, "The server could not answer this request.")


def handler400(request, exception=None):
    return problem_response(400, "The request could not be understood.")


def handler403(request, exception=None):
    return problem_response(403, "This request is not allowed.")


def explanation(request, slug):
    """The page at a problem ``type``'s address: what it means and what to do."""
    if slug not in EXPLANATIONS:
        return handler404(request)
    title, text = EXPLANATIONS[slug]
    html = render_to_string("api/pages/problem_type.html", {"title": title, "text": text, "slug": slug})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PAGE_POLICY
    return response


# Headers of a problem that stay true of its page.
KEPT_HEADERS = ("Retry-After", "Allow", "Content-Range", "Cache-Control")


class ProblemPageMiddleware:
    """Every problem a browser reaches is a page with the same status: programs
    (which ask for JSON, or for anything) keep the problem document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        patch_vary_headers(response, ["Accept"])
        if request.get_preferred_type(["application/json", "text/html"]) != "text/html":
            return response
        found = orjson.loads(response.content)
        kind = found["type"].rsplit("/", 1)[-1] if found["type"] != "about:blank" else None
        html = render_to_string("api/pages/problem.html", {"problem": found, "explained": kind in EXPLANATIONS})
        page = HttpResponse(html, status=response.status_code, content_type="text/html; charset=utf-8")
        for name in KEPT_HEADERS:
            if name in response:
                page[name] = response[name]
        page["Content-Security-Policy"] = PAGE_POLICY
        patch_vary_headers(page, ["Accept"])
        return page
