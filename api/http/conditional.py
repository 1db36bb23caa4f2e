"""Validators, lifetimes and conditional GET for every public answer.

One implementation for every surface (API, feeds, downloads, the response
cache): ``ConditionalGetMiddleware`` gives each public 200 a validator and
evaluates the request's conditions with Django's own
``get_conditional_response`` (RFC 9110: If-None-Match, If-Modified-Since,
If-Match, If-Unmodified-Since). Only an answer that exists is compared, so
``If-None-Match: *`` never turns a 404 or a 400 into a 304.

The ETag recipe is ours: a keyed hash of the representation as served (its
media type and bytes). It changes exactly when what a client would receive
changes — an edit, a withdrawal, an entry leaving a list or a feed, a
boundary passing — and never otherwise, however the content was written.
A surface with a ``Last-Modified`` (the feeds) dates it at the first time
this representation was served (``first_served``), so it moves too when an
entry leaves.

``Cache-Control: max-age`` never runs past the next scheduled boundary, so
no shared cache can hold an answer across an embargo lifting or a window
closing.
"""

import hashlib
import hmac
import math
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from api.http.problems import PROBLEM_CONTENT_TYPE, is_public_path, problem_response
from api.http.renderers import JSONRenderer
from reviews.changelog import versions

FIRST_SERVED_DAYS = 30


def content_state(request, now):
    """The content counters and the schedule, read once per request and
    shared by the response cache and the view behind it."""
    raw = getattr(request, "_request", request)
    found = getattr(raw, "_content_state", None)
    if found is None:
        found = versions.current(now)
        raw._content_state = found
    return found


def etag_for(content_type, body):
    message = content_type.encode() + b"\x1f" + body
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f'"{digest[:32]}"'


def max_age(now, schedule):
    """Seconds a response may be reused: the configured lifetime, cut short
    by the next scheduled boundary."""
    lifetime = settings.API_CACHE_MAX_AGE
    if schedule.next_change is not None:
        lifetime = min(lifetime, math.floor((schedule.next_change - now).total_seconds()))
    return max(0, lifetime)


def lifetime(now, schedule):
    return f"public, max-age={max_age(now, schedule)}"


def first_served(key, etag, now):
    """When this representation (``etag``) of ``key`` was first served: its
    Last-Modified. Always later than the one before it, so a client holding
    an older copy never matches If-Modified-Since. Forgetting (a cold cache)
    only dates it later, which costs a 200, never a wrong 304."""
    cache_key = "first-served:" + hashlib.sha256(key.encode()).hexdigest()
    known = cache.get(cache_key)
    second = math.floor(now.timestamp())
    if known is not None:
        known_etag, known_second = known
        if known_etag == etag:
            return datetime.fromtimestamp(known_second, tz=UTC)
        second = max(second, known_second + 1)
    cache.set(cache_key, (etag, second), timeout=FIRST_SERVED_DAYS * 86400)
    return datetime.fromtimestamp(second, tz=UTC)


def stamp(request, response, now, last_modified=False):
    """Give a built 200 its ETag (and, if asked, Last-Modified) now."""
    response["ETag"] = etag_for(response.get("Content-Type", ""), response.content)
    if last_modified:
        served = first_served(request.get_full_path(), response["ETag"], now)
        response["Last-Modified"] = http_date(served.timestamp())
    return response


def evaluate(request, response):
    """Answer the request's conditions against a 200 that carries validators:
    the 200 itself, a 304 with the validators and lifetime, or a 412."""
    header = response.get("Last-Modified")  # most answers have none: nothing to parse
    last_modified = parse_http_date_safe(header) if header else None
    answered = get_conditional_response(request, etag=response.get("ETag"), last_modified=last_modified,
                                        response=response)  # fmt: skip
    if answered.status_code == 412:
        return problem_response(412, "The resource no longer matches the request's If-Match or If-Unmodified-Since.")
    return answered


class ConditionalGetMiddleware:
    """Every public GET answered 200 gets a validator (unless its view set a
    stronger one, as downloads do) and is compared with the request's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and is_public_path(request.path):
            if not response.has_header("ETag") and not response.streaming:
                stamp(request, response, timezone.now())
            if response.has_header("ETag"):
                return evaluate(request, response)
        return response


class PublicViewMixin:
    """For every public DRF view: one clock per request (``request.now``, so
    a request never straddles a boundary), and errors always rendered as
    problem documents and never stored by a shared cache."""

    def initial(self, request, *args, **kwargs):
        request.now = timezone.now()
        content_state(request, request.now)  # the changes log is brought up to date before anything is read
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


class PublicContentView(PublicViewMixin):
    """A view whose answers show public content: each 200 may be kept by
    shared caches until the next scheduled boundary, and — with
    ``response_cache`` — by our response cache (``api.http.response_cache``).
    Its validator comes from ``ConditionalGetMiddleware``."""

    response_cache = True
    vary_on_accept = False

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            now = getattr(request, "now", None) or timezone.now()
            response["Cache-Control"] = lifetime(now, content_state(request, now)[1])
        if self.vary_on_accept:
            patch_vary_headers(response, ["Accept"])
        return response
