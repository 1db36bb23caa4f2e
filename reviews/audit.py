"""The audit trail: field-level records of every editorial change.

``AuditUserMiddleware`` notes who is signed in for the length of a request;
changes made outside a request (imports, the seed command) are recorded with
no user ("system").
"""

import contextvars
import functools
from datetime import UTC, date, datetime

from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from reviews.database import bulk
from reviews.models import (
    Agency,
    AuditEntry,
    Body,
    Contact,
    Document,
    Leaflet,
    LeafletItem,
    LeafletSection,
    RelatedReview,
    Review,
    Reviewer,
    Theme,
)

AUDITED = (
    Review,
    Document,
    Reviewer,
    RelatedReview,
    Leaflet,
    LeafletSection,
    LeafletItem,
    Contact,
    Theme,
    Agency,
    Body,
)
# Bookkeeping columns whose changes say nothing an auditor needs.
IGNORED = {"updated_at", "created_at", "version", "public_from", "served_until"}  # not edits

_user = contextvars.ContextVar("audit_request", default=None)


class AuditUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The request, not its user: the user is looked up only when a change is
        # recorded, so a public read never touches the session (and never gets
        # Vary: Cookie, which shared caches refuse).
        token = _user.set(request)
        try:
            return self.get_response(request)
        finally:
            _user.reset(token)


def _current_user():
    request = _user.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


PLAIN = frozenset({str, int, bool, float, list, dict, type(None)})


def _plain(value):
    if type(value) in PLAIN:  # most values: checked first, as an import audits tens of thousands of rows
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(UTC).isoformat()  # one spelling for one instant
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


@functools.cache
def _audited_columns(model):
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname not in IGNORED)


def _snapshot(instance):
    return {name: _plain(getattr(instance, name)) for name in _audited_columns(type(instance))}


def _entry(action, instance, changes, user, at=None):
    return AuditEntry(
        at=at or timezone.now(),
        user=user,
        username=user.get_username() if user else "",
        action=action,
        model=instance._meta.model_name,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
        version=getattr(instance, "version", None),
    )


def _record(action, instance, changes):
    _entry(action, instance, changes, _current_user()).save()


def record_created(instances):
    """Audit rows written by ``bulk_create`` (which sends no signals) as their saves would have been."""
    user, at = _current_user(), timezone.now()  # written together, at one time
    created = AuditEntry.Action.CREATED
    bulk.insert(AuditEntry, [_entry(created, instance, _created(instance), user, at) for instance in instances])


def record_links(changed, field):
    """Many-to-many fields changed outside their manager (an import writes the
    links in bulk): ``changed`` holds (instance, pks added, pks removed)."""
    user, at = _current_user(), timezone.now()
    entries = [
        _entry(AuditEntry.Action.CHANGED, instance, changes, user, at)
        for instance, added, removed in changed
        if (
            changes := {f"{field} {verb}": sorted(pks) for verb, pks in (("added", added), ("removed", removed)) if pks}
        )
    ]
    bulk.insert(AuditEntry, entries)


def _created(instance):
    return {name: [None, value] for name, value in _snapshot(instance).items()}


@receiver(pre_save)
def remember_before(sender, instance, **kwargs):
    if sender in AUDITED and instance.pk:
        before = sender.objects.filter(pk=instance.pk).first()
        instance._audit_before = _snapshot(before) if before else None


@receiver(post_save)
def record_save(sender, instance, created, **kwargs):
    if sender not in AUDITED:
        return
    after = _snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    if before is None:
        _record(AuditEntry.Action.CREATED, instance, _created(instance))
        return
    changed = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if changed:
        _record(AuditEntry.Action.CHANGED, instance, changed)


def record_delete(sender, instance, **kwargs):
    _record(AuditEntry.Action.DELETED, instance, {})


# Connected for the audited models only: a receiver for every sender would make
# Django load each row before deleting anything (reconcile's pending notes, say).
for _model in AUDITED:
    post_delete.connect(record_delete, sender=_model, dispatch_uid=f"audit-delete-{_model._meta.label}")


@receiver(m2m_changed, sender=Review.themes.through)
def record_themes(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove") and isinstance(instance, Review) and pk_set:
        verb = "added" if action == "post_add" else "removed"
        _record(AuditEntry.Action.CHANGED, instance, {f"themes {verb}": sorted(pk_set)})
