"""Imports from the admin: choose an export file, read what importing it would
change (nothing is written), then import it. The same importer, checks and
report as ``manage.py import_content``; the file is held between the two steps
(as a kept upload is) under a signed token, for a day."""

import json
import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from reviews.admin.kept_uploads import DIRECTORY, KEPT_SECONDS
from reviews.transfer.content_io import ContentError
from reviews.transfer.importing import import_content

SALT = "reviews.admin.import"
LARGEST = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="A JSON file made by export_content (or the admin's export).")
    held = forms.CharField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False, help_text="Apply the file even over later edits and withdrawals (they are listed)."
    )


def _read(form):
    """(the parsed file, its held token) or a form error."""
    upload, token = form.cleaned_data.get("file"), form.cleaned_data.get("held")
    if upload is not None:
        if upload.size > LARGEST:
            raise forms.ValidationError("The file is larger than 200 MB: import it with manage.py import_content.")
        raw = upload.read()
        stored = default_storage.save(f"{DIRECTORY}/{uuid.uuid4().hex}.json", ContentFile(raw))
        token = signing.dumps(stored, salt=SALT)
    elif token:
        try:
            stored = signing.loads(token, salt=SALT, max_age=KEPT_SECONDS)
            with default_storage.open(stored, "rb") as held:
                raw = held.read()
        except (signing.BadSignature, OSError):
            raise forms.ValidationError("The file chosen earlier is no longer held: choose it again.") from None
    else:
        raise forms.ValidationError("Choose a file to import.")
    try:
        return json.loads(raw), token, stored
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise forms.ValidationError(f"The file is not an export: it is not valid JSON ({error}).") from None


def import_view(model_admin, request):
    """Step one (check): the report, nothing written. Step two (import): the same, kept."""
    if not (request.user.is_superuser or request.user.has_perm("reviews.edit_every_body")):
        raise PermissionDenied  # an import may touch every body's content
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {**model_admin.admin_site.each_context(request), "title": "Import content", "form": form,
               "opts": model_admin.model._meta}  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            data, token, stored = _read(form)
        except forms.ValidationError as error:
            form.add_error("file", error)
            return TemplateResponse(request, "admin/reviews/import.html", context)
        doing = "import" in request.POST
        report = []
        try:
            changed = import_content(data, overwrite=form.cleaned_data["overwrite"], report=report, check=not doing)
        except ContentError as error:
            form.add_error("file", f"Nothing can be imported: {error}")
            return TemplateResponse(request, "admin/reviews/import.html", context)
        if doing:
            default_storage.delete(stored)
            model_admin.message_user(request, f"Imported: {changed} record(s) changed.", messages.SUCCESS)
            for line in report:
                model_admin.message_user(request, line, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:reviews_review_changelist"))
        again = ImportForm(initial={"held": token, "overwrite": form.cleaned_data["overwrite"]})
        context.update(checked=True, changed=changed, report=report, form=again)
    return TemplateResponse(request, "admin/reviews/import.html", context)


def urls(model_admin):
    view = model_admin.admin_site.admin_view(lambda request: import_view(model_admin, request))
    return [path("import/", view, name="reviews_review_import")]
