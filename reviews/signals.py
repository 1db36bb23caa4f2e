"""Document storage kept in step with the rows that point at it: a file
leaves storage only once the row that pointed at it is gone for good (after
commit).

Content versions and the changes log need no signals: database triggers see
every write (``reviews.database.invalidation``).
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from reviews.files import uploads
from reviews.models import Document


@receiver(pre_save, sender=Document)
def note_replaced_file(sender, instance, **kwargs):
    instance._replaced_file = None
    if instance.pk:
        old_name = Document.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        if old_name and old_name != instance.file.name:
            instance._replaced_file = old_name


def _discard_unless_used(name):
    # One file per document is the rule (imports give a shared file a copy);
    # this keeps a file another row still points at, whatever wrote that row.
    if not Document.objects.filter(file=name).exists():
        uploads.discard(name)


@receiver(post_save, sender=Document)
def remove_replaced_file(sender, instance, **kwargs):
    if getattr(instance, "_replaced_file", None):
        transaction.on_commit(partial(_discard_unless_used, instance._replaced_file))


@receiver(post_delete, sender=Document)
def remove_deleted_file(sender, instance, **kwargs):
    if instance.file:
        transaction.on_commit(partial(_discard_unless_used, instance.file.name))
