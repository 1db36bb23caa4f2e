"""Validators and cache lifetimes for every public GET.

An ETag here is an HMAC of the request (path, query, representation), the
versions of the content it depends on and the schedule's epoch — all cheap to
read — so a conditional request is answered 304 before any query for the
content runs or any body is rendered. It changes when anything visible
changes and at every scheduled boundary, and at no other time.

``Cache-Control: max-age`` never runs past the next scheduled boundary, so
no shared cache can hold an answer across an embargo lifting or a window
closing.
"""

import hashlib
import hmac
import math
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_http_date_safe
from rest_framework import exceptions, status

from api.http.problems import PROBLEM_CONTENT_TYPE, problem_response
from api.http.renderers import JSONRenderer
from api.http.throttling import AnonymousRateThrottle
from reviews import versions

_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


def content_state(request, now):
    """The content versions and the schedule, read once per request and
    shared by the response cache and the view behind it."""
    state = getattr(request, "_content_state", None)
    if state is None:
        current = versions.versions()
        state = (current, versions.schedule(now, current[versions.Scope.SCHEDULE]))
        request._content_state = state
    return state


def forget_content_state(request):
    """After this request itself changed the log (the changes sweep)."""
    raw = getattr(request, "_request", request)
    raw._content_state = None


class NotModified(exceptions.APIException):
    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""

    def __init__(self, headers):
        self.headers = headers
        super().__init__()


def make_etag(*parts):
    message = "\x1f".join(str(part) for part in parts).encode("utf-8", "surrogatepass")
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f'"{digest[:32]}"'


def matches(if_none_match, etag):
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/").strip('"')
    return wanted in _ENTITY_TAG.findall(if_none_match)


def max_age(now, schedule):
    """Seconds a response may be reused: the configured lifetime, cut short
    by the next scheduled boundary."""
    lifetime = settings.API_CACHE_MAX_AGE
    if schedule.next_change is not None:
        lifetime = min(lifetime, math.floor((schedule.next_change - now).total_seconds()))
    return max(0, lifetime)


def public_cache_headers(etag, now, schedule):
    return {"ETag": etag, "Cache-Control": f"public, max-age={max_age(now, schedule)}"}


class PublicViewMixin:
    """For every public DRF view: one clock per request (``request.now``, so
    a request never straddles a boundary), and errors always rendered as
    problem documents and never stored by a shared cache."""

    def initial(self, request, *args, **kwargs):
        request.now = timezone.now()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = PROBLEM_CONTENT_TYPE
            response["Cache-Control"] = "no-store"
        elif request.method == "OPTIONS" and hasattr(response, "accepted_renderer"):
            # The metadata DRF describes a view with is JSON, whatever the view serves.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class ConditionalGetMixin(PublicViewMixin):
    """A 304 before any work when the client's validator still holds, and a
    validator and lifetime on every 200.

    Views list the content scopes their answers depend on in ``cache_scopes``.
    """

    cache_scopes = ()
    vary_on_accept = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.cache_headers = self.compute_cache_headers(request)
            if matches(request.headers.get("If-None-Match"), self.cache_headers["ETag"]):
                raise NotModified(self.cache_headers)

    def compute_cache_headers(self, request):
        current, schedule = content_state(request, request.now)
        etag = make_etag(
            request.get_full_path(),
            request.accepted_media_type,
            *(current[scope] for scope in self.cache_scopes),
            schedule.epoch,
        )
        return public_cache_headers(etag, request.now, schedule)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and hasattr(self, "cache_headers"):
            for name, value in self.cache_headers.items():
                response[name] = value
        if self.vary_on_accept:
            patch_vary_headers(response, ["Accept"])
        return response


PUBLIC_SCOPES = (versions.Scope.REVIEWS, versions.Scope.LEAFLETS, versions.Scope.CONTACTS, versions.Scope.CHANGES)
REPLAYED_HEADERS = ("Content-Type", "Link", "Vary", "Last-Modified")


class ResponseCacheMiddleware:
    """Answers a repeated public GET from the cache — or with a 304 — before
    any view runs.

    The key holds every public content version and the schedule's epoch, so
    an edit, a withdrawal, a deletion or a boundary passing makes every
    stored answer unreachable at once: a cached response can never show what
    the publication rules now hide. Only 200 answers that carry a validator
    are stored. ``Cache-Control: no-cache`` from the client skips the stored
    answer (and the benchmark uses it to measure the uncached path).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        now = timezone.now()
        current, schedule = content_state(request, now)
        key = "response:" + make_etag(
            request.get_full_path(),
            request.headers.get("Accept", ""),
            *(current[scope] for scope in PUBLIC_SCOPES),
            schedule.epoch,
        ).strip('"')
        stored = cache.get(key)
        if stored is None:
            response = self.get_response(request)
            self.store(key, response, now, schedule)
            return response
        throttle = AnonymousRateThrottle()
        if not throttle.allow_request(request, None):
            wait = str(max(1, int(throttle.wait() or 1)))
            return problem_response(429, "Too many requests; try again later.", "rate-limited", {"Retry-After": wait})
        etag, body, headers = stored
        fresh = public_cache_headers(etag, now, schedule)
        if matches(request.headers.get("If-None-Match"), etag) or self.unmodified_since(request, headers):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(body, content_type=headers.pop("Content-Type", None))
        for name, value in {**headers, **fresh}.items():
            response[name] = value
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.API_RESPONSE_CACHE
            and request.method == "GET"
            and request.path.startswith(("/api/v1/", "/feeds/"))
            and not request.path.endswith("/download")
            and "no-cache" not in request.headers.get("Cache-Control", "")
        )

    @staticmethod
    def store(key, response, now, schedule):
        lifetime = max_age(now, schedule)
        if response.status_code != 200 or response.streaming or not response.has_header("ETag") or lifetime <= 0:
            return
        headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
        cache.set(key, (response["ETag"], response.content, headers), timeout=lifetime)

    @staticmethod
    def unmodified_since(request, headers):
        if "If-None-Match" in request.headers or "Last-Modified" not in headers:
            return False
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        modified = parse_http_date_safe(headers["Last-Modified"])
        return since is not None and modified is not None and modified <= since
