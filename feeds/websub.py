"""WebSub (W3C Recommendation, 2018): the feeds name a hub (``WEBSUB_HUB_URL``)
and themselves, so a subscriber can ask the hub to push; and the hub is told
(a ``hub.mode=publish`` POST naming the topic) whenever the feeds' content may
have changed — an edit, a withdrawal, or an embargo lifting or a window closing
that nobody saved.

"Changed" is read from the changes log, which the worker brings up to date
just before (every public change, scheduled ones included, moves its
sequence on): the hub is told once per change of the log, for every topic
served, and told again next time if it could not be reached. The worker
runs it; it never runs in a request.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import IntegrityError, transaction

from api.http.links import absolute
from feeds.models import FeedTopic
from reviews.changelog import versions
from reviews.changelog.versions import Scope
from reviews.models import ContentVersion

log = logging.getLogger("feeds.websub")
NOTIFIED = Scope.WEBSUB  # the changes log's last seq the hub was told about
TIMEOUT_SECONDS = 10
_remembered = set()  # per process: topics already stored


def remember_topic(url):
    """Note a feed address served with the hub advertised (once per process)."""
    if url in _remembered:
        return
    try:
        with transaction.atomic():
            FeedTopic.objects.get_or_create(url=url)
    except IntegrityError:
        pass  # another worker stored it first
    _remembered.add(url)


def topics():
    """The unfiltered feeds, and the most recently first-served filtered ones."""
    base = [absolute(f"feed-{kind}") for kind in ("atom", "rss", "json")]
    served = FeedTopic.objects.values_list("url", flat=True)[: settings.WEBSUB_MAX_TOPICS]
    return list(dict.fromkeys([*base, *served]))


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
    sent = topics()
    if all([publish(topic) for topic in sent]):
        ContentVersion.objects.update_or_create(scope=NOTIFIED, defaults={"version": last})
    return len(sent)
