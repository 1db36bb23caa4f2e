"""Import of the content from one JSON document (``reviews.transfer.content_io``'s format).

Records are matched by their natural keys (slugs; ``uid`` for documents), so
importing the same file twice changes nothing, and an import is
all-or-nothing. Files themselves are not embedded: a document names the
stored file it points at, which must already be in document storage; what the
file is (PDF, size, SHA-256, pages) is read from its bytes, never taken from
the import file's word (``reviews.transfer.documents``).
"""

import functools
import uuid
from collections import defaultdict
from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from reviews import audit
from reviews.changelog import changes
from reviews.database import bulk
from reviews.files import uploads
from reviews.models import (
    Agency,
    AuditEntry,
    Body,
    Change,
    Contact,
    ContentVersion,
    Document,
    FormerSlug,
    Leaflet,
    LeafletItem,
    LeafletSection,
    RelatedReview,
    Review,
    Reviewer,
    Theme,
    take_default_body,
)
from reviews.publication import is_withdrawn
from reviews.transfer.content_io import (
    AGENCY_FIELDS,
    AUDIT_FIELDS,
    BODY_FIELDS,
    CHANGE_FIELDS,
    CONTACT_FIELDS,
    FORMAT,
    LEAFLET_FIELDS,
    LEGACY_BOARD_FIELDS,
    REVIEW_FIELDS,
    STATED_TIMES,
    THEME_FIELDS,
    ContentError,
)
from reviews.transfer.documents import DocumentFiles

# Reviews imported at a time: each kind of row they hold is read in one query and written in one.
CHUNK = 500
# The JSON type each kind of field takes, for refusals that name it.
JSON_TYPES = [
    (models.BooleanField, bool, "true or false"),
    (models.IntegerField, int, "a whole number"),
    (models.JSONField, (list, dict), "a list"),
    (models.Field, str, "text"),
]


@functools.cache
def _json_type(field_class):
    """(the JSON type, its description) a field of ``field_class`` takes in the file."""
    if issubclass(field_class, models.ForeignKey | models.DateField | models.UUIDField | models.FileField):
        return str, "text"
    return next((kind, text) for base, kind, text in JSON_TYPES if issubclass(field_class, base))


