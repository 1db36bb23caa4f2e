"""GET /feeds/publications.atom, /feeds/publications.rss and /feeds/publications.json.

Each advertises its WebSub hub (``WEBSUB_HUB_URL``, none when unset) and
itself, in the feed and in a ``Link`` header; ``feeds.websub`` tells the hub
when they change.

Filters are the shared vocabulary's (``feeds.filters.FeedFilter``); what is published comes
from ``feeds.publications``; validators, lifetimes and conditional requests
from ``api.http``. An unchanged feed is the same bytes on every request, so
its ETag (a hash of those bytes) holds until an entry is added, changed or
leaves; its Last-Modified is when those bytes were first served.
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer

from api.http.conditional import PublicContentView, stamp
from api.http.links import absolute, feed_url
from api.http.negotiation import OneRepresentation
from api.http.schema import read_operation, response_header
from api.http.security import PAGE_POLICY
from feeds import publications, render
from feeds.filters import FeedFilter
from reviews.models import Body, Review

# The feed's date while it has nothing to show, in a library feed (whose body is no row).
NO_CONTENT_YET = datetime(2026, 1, 1, tzinfo=UTC)


class AtomRenderer(BaseRenderer):
    media_type = "application/atom+xml"
    format = "atom"
    charset = "utf-8"


class RssRenderer(BaseRenderer):
    media_type = "application/rss+xml"
    format = "rss"
    charset = "utf-8"


class JsonFeedRenderer(BaseRenderer):
    media_type = "application/feed+json"
    format = "json"
    charset = "utf-8"


RENDER = {
    "atom": lambda meta, entries, tombstones: render.atom(meta, entries, tombstones),
    "rss": lambda meta, entries, tombstones: render.rss(meta, entries),
    "json": render.json_feed,
}


def wants_a_page(request):
    """A browser (text/html asked for by name, and no feed type): a person, not
    a feed reader, opened the address. Feed readers name a feed type or */*."""
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and not any(kind in accept for kind in ("atom", "rss", "json"))


class FeedView(PublicContentView, GenericAPIView):
    content_negotiation_class = OneRepresentation  # a feed is a feed, whatever a feed reader accepts
    kind = "atom"
    # For the schema only: the parameters are the FeedFilter's.
    queryset = Review.objects.none()
    filterset_class = FeedFilter
    pagination_class = None

    @property
    def media_type(self):
        return self.renderer_classes[0].media_type

    def get(self, request):
        now = request.now
        criteria = FeedFilter(request.query_params, queryset=Review.objects.public(now), request=request)
        criteria.validated_queryset()
        meta, entries, tombstones = self.build(request, criteria, now)
        if wants_a_page(request):
            response = HttpResponse(
                render.page(meta, entries, self.media_type), content_type="text/html; charset=utf-8"
            )
            response["Content-Security-Policy"] = PAGE_POLICY
        else:
            body = RENDER[self.kind](meta, entries, tombstones)
            response = HttpResponse(body, content_type=f"{self.media_type}; charset=utf-8")
        if meta["hub"]:
            response["Link"] = f'<{meta["hub"]}>; rel="hub", <{meta["self"]}>; rel="self"'
        patch_vary_headers(response, ["Accept"])
        # Last-Modified is remembered per address for 30 days (``first_served``): only for
        # the feeds themselves, so a crawl of junk filters leaves nothing behind; a
        # filtered feed is revalidated by its ETag.
        return stamp(request, response, now, last_modified=not request.GET)

    def build(self, request, criteria, now):
        # The body asked for (the filter has checked it exists), else the installation's first.
        # A library of several bodies, unfiltered, is the library's feed: each entry names its body.
        chosen = criteria.form.cleaned_data.get("body") or []
        if len(chosen) == 1:  # one body's feed is that body's
            board = Body.objects.get(slug=chosen[0])
        else:
            first_two = list(Body.objects.order_by("pk")[:2])  # one query tells one body from several
            board = first_two[0] if len(first_two) == 1 else Body(name=settings.LIBRARY_NAME)
        entries = publications.collect(criteria, now)
        tombstones = publications.tombstones(now) if self.kind != "rss" else []
        moments = [entry.updated for entry in entries] + [stone.when for stone in tombstones]
        # Made of the content alone, never of the clock: a feed must be the same bytes until
        # its content or the schedule moves, or a stored answer would be replayed stale.
        updated = max(moments, default=None) or board.updated_at or NO_CONTENT_YET
        self_url = feed_url(self.kind, request.query_params)
        meta = render.feed_meta(
            title=publications.describe(criteria.form.cleaned_data, board, now),
            subtitle=f"Publications of the {board.name}: reviews, documents and leaflets."
            if board.pk
            else f"Publications of {board.name}: reviews, documents and leaflets, each naming its publishing body.",
            board=board,
            self_url=self_url,
            alternate=page_for_people(criteria.form.cleaned_data, request.query_params),
            updated=updated,
            feed_id=self_url,
            category_scheme=absolute("review-list"),
            hub=settings.WEBSUB_HUB_URL,
        )
        return meta, entries, tombstones


def page_for_people(cleaned, query):
    """The page a feed's website link leads to: its review, or the list of reviews it follows."""
    if cleaned.get("review"):
        return absolute("review-detail", cleaned["review"])
    shared = [(name, values) for name, values in query.lists() if name in LIST_CRITERIA]
    return absolute("review-list") + (f"?{urlencode(shared, True)}" if shared else "")


# What of a feed's address the list of reviews takes too.
LIST_CRITERIA = ("type", "theme", "q", "body", "nation", "published_from", "published_to")
FORMATS = {"atom": "Atom 1.0", "rss": "RSS 2.0", "json": "JSON Feed 1.1"}
TOMBSTONES = {
    "atom": " and are announced by RFC 6721 tombstones for 30 days.",
    "json": " and are announced for 30 days in `_tombstones.deleted` (the ids of the items to take down).",
    "rss": ".",
}


def _feed_operation(kind, media_type):
    return read_operation(
        f"get{kind.capitalize()}Feed",
        f"{FORMATS[kind]} feed of new publications",
        "Newest first, at most 50 entries: reviews becoming public, documents added later to public reviews, "
        "and leaflets. Takes the lists' filters of what reviews are about (`theme`, `type`, `q`, `body`, `nation`, "
        "`published_from`, `published_to`) plus "
        "`publication`, `kind` and `review`. Archived reviews leave the feed; withdrawn ones leave it at once"
        + TOMBSTONES[kind]
        + " When a WebSub hub is configured, the feed names it (and itself) for push subscriptions.",
        OpenApiResponse(
            OpenApiTypes.OBJECT if kind == "json" else OpenApiTypes.BINARY,
            description=f"The feed ({media_type}): "
            + (
                "a JSON Feed 1.1 object (https://www.jsonfeed.org/version/1.1/)."
                if kind == "json"
                else "XML, for a feed library to read."
            ),
        ),
        "feeds",
        media_type=media_type,
        negotiated=False,
        filters=True,
        parameters=[
            response_header(
                "Last-Modified",
                "When this feed's content was first served as it is now: the unfiltered "
                "feeds only (a filtered one is revalidated by its ETag).",
                [200],
                required=False,
            )
        ],
    )


@extend_schema_view(get=_feed_operation("atom", "application/atom+xml"))
class AtomFeedView(FeedView):
    renderer_classes = [AtomRenderer]
    kind = "atom"


@extend_schema_view(get=_feed_operation("rss", "application/rss+xml"))
class RssFeedView(FeedView):
    renderer_classes = [RssRenderer]
    kind = "rss"


@extend_schema_view(get=_feed_operation("json", "application/feed+json"))
class JsonFeedView(FeedView):
    renderer_classes = [JsonFeedRenderer]
    kind = "json"
