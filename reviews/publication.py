"""The publication rules: the one place that decides what the public may see.

Every public surface (API, feeds, downloads, changes) and the admin's status
column ask these querysets and helpers; none of them re-implements a rule.

- A review is *embargoed* until ``published_at``: before that second it does
  not exist publicly.
- From ``published_at`` (inclusive) until ``available_until`` (exclusive) it is
  *available*: listed, and its documents are served.
- From ``available_until`` on it is *archived*: its metadata may be listed, its
  documents are no longer served.
- A *withdrawn* review (``withdrawn_at`` set) is gone from every public surface
  at once, whatever its dates say.

``available_until`` is stored on the review (kept in step with the board's
window by ``Review.save`` and ``Board.save``) so these rules are plain column
comparisons that every database can index.
"""

import calendar
from datetime import datetime

from django.db import models
from django.utils import timezone

from reviews.themes import WithThemes


class Status(models.TextChoices):
    EMBARGOED = "embargoed", "Embargoed"
    AVAILABLE = "available", "Available"
    ARCHIVED = "archived", "Archived"
    WITHDRAWN = "withdrawn", "Withdrawn"


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, on the board's wall clock.

    The day is clamped to the end of a shorter month (31 August + 6 months is
    28 or 29 February), and the local time of day is kept across a change of
    daylight saving time.
    """
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def status_of(review, now=None) -> Status:
    now = now or timezone.now()
    if review.withdrawn_at is not None:
        return Status.WITHDRAWN
    if review.published_at > now:
        return Status.EMBARGOED
    if review.available_until <= now:
        return Status.ARCHIVED
    return Status.AVAILABLE


def is_public(item, now=None):
    """For a review, leaflet or document already in memory: has its own
    publication time come, and is it not withdrawn? (A document's parent is
    checked by the querysets that loaded it.)"""
    now = now or timezone.now()
    return getattr(item, "withdrawn_at", None) is None and item.published_at <= now


def file_is_served(document, now=None):
    """For a document already known to be public: may its file be served?
    Not once its review is archived (leaflet documents always are)."""
    return document.review is None or status_of(document.review, now) == Status.AVAILABLE


class ReviewQuerySet(models.QuerySet):
    def with_themes(self):
        """These reviews, each with its ``theme_list`` (see ``reviews.themes``)."""
        reviews = self._chain()
        reviews._iterable_class = WithThemes
        return reviews

    def public(self, now=None):
        """Reviews anyone may know exist: published, not withdrawn."""
        now = now or timezone.now()
        # "Not published after now" rather than "published at or before now":
        # the same rows (published_at is never null), but SQLite then takes a
        # request's own date window as the index range instead of this bound,
        # which spans the whole archive. (PostgreSQL plans both alike.)
        return self.filter(~models.Q(published_at__gt=now), withdrawn_at__isnull=True)

    def available(self, now=None):
        now = now or timezone.now()
        return self.public(now).filter(available_until__gt=now)

    def archived(self, now=None):
        now = now or timezone.now()
        return self.public(now).filter(available_until__lte=now)

    def embargoed(self, now=None):
        now = now or timezone.now()
        return self.filter(withdrawn_at__isnull=True, published_at__gt=now)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def with_status(self, status, now=None):
        """The reviews in one ``Status`` (the admin filter and API use this)."""
        by_status = {
            Status.EMBARGOED: lambda: self.embargoed(now),
            Status.AVAILABLE: lambda: self.available(now),
            Status.ARCHIVED: lambda: self.archived(now),
            Status.WITHDRAWN: self.withdrawn,
        }
        return by_status[Status(status)]()

    def changed_since(self, since, now=None):
        return self.filter(changed_since_q(since, now or timezone.now()))

    def public_on(self, day_start, day_end):
        """Reviews that were public at some moment in [day_start, day_end).

        Withdrawn reviews are excluded: after a withdrawal no surface may
        reveal that they ever existed.
        """
        return self.filter(withdrawn_at__isnull=True, published_at__lt=day_end, available_until__gt=day_start)


class DocumentQuerySet(models.QuerySet):
    def public(self, now=None):
        """Documents whose own publication time has come and whose review or
        leaflet is public."""
        now = now or timezone.now()
        on_public_review = models.Q(
            review__isnull=False, review__withdrawn_at__isnull=True, review__published_at__lte=now
        )
        on_public_leaflet = models.Q(leaflet__isnull=False, leaflet__published_at__lte=now)
        return self.filter(on_public_review | on_public_leaflet, published_at__lte=now)

    def of_reviews(self, reviews, now=None):
        """The public documents of some reviews: ``public`` narrowed to them,
        asked the cheap way (no leaflet branch to rule out row by row)."""
        now = now or timezone.now()
        return self.filter(review__in=reviews.public(now), published_at__lte=now)

    def downloadable(self, now=None):
        """Public documents whose file may be served: not on an archived review."""
        now = now or timezone.now()
        not_archived = models.Q(review__isnull=True) | models.Q(review__available_until__gt=now)
        return self.public(now).filter(not_archived)


class LeafletQuerySet(models.QuerySet):
    def public(self, now=None):
        now = now or timezone.now()
        return self.filter(published_at__lte=now)


def changed_since_q(since, now):
    """Reviews whose public state changed at or after ``since``: edited, or
    reached by a scheduled boundary (an embargo lifting, a window closing)
    that nobody saved."""
    return (
        models.Q(updated_at__gte=since)
        | models.Q(published_at__gte=since, published_at__lte=now)
        | models.Q(available_until__gte=since, available_until__lte=now)
    )
