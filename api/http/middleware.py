"""Cross-cutting HTTP behaviour of the public surfaces."""

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware

from api.http.problems import PUBLIC_PREFIXES

EXPOSED_HEADERS = "ETag, Link, Content-Range, Content-Disposition, Content-Length, Accept-Ranges, Retry-After"
COMPRESSIBLE = (
    "application/json",
    "application/problem+json",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "application/xslt+xml",
    "application/vnd.oai.openapi",
    "text/",
)


class PublicCorsMiddleware:
    """Public reads are open to any origin, never with credentials, so partner
    pages can call the API and feeds from browser JavaScript.

    Not django-cors-headers: it adds ``Vary: Origin`` to every answer, so a
    shared cache (nginx, a partner's proxy) keeps one copy per partner site,
    and answers ``*`` only when ``Origin`` is sent; the same ``*`` on every
    answer needs neither, and one cached copy serves everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since, If-Range, Range"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Access-Control-Allow-Origin"] = "*"
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Compresses text (JSON, XML, HTML); never a PDF, whose byte ranges and
    length must stay those of the file."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.status_code == 206 or not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
