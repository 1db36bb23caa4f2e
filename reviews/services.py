"""Editorial decisions: each one transaction that writes the row, its audit
entry (``reviews.audit``, from the save) and its change record
(``reviews.changelog.changes.reconcile``, before commit).

The admin, imports, the seed and scripts call these; a write that bypasses
them (``update()``, raw SQL) is still noted by the database triggers and
caught up by the worker, never by a reader.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reviews.changelog import changes
from reviews.models import Document
from reviews.publication import add_months, is_withdrawn
from reviews.validators import LATEST_YEAR


def recorded(function):
    """Run ``function`` in one transaction that ends by bringing the changes
    log, ``updated_at``, the window's end and the search index up to date."""

    def decision(*args, **kwargs):
        with transaction.atomic():
            result = function(*args, **kwargs)
            changes.reconcile()
        return result

    decision.__name__, decision.__doc__ = function.__name__, function.__doc__
    return decision


@recorded
def withdraw(item, reason, now=None, **facts):
    """Take a review or leaflet down at once; False if it already was. The
    withdrawal runs from the moment it is recorded, whatever date the order bears."""
    if is_withdrawn(item):
        return False
    item.withdrawn_at = now or timezone.now()
    item.withdrawal_reason = reason
    for name, value in facts.items():
        setattr(item, name, value)
    item.save(update_fields=["withdrawn_at", "withdrawal_reason", *facts])
    return True


@recorded
def reinstate(item, reason, now=None):
    """Put a withdrawn review or leaflet back; the reason joins the
    withdrawal's (the audit trail keeps who and when). False if it was not withdrawn."""
    if not is_withdrawn(item):
        return False
    moment = timezone.localtime(now or timezone.now())
    item.withdrawal_reason = f"{item.withdrawal_reason}\n\nReinstated {moment:%Y-%m-%d %H:%M}: {reason}".strip()
    item.withdrawn_at = None
    item.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    return True


@recorded
def extend(review, months):
    """Keep a review available ``months`` beyond its current window. Raises
    ValidationError past the supported years."""
    try:
        until = add_months(review.available_until, months)
    except (ValueError, OverflowError):
        until = None
    if until is None or until.year > LATEST_YEAR:
        raise ValidationError(f"{review.title}: the window cannot be extended past {LATEST_YEAR}.")
    review.available_until_override = until
    review.save(update_fields=["available_until_override"])


@recorded
def schedule(review, published_at):
    """Publish a review at ``published_at``: now, or later (it stays embargoed until then)."""
    review.published_at = published_at
    review.save(update_fields=["published_at"])


@recorded
def change_window(body, months):
    """Give a body a new availability window: every review of it without an
    override gets its new end in the same transaction."""
    body.availability_months = months
    body.save(update_fields=["availability_months"])


@recorded
def move_document(document, review=None, leaflet=None):
    """Attach a document to another review or leaflet: both parents change."""
    document.review, document.leaflet = review, leaflet
    document.save(update_fields=["review", "leaflet"])


@recorded
def rename(item, slug):
    """Give a review or leaflet a new address: partners are told the old one
    is gone and the new one published; the old address redirects."""
    item.slug = slug
    item.save(update_fields=["slug"])


@recorded
def save(item, **fields):
    """Any other edit of a row: its fields set and saved, then recorded."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


@recorded
def store_text(document_pk, sha256, text):
    """The words the worker read from a document's file (``reviews.files.extraction``),
    kept for search; nothing if the document has had another file since."""
    pending = Document.objects.filter(pk=document_pk, sha256=sha256, text_pending=True)
    return pending.update(extracted_text=text, text_pending=False)
