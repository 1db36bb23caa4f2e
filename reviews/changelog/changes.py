"""The changes log partners mirror from: what was published, updated,
archived, withdrawn or deleted, in the order we told it.

It is kept by *reconciling*, not by each write path remembering to record:
database triggers note every review, document, leaflet, contact, theme,
agency or body row written, however it was written (``reviews.database.invalidation``), and
``reconcile`` compares the public state of what was noted — computed from
the publication rules — with what partners were last told
(``Announcement``), and records the difference. Scheduled changes (an
embargo lifting, a window closing, a document's own publication time) are
found the same way: the objects with a boundary between the last sweep and
now are reconciled, each change dated at its scheduled second.

The decision services (``reviews.services``), the admin and imports run it
in the writer's own transaction, so their changes are recorded, dated and
derived when they commit; the worker (``catch_up``) runs it for writes that
bypassed them (``update()``, raw SQL) and for boundaries nobody saved. A
public read never runs it. It runs in one transaction that first
takes the row every writer's trigger updates, so it sees every committed
write and no write commits while it works; sequence numbers are therefore
given in commit order, and a reader that has seen ``seq`` n has seen every
change below n. Nothing about an embargoed review is ever recorded, so the
sequence has no gaps that could hint at one.
"""

import hashlib
from collections import defaultdict
from datetime import timedelta

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from reviews import search
from reviews.changelog import versions
from reviews.database import bulk
from reviews.models import (
    Announcement,
    Body,
    Change,
    Contact,
    ContentVersion,
    Document,
    Leaflet,
    LeafletItem,
    LeafletSection,
    PendingChange,
    RelatedReview,
    Representation,
    Review,
    Reviewer,
)
from reviews.publication import Status, is_public, status_of

Event, Resource = Change.Event, Change.Resource
Scope = ContentVersion.Scope
TABLE = ContentVersion._meta.db_table

# What partners never see, so a change to it alone is no public change.
PRIVATE = {"id", "created_at", "updated_at", "editor_notes", "withdrawal_reason", "uploaded_by",
           "court_order_date", "version", "extracted_text", "text_pending", "public_from", "served_until"}  # fmt: skip
REVIEW_FIELDS = [f.attname for f in Review._meta.concrete_fields if f.attname not in PRIVATE]
DOCUMENT_FIELDS = [f.attname for f in Document._meta.concrete_fields if f.attname not in PRIVATE]
LEAFLET_FIELDS = [f.attname for f in Leaflet._meta.concrete_fields if f.attname not in PRIVATE]
CONTACT_FIELDS = [f.attname for f in Contact._meta.concrete_fields if f.attname not in PRIVATE]
# What a review shows of its body (``api.v1.serializers.BodySummarySerializer``) and of its window's end.
BODY_FIELDS = ["slug", "name", "short_name", "nation", "kind", "request_url", "is_sample", "archive_contact_id",
               "licence"]  # fmt: skip


# How far behind a write the log may be caught up and still be dated by the database's
# clock: beyond it (a long outage, clocks that disagree), it is dated when recorded.
CLOCKS_AGREE = timedelta(minutes=10)

# Rows asked for by id at a time: SQLite refuses a statement with more than
# 32766 parameters, and an import touches every row it brings.
BATCH = 2000


def batches(pks):
    ordered = sorted(pks)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _next_seqs(count):
    """The next ``count`` sequence numbers, taken under the counter's row lock."""
    counter = ContentVersion.objects.filter(scope=Scope.CHANGES)
    if not counter.update(version=F("version") + count):
        ContentVersion.objects.get_or_create(scope=Scope.CHANGES, defaults={"version": 0})
        counter.update(version=F("version") + count)
    last = counter.values_list("version", flat=True).get()
    return range(last - count + 1, last + 1)


def record_all(changes, now=None):
    """Record (event, resource, resource_id, effective_at[, body_id[, object_id[, previous_id]]]) in this order."""
    now = now or timezone.now()
    seqs = _next_seqs(len(changes)) if changes else []
    rows = [
        Change(seq=seq, event=event, resource=resource, resource_id=str(resource_id),
               effective_at=effective_at or now, recorded_at=now, body_id=body_id, object_id=object_id,
               previous_id=previous_id or "")
        for seq, (event, resource, resource_id, effective_at, body_id, object_id, previous_id, *_) in zip(
            seqs, ((*change, None, None, None) for change in changes), strict=True)
    ]  # fmt: skip
    return bulk.insert(Change, rows)