class _Importer(DocumentFiles):
    def __init__(self, only_missing=False, overwrite=False):
        self.changed = 0
        # Seeds: a record that exists belongs to the body's editors now, and is left alone whole.
        self.only_missing = only_missing
        # Without it, an import never undoes a later editorial decision or edit (see ``guarded``).
        self.overwrite = overwrite
        self.kept, self.overwritten, self.copied, self.withdrawn_now = [], [], [], []
        self.files = {}  # stored file name -> the uid of the first document in this import to use it
        self.uids = {}  # (model, uid) -> the first record in this import to give it
        self.slugs = {}  # (model, slug) -> the first record in this import to give it
        self.named = {}  # (model, slug) -> the record a foreign key names, looked up once
        self.slug_maps = {}  # model -> {slug: pk}, for the many-to-many fields
        self.users = {}  # username -> the account, or None
        self.users_of_file = defaultdict(set)  # stored file name -> the documents using it (read a chunk at a time)

    def stated_times(self, where, instance, record):
        """The ``created_at`` and ``updated_at`` its file states where they differ
        from the stored record's: a restored record keeps them (partners'
        ``updated_since`` relies on them), rather than the moment of the import."""
        stated = {}
        for name in STATED_TIMES:
            moment = self.load_value(where, instance._meta.get_field(name), record.get(name))
            if moment is not None and moment != getattr(instance, name):
                stated[name] = moment
        return stated

    def keep_stated_times(self, model, written):
        restored = []
        for where, instance, record, _ in written:
            stated = self.stated_times(where, instance, record)
            for name, moment in stated.items():
                setattr(instance, name, moment)
            if stated:
                restored.append(instance)
        # ``bulk_update`` sends no pre_save, so ``auto_now`` leaves the stated moments alone.
        model.objects.bulk_update(restored, STATED_TIMES, batch_size=500)

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
        expected, described = _json_type(type(field))
        if not isinstance(raw, expected) or (expected is int and isinstance(raw, bool)):
            raise ContentError(f"{where}: field '{field.name}': expected {described}, got {type(raw).__name__}")
        model = field.related_model if isinstance(field, models.ForeignKey) else None
        try:
            if model is not None:
                if (model, raw) not in self.named:
                    self.named[model, raw] = model.objects.get(slug=raw)
                return self.named[model, raw]
            if isinstance(field, models.DateTimeField):
                moment = datetime.fromisoformat(raw)
                if timezone.is_naive(moment):
                    raise ValueError("needs a UTC offset, e.g. 2017-08-01T00:00:00+01:00")
                return moment
            if isinstance(field, models.DateField):
                return date.fromisoformat(raw)
        except ObjectDoesNotExist:
            raise ContentError(
                f"{where}: field '{field.name}': no {model._meta.verbose_name} with slug {raw!r}"
            ) from None
        except (TypeError, ValueError, OverflowError) as error:
            raise ContentError(f"{where}: field '{field.name}': {error}") from None
        return raw

    def assign(self, where, instance, record, fields):
        """Copy ``fields`` from ``record`` onto ``instance``, validated; True if
        anything differs (only then is it written, so re-importing leaves
        timestamps alone). A stored record's uid never changes: the file's is
        taken only for a new one."""
        if not isinstance(record, dict):
            raise ContentError(f"{where}: expected an object, got {type(record).__name__}")
        if instance.pk is not None and "uid" in fields and not isinstance(instance, Document):
            fields = [name for name in fields if name != "uid"]
        meta = instance._meta
        dirty = instance._state.adding
        for name in fields:
            if name not in record:
                continue
            field = meta.get_field(name)
            value = self.load_value(where, field, record[name])
            if value is None and not field.null:
                value = field.get_default()
            current, wanted = getattr(instance, field.attname), value
            if isinstance(field, models.ForeignKey):
                wanted = value.pk if value is not None else None
            if isinstance(field, models.FileField):
                current = current.name or ""
            if isinstance(field, models.UUIDField) and value is not None:
                current, wanted = str(current), str(value)
            if current != wanted:
                setattr(instance, field.name, value)
                dirty = True
        if dirty:
            if isinstance(instance, Review | Leaflet):
                take_default_body(instance)  # a file from a one-board install names none
            self.validated(where, instance)
        return dirty

    def apply(self, where, instance, record, fields):
        if self.assign(where, instance, record, fields):
            instance.save()
            self.changed += 1
        return instance

    def save_all(self, model, written):
        """Write the records that differ: changed ones one by one, new ones in
        bulk (audited as their saves would be; the triggers see every row)."""
        new = []
        for _, instance, _, dirty in written:
            if not dirty:
                continue
            self.changed += 1
            if instance.pk is not None:
                instance.save()
            elif isinstance(instance, Review):
                instance.derive(instance.body.availability_months)
                new.append(instance)
            else:
                new.append(instance)
        bulk.create(model, new)
        audit.record_created(new)

    def key(self, record, key_field, where):
        if not isinstance(record, dict) or not record.get(key_field):
            raise ContentError(f"{where}: field '{key_field}' is required")
        key = record[key_field]
        if not isinstance(key, str):
            raise ContentError(f"{where}: field '{key_field}': expected text, got {type(key).__name__}")
        return key

    def uid(self, model, record, where):
        """The record's uid as a UUID (None if it gives none), given once in the file."""
        uid = record.get("uid")
        if not uid:
            return None
        first = self.uids.setdefault((model, str(uid)), where)
        if first != where:
            raise ContentError(f"{where}: field 'uid': the file gives {first} the same uid")
        try:
            return uuid.UUID(uid)
        except (ValueError, TypeError, AttributeError):
            raise ContentError(f"{where}: field 'uid': {uid!r} is not a UUID") from None

    def find(self, model, items):
        """The stored review or leaflet each (where, record) in ``items`` is, however
        it has been renamed since the file was made: by its uid, else its slug,
        else a slug it had before (FormerSlug); an unsaved one if none. Three
        queries for the lot."""
        keys = []
        for where, record in items:
            slug = self.key(record, "slug", where)
            first = self.slugs.setdefault((model, slug), where)
            if first != where:
                raise ContentError(f"{where}: field 'slug': the file gives {first} the same slug")
            keys.append((slug, self.uid(model, record, where)))
        by_uid = model.objects.in_bulk([uid for _, uid in keys if uid], field_name="uid")
        by_slug = model.objects.in_bulk([slug for slug, _ in keys], field_name="slug")
        missing = [slug for slug, uid in keys if uid not in by_uid and slug not in by_slug]
        former = dict(
            FormerSlug.objects.filter(resource=model._meta.model_name, slug__in=missing).values_list(
                "slug", "object_id"
            )
        )
        by_pk = model.objects.in_bulk(list(former.values()))
        return [by_uid.get(uid) or by_slug.get(slug) or by_pk.get(former.get(slug)) or model() for slug, uid in keys]

    def by_key(self, model, key_field, record, where):
        key = self.key(record, key_field, where)
        if model in (Review, Leaflet):
            return self.find(model, [(where, record)])[0]
        return model.objects.filter(**{key_field: key}).first() or model()

    def links(self, descriptor, model, written, field):
        """A many-to-many field (themes, agencies, contacts) set to the slugs each
        record names: what is missing added and what is not named removed, for
        many records in a few queries."""
        if model not in self.slug_maps:
            self.slug_maps[model] = dict(model.objects.values_list("slug", "pk"))
        by_slug = self.slug_maps[model]
        wanted = {}
        for where, instance, record, _ in written:
            slugs = record.get(field, [])
            if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
                raise ContentError(f"{where}: field '{field}': expected a list of slugs")
            missing = set(slugs) - by_slug.keys()
            if missing:
                raise ContentError(f"{where}: field '{field}': unknown slug(s) {sorted(missing)}")
            wanted[instance.pk] = (instance, {by_slug[slug] for slug in slugs})
        through, m2m = descriptor.through, descriptor.field
        source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        existing = defaultdict(set)
        for pk, other in through.objects.filter(**{f"{source}__in": list(wanted)}).values_list(source, target):
            existing[pk].add(other)
        new, changed = [], []
        for pk, (instance, pks) in wanted.items():
            added, removed = pks - existing[pk], existing[pk] - pks
            if removed:
                through.objects.filter(**{source: pk, f"{target}__in": removed}).delete()
            new += [through(**{source: pk, target: other}) for other in added]
            if added or removed:
                changed.append((instance, added, removed))
        through.objects.bulk_create(new, batch_size=500)
        audit.record_links(changed, field)
        self.changed += len(changed)

    def replace_children(self, where, existing, wanted, create):
        """Ordered child rows (sections, items, related reviews) are replaced as a
        whole when their content differs, and left alone otherwise."""
        if existing == wanted:
            return
        create()
        self.changed += 1

    def reviewers(self, written):
        """Each review's reviewers, replaced as a whole where they differ, for many reviews at once."""
        wanted = {}
        for where, review, record, _ in written:
            records = record.get("reviewers", [])
            if not isinstance(records, list):
                raise ContentError(f"{where}: field 'reviewers': expected a list")
            if not all(isinstance(r, dict) and isinstance(r.get("name", ""), str) and isinstance(r.get("role", ""), str)
                       and isinstance(r.get("is_lead", False), bool) for r in records):  # fmt: skip
                raise ContentError(
                    f"{where}: field 'reviewers': expected a list of objects with a text name and role (and is_lead: "
                    "true or false)"
                )
            for position, r in enumerate(records):
                if not r.get("name"):
                    raise ContentError(f"{where} reviewers[{position}]: field 'name' is required")
            wanted[review.pk] = [(r["name"], r.get("role", "") or "Independent reviewer", r.get("is_lead", False))
                                 for r in records]  # fmt: skip
        existing = defaultdict(list)
        stored = Reviewer.objects.filter(review_id__in=list(wanted)).order_by("review_id", "position", "pk")
        for pk, *reviewer in stored.values_list("review_id", "name", "role", "is_lead"):
            existing[pk].append(tuple(reviewer))
        replaced = [pk for pk, reviewers in wanted.items() if existing[pk] != reviewers]
        Reviewer.objects.filter(review_id__in=[pk for pk in replaced if existing[pk]]).delete()
        new = [
            Reviewer(review_id=pk, position=position, name=name, role=role, is_lead=is_lead)
            for pk in replaced
            for position, (name, role, is_lead) in enumerate(wanted[pk])
        ]
        Reviewer.objects.bulk_create(new, batch_size=500)
        audit.record_created(new)
        self.changed += len(replaced)

    def legacy_board(self, record):
        """A file from a one-board installation: its board is this installation's first body."""
        if not record:
            return
        body = Body.objects.order_by("pk").first() or Body()
        if self.skipped(body):
            return
        if body.pk is None and isinstance(record, dict):
            body.slug = slugify(record.get("name") or "")[:80] or "board"
        self.apply("board", body, record, LEGACY_BOARD_FIELDS)

    def related(self, relations):
        """The reviews each names as related, by slug, with how they are related
        (once every review in the file exists)."""
        choices = RelatedReview.Relation.values
        named = set()
        for where, _, records in relations:
            if not isinstance(records, list) or not all(
                isinstance(r, dict) and isinstance(r.get("review"), str) and r.get("relation") in choices
                for r in records
            ):
                raise ContentError(
                    f"{where}: field 'related': expected a list of objects with a review's slug and a relation "
                    f"({', '.join(choices)})"
                )
            named.update(r["review"] for r in records)
        pks = {slug: review.pk for slug, review in Review.objects.in_bulk(list(named), field_name="slug").items()}
        relating = set(RelatedReview.objects.values_list("review_id", flat=True))
        for where, review, records in relations:
            if not records and review.pk not in relating:
                continue
            wanted = []
            for record in records:
                other = pks.get(record["review"])
                if other is None or other == review.pk:
                    raise ContentError(f"{where}: field 'related': {record['review']!r} is not another review")
                wanted.append((other, record["relation"]))
            existing = list(review.relations.order_by("pk").values_list("related_id", "relation"))

            def create(review=review, wanted=wanted):
                review.relations.all().delete()
                RelatedReview.objects.bulk_create(
                    RelatedReview(review=review, related_id=pk, relation=relation) for pk, relation in wanted
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

    def listed(self, data, key):
        records = data.get(key, [])
        if not isinstance(records, list):
            raise ContentError(f"file: field '{key}': expected a list")
        return enumerate(records)

    def withdrawal_recorded_now(self, where, instance, record):
        """A record the file withdraws and this database shows is withdrawn now:
        a withdrawal runs from when it is recorded here (so partners get the
        tombstone), whatever moment the file states."""
        if instance.pk is None or is_withdrawn(instance) or not isinstance(record, dict):
            return record
        if record.get("withdrawn_at") is None:
            return record
        self.withdrawn_now.append(f"{where}: withdrawn now, as the file says")
        return {**record, "withdrawn_at": timezone.now().isoformat()}

    def reviews(self, data):
        """The reviews, ``CHUNK`` at a time: each kind of row they hold read in
        one query and written in one (bulk) statement, not one per record."""
        records = list(self.listed(data, "reviews"))
        relations = []
        for start in range(0, len(records), CHUNK):
            chunk = [(f"reviews[{index}]", record) for index, record in records[start : start + CHUNK]]
            written = []
            for (where, record), review in zip(chunk, self.find(Review, chunk), strict=True):
                if self.skipped(review) or self.guarded(where, review, record, REVIEW_FIELDS) is None:
                    continue
                dirty = self.assign(where, review, self.withdrawal_recorded_now(where, review, record), REVIEW_FIELDS)
                written.append((where, review, record, dirty))
            self.save_all(Review, written)
            written = [(f"{where} ({review.slug})", review, record, dirty) for where, review, record, dirty in written]
            self.links(Review.themes, Theme, written, "themes")
            self.links(Review.agencies, Agency, written, "agencies")
            self.reviewers(written)
            self.documents(
                "review", [(where, review, record.get("documents", [])) for where, review, record, _ in written]
            )
            self.keep_stated_times(Review, written)
            relations += [(where, review, record.get("related", [])) for where, review, record, _ in written]
            self.progress(min(start + CHUNK, len(records)), len(records))
        self.related(relations)

    def leaflets(self, data):
        for index, record in self.listed(data, "leaflets"):
            where = f"leaflets[{index}]"
            leaflet = self.by_key(Leaflet, "slug", record, where)
            if self.skipped(leaflet) or self.guarded(where, leaflet, record, LEAFLET_FIELDS) is None:
                continue
            leaflet = self.apply(where, leaflet, self.withdrawal_recorded_now(where, leaflet, record), LEAFLET_FIELDS)
            written = [(f"{where} ({leaflet.slug})", leaflet, record, False)]
            self.links(Leaflet.contacts, Contact, written, "contacts")
            self.sections(written[0][0], leaflet, record.get("sections", []))
            self.documents("leaflet", [(written[0][0], leaflet, record.get("documents", []))])
            self.keep_stated_times(Leaflet, written)

    def run(self, data):
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ContentError(f"file: field 'format' must be {FORMAT!r}")
        history_wanted = "audit" in data or "changes" in data
        empty = {model: not model.objects.exists() for model in (AuditEntry, Change)} if history_wanted else {}
        for key, model, fields in (("contacts", Contact, CONTACT_FIELDS), ("themes", Theme, THEME_FIELDS),
                                   ("agencies", Agency, AGENCY_FIELDS)):  # fmt: skip
            for index, record in self.listed(data, key):
                where = f"{key}[{index}]"
                instance = self.by_key(model, "slug", record, where)
                if not self.skipped(instance):
                    self.apply(where, instance, record, fields)
        self.legacy_board(data.get("board"))
        for index, record in self.listed(data, "bodies"):
            where = f"bodies[{index}]"
            body = self.by_key(Body, "slug", record, where)
            if not self.skipped(body):
                self.apply(where, body, record, BODY_FIELDS)
                self.links(Body.contacts, Contact, [(f"{where} ({body.slug})", body, record, False)], "contacts")
        self.reviews(data)
        self.leaflets(data)
        if history_wanted:
            self.history(data, empty)
        return self.changed

    def history(self, data, empty):
        """The audit trail and changes log of an export made with --history,
        restored into a database that has none of its own (never merged)."""
        for key, model, fields in (("audit", AuditEntry, AUDIT_FIELDS), ("changes", Change, CHANGE_FIELDS)):
            if key not in data:
                continue
            if not empty[model]:
                self.kept.append(f"{key}: not restored: this database has its own")
                continue
            if model is AuditEntry:
                # The entries this import itself wrote give way to the restored history.
                AuditEntry.objects.all().delete()
            rows = []
            for index, record in self.listed(data, key):
                row = model()
                for name in fields:
                    if isinstance(record, dict) and name in record:
                        setattr(
                            row, name, self.load_value(f"{key}[{index}]", model._meta.get_field(name), record[name])
                        )
                self.validated(f"{key}[{index}]", row)
                rows.append(row)
            model.objects.bulk_create(rows, batch_size=500)
            if model is Change and rows:
                ContentVersion.objects.update_or_create(scope="changes", defaults={"version": max(r.seq for r in rows)})

    def validated(self, where, instance):
        try:
            # Foreign keys are not looked up again: the import found each by its slug.
            computed = [field.name for field in instance._meta.fields if not field.editable or field.many_to_one]
            instance.full_clean(exclude=computed, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            details = "; ".join(
                f"field '{name}': {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            raise ContentError(f"{where}: {details}") from None


class _Checked(Exception):
    """Ends a check: everything the import wrote is rolled back."""


@bulk.collecting_less()
def import_content(data, only_missing=False, overwrite=False, report=None, progress=None, check=False):
    """Import ``data`` (the parsed JSON) in one transaction; returns how many
    records changed. Raises ContentError naming the record and field.

    A review or leaflet edited after the file was made, or withdrawn where the
    file says it is not, is left as it is (listed in ``report``, if given) unless
    ``overwrite``, which applies the file and lists what it overwrote. With
    ``only_missing``, records that exist (by slug; a legacy file's board: the first body)
    are left exactly as they are, children included. ``progress(done, total)`` is
    told after each batch of reviews. With ``check``, nothing is kept: the same
    answer and report, then everything rolled back."""
    importer = _Importer(only_missing, overwrite)
    importer.progress = progress or (lambda done, total: None)
    try:
        # Copies made for shared files are removed again if the import fails (or was a check).
        with uploads.removed_if_failed(), transaction.atomic():
            importer.run(data)
            changes.reconcile()  # recorded and derived in the import's own transaction
            if check:
                raise _Checked
    except _Checked:
        pass
    if report is not None:
        report.extend(importer.kept + importer.overwritten + importer.withdrawn_now + importer.copied)
    return importer.changed
