"""Absolute links, built from PUBLIC_BASE_URL so that every response (and
every cached copy of it) names the address partners use."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def absolute(name, *args, query=None):
    url = f"{settings.PUBLIC_BASE_URL}{reverse(name, args=args)}"
    return f"{url}?{urlencode(query)}" if query else url


def absolute_for(name, key):
    """``absolute(name, key)`` for a route with one slug or id, without a
    reverse() per call: feeds build a hundred of these."""
    prefix, suffix = _around_key(name)
    return f"{settings.PUBLIC_BASE_URL}{prefix}{key}{suffix}"


@functools.cache
def _around_key(name):
    marker = "0123456789"  # matches both slug and integer routes
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return prefix, suffix


def feed_query(params, allowed):
    """The subset of ``params`` (a QueryDict) that the feeds understand, as pairs."""
    return [(key, value) for key, values in params.lists() if key in allowed for value in values]


# The filters the feeds share with the lists: the feed a list links to is about the
# same reviews. (status, available_on, updated_since, ordering and pages are ways
# of reading a list, not what it is about; a feed is always what is available now.)
FEED_PARAMETERS = frozenset(
    {"theme", "type", "body", "nation", "q", "published_from", "published_to", "review", "kind", "publication"}
)


def feed_url(kind="atom", params=None):
    query = feed_query(params, FEED_PARAMETERS) if params is not None else None
    return absolute(f"feed-{kind}", query=query)


def feed_link(params):
    """An RFC 8288 link to the Atom feed carrying the same filters."""
    return f'<{feed_url("atom", params)}>; rel="alternate"; type="application/atom+xml"'