def record(event, resource, resource_id, effective_at=None, now=None):
    return record_all([(event, resource, resource_id, effective_at)], now)[0]


def _digest(value):
    return hashlib.sha256(orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()


# What partners see of each resource --------------------------------------------------


def _contact_rows(ids):
    for row in Contact.objects.filter(pk__in={pk for pk in ids if pk}).values("pk", *CONTACT_FIELDS):
        yield row.pop("pk"), row


def _public_documents(parent, pks, now):
    """Which documents each review or leaflet lists: a document that moves
    changes both its old and its new parent. (Their content is theirs.)"""
    listed = defaultdict(list)
    for parent_id, pk in (
        Document.objects.public(now).filter(**{f"{parent}_id__in": pks}).values_list(f"{parent}_id", "pk")
    ):
        listed[parent_id].append(pk)
    return listed


def review_fingerprints(pks, now):
    """For each review: a hash of everything its public representation shows,
    its documents by id (they are resources of their own)."""
    rows = {row["id"]: row for row in Review.objects.filter(pk__in=pks).values("id", *REVIEW_FIELDS)}
    documents = _public_documents("review", rows, now)
    themes, agencies, reviewers, related = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    through = Review.themes.through.objects.filter(review_id__in=rows)
    for review_id, slug, name in through.values_list("review_id", "theme__slug", "theme__name"):
        themes[review_id].append((slug, name))
    through = Review.agencies.through.objects.filter(review_id__in=rows)
    for review_id, slug, name in through.values_list("review_id", "agency__slug", "agency__name"):
        agencies[review_id].append((slug, name))
    for review_id, *fields in Reviewer.objects.filter(review_id__in=rows).values_list(
        "review_id", "position", "name", "role", "is_lead"
    ):
        reviewers[review_id].append(fields)
    # A related review is shown (slug, title, type) only while it is public.
    pairs = [
        (this, other, relation, shown)
        for this, other, relation, *shown in RelatedReview.objects.filter(review_id__in=rows).values_list(
            "review_id", "related_id", "relation", "related__slug", "related__title", "related__review_type"
        )
    ] + [
        (this, other, f"inverse:{relation}", shown)
        for other, this, relation, *shown in RelatedReview.objects.filter(related_id__in=rows).values_list(
            "review_id", "related_id", "relation", "review__slug", "review__title", "review__review_type"
        )
    ]
    public = set(Review.objects.public(now).filter(pk__in={pair[1] for pair in pairs}).values_list("pk", flat=True))
    for this, other, relation, shown in pairs:
        if other in public:
            related[this].append([other, relation, *shown])
    bodies = {row.pop("id"): row for row in Body.objects.filter(
        pk__in={row["body_id"] for row in rows.values()}).values("id", *BODY_FIELDS)}  # fmt: skip
    contacts = dict(_contact_rows([row["contact_id"] for row in rows.values()]
                                  + [body["archive_contact_id"] for body in bodies.values()]))  # fmt: skip
    return {
        pk: _digest(
            [
                row,
                sorted(themes[pk]),
                sorted(agencies[pk]),
                sorted(reviewers[pk]),
                sorted(related[pk]),
                bodies.get(row["body_id"]),
                contacts.get(row["contact_id"] or bodies.get(row["body_id"], {}).get("archive_contact_id")),
                sorted(documents[pk]),
            ]
        )
        for pk, row in rows.items()
    }


def document_fingerprints(pks):
    """For each document: (hash of what it shows, hash of its file)."""
    rows = Document.objects.filter(pk__in=pks).values("id", *DOCUMENT_FIELDS)
    contacts = dict(_contact_rows([row["alternative_format_contact_id"] for row in rows]))
    return {
        row["id"]: (
            _digest([row, contacts.get(row["alternative_format_contact_id"])]),
            _digest([row["file"], row["sha256"]]),
        )
        for row in rows
    }


def leaflet_fingerprints(pks, now):
    rows = {row["id"]: row for row in Leaflet.objects.filter(pk__in=pks).values("id", *LEAFLET_FIELDS)}
    documents = _public_documents("leaflet", rows, now)
    sections = defaultdict(list)
    for leaflet_id, position, heading, section_id in LeafletSection.objects.filter(leaflet_id__in=rows).values_list(
        "leaflet_id", "position", "heading", "pk"
    ):
        items = list(LeafletItem.objects.filter(section_id=section_id).values_list("position", "text"))
        sections[leaflet_id].append([position, heading, section_id, sorted(items)])
    linked = defaultdict(list)
    for leaflet_id, contact_id in Leaflet.contacts.through.objects.filter(leaflet_id__in=rows).values_list(
        "leaflet_id", "contact_id"
    ):
        linked[leaflet_id].append(contact_id)
    contact_ids = [pk for ids in linked.values() for pk in ids]
    for row in rows.values():
        contact_ids += [row["interpreting_contact_id"], row["alternative_formats_contact_id"]]
    contacts = dict(_contact_rows(contact_ids))
    return {
        pk: _digest(
            [
                row,
                sorted(sections[pk]),
                sorted(contacts.get(contact_id) and (contact_id, contacts[contact_id]) for contact_id in linked[pk]),
                contacts.get(row["interpreting_contact_id"]),
                contacts.get(row["alternative_formats_contact_id"]),
                sorted(documents[pk]),
            ]
        )
        for pk, row in rows.items()
    }


# Reconciling -----------------------------------------------------------------------


class _Pass:
    """One reconciliation: the objects to look at, in the order they were
    written, and the changes and announcements it decided."""

    def __init__(self, now):
        self.now = now
        self.touched = {"review": set(), "document": set(), "leaflet": set()}
        # (kind, pk) -> the first pending row that noted it: changes are told in
        # the order their writes were made; scheduled ones (no row) first.
        self.order = {}
        self.events = []
        self.newly_announced = set()  # (resource, pk) announced as part of their parent's publication
        self.parents_changed = {"review": set(), "leaflet": set()}
        self.edited = {"review": set(), "leaflet": set()}
        self.to_save, self.to_delete = [], []
        self.written_at = {}  # a pending row's position -> when its write was made

    def note(self, kind, pks, position):
        for pk in pks:
            self.touched[kind].add(pk)
            self.order[(kind, pk)] = min(self.order.get((kind, pk), position), position)

    def record(self, event, resource, resource_id, effective_at=None, pk=None, body=None, previous=None):
        position = self.order.get((resource, pk), 0)
        # Unless the rules date it (a scheduled second), a change took effect when it was written:
        # by the database's clock, while it agrees with ours to within a worker's lag.
        written = self.written_at.get(position)
        agrees = written is not None and timedelta(0) <= self.now - written <= CLOCKS_AGREE
        effective_at = effective_at or (written if agrees else self.now)
        self.events.append((position, effective_at, len(self.events), event, resource, resource_id, body, pk, previous))

    def flush(self):
        """Record the changes decided, in write order, and keep what partners now know."""
        ordered = sorted(self.events, key=lambda e: e[:3])
        record_all(
            [
                (event, resource, resource_id, effective_at, body, pk, previous)
                for _, effective_at, _, event, resource, resource_id, body, pk, previous in ordered
            ],
            self.now,
        )
        for batch in batches(a.pk for a in self.to_delete):
            Announcement.objects.filter(pk__in=batch).delete()
        new, known = [a for a in self.to_save if a.pk is None], [a for a in self.to_save if a.pk is not None]
        bulk.insert(Announcement, new)
        fields = ["public_id", "fingerprint", "file_fingerprint", "archived", "body_id"]
        Announcement.objects.bulk_update(known, fields, batch_size=500)
        return len(self.events)

    def expand(self, pending):
        """Pending rows, with contacts, themes, agencies and bodies turned into
        the reviews, leaflets and documents that show them."""
        for position, kind, object_id, written_at in pending:
            self.written_at[position] = written_at
            if kind in self.touched:
                self.note(kind, [object_id], position)
            elif kind == "theme":
                through = Review.themes.through.objects.filter(theme_id=object_id)
                self.note("review", through.values_list("review_id", flat=True), position)
            elif kind == "agency":
                through = Review.agencies.through.objects.filter(agency_id=object_id)
                self.note("review", through.values_list("review_id", flat=True), position)
            elif kind == "body":
                # Its name and window are in each of its reviews (and a leaflet belongs to it).
                self.note("review", Review.objects.filter(body_id=object_id).values_list("pk", flat=True), position)
                self.note("leaflet", Leaflet.objects.filter(body_id=object_id).values_list("pk", flat=True), position)
            elif kind == "contact":
                self.note("review", Review.objects.filter(contact_id=object_id).values_list("pk", flat=True), position)
                through = Leaflet.contacts.through.objects.filter(contact_id=object_id)
                self.note("leaflet", through.values_list("leaflet_id", flat=True), position)
                for column in ("interpreting_contact_id", "alternative_formats_contact_id"):
                    found = Leaflet.objects.filter(**{column: object_id}).values_list("pk", flat=True)
                    self.note("leaflet", found, position)
                found = Document.objects.filter(alternative_format_contact_id=object_id).values_list("pk", flat=True)
                self.note("document", found, position)
            if kind == "contact":
                # The archive contact of a body: whom its reviews that name none send people to.
                found = Review.objects.filter(contact__isnull=True, body__archive_contact_id=object_id)
                self.note("review", found.values_list("pk", flat=True), position)

    def related(self):
        """A review that became public, changed or went lists differently in each
        review related to it: those are looked at too."""
        for batch in batches(self.touched["review"]):
            pairs = [
                *RelatedReview.objects.filter(review_id__in=batch).values_list("review_id", "related_id"),
                *RelatedReview.objects.filter(related_id__in=batch).values_list("related_id", "review_id"),
            ]
            for this, other in pairs:
                if ("review", other) not in self.order:
                    self.note("review", [other], self.order[("review", this)])

    def crossed(self, earlier, later):
        """Objects a scheduled boundary in (earlier, later] applies to."""
        for kind, model in versions.MODELS.items():
            self.note(kind, model.objects.boundary_between(earlier, later).values_list("pk", flat=True), 0)

    def parents(self):
        """Every document of a touched review or leaflet is looked at too."""
        for kind in ("review", "leaflet"):
            for batch in batches(self.touched[kind]):
                for pk, parent in Document.objects.filter(**{f"{kind}_id__in": batch}).values_list("pk", f"{kind}_id"):
                    if ("document", pk) not in self.order:
                        self.note("document", [pk], self.order[(kind, parent)])


def _announcements(resource, pks):
    return {a.object_id: a for a in Announcement.objects.filter(resource=resource, object_id__in=pks)}


def _take_down(run, resource, announcement, row_exists):
    event = Event.WITHDRAWN if row_exists else Event.DELETED
    run.record(event, resource, announcement.public_id, pk=announcement.object_id, body=announcement.body_id)
    run.to_delete.append(announcement)


def _reconcile_parents(run, resource, model, fingerprints):
    """Reviews or leaflets: published, renamed, updated, archived, or taken down."""
    for batch in batches(run.touched[resource]):
        _reconcile_parent_batch(run, resource, model, fingerprints, batch)


def _reconcile_parent_batch(run, resource, model, fingerprints, pks):
    # What the rules and the log read of each, nothing more (a pass may look at every review).
    shown = ["slug", "published_at", "withdrawn_at", "body_id"] + (["available_until"] if model is Review else [])
    rows = {row.pk: row for row in model.objects.filter(pk__in=pks).only(*shown)}
    announced = _announcements(resource, pks)
    prints = fingerprints([pk for pk in rows if is_public(rows[pk], run.now)], run.now)
    for pk in sorted(pks, key=lambda pk: (rows[pk].published_at, pk) if pk in rows else (run.now, pk)):
        row, announcement = rows.get(pk), announced.get(pk)
        public = row is not None and is_public(row, run.now)
        if not public:
            if announcement is not None:
                _take_down(run, resource, announcement, row is not None)
            continue
        archived = resource == "review" and status_of(row, run.now) == Status.ARCHIVED
        body = row.body_id
        if announcement is None:
            run.record(Event.PUBLISHED, resource, row.slug, row.published_at, pk, body)
            announcement = Announcement(resource=resource, object_id=pk, public_id=row.slug)
            run.newly_announced.add((resource, pk))
        elif announcement.public_id != row.slug:
            # A new address: one change naming both (a mirror drops the old, fetches the new).
            run.record(Event.MOVED, resource, row.slug, pk=pk, body=body, previous=announcement.public_id)
            announcement.public_id = row.slug
        elif announcement.fingerprint and announcement.fingerprint != prints[pk]:
            run.record(Event.UPDATED, resource, row.slug, pk=pk, body=body)
            run.edited[resource].add(pk)
        if archived and not announcement.archived:
            run.record(Event.ARCHIVED, resource, row.slug, row.available_until, pk, body)
        elif announcement.archived and not archived and announcement.pk is not None:
            run.record(
                Event.UPDATED, resource, row.slug, pk=pk, body=body
            )  # the window was extended after it had closed
        announcement.archived, announcement.body_id = archived, body
        announcement.fingerprint = prints[pk]
        run.to_save.append(announcement)


def _reconcile_documents(run):
    for batch in batches(run.touched["document"]):
        _reconcile_document_batch(run, batch)


def _reconcile_document_batch(run, pks):
    # Only what the rules and the log read: the document's times and parent, the parent's times and body.
    parent = ["published_at", "withdrawn_at", "body_id"]
    loaded = Document.objects.filter(pk__in=pks).select_related("review", "leaflet")
    loaded = loaded.only("published_at", "kind", "review_id", "leaflet_id", *(f"{side}__{column}" for side in (
        "review", "leaflet") for column in parent), "review__available_until", "review__publication")  # fmt: skip
    rows = {row.pk: row for row in loaded}
    announced = _announcements("document", pks)
    prints = document_fingerprints([pk for pk in rows if is_public(rows[pk], run.now)])
    for pk in sorted(pks):
        row, announcement = rows.get(pk), announced.get(pk)
        public = row is not None and is_public(row, run.now)
        if row is not None and (public or announcement is not None):
            parent = "review" if row.review_id is not None else "leaflet"
            if (parent, row.review_id or row.leaflet_id) not in run.newly_announced:  # published with it, not edited
                run.parents_changed[parent].add(row.review_id or row.leaflet_id)
        if not public:
            if announcement is not None:
                _take_down(run, "document", announcement, row is not None)
            continue
        content, file = prints[pk]
        body = (row.review or row.leaflet).body_id
        parent_key = ("review", row.review_id) if row.review_id is not None else ("leaflet", row.leaflet_id)
        if announcement is None:
            if parent_key not in run.newly_announced:
                parent = row.review or row.leaflet
                run.record(Event.DOCUMENT_ADDED, "document", pk, max(row.published_at, parent.published_at), pk, body)
            announcement = Announcement(resource="document", object_id=pk, public_id=str(pk))
        elif announcement.file_fingerprint and announcement.file_fingerprint != file:
            run.record(Event.DOCUMENT_REPLACED, "document", pk, pk=pk, body=body)
        elif announcement.fingerprint and announcement.fingerprint != content:
            run.record(Event.UPDATED, "document", pk, pk=pk, body=body)
        else:
            run.parents_changed[parent_key[0]].discard(parent_key[1])
        announcement.fingerprint, announcement.file_fingerprint, announcement.body_id = content, file, body
        run.to_save.append(announcement)


# What the window's end, the index and the rules read of a review (loading only
# these, not its every column, is a sixth of ``_derive``'s time after an import).
DERIVED_FROM = ("available_until_override", "available_until", "published_at", "withdrawn_at", "body_id", "publication",
                *search.REVIEW_PARTS)  # fmt: skip


def _derive(run):
    """What a review stores but nobody types — its window's end and its entry
    in the full-text index — recomputed for every review
    written or whose documents were, whoever wrote it: a script's
    ``update(published_at=...)`` moves the window, a renamed theme the words, a
    document reaching its publication time the text searched."""
    months = dict(Body.objects.values_list("pk", "availability_months"))
    documents = Document.objects.filter(review__isnull=False)
    of_documents = set()
    for batch in batches(run.touched["document"]):
        of_documents |= set(documents.filter(pk__in=batch).values_list("review_id", flat=True))
    for batch in batches(run.touched["review"] | of_documents):
        stale = []
        reviews = list(Review.objects.filter(pk__in=batch).only(*DERIVED_FROM).prefetch_related("themes"))
        for review in reviews:
            until = review.compute_available_until(months.get(review.body_id))
            if until != review.available_until:
                review.available_until = until
                stale.append(review)
        Review.objects.bulk_update(stale, ["available_until"], batch_size=500)
        public = search.public_documents_by_review(reviews, run.now) if reviews else {}
        found = {review.pk for review in reviews}
        search.index(
            [(review.pk, search.parts_of(review, public[review.pk])) for review in reviews],
            gone=[pk for pk in batch if pk not in found],
        )


def _touch(run):
    """A public review or leaflet whose own content, documents or shared parts
    changed was edited: ``updated_at`` says so (``updated_since`` relies on it)."""
    for resource, model in (("review", Review), ("leaflet", Leaflet)):
        for batch in batches(run.edited[resource] | run.parents_changed[resource]):
            model.objects.filter(pk__in=batch, updated_at__lt=run.now).update(updated_at=run.now)


def _forget_renderings(pks):
    """Stored list renderings (``Representation``) of reviews that changed are
    dropped in the writer's transaction, so no list shows an old one; the API's
    worker pass renders them again (``api.v1.representations.render_missing``)."""
    for batch in batches(pks):
        Representation.objects.filter(review_id__in=batch).delete()


def _lock():
    """Take the row every writer's trigger updates: from here until commit no
    write to content can complete, and every earlier one is visible."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET version = version WHERE scope = %s", [Scope.CONTENT])
        # While this row exists (only inside this transaction), the triggers do
        # not note this pass's own writes as pending.
        cursor.execute(f"INSERT INTO {TABLE} (scope, version) VALUES (%s, 1)", [Scope.RECONCILING])


@bulk.collecting_less()
def reconcile(now=None):
    """Bring the changes log up to date with every write and every boundary
    passed; returns how many changes it recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock()
        counters = versions.versions()
        schedule = versions.schedule(now, counters[Scope.CONTENT])
        sweep = versions.sweep_due(counters, now, schedule)
        run = _Pass(now)
        pending = list(PendingChange.objects.order_by("pk").values_list("pk", "kind", "object_id", "written_at"))
        run.expand(pending)
        if sweep or counters[Scope.SWEPT] == 0:
            swept = versions.from_micros(counters[Scope.SWEPT])
            run.crossed(min(swept, now), max(swept, now))
        run.related()
        _derive(run)
        run.parents()
        _reconcile_parents(run, "review", Review, review_fingerprints)
        _reconcile_parents(run, "leaflet", Leaflet, leaflet_fingerprints)
        _reconcile_documents(run)
        count = run.flush()
        _touch(run)
        _forget_renderings(run.touched["review"] | run.edited["review"] | run.parents_changed["review"])
        if pending:
            # Up to the last row read: a writer still in flight cannot commit
            # a row below it while this transaction holds the content row.
            PendingChange.objects.filter(pk__lte=pending[-1][0]).delete()
        ContentVersion.objects.filter(scope=Scope.RECONCILING).delete()
        content = versions.versions()[Scope.CONTENT]
        for scope, value in ((Scope.RECONCILED, content), (Scope.SWEPT, versions.to_micros(now))):
            ContentVersion.objects.update_or_create(scope=scope, defaults={"version": value})
    return count


def due(now=None):
    """Whether a write or a boundary passed since the log was last reconciled
    (two reads: what the worker asks before every pass)."""
    now = now or timezone.now()
    counters = versions.versions()
    schedule = versions.schedule(now, counters[Scope.CONTENT])
    return counters[Scope.CONTENT] != counters[Scope.RECONCILED] or versions.sweep_due(counters, now, schedule)


def catch_up(now=None):
    """Reconcile if anything is due; the worker's pass. Returns the changes recorded."""
    return reconcile(now) if due(now) else 0


# Reading ----------------------------------------------------------------------


def oldest_kept(now=None):
    now = now or timezone.now()
    return now - timedelta(days=settings.CHANGES_RETENTION_DAYS)


def prune(now=None):
    """Forget changes older than the retention period."""
    return Change.objects.filter(recorded_at__lt=oldest_kept(now)).delete()[0]
