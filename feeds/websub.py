"""WebSub (W3C Recommendation, 2018): the feeds name a hub (``WEBSUB_HUB_URL``)
and themselves, so a subscriber can ask the hub to push; and the hub is told
(a ``hub.mode=publish`` POST naming the topic) whenever a feed's content may
have changed — an edit, a withdrawal, or an embargo lifting or a window closing
that nobody saved.

"Changed" is read from the changes log, which the worker brings up to date
just before (every public change, scheduled ones included, moves its
sequence on), and so are the topics: the unfiltered feeds, and each feed
filtered by one thing a changed review is (the review itself, its body,
nation, type, each of its themes, or the kind of publication), in every
format — at most ``WEBSUB_MAX_TOPICS`` a pass. Nothing is stored when a feed is
read (a read never writes), and no address a client made up is ever told. A
hub that could not be reached is told again next time. The worker runs it;
it never runs in a request.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from api.http.links import absolute
from reviews.changelog import versions
from reviews.changelog.versions import Scope
from reviews.models import Change, ContentVersion, Document, Review

log = logging.getLogger("feeds.websub")
NOTIFIED = Scope.WEBSUB  # the changes log's last seq the hub was told about
TIMEOUT_SECONDS = 10
FORMATS = ("atom", "rss", "json")
MOST_CHANGES = 1000  # read a pass; more (an import) would name more topics than are told anyway


def _filters_of(review):
    """The one-parameter filters of the feeds that show ``review``."""
    return [("review", review.slug), ("body", review.body.slug), ("nation", review.body.nation),
            ("type", review.review_type), *(("theme", theme.slug) for theme in review.themes.all())]  # fmt: skip


def topics(changes):
    """The feed addresses ``changes`` may have changed: the unfiltered feeds
    first, then those filtered by one thing each changed review (or a changed
    document's review) is."""
    slugs = [change.resource_id for change in changes if change.resource == "review"]
    ids = [int(change.resource_id) for change in changes if change.resource == "document"]
    reviews = {review.slug: review for review in Review.objects.filter(slug__in=slugs).select_related("body")
               .prefetch_related("themes")}  # fmt: skip
    documents = {str(document.pk): document for document in Document.objects.filter(pk__in=ids, review__isnull=False)
                 .select_related("review__body").prefetch_related("review__themes")}  # fmt: skip
    found = [absolute(f"feed-{kind}") for kind in FORMATS]
    for change in changes:
        filters = [("publication", change.resource)]
        if change.resource_id in reviews and change.resource == "review":
            filters += _filters_of(reviews[change.resource_id])
        elif change.resource_id in documents and change.resource == "document":
            document = documents[change.resource_id]
            filters += [("kind", document.kind), *_filters_of(document.review)]
        for name, value in filters:
            found += [absolute(f"feed-{kind}", query=[(name, value)]) for kind in FORMATS]
    return list(dict.fromkeys(found))[: settings.WEBSUB_MAX_TOPICS]


def publish(topic):
    """Tell the hub that ``topic`` changed; True if it accepted (2xx)."""
    data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic}).encode()
    request = urllib.request.Request(settings.WEBSUB_HUB_URL, data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (configured URL)
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError) as error:
        log.warning("WebSub hub %s refused or unreachable for %s: %s", settings.WEBSUB_HUB_URL, topic, error)
        return False


def notify_if_changed(now=None):
    """Tell the hub about every topic if the changes log moved on since it was
    last told; returns how many topics it told (0 without a hub)."""
    if not settings.WEBSUB_HUB_URL:
        return 0
    last = versions.versions()[Scope.CHANGES]
    told = ContentVersion.objects.filter(scope=NOTIFIED).values_list("version", flat=True).first()
    if told is not None and told >= last:
        return 0
    sent = topics(list(Change.objects.filter(seq__gt=told or 0, seq__lte=last).order_by("seq")[:MOST_CHANGES]))
    if all([publish(topic) for topic in sent]):
        ContentVersion.objects.update_or_create(scope=NOTIFIED, defaults={"version": last})
    return len(sent)
