"""No lost edits in the admin: every change form, and every inline row in it,
carries the version of the record it was opened on.

A form opened before someone else saved the record is refused when it is
posted — the editor keeps what they typed, and is told who changed what since
— and the save itself is checked again in its UPDATE (``reviews.database.concurrency``),
so two saves racing each other cannot both land.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone

from reviews.database.concurrency import StaleEdit
from reviews.models import AuditEntry

VERSION_FIELD = "based_on_version"


def _label(model, name):
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return name


def what_changed(instance, read_version):
    """'Not saved: …' naming who changed ``instance`` since ``read_version``, when and which fields."""
    model = type(instance)
    entries = AuditEntry.objects.filter(
        model=model._meta.model_name, object_id=str(instance.pk), version__gt=read_version
    ).order_by("at", "pk")
    told = [
        f"{entry.username or 'an import or script'} at {timezone.localtime(entry.at):%H:%M:%S on %d %B %Y} "
        f"({', '.join(_label(model, name) for name in entry.changes) or entry.action})"
        for entry in entries[:5]
    ]
    by = "; ".join(told) or "by a write the audit trail does not name"
    return (
        f"Not saved: this {model._meta.verbose_name} was changed after you opened it — {by}. "
        "Nothing was overwritten. Open it again to see the changes, then make yours."
    )


def _one_line(item):
    return " ".join(str(item).split())


class LinesField(forms.Field):
    """A list of text edited as lines: one point per line, in the order shown
    (moving a line moves the point). Blank lines are ignored."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 80})

    def prepare_value(self, value):
        return "\n".join(_one_line(item) for item in value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return [_one_line(item) for item in (initial or [])] != self.to_python(data)


class VersionedForm(forms.ModelForm):
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            # A point written over several lines (by an import) stays whole unless its lines were edited.
            if isinstance(field, LinesField) and name not in self.changed_data and name in self.initial:
                cleaned[name] = self.initial[name]
        if self.instance.pk is None:
            return cleaned
        self._keep_unchanged_moments(cleaned)
        read = cleaned.get(VERSION_FIELD)
        if read is None:
            raise ValidationError("This form did not say which version it was opened on. Open it again.")
        # Posted values that all match the record as it is now overwrite nothing,
        # whatever version the form was opened on (an inline row left untouched).
        posted_changes = [name for name in self.changed_data if name not in (VERSION_FIELD, *self.unchanged_moments)]
        if read != self.instance.version and posted_changes:
            raise ValidationError(what_changed(self.instance, read), code="stale")
        return cleaned

    def _keep_unchanged_moments(self, cleaned):
        # The admin shows a moment to the second; one stored with microseconds
        # (by an import or a service) comes back without them. The same second
        # posted back is the value it was, not a change to announce.
        self.unchanged_moments = []
        for name, value in cleaned.items():
            before = getattr(self.instance, name, None) if hasattr(value, "microsecond") else None
            if hasattr(before, "microsecond") and value != before and before.replace(microsecond=0) == value:
                cleaned[name] = before
                self.unchanged_moments.append(name)


class VersionedAdminMixin:
    """For ModelAdmin and inline classes: the version rides in every form."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]


class StaleSaveRefused:
    """For ModelAdmin: a save that lost the race after its form was checked is
    rolled back whole (the admin's change view is one transaction) and told so."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            self.message_user(request, what_changed(stale.instance, stale.read_version), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
