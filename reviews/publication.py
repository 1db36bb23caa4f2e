"""The publication rules: the one place that decides what the public may see.

Every rule is spelled here once, as a queryset filter and, where a surface
holds rows in memory, as its twin for one row; every public surface (API,
feeds, downloads, changes, search) and the admin's status column call these.
A test fails if a module elsewhere compares ``published_at``,
``available_until`` or ``withdrawn_at`` itself.

- A review is *embargoed* until ``published_at``: before that second it does
  not exist publicly.
- From ``published_at`` (inclusive) until ``available_until`` (exclusive) it is
  *available*: listed, and its documents are served.
- From ``available_until`` on it is *archived*: its metadata may be listed, its
  documents are no longer served.
- A *withdrawn* review (``withdrawn_at`` set, whatever date it names) is gone
  from every public surface at once. A leaflet is public from its
  ``published_at`` until it is withdrawn, the same way.
- A document is public from its own ``published_at`` while its review or
  leaflet is public; its file is *downloadable* while the review is available
  (a leaflet's, while the leaflet is public).
- A review or leaflet that had been public and was taken down (withdrawn,
  deleted, or moved back under embargo: a ``withdrawn`` or ``deleted`` change
  in the changes log, which tells only of what had been public) is
  *tombstoned* in the feeds for ``FEED_TOMBSTONE_DAYS`` after it, so mirrors
  take it down. Nothing that was never public leaves a trace.

What was published is a review's *publication*: the report in full; the
improvements to be made only, with no report (a public reason class); or
nothing yet, *deferred* (for example for parallel proceedings, with a public
reason class and the expected date if known) — a learning brief may come
first. Its *lifecycle*, the one state partners can rely on, combines the two:
scheduled, deferred, improvements only, available (published in full),
archived (available on request) or withdrawn (``lifecycle_of``).

``available_until`` is stored on the review (kept in step with the body's
window when it is written: ``reviews.changelog.changes``) so these rules are plain column
comparisons that every database can index.
"""

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from reviews.themes import WithThemes


class Status(models.TextChoices):
    EMBARGOED = "embargoed", "Embargoed"
    AVAILABLE = "available", "Available"
    ARCHIVED = "archived", "Archived"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Publication(models.TextChoices):
    REPORT = "report", "Report published in full"
    IMPROVEMENTS_ONLY = "improvements_only", "Improvements only: no report published"
    DEFERRED = "deferred", "Publication deferred"


REPORT = Publication.REPORT
# What "the report" is among a review's documents (``Document.Kind``): held back,
# whatever its own date, while the review's report is deferred or will not be
# published; a learning brief or an action plan may come first.
REPORT_KINDS = ("full_report", "executive_summary")


class PublicationReason(models.TextChoices):
    """Why a report is not (yet) published, as a public class: never the details."""

    # Improvements only
    IDENTIFICATION = "identification", "Publishing the report could identify the child, adult or family"
    WELFARE = "welfare", "Publishing the report could harm a child or family member"
    FAMILY_WISHES = "family_wishes", "The family asked for the report not to be published"
    # Deferred
    PARALLEL_PROCEEDINGS = "parallel_proceedings", "Parallel proceedings (for example a criminal trial)"
    INQUEST = "inquest", "An inquest has yet to conclude"
    OTHER = "other", "Another reason"


REASONS_FOR = {
    Publication.REPORT: (),
    Publication.IMPROVEMENTS_ONLY: (PublicationReason.IDENTIFICATION, PublicationReason.WELFARE,
                                    PublicationReason.FAMILY_WISHES, PublicationReason.OTHER),
    Publication.DEFERRED: (PublicationReason.PARALLEL_PROCEEDINGS, PublicationReason.INQUEST,
                           PublicationReason.FAMILY_WISHES, PublicationReason.OTHER),
}  # fmt: skip


def publication_is_consistent():
    """The database's own check (a constraint on the review table): a reason of
    the publication's own class, none for a report, an expected date only
    while deferred — whoever writes the row."""
    q = models.Q()
    for publication, reasons in REASONS_FOR.items():
        reason = models.Q(publication_reason__in=reasons) if reasons else models.Q(publication_reason="")
        q |= models.Q(publication=publication) & reason
    return q & (models.Q(publication=Publication.DEFERRED) | models.Q(expected_publication__isnull=True))


