"""Import and export of the board's content as one JSON document.

The format (``"format": "case-review-publication/1"``) is described in
README.md. Records are matched by their natural keys (slugs; ``uid`` for
documents), so importing the same file twice changes nothing, and an import
is all-or-nothing. Files themselves are not embedded: a document names the
stored file it points at, which must already be in document storage.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

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
from reviews.publication import is_withdrawn

FORMAT = "case-review-publication/1"

CONTACT_FIELDS = ["slug", "name", "organisation", "address", "telephone", "textphone", "fax", "email", "website"]
THEME_FIELDS = ["slug", "name"]
BOARD_FIELDS = ["name", "short_name", "independent_chair", "website", "about", "availability_months", "archive_contact"]
REVIEW_FIELDS = [
    "slug",
    "title",
    "review_type",
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
    "withdrawn_at",
    "withdrawal_reason",
    "editor_notes",
    "is_sample",
]
REVIEWER_FIELDS = ["name", "role"]
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
    "slug",
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
]


class ContentError(Exception):
    """A record in an import file is wrong; the message names it and the field."""


# Export ---------------------------------------------------------------------


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


def _dump_documents(documents):
    return [_dump(document, DOCUMENT_FIELDS) for document in documents]


def export_content():
    board = Board.objects.order_by("pk").first()
    reviews = Review.objects.order_by("slug").prefetch_related("themes", "reviewers", "documents")
    leaflets = Leaflet.objects.order_by("slug").prefetch_related("contacts", "sections__items", "documents")
    return {
        "format": FORMAT,
        "board": _dump(board, BOARD_FIELDS) if board else None,
        "contacts": [_dump(contact, CONTACT_FIELDS) for contact in Contact.objects.order_by("slug")],
        "themes": [_dump(theme, THEME_FIELDS) for theme in Theme.objects.order_by("slug")],
        "reviews": [
            {
                **_dump(review, REVIEW_FIELDS),
                "updated_at": _dump_value(review, review._meta.get_field("updated_at")),
                "themes": sorted(theme.slug for theme in review.themes.all()),
                "reviewers": [_dump(reviewer, REVIEWER_FIELDS) for reviewer in review.reviewers.all()],
                "documents": _dump_documents(review.documents.all()),
            }
            for review in reviews
        ],
        "leaflets": [
            {
                **_dump(leaflet, LEAFLET_FIELDS),
                "updated_at": _dump_value(leaflet, leaflet._meta.get_field("updated_at")),
                "contacts": sorted(contact.slug for contact in leaflet.contacts.all()),
                "sections": [
                    {"heading": section.heading, "items": [item.text for item in section.items.all()]}
                    for section in leaflet.sections.all()
                ],
                "documents": _dump_documents(leaflet.documents.all()),
            }
            for leaflet in leaflets
        ],
    }


# Import ---------------------------------------------------------------------


class _Importer:
    def __init__(self, only_missing=False, overwrite=False):
        self.changed = 0
        # Seeds: a record that exists belongs to the board's editors now, and is left alone whole.
        self.only_missing = only_missing
        # Without it, an import never undoes a later editorial decision or edit (see ``guarded``).
        self.overwrite = overwrite
        self.kept, self.overwritten = [], []

    def keep_stated_time(self, where, instance, record):
        """A restored record keeps the ``updated_at`` its file states (partners'
        ``updated_since`` relies on it), rather than the moment of the import."""
        stated = self.load_value(where, instance._meta.get_field("updated_at"), record.get("updated_at"))
        if stated is not None and stated != instance.updated_at:
            type(instance).objects.filter(pk=instance.pk).update(updated_at=stated)

    def guarded(self, where, instance, record, fields):
        """The fields of ``record`` to apply to an existing ``instance``, or None
        to leave it alone: a record older than the stored one's last edit, or one
        that would lift a withdrawal, is not applied unless overwriting (and then
        it is reported)."""
        if instance.pk is None or not isinstance(record, dict):
            return fields
        stated = record.get("updated_at")
        try:
            older = stated is not None and datetime.fromisoformat(stated) < instance.updated_at
        except (TypeError, ValueError):
            raise ContentError(
                f"{where}: field 'updated_at': {stated!r} is not a date-time with a UTC offset"
            ) from None
        lifts = is_withdrawn(instance) and "withdrawn_at" in record and record["withdrawn_at"] is None
        reason = "it was edited after this file was made" if older else "it was withdrawn" if lifts else None
        if reason is None:
            return fields
        if self.overwrite:
            self.overwritten.append(f"{where}: overwritten although {reason}")
            return fields
        self.kept.append(f"{where}: kept as it is: {reason}")
        return None

    def skipped(self, instance):
        return self.only_missing and instance.pk is not None

    def load_value(self, where, field, raw):
        if raw is None:
            return None
        try:
            if isinstance(field, models.ForeignKey):
                return Contact.objects.get(slug=raw)
            if isinstance(field, models.DateTimeField):
                moment = datetime.fromisoformat(raw)
                if timezone.is_naive(moment):
                    raise ValueError("needs a UTC offset, e.g. 2017-08-01T00:00:00+01:00")
                return moment
            if isinstance(field, models.DateField):
                return date.fromisoformat(raw)
            if isinstance(field, models.FileField):
                if raw and not default_storage.exists(raw):
                    raise ValueError(f"no stored file named {raw!r}")
                return raw
        except Contact.DoesNotExist:
            raise ContentError(f"{where}: field '{field.name}': no contact with slug {raw!r}") from None
        except (TypeError, ValueError) as error:
            raise ContentError(f"{where}: field '{field.name}': {error}") from None
        return raw

    def apply(self, where, instance, record, fields):
        """Copy ``fields`` from ``record`` onto ``instance``; save only if
        something differs, so re-importing leaves timestamps alone."""
        if not isinstance(record, dict):
            raise ContentError(f"{where}: expected an object, got {type(record).__name__}")
        meta = instance._meta
        dirty = instance._state.adding
        for name in fields:
            if name not in record:
                continue
            field = meta.get_field(name)
            value = self.load_value(where, field, record[name])
            if value is None and not field.null:
                value = field.get_default()
            current = getattr(instance, field.name if isinstance(field, models.ForeignKey) else field.attname)
            if isinstance(field, models.FileField):
                current = current.name or ""
            if isinstance(field, models.UUIDField) and value is not None:
                value = str(value)
                current = str(current)
            if current != value:
                setattr(instance, field.name, value)
                dirty = True
        if dirty:
            try:
                computed = [field.name for field in meta.fields if not field.editable]
                instance.full_clean(exclude=computed, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                details = "; ".join(
                    f"field '{name}': {' '.join(messages)}" for name, messages in error.message_dict.items()
                )
                raise ContentError(f"{where}: {details}") from None
            instance.save()
            self.changed += 1
        return instance

    def by_key(self, model, key_field, record, where):
        if not isinstance(record, dict) or not record.get(key_field):
            raise ContentError(f"{where}: field '{key_field}' is required")
        found = model.objects.filter(**{key_field: record[key_field]}).first()
        return found or model()

    def set_m2m(self, manager, model, slugs, where, field):
        if not isinstance(slugs, list):
            raise ContentError(f"{where}: field '{field}': expected a list of slugs")
        wanted = list(model.objects.filter(slug__in=slugs))
        missing = set(slugs) - {item.slug for item in wanted}
        if missing:
            raise ContentError(f"{where}: field '{field}': unknown slug(s) {sorted(missing)}")
        if {item.pk for item in manager.all()} != {item.pk for item in wanted}:
            manager.set(wanted)
            self.changed += 1

    def replace_children(self, where, existing, wanted, create):
        """Ordered child rows (reviewers, sections, items) are replaced as a
        whole when their content differs, and left alone otherwise."""
        if existing == wanted:
            return
        create()
        self.changed += 1

    def documents(self, where, parent_field, parent, records):
        if not isinstance(records, list):
            raise ContentError(f"{where}: field 'documents': expected a list")
        for position, record in enumerate(records):
            document_where = f"{where} documents[{position}]"
            document = self.by_key(Document, "uid", record, document_where)
            if document.pk and getattr(document, f"{parent_field}_id") != parent.pk:
                raise ContentError(f"{document_where}: uid {record['uid']} belongs to another record")
            setattr(document, parent_field, parent)
            self.apply(document_where, document, {**record, "position": position}, DOCUMENT_FIELDS + ["position"])

    def reviewers(self, where, review, records):
        if not isinstance(records, list):
            raise ContentError(f"{where}: field 'reviewers': expected a list")
        wanted = [(r.get("name", ""), r.get("role", "")) for r in records]
        existing = list(review.reviewers.values_list("name", "role"))

        def create():
            review.reviewers.all().delete()
            for position, (name, role) in enumerate(wanted):
                if not name:
                    raise ContentError(f"{where} reviewers[{position}]: field 'name' is required")
                Reviewer.objects.create(
                    review=review, position=position, name=name, role=role or "Independent reviewer"
                )

        self.replace_children(where, existing, wanted, create)

    def sections(self, where, leaflet, records):
        if not isinstance(records, list):
            raise ContentError(f"{where}: field 'sections': expected a list")
        wanted = []
        for index, record in enumerate(records):
            if not isinstance(record, dict) or not record.get("heading"):
                raise ContentError(f"{where} sections[{index}]: field 'heading' is required")
            items = record.get("items", [])
            if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
                raise ContentError(f"{where} sections[{index}]: field 'items': expected a list of text")
            wanted.append((record["heading"], items))
        existing = [
            (section.heading, [item.text for item in section.items.all()])
            for section in leaflet.sections.prefetch_related("items")
        ]

        def create():
            leaflet.sections.all().delete()
            for position, (heading, items) in enumerate(wanted):
                section = LeafletSection.objects.create(leaflet=leaflet, position=position, heading=heading)
                LeafletItem.objects.bulk_create(
                    LeafletItem(section=section, position=index, text=text) for index, text in enumerate(items)
                )

        self.replace_children(where, existing, wanted, create)

    def run(self, data):
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ContentError(f"file: field 'format' must be {FORMAT!r}")
        for index, record in enumerate(data.get("contacts", [])):
            where = f"contacts[{index}]"
            contact = self.by_key(Contact, "slug", record, where)
            if not self.skipped(contact):
                self.apply(where, contact, record, CONTACT_FIELDS)
        for index, record in enumerate(data.get("themes", [])):
            where = f"themes[{index}]"
            theme = self.by_key(Theme, "slug", record, where)
            if not self.skipped(theme):
                self.apply(where, theme, record, THEME_FIELDS)
        board = Board.objects.order_by("pk").first() or Board()
        if data.get("board") and not self.skipped(board):
            self.apply("board", board, data["board"], BOARD_FIELDS)
        for index, record in enumerate(data.get("reviews", [])):
            where = f"reviews[{index}]"
            review = self.by_key(Review, "slug", record, where)
            if self.skipped(review) or self.guarded(where, review, record, REVIEW_FIELDS) is None:
                continue
            review = self.apply(where, review, record, REVIEW_FIELDS)
            where = f"{where} ({review.slug})"
            self.set_m2m(review.themes, Theme, record.get("themes", []), where, "themes")
            self.reviewers(where, review, record.get("reviewers", []))
            self.documents(where, "review", review, record.get("documents", []))
            self.keep_stated_time(where, review, record)
        for index, record in enumerate(data.get("leaflets", [])):
            where = f"leaflets[{index}]"
            leaflet = self.by_key(Leaflet, "slug", record, where)
            if self.skipped(leaflet) or self.guarded(where, leaflet, record, LEAFLET_FIELDS) is None:
                continue
            leaflet = self.apply(where, leaflet, record, LEAFLET_FIELDS)
            where = f"{where} ({leaflet.slug})"
            self.set_m2m(leaflet.contacts, Contact, record.get("contacts", []), where, "contacts")
            self.sections(where, leaflet, record.get("sections", []))
            self.documents(where, "leaflet", leaflet, record.get("documents", []))
            self.keep_stated_time(where, leaflet, record)
        return self.changed


def import_content(data, only_missing=False, overwrite=False, report=None):
    """Import ``data`` (the parsed JSON) in one transaction; returns how many
    records changed. Raises ContentError naming the record and field.

    A review or leaflet edited after the file was made, or withdrawn where the
    file says it is not, is left as it is (listed in ``report``, if given) unless
    ``overwrite``, which applies the file and lists what it overwrote. With
    ``only_missing``, records that exist (by slug; the board if there is one)
    are left exactly as they are, children included."""
    importer = _Importer(only_missing, overwrite)
    with transaction.atomic():
        changed = importer.run(data)
    if report is not None:
        report.extend(importer.kept + importer.overwritten)
    return changed
