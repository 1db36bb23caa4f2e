"""Content versions and the publication schedule: the cheap inputs of every
validator and response cache.

A validator built from ``public_versions()`` and ``schedule().epoch`` changes
when an editor changes anything public (a save, a withdrawal, a deletion) and
when a scheduled boundary passes (an embargo lifting, a window closing), and
at no other time — in particular, not when an embargoed review is edited.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone

from reviews.models import ContentVersion, Document, Leaflet, Review

Scope = ContentVersion.Scope


def bump(*scopes):
    for scope in scopes:
        if not ContentVersion.objects.filter(scope=scope).update(version=F("version") + 1):
            ContentVersion.objects.get_or_create(scope=scope, defaults={"version": 1})


_VERSIONS_SQL = f"SELECT scope, version FROM {ContentVersion._meta.db_table}"


def versions():
    """Every scope's version, in one query (plain SQL: it runs on every request)."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL)
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, 0) for scope in Scope.values}


@dataclass(frozen=True)
class Schedule:
    epoch: str  # the last boundary passed: changes exactly when one passes
    next_change: datetime | None  # the next boundary, for cache lifetimes


def _boundaries():
    """Every moment at which something becomes (or stops being) public."""
    live_reviews = Review.objects.filter(withdrawn_at__isnull=True)
    return [
        (live_reviews, "published_at"),
        (live_reviews, "available_until"),
        (Document.objects.all(), "published_at"),
        (Leaflet.objects.all(), "published_at"),
    ]


def _compute_schedule(now):
    passed, upcoming = [], []
    for queryset, column in _boundaries():
        # Two index seeks each (newest passed, soonest upcoming), not a scan:
        # this runs after every edit, and the archive may be large.
        moments = queryset.order_by().values_list(column, flat=True)
        passed.append(moments.filter(**{f"{column}__lte": now}).order_by(f"-{column}").first())
        upcoming.append(moments.filter(**{f"{column}__gt": now}).order_by(column).first())
    last = max((moment for moment in passed if moment), default=None)
    following = min((moment for moment in upcoming if moment), default=None)
    return Schedule(epoch=last.isoformat() if last else "-", next_change=following)


# The last schedule this process computed: (schedule version, computed at, Schedule).
_memo = [None]


def forget():
    """Drop the remembered schedule (tests that start a new database use it)."""
    _memo[0] = None


def schedule(now=None, schedule_version=None):
    """The schedule at ``now``, computed once per content change and boundary
    and then reused until the next boundary. A schedule depends only on the
    content (named by its version) and the time, so a process may keep it."""
    now = now or timezone.now()
    if schedule_version is None:
        schedule_version = versions()[Scope.SCHEDULE]
    memo = _memo[0]
    if memo is not None:
        version, computed_at, result = memo
        if (
            version == schedule_version
            and computed_at <= now
            and (result.next_change is None or now < result.next_change)
        ):
            return result
    result = _compute_schedule(now)
    _memo[0] = (schedule_version, now, result)
    return result
