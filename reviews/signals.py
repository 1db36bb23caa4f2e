"""Keep derived state in step with editorial changes:

- document storage: a file leaves storage only once the row that pointed at
  it is gone for good (after commit);
- content versions (``reviews.versions``): bumped when a change is visible to
  the public, never for a change to something still embargoed;
- a review's ``updated_at`` and search text when its documents, reviewers or
  themes change.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from reviews import changes, uploads
from reviews.models import (
    Board,
    Contact,
    Document,
    Leaflet,
    LeafletItem,
    LeafletSection,
    Review,
    Reviewer,
    Theme,
)
from reviews.publication import is_public
from reviews.versions import Scope, bump

# Files ----------------------------------------------------------------------


@receiver(pre_save, sender=Document)
def note_replaced_file(sender, instance, **kwargs):
    instance._replaced_file = None
    if instance.pk:
        old_name = Document.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        if old_name and old_name != instance.file.name:
            instance._replaced_file = old_name


@receiver(post_save, sender=Document)
def remove_replaced_file(sender, instance, **kwargs):
    if getattr(instance, "_replaced_file", None):
        transaction.on_commit(partial(uploads.discard, instance._replaced_file))


@receiver(post_delete, sender=Document)
def remove_deleted_file(sender, instance, **kwargs):
    if instance.file:
        transaction.on_commit(partial(uploads.discard, instance.file.name))


# Versions -------------------------------------------------------------------


def _review_is_public(review_id, now):
    return Review.objects.public(now).filter(pk=review_id).exists()


def _leaflet_is_public(leaflet_id, now):
    return Leaflet.objects.public(now).filter(pk=leaflet_id).exists()


@receiver(pre_save, sender=Review)
@receiver(pre_save, sender=Leaflet)
def note_previous_visibility(sender, instance, **kwargs):
    stored_is_public = _review_is_public if sender is Review else _leaflet_is_public
    instance._was_public = bool(instance.pk) and stored_is_public(instance.pk, timezone.now())
    instance._previous_slug = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


@receiver(pre_delete, sender=Review)
@receiver(pre_delete, sender=Document)
@receiver(pre_delete, sender=Leaflet)
def note_announcement(sender, instance, **kwargs):
    """What partners were told, read fresh: the copy being deleted may be older."""
    flag = "announced_published" if sender is Review else "announced"
    setattr(instance, flag, sender.objects.filter(pk=instance.pk).values_list(flag, flat=True).first() or False)


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def review_changed(sender, instance, **kwargs):
    now = timezone.now()
    now_public = is_public(instance, now)
    was_public = getattr(instance, "_was_public", now_public)
    bump(Scope.SCHEDULE, *([Scope.REVIEWS] if (was_public or now_public) else []))
    if kwargs.get("signal") is post_delete:
        changes.review_deleted(instance, now)
    else:
        instance.announced_published = Review.objects.filter(pk=instance.pk).values_list(
            "announced_published", flat=True
        )[0]
        changes.review_saved(instance, getattr(instance, "_previous_slug", None), now)


@receiver(post_save, sender=Leaflet)
@receiver(post_delete, sender=Leaflet)
def leaflet_changed(sender, instance, **kwargs):
    now = timezone.now()
    now_public = is_public(instance, now)
    was_public = getattr(instance, "_was_public", now_public)
    bump(Scope.SCHEDULE, *([Scope.LEAFLETS] if (was_public or now_public) else []))
    if kwargs.get("signal") is post_delete:
        if instance.announced:
            changes.leaflet_changed(instance.pk, now, deleted_slug=instance.slug)
    elif was_public and not now_public:
        if Leaflet.objects.filter(pk=instance.pk).update(announced=False):
            changes.leaflet_changed(instance.pk, now, deleted_slug=instance.slug)
    else:
        changes.leaflet_changed(instance.pk, now)


def _touch_parent_review(review_id):
    """A change inside a review (a document, a reviewer) is a change to it."""
    if review_id is None:
        return
    now = timezone.now()
    Review.objects.filter(pk=review_id).update(updated_at=now)
    bump(Scope.SCHEDULE, *([Scope.REVIEWS] if _review_is_public(review_id, now) else []))


@receiver(post_save, sender=Document)
@receiver(post_delete, sender=Document)
def document_changed(sender, instance, **kwargs):
    now = timezone.now()
    if kwargs.get("signal") is post_delete:
        changes.document_deleted(instance, now)
    else:
        instance.announced = Document.objects.filter(pk=instance.pk).values_list("announced", flat=True)[0]
        changes.document_saved(instance, bool(getattr(instance, "_replaced_file", None)), now)
    if instance.review_id:
        _touch_parent_review(instance.review_id)
    elif instance.leaflet_id:
        Leaflet.objects.filter(pk=instance.leaflet_id).update(updated_at=now)
        bump(Scope.SCHEDULE, *([Scope.LEAFLETS] if _leaflet_is_public(instance.leaflet_id, now) else []))


@receiver(post_save, sender=Reviewer)
@receiver(post_delete, sender=Reviewer)
def reviewer_changed(sender, instance, **kwargs):
    _touch_parent_review(instance.review_id)
    changes.reviews_touched(Review.objects.filter(pk=instance.review_id), timezone.now())


@receiver(m2m_changed, sender=Review.themes.through)
def review_themes_changed(sender, instance, action, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    reviews = [instance] if isinstance(instance, Review) else list(instance.reviews.all())
    for review in reviews:
        Review.objects.filter(pk=review.pk).update(search_text=review.build_search_text())
        _touch_parent_review(review.pk)
    changes.reviews_touched(Review.objects.filter(pk__in=[review.pk for review in reviews]), timezone.now())


@receiver(post_save, sender=LeafletSection)
@receiver(post_delete, sender=LeafletSection)
@receiver(post_save, sender=LeafletItem)
@receiver(post_delete, sender=LeafletItem)
def leaflet_part_changed(sender, instance, **kwargs):
    if isinstance(kwargs.get("origin"), Leaflet):
        return  # the leaflet itself is being deleted, and says so
    section = instance if sender is LeafletSection else instance.section
    now = timezone.now()
    Leaflet.objects.filter(pk=section.leaflet_id).update(updated_at=now)
    bump(Scope.SCHEDULE, *([Scope.LEAFLETS] if _leaflet_is_public(section.leaflet_id, now) else []))
    changes.leaflet_changed(section.leaflet_id, now)


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
def theme_changed(sender, instance, **kwargs):
    bump(Scope.REVIEWS)
    if kwargs.get("signal") is post_save:
        changes.reviews_touched(instance.reviews.all(), timezone.now())


@receiver(post_save, sender=Contact)
@receiver(post_delete, sender=Contact)
@receiver(post_save, sender=Board)
def shared_content_changed(sender, instance, **kwargs):
    bump(*(scope for scope in Scope.values if scope != Scope.CHANGES))
    if kwargs.get("signal") is not post_save:
        return
    now = timezone.now()
    if sender is Board:
        changes.reviews_touched(Review.objects.filter(contact__isnull=True), now)
        return
    changes.reviews_touched(Review.objects.filter(contact=instance), now)
    if Board.objects.filter(archive_contact=instance).exists():
        changes.reviews_touched(Review.objects.filter(contact__isnull=True), now)
    for leaflet_id in Leaflet.objects.filter(contacts=instance).values_list("pk", flat=True):
        changes.leaflet_changed(leaflet_id, now)
