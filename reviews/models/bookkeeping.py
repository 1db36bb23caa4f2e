"""What the system keeps about the content: former slugs, stored renderings,
counters, the changes log and the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from reviews.models.reviews import Review


class FormerSlug(models.Model):
    """A slug a review or leaflet had before it was renamed, so that its old
    address answers 301 to the new one. Rows are written by database triggers
    (``reviews.database.invalidation``), whoever renamed it."""

    resource = models.CharField(max_length=10)
    slug = models.CharField(max_length=120)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "slug"], name="former_slug_once")]

    def __str__(self):
        return f"{self.resource} {self.slug} -> {self.object_id}"


class Representation(models.Model):
    """A review as the API shows it, rendered when it changed (by the API's
    own serializer: ``api.v1.representations``) and put together at read time.

    Reconcile, which every service runs before its transaction commits (and
    the worker after any other write), deletes the rows of every review it
    looks at; the worker renders them again. ``key`` names what else the bytes
    depend on (how they are rendered, the public address, the time zone); a
    row with another key is not used. A list shows ``head`` and ``tail`` with
    the time-dependent parts (status and lifecycle) in between; a detail adds
    ``detail``, whose parts that follow the clock or other reviews are made at
    read time."""

    # No database constraint: a review deleted by raw SQL leaves its row to
    # reconcile, which deletes it with the review's other traces.
    review = models.OneToOneField(
        Review, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    key = models.CharField(max_length=64)
    head = models.BinaryField()
    tail = models.BinaryField()
    detail = models.BinaryField(default=b"{}")

    def __str__(self):
        return f"representation of review {self.review_id}"


class ContentVersion(models.Model):
    """Counters kept by the database itself.

    ``content`` moves on every write to a content table, whoever makes it (the
    admin, an import, ``update()``, a bulk operation, raw SQL, a cascade):
    triggers installed by the migrations bump it (``reviews.database.invalidation``).
    Cached answers are keyed on it, and validators are hashes of what is
    served, so no write can leave a stale answer behind.

    ``reconciled`` is the ``content`` version the changes log was last brought
    up to, ``swept`` the moment (in microseconds) its schedule was last
    swept, ``changes`` the last sequence number given to a ``Change``, and
    ``websub`` the last one the WebSub hub was told of. ``reconciling`` exists
    only inside reconcile's own transaction: while it does, the triggers do not
    note reconcile's writes (derived columns) as edits.
    """

    class Scope(models.TextChoices):
        CONTENT = "content"
        RECONCILED = "reconciled"
        SWEPT = "swept"
        CHANGES = "changes"
        WEBSUB = "websub"
        RECONCILING = "reconciling"

    scope = models.CharField(max_length=16, primary_key=True, choices=Scope.choices)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope} v{self.version}"


class PendingChange(models.Model):
    """A review, document, leaflet, contact, theme or the body that was
    written since the changes log was last reconciled. Rows are added by
    database triggers (``reviews.database.invalidation``) and consumed by
    ``reviews.changelog.changes.reconcile``."""

    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField()
    # The database's clock at the write: when a change made by any path took effect.
    written_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Announcement(models.Model):
    """What partners have been told exists: one row per review, document or
    leaflet the changes log announced and has not since taken down.

    Kept apart from the content rows so that no editor's save, import or
    bulk update can overwrite it; only ``reviews.changelog.changes`` writes it.
    """

    resource = models.CharField(max_length=10)
    object_id = models.BigIntegerField()
    public_id = models.CharField(max_length=120, help_text="The slug or id partners know it by.")
    fingerprint = models.CharField(max_length=64, help_text="A hash of what partners were shown.")
    file_fingerprint = models.CharField(max_length=64, blank=True)
    archived = models.BooleanField(default=False)
    body_id = models.BigIntegerField(null=True, help_text="Its publishing body, for the tombstone once it is gone.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "object_id"], name="announcement_once")]

    def __str__(self):
        return f"{self.resource} {self.public_id}"


class Change(models.Model):
    """One public change, as told to partners that mirror the content.

    ``seq`` is given in commit order (see ``reviews.changelog.changes.record``), so a
    partner that reads every change after the last ``seq`` it saw never misses
    one. Tombstones (withdrawn, deleted) carry the resource's id and nothing
    of its content.
    """

    class Event(models.TextChoices):
        PUBLISHED = "published"
        UPDATED = "updated"
        DOCUMENT_ADDED = "document_added"
        DOCUMENT_REPLACED = "document_replaced"
        ARCHIVED = "archived"
        WITHDRAWN = "withdrawn"
        DELETED = "deleted"
        MOVED = "moved"  # renamed: at a new address (``resource_id``), gone from ``previous_id``

    class Resource(models.TextChoices):
        REVIEW = "review"
        DOCUMENT = "document"
        LEAFLET = "leaflet"

    seq = models.BigIntegerField(unique=True)
    event = models.CharField(max_length=20, choices=Event.choices)
    resource = models.CharField(max_length=10, choices=Resource.choices)
    resource_id = models.CharField(max_length=120, help_text="The slug of a review or leaflet; a document's id.")
    previous_id = models.CharField(max_length=120, blank=True, help_text="For moved: the slug it had until then.")
    effective_at = models.DateTimeField(help_text="When it took effect (a scheduled second for embargoes).")
    recorded_at = models.DateTimeField(db_index=True)
    # The publishing body the resource belonged to when the change was told (an id,
    # not a key: the log outlives a deleted body), so the log filters by body and nation.
    body_id = models.BigIntegerField(null=True, blank=True)
    # The row's own id (a review's or leaflet's feed entry is named by it): the
    # feeds' tombstones are read from the log's take-downs, even of a deleted row.
    object_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["body_id", "seq"], name="change_body_idx"),
            models.Index(fields=["event", "effective_at"], name="change_takedown_idx"),
        ]

    def __str__(self):
        return f"{self.seq}: {self.resource} {self.resource_id} {self.event}"

    @property
    def is_tombstone(self):
        return self.event in (self.Event.WITHDRAWN, self.Event.DELETED)


class AuditEntry(models.Model):
    """Who changed what, when: every editorial change to reviews, their
    documents and reviewers, and leaflets. Kept when the object is deleted."""

    class Action(models.TextChoices):
        CREATED = "created"
        CHANGED = "changed"
        DELETED = "deleted"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted.")
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, db_index=True)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, help_text="Field: [before, after].")
    version = models.PositiveIntegerField(null=True, blank=True, help_text="The object's version after the change.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'system'} {self.action} {self.model} {self.object_repr}"
