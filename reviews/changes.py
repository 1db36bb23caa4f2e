"""The changes log partners mirror from: what was published, updated,
archived, withdrawn or deleted, in the order we told it.

Two kinds of change reach it:

- editorial ones (an edit, a withdrawal, a deletion) are recorded by
  ``reviews.signals`` in the editor's own transaction;
- scheduled ones (an embargo lifting, a window closing, a document's own
  publication time) happen with nobody saving anything, so ``announce_due``
  records them — with the scheduled second as ``effective_at`` — before the
  log is read, and from the ``announce_changes`` command.

Sequence numbers come from one counter row that every writer updates inside
its transaction, so they are handed out in commit order on PostgreSQL (the
row lock) and on SQLite (one writer at a time): a reader that has seen
``seq`` n has seen every change below n. Nothing about an embargoed review is
ever recorded, so the sequence has no gaps that could hint at one.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews.models import Change, ContentVersion, Document, Leaflet, Review
from reviews.publication import is_public

Event, Resource = Change.Event, Change.Resource


def _next_seq():
    counter = ContentVersion.objects.filter(scope=ContentVersion.Scope.CHANGES)
    if not counter.update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(scope=ContentVersion.Scope.CHANGES, defaults={"version": 0})
        counter.update(version=F("version") + 1)
    return counter.values_list("version", flat=True).get()


def record(event, resource, resource_id, effective_at=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        return Change.objects.create(
            seq=_next_seq(),
            event=event,
            resource=resource,
            resource_id=str(resource_id),
            effective_at=effective_at or now,
            recorded_at=now,
        )


def _claim(queryset, **flags):
    """Set flags on one row only if nobody else did first: True if we did."""
    return queryset.filter(**{name: not value for name, value in flags.items()}).update(**flags) == 1


@transaction.atomic
def announce_due(now=None):
    """Record every scheduled change that has come due; returns how many."""
    now = now or timezone.now()
    count = 0
    for review in Review.objects.public(now).filter(announced_published=False).order_by("published_at", "pk"):
        if _claim(Review.objects.filter(pk=review.pk), announced_published=True):
            record(Event.PUBLISHED, Resource.REVIEW, review.slug, review.published_at, now)
            Document.objects.filter(review=review, published_at__lte=now).update(announced=True)
            count += 1
    for review in Review.objects.archived(now).filter(announced_archived=False).order_by("available_until", "pk"):
        if _claim(Review.objects.filter(pk=review.pk), announced_archived=True):
            record(Event.ARCHIVED, Resource.REVIEW, review.slug, review.available_until, now)
            count += 1
    for review in Review.objects.available(now).filter(announced_archived=True):
        # The window was extended after it had closed: available again.
        if _claim(Review.objects.filter(pk=review.pk), announced_archived=False):
            record(Event.UPDATED, Resource.REVIEW, review.slug, now=now)
            count += 1
    for leaflet in Leaflet.objects.public(now).filter(announced=False).order_by("published_at", "pk"):
        if _claim(Leaflet.objects.filter(pk=leaflet.pk), announced=True):
            record(Event.PUBLISHED, Resource.LEAFLET, leaflet.slug, leaflet.published_at, now)
            Document.objects.filter(leaflet=leaflet, published_at__lte=now).update(announced=True)
            count += 1
    for document in Document.objects.public(now).filter(announced=False).select_related("review", "leaflet"):
        if _claim(Document.objects.filter(pk=document.pk), announced=True):
            parent = document.review or document.leaflet
            effective_at = max(document.published_at, parent.published_at)
            record(Event.DOCUMENT_ADDED, Resource.DOCUMENT, document.pk, effective_at, now)
            count += 1
    return count


# Editorial changes, called from reviews.signals ------------------------------


def review_saved(review, previous_slug, now):
    """After a save: tell partners what an edit changed for them."""
    if not review.announced_published:
        return  # not yet public, or not yet announced: announce_due tells it when it is
    if not is_public(review, now):
        withdraw(review, now)
    elif previous_slug and previous_slug != review.slug:
        # A new address: the old one must come down, the new one go up.
        record(Event.DELETED, Resource.REVIEW, previous_slug, now=now)
        record(Event.PUBLISHED, Resource.REVIEW, review.slug, now=now)
    else:
        record(Event.UPDATED, Resource.REVIEW, review.slug, now=now)


def withdraw(review, now):
    """Tombstones for a review that left the public (and its documents), and
    forget it was announced so that it is announced again if it returns."""
    record(Event.WITHDRAWN, Resource.REVIEW, review.slug, now=now)
    for document_id in review.documents.filter(announced=True).values_list("pk", flat=True):
        record(Event.WITHDRAWN, Resource.DOCUMENT, document_id, now=now)
    review.documents.update(announced=False)
    Review.objects.filter(pk=review.pk).update(announced_published=False, announced_archived=False)


def review_deleted(review, now):
    """Its documents were deleted (and told) just before it."""
    if review.announced_published:
        record(Event.DELETED, Resource.REVIEW, review.slug, now=now)


def document_saved(document, file_replaced, now):
    if document.announced:
        record(Event.DOCUMENT_REPLACED if file_replaced else Event.UPDATED, Resource.DOCUMENT, document.pk, now=now)


def document_deleted(document, now):
    if document.announced:
        record(Event.DELETED, Resource.DOCUMENT, document.pk, now=now)


def leaflet_changed(leaflet_id, now, deleted_slug=None):
    if deleted_slug is not None:
        record(Event.DELETED, Resource.LEAFLET, deleted_slug, now=now)
        return
    leaflet = Leaflet.objects.filter(pk=leaflet_id, announced=True).first()
    if leaflet is not None:
        record(Event.UPDATED, Resource.LEAFLET, leaflet.slug, now=now)


def reviews_touched(reviews, now):
    """A shared part (a theme, a contact) of these reviews changed."""
    for slug in reviews.filter(announced_published=True).values_list("slug", flat=True):
        record(Event.UPDATED, Resource.REVIEW, slug, now=now)


# Reading ----------------------------------------------------------------------


def oldest_kept(now=None):
    now = now or timezone.now()
    return now - timedelta(days=settings.CHANGES_RETENTION_DAYS)


def prune(now=None):
    """Forget changes older than the retention period."""
    return Change.objects.filter(recorded_at__lt=oldest_kept(now)).delete()[0]
