"""No lost edits: optimistic concurrency for every editorial record.

Each record carries a ``version``. A save writes the row only if it still has
the version the saver read — checked in the same UPDATE that writes it — and
moves the version on. Two editors who opened the same record cannot both
save: the second is refused (``StaleEdit``) and nothing is overwritten, and
the admin tells them who changed what since they opened it (from the audit
trail, which notes the version each change produced).
"""

from django.db import models

from reviews.validators import clean_text_of


class StaleEdit(Exception):
    """A save based on a copy of the record older than the one stored."""

    def __init__(self, instance, read_version):
        self.instance, self.read_version = instance, read_version
        super().__init__(f"{instance._meta.verbose_name} {instance.pk} changed since version {read_version}")


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Moves on with every save; a save from an older copy is refused."
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Every editorial record is checked here by the admin and by imports
        # alike: text pasted from Word can carry what no feed may hold.
        clean_text_of(self)
        super().clean_fields(exclude)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read = self.version
        field = self._meta.get_field("version")
        values = [value for value in values if value[0] is not field] + [(field, None, read + 1)]
        if super()._do_update(base_qs.filter(version=read), using, pk_val, values, update_fields, forced_update):
            self.version = read + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleEdit(self, read)
        return False  # deleted meanwhile: Django decides (an INSERT, or an error with update_fields)
