"""The content as one JSON document: its format and its export.

The format (``"format": "case-review-publication/1"``) is described in
README.md: these lists name the fields of each kind of record, for the export
here and the import (``reviews.transfer.importing``) alike.
"""

from datetime import date, datetime

from django.db import models
from django.utils import timezone

from reviews.models import (
    Agency,
    AuditEntry,
    Body,
    Change,
    Contact,
    Document,
    Leaflet,
    Review,
    Theme,
)

FORMAT = "case-review-publication/1"

CONTACT_FIELDS = ["slug", "name", "organisation", "address", "telephone", "textphone", "fax", "email", "website"]
THEME_FIELDS = ["slug", "name", "description", "synonyms", "listed"]
AGENCY_FIELDS = ["slug", "name", "description"]
BODY_FIELDS = ["slug", "name", "short_name", "kind", "area", "nation", "independent_chair", "website", "about",
               "availability_months", "archive_contact", "request_url", "is_sample", "licence",
               "frame_origins"]  # fmt: skip
# A file made when an installation had one board names it "board", without a slug.
LEGACY_BOARD_FIELDS = [name for name in BODY_FIELDS if name not in ("slug", "kind", "area", "nation", "request_url",
                                                                     "is_sample")]  # fmt: skip
REVIEW_FIELDS = [
    "uid",
    "slug",
    "body",
    "title",
    "review_type",
    "publication",
    "publication_reason",
    "expected_publication",
    "incident",
    "summary",
    "published_at",
    "date_precision",
    "commissioned_on",
    "commissioned_precision",
    "review_method",
    "key_learning",
    "recommendations",
    "chair_statement",
    "chair_statement_date",
    "chair_statement_signatory",
    "contact",
    "available_until_override",
    "incident_month",
    "subject_age_band",
    "subject_sex",
    "notified_on",
    "rapid_review_on",
    "completed_on",
    "sent_to_panel_on",
    "external_reference",
    "withdrawn_at",
    "court_order_date",
    "withdrawal_reason",
    "editor_notes",
    "is_sample",
]
REVIEWER_FIELDS = ["name", "role", "is_lead"]
DOCUMENT_FIELDS = [
    "uid",
    "kind",
    "title",
    "audience",
    "file",
    "text",
    "original_filename",
    "content_type",
    "size_bytes",
    "stated_size",
    "page_count",
    "sha256",
    "language",
    "meets_accessibility_standards",
    "alternative_format_contact",
    "published_at",
    "document_date",
]
LEAFLET_FIELDS = [
    "uid",
    "slug",
    "body",
    "title",
    "subtitle",
    "audience",
    "reference_code",
    "published_at",
    "date_precision",
    "publisher",
    "interpreting_service",
    "interpreting_contact",
    "alternative_formats",
    "alternative_formats_note",
    "alternative_formats_contact",
    "withdrawn_at",
    "withdrawal_reason",
]
# What a stored file is: read from its bytes on import, checked against what the file states.
FILE_FACTS = ["content_type", "size_bytes", "sha256", "page_count"]
# Kept as the file states them, so a restore keeps what partners' updated_since relies on.
STATED_TIMES = ["created_at", "updated_at"]
AUDIT_FIELDS = ["at", "username", "action", "model", "object_id", "object_repr", "changes", "version"]
CHANGE_FIELDS = ["seq", "event", "resource", "resource_id", "previous_id", "effective_at", "recorded_at"]


class ContentError(Exception):
    """A record in an import file is wrong; the message names it and the field."""


def _dump_value(instance, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return related.slug if related else None
    value = getattr(instance, field.attname)
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(field, models.UUIDField):
        return str(value)
    return value


def _dump(instance, fields):
    meta = instance._meta
    return {name: _dump_value(instance, meta.get_field(name)) for name in fields}


def _times(instance):
    return {name: _dump_value(instance, instance._meta.get_field(name)) for name in STATED_TIMES}


def _dump_documents(documents):
    return [
        {
            **_dump(document, DOCUMENT_FIELDS),
            **_times(document),
            "uploaded_by": document.uploaded_by.get_username() if document.uploaded_by else None,
        }
        for document in documents
    ]


def _history():
    """The audit trail and the changes log, oldest first."""
    audit = AuditEntry.objects.order_by("at", "pk")
    return {
        "audit": [_dump(entry, AUDIT_FIELDS) for entry in audit.iterator()],
        "changes": [_dump(change, CHANGE_FIELDS) for change in Change.objects.order_by("seq").iterator()],
    }


def export_content(history=False):
    """All content as one JSON-ready dict; with ``history``, the audit trail and
    the changes log too."""
    documents = models.Prefetch("documents", Document.objects.select_related("uploaded_by"))
    reviews = (
        Review.objects.order_by("slug")
        .select_related("body", "contact")
        .prefetch_related("themes", "agencies", "reviewers", documents, "relations__related")
    )
    leaflets = (
        Leaflet.objects.order_by("slug")
        .select_related("body")
        .prefetch_related("contacts", "sections__items", documents)
    )
    bodies = Body.objects.order_by("pk").select_related("archive_contact").prefetch_related("contacts")
    return {
        "format": FORMAT,
        "bodies": [
            {**_dump(body, BODY_FIELDS), "contacts": sorted(contact.slug for contact in body.contacts.all())}
            for body in bodies
        ],
        "contacts": [_dump(contact, CONTACT_FIELDS) for contact in Contact.objects.order_by("slug")],
        "themes": [_dump(theme, THEME_FIELDS) for theme in Theme.objects.order_by("slug")],
        "agencies": [_dump(agency, AGENCY_FIELDS) for agency in Agency.objects.order_by("slug")],
        "reviews": [
            {
                **_dump(review, REVIEW_FIELDS),
                **_times(review),
                "themes": sorted(theme.slug for theme in review.themes.all()),
                "agencies": sorted(agency.slug for agency in review.agencies.all()),
                "related": [
                    {"review": relation.related.slug, "relation": relation.relation}
                    for relation in review.relations.all()
                ],
                "reviewers": [_dump(reviewer, REVIEWER_FIELDS) for reviewer in review.reviewers.all()],
                "documents": _dump_documents(review.documents.all()),
            }
            for review in reviews
        ],
        "leaflets": [
            {
                **_dump(leaflet, LEAFLET_FIELDS),
                **_times(leaflet),
                "contacts": sorted(contact.slug for contact in leaflet.contacts.all()),
                "sections": [
                    {"heading": section.heading, "items": [item.text for item in section.items.all()]}
                    for section in leaflet.sections.all()
                ],
                "documents": _dump_documents(leaflet.documents.all()),
            }
            for leaflet in leaflets
        ],
        **(_history() if history else {}),
    }