class Lifecycle(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled (embargoed)"
    DEFERRED = "deferred", "Publication deferred"
    IMPROVEMENTS_ONLY = "improvements_only", "Improvements only: no report published"
    AVAILABLE = "available", "Published in full, available"
    ARCHIVED = "archived", "Archived: available on request"
    WITHDRAWN = "withdrawn", "Withdrawn"


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, on the body's wall clock.

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


# One row in memory ---------------------------------------------------------------


def status_of(review, now=None) -> Status:
    now = now or timezone.now()
    if review.withdrawn_at is not None:
        return Status.WITHDRAWN
    if review.published_at > now:
        return Status.EMBARGOED
    if review.available_until <= now:
        return Status.ARCHIVED
    return Status.AVAILABLE


def lifecycle_of(review, now=None) -> Lifecycle:
    """The one state partners rely on. It follows ``status_of`` (so whether a
    document is served never disagrees with it): a closed window archives a
    report, improvements or a deferral notice alike — editors extend the window
    of a review whose deferral runs long."""
    status = status_of(review, now)
    by_status = {Status.WITHDRAWN: Lifecycle.WITHDRAWN, Status.EMBARGOED: Lifecycle.SCHEDULED,
                 Status.ARCHIVED: Lifecycle.ARCHIVED}  # fmt: skip
    if status in by_status:
        return by_status[status]
    if review.publication == Publication.DEFERRED:
        return Lifecycle.DEFERRED
    if review.publication == Publication.IMPROVEMENTS_ONLY:
        return Lifecycle.IMPROVEMENTS_ONLY
    return Lifecycle.AVAILABLE


def is_withdrawn(item):
    return item.withdrawn_at is not None


def is_public(item, now=None):
    """A review or leaflet: published and not withdrawn. A document: its own
    time has come and its review or leaflet is public."""
    now = now or timezone.now()
    if getattr(item, "withdrawn_at", None) is not None or item.published_at > now:
        return False
    if hasattr(item, "leaflet_id"):  # a document: its parent decides too
        parent = item.review if item.review_id is not None else item.leaflet
        if item.review_id is not None and item.kind in REPORT_KINDS and parent.publication != REPORT:
            return False  # the report of a review whose report is deferred, or will not be published
        return parent is not None and is_public(parent, now)
    return True


def is_available(review, now=None):
    return status_of(review, now) == Status.AVAILABLE


def file_is_served(document, now=None):
    """For a public document: may its file be served? Not once its review is
    archived (a public leaflet's always are)."""
    return document.review_id is None or is_available(document.review, now)


def is_downloadable(document, now=None):
    return bool(document.file) and is_public(document, now) and file_is_served(document, now)


def added_after_parent(document):
    """A document published later than its review: a publication of its own in the feeds."""
    return document.review_id is not None and document.published_at > document.review.published_at


def had_been_published(item, moment):
    return item.published_at <= moment


def boundaries():
    """Every moment at which something becomes, or stops being, public — or a
    tombstone leaves the feeds: (model name, column, rows it counts for, how
    long after the column's moment). The schedule (``reviews.changelog.versions``) reads
    these."""
    after_tombstone = timedelta(days=settings.FEED_TOMBSTONE_DAYS)
    return [
        ("review", "published_at", {"withdrawn_at__isnull": True}, timedelta(0)),
        ("review", "available_until", {"withdrawn_at__isnull": True}, timedelta(0)),
        ("document", "published_at", {}, timedelta(0)),
        ("leaflet", "published_at", {"withdrawn_at__isnull": True}, timedelta(0)),
        ("change", "effective_at", TAKEN_DOWN, after_tombstone),
    ]


# The changes log's take-downs of what has a feed entry of its own: each is a
# tombstone in the feeds for FEED_TOMBSTONE_DAYS.
TAKEN_DOWN = {"event__in": ["withdrawn", "deleted"], "resource__in": ["review", "leaflet"]}


def tombstone_window(now):
    return now - timedelta(days=settings.FEED_TOMBSTONE_DAYS)


# Querysets ------------------------------------------------------------------------


def window_q(start=None, end=None, end_inclusive=True, prefix=""):
    """Published within a window (``published_from`` / ``published_to``)."""
    q = models.Q()
    if start is not None:
        q &= models.Q(**{f"{prefix}published_at__gte": start})
    if end is not None:
        q &= models.Q(**{f"{prefix}published_at__{'lte' if end_inclusive else 'lt'}": end})
    return q


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

    def ever_public(self, now=None):
        """Reviews that have been public: published, and not withdrawn before then."""
        now = now or timezone.now()
        return self.filter(~models.Q(published_at__gt=now)).exclude(withdrawn_at__lte=models.F("published_at"))

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

    def with_lifecycle(self, lifecycle, now=None):
        """The public reviews in one public ``Lifecycle`` state (the twin of ``lifecycle_of``)."""
        lifecycle = Lifecycle(lifecycle)
        if lifecycle == Lifecycle.ARCHIVED:
            return self.archived(now)
        by_publication = {Lifecycle.DEFERRED: Publication.DEFERRED, Lifecycle.AVAILABLE: Publication.REPORT,
                          Lifecycle.IMPROVEMENTS_ONLY: Publication.IMPROVEMENTS_ONLY}  # fmt: skip
        if lifecycle not in by_publication:
            return self.none()  # scheduled and withdrawn reviews are not public
        return self.available(now).filter(publication=by_publication[lifecycle])

    def published_in_year(self, year):
        return self.filter(published_at__year=year)

    def within(self, start=None, end=None, end_inclusive=True):
        return self.filter(window_q(start, end, end_inclusive))

    def changed_since(self, since, now=None):
        """Reviews whose public state changed at or after ``since``: edited, or
        reached by a scheduled boundary (an embargo lifting, a window closing)
        that nobody saved."""
        now = now or timezone.now()
        return self.filter(
            models.Q(updated_at__gte=since)
            | models.Q(published_at__gte=since, published_at__lte=now)
            | models.Q(available_until__gte=since, available_until__lte=now)
        )

    def public_on(self, day_start, day_end):
        """Reviews that were public at some moment in [day_start, day_end).

        Withdrawn reviews are excluded: after a withdrawal no surface may
        reveal that they ever existed.
        """
        return self.filter(withdrawn_at__isnull=True, published_at__lt=day_end, available_until__gt=day_start)

    def boundary_between(self, earlier, later):
        """Reviews a scheduled boundary in (earlier, later] applies to."""
        return self.filter(
            models.Q(published_at__gt=earlier, published_at__lte=later)
            | models.Q(available_until__gt=earlier, available_until__lte=later)
        )


class DocumentQuerySet(models.QuerySet):
    # Asked of the moments each document stores (``reviews.database.document_visibility``:
    # the database keeps them in step with the review or leaflet), so no list
    # of documents joins its parents to decide what is public.

    def public(self, now=None):
        """Documents whose own publication time has come and whose review or
        leaflet is public. ``published_at`` is bounded too, though implied
        (``public_from`` is never before it): lists newest first then start
        their index scan at now, not past every embargoed document."""
        now = now or timezone.now()
        return self.filter(public_from__lte=now, published_at__lte=now)

    def of_reviews(self, reviews, now=None):
        """The public documents of some reviews."""
        return self.public(now).filter(review__in=reviews)

    def with_review_status(self, status, now=None):
        """By the status of their review: ``available`` counts a leaflet's
        documents in; ``archived`` only reviews'; anything else all."""
        now = now or timezone.now()
        if status == "available":
            return self.filter(models.Q(served_until__isnull=True) | models.Q(served_until__gt=now))
        if status == "archived":
            return self.filter(served_until__lte=now)
        return self

    def downloadable(self, now=None):
        """Public documents whose file may be served: not on an archived review."""
        return self.public(now).with_review_status("available", now)

    def of_available_reviews(self, now=None):
        """The public documents of reviews still available, read from what each
        document stores (``public_from``, ``served_until``), not through its
        review."""
        now = now or timezone.now()
        return self.public(now).filter(served_until__gt=now)

    def added_after_parent(self):
        return self.filter(published_at__gt=models.F("review__published_at"))

    def within(self, start=None, end=None, end_inclusive=True):
        return self.filter(window_q(start, end, end_inclusive))

    def changed_since(self, since, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(updated_at__gte=since) | models.Q(published_at__gte=since, published_at__lte=now))

    def boundary_between(self, earlier, later):
        return self.filter(published_at__gt=earlier, published_at__lte=later)


class ThemeQuerySet(models.QuerySet):
    def public(self, now=None):
        """The public vocabulary partners may filter and subscribe by: the themes
        editors listed, and those of any review that has been public. A withdrawal
        takes nothing out of it, so a feed by a theme keeps answering and carries
        the tombstone. A theme only embargoed reviews carry is not in it, so
        neither the list nor a filter says such a review exists."""
        review = self.model._meta.get_field("reviews").related_model
        tagged = review.themes.through.objects.filter(
            theme_id=models.OuterRef("pk"), review__in=review.objects.ever_public(now)
        )
        return self.filter(models.Q(listed=True) | models.Exists(tagged))


class LeafletQuerySet(models.QuerySet):
    def public(self, now=None):
        now = now or timezone.now()
        return self.filter(withdrawn_at__isnull=True, published_at__lte=now)

    def within(self, start=None, end=None, end_inclusive=True):
        return self.filter(window_q(start, end, end_inclusive))

    def boundary_between(self, earlier, later):
        return self.filter(withdrawn_at__isnull=True, published_at__gt=earlier, published_at__lte=later)
