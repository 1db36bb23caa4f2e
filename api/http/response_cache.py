"""Whole public answers kept in the cache, for the views that opt in.

A view opts in with ``response_cache = True`` (``PublicContentView`` does);
anything else — a staff endpoint, a download, a view added later under
``/api/v1/`` — is never stored or served from here.

The key holds the request (path, query, Accept), the content version that
every write to content moves (database triggers: ``reviews.database.invalidation``)
and the schedule's epoch, so an edit, a withdrawal, a deletion, a bulk
update or a boundary passing makes every stored answer unreachable at once:
a cached answer can never show what the publication rules now hide. Only
200 answers are stored, with their validator, for no longer than they may be
reused. ``Cache-Control: no-cache`` from the client skips the stored answer
(the benchmark uses it to measure the uncached path), except a search's,
which costs the most to build (``API_NO_CACHE_REBUILDS_SEARCHES`` lets the
benchmark measure those too). Conditional requests
are evaluated on the stored answer by ``ConditionalGetMiddleware``, as on a
built one.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone

from api.http.conditional import content_state, lifetime, max_age, stamp
from api.http.problems import problem_response
from api.http.throttling import AnonymousRateThrottle
from reviews.changelog.versions import Scope

# What a replay must say as the first answer did (the leaflet fragment's CSP lets partners frame it).
REPLAYED_HEADERS = ("Content-Type", "ETag", "Link", "Vary", "Last-Modified", "Content-Security-Policy")


def opted_in(view_func):
    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    return bool(getattr(view_class, "response_cache", False))


@functools.lru_cache(maxsize=4096)
def _path_opted_in(urlconf, path_info):
    try:
        return opted_in(resolve(path_info, urlconf).func)
    except Resolver404:
        return False


def public_content(request):
    """Whether the request is for a view that opted in (looked up once per address)."""
    urlconf = getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF
    return _path_opted_in(urlconf, request.path_info)


def rebuild_asked(request):
    return "no-cache" in request.headers.get("Cache-Control", "")


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        now = timezone.now()
        counters, schedule = content_state(request, now)
        request_key = "\x1f".join(
            [request.get_full_path(), request.headers.get("Accept", ""), str(counters[Scope.CONTENT]), schedule.epoch]
        )
        key = "response:" + hashlib.sha256(request_key.encode()).hexdigest()
        # Counted against the rate limit and looked up in one round trip; the view counts it no more.
        throttle = AnonymousRateThrottle()
        allowed = throttle.allow_request(request, None, also_read=key)
        stored = throttle.read
        if stored is None:  # the view builds it, or refuses it as over the limit
            response = self.get_response(request)
            self.store(key, response, request)
            return response
        if not allowed:
            wait = str(max(1, int(throttle.wait() or 1)))
            return problem_response(429, "Too many requests; try again later.", "rate-limited", {"Retry-After": wait})
        body, headers = stored
        response = HttpResponse(body, content_type=headers["Content-Type"])
        for name, value in headers.items():
            response[name] = value
        response["Cache-Control"] = lifetime(now, schedule)
        return response

    @staticmethod
    def applies_to(request):
        """A GET the client lets us answer from the cache, for a view that opted in
        (looked up once per address: answering before Django resolves it is the point)."""
        return (
            settings.API_RESPONSE_CACHE
            and request.method == "GET"
            and not (rebuild_asked(request) and (settings.API_NO_CACHE_REBUILDS_SEARCHES or not request.GET.get("q")))
            and public_content(request)
        )  # fmt: skip

    @staticmethod
    def store(key, response, request):
        now = timezone.now()
        seconds = max_age(now, content_state(request, now)[1])
        if response.status_code != 200 or response.streaming or seconds <= 0:
            return
        if not response.has_header("ETag"):
            stamp(request, response, now)
        headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers), timeout=seconds)


def remembered_count(request, queryset, now):
    """``queryset.count()``, kept under the response cache's key less the page:
    the path, the other parameters, the content version every write moves and
    the schedule's epoch. Paging through a filtered list counts it once, and no
    count outlives a write or a boundary. (A client's ``no-cache`` asks for an
    answer built now, which this is: the count is the one the rules give now.)"""
    counters, schedule = content_state(request, now)
    seconds = max_age(now, schedule)
    if not settings.API_RESPONSE_CACHE or seconds <= 0:
        return queryset.count()
    parameters = sorted((key, value) for key, values in request.GET.lists() for value in values if key != "page")
    counted = "\x1f".join([request.path, repr(parameters), str(counters[Scope.CONTENT]), schedule.epoch])
    key = "count:" + hashlib.sha256(counted.encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, timeout=seconds)
    return count
