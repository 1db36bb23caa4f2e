"""A PDF chosen in a form that then failed is kept for the next try. Browsers
never refill a file input, so without this an editor picks the file again after
every error elsewhere in the form. The chosen file is copied to ``held/`` in
storage and the form carries a signed token naming it back; sent again with no
new file, the form takes the held one (checked again like any upload). Held
copies are removed once a form that used one is saved, and by the worker after
a day."""

import uuid

from django import forms
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reviews.admin.editing import VersionedForm
from reviews.files.uploads import safe_filename

FIELD = "kept_file"
SALT = "reviews.admin.kept-upload"
DIRECTORY = "held"
KEPT_SECONDS = 24 * 60 * 60


def _load(token):
    """(stored name, the editor's file name) of a held file, or None."""
    try:
        stored, shown = signing.loads(token, salt=SALT, max_age=KEPT_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (stored, shown) if stored.startswith(f"{DIRECTORY}/") and default_storage.exists(stored) else None


class KeptUploadForm(VersionedForm):
    kept_file = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = None
        if not self.is_bound or "file" not in self.fields or self.files.get(self.add_prefix("file")):
            return
        found = _load(self.data.get(self.add_prefix(FIELD), ""))
        if found is not None:  # sent again with no new file: the one held from the last try
            stored, shown = found
            with default_storage.open(stored, "rb") as held:
                self.files = self.files.copy()
                self.files[self.add_prefix("file")] = ContentFile(held.read(), name=shown)
            self._carry(stored, shown)

    def _post_clean(self):
        super()._post_clean()  # the file's own checks run here, with the model's
        upload = self.files.get(self.add_prefix("file")) if self.is_bound and "file" in self.fields else None
        if upload is None or self.held is not None or "file" in self.errors:
            return
        # A new file that passed its checks: held for the next try, should the form fail elsewhere.
        upload.seek(0)
        stored = default_storage.save(f"{DIRECTORY}/{uuid.uuid4().hex}.pdf", upload)
        upload.seek(0)
        self._carry(stored, safe_filename(upload.name))

    def _carry(self, stored, shown):
        self.held = stored
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = signing.dumps([stored, shown], salt=SALT)
        self.fields["file"].help_text = f"Kept from your last try: {shown}. Choose another file to replace it."
        self._bound_fields_cache.pop("file", None)  # made before, with the model's help text

    def save(self, commit=True):
        saved = super().save(commit)
        if self.held is not None:
            default_storage.delete(self.held)  # stored as the document's own file by now
        return saved


def remove_expired(now):
    """Held files older than a day (a form never sent again): the worker's pass."""
    if not default_storage.exists(DIRECTORY):
        return 0
    _, names = default_storage.listdir(DIRECTORY)
    removed = 0
    for name in names:
        path = f"{DIRECTORY}/{name}"
        if (now - default_storage.get_modified_time(path)).total_seconds() > KEPT_SECONDS:
            default_storage.delete(path)
            removed += 1
    return removed
