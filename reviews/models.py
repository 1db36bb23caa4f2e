"""The content: publishing bodies and their reviews, the reviews' documents,
leaflets, contacts, themes and agencies.

Visibility is decided in ``reviews.publication``; models only keep the
stored facts (including the derived ``available_until``) in step.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from reviews.database.concurrency import Versioned
from reviews.files import uploads
from reviews.publication import (
    REASONS_FOR,
    DocumentQuerySet,
    LeafletQuerySet,
    Publication,
    PublicationReason,
    ReviewQuerySet,
    ThemeQuerySet,
    add_months,
    publication_is_consistent,
    status_of,
)
from reviews.review_types import Nation, ReviewType
from reviews.validators import LONGEST_WINDOW_MONTHS, list_of_text, within_supported_years


class DatePrecision(models.TextChoices):
    """How much of a date the body actually stated: "August 2017" is a
    month, and must not be shown as 1 August 2017."""

    MONTH = "month", "Month"
    DAY = "day", "Day"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    FROM_1_TO_4 = "1_to_4", "1 to 4"
    FROM_5_TO_10 = "5_to_10", "5 to 10"
    FROM_11_TO_15 = "11_to_15", "11 to 15"
    FROM_16_TO_17 = "16_to_17", "16 to 17"
    FROM_18_TO_24 = "18_to_24", "18 to 24"
    FROM_25_TO_64 = "25_to_64", "25 to 64"
    FROM_65 = "65_plus", "65 and over"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class Contact(Versioned):
    """An organisation or role people can get in touch with."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, help_text="The role or team, e.g. Safeguarding Unit.")
    organisation = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    textphone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Body(Versioned):
    """A publishing body: a safeguarding children partnership (formerly board),
    a safeguarding adults board, a community safety partnership. One
    installation holds one (created by the seed) or a library of many; each
    review, leaflet and (through them) document belongs to one, and its
    availability window applies to its own reviews."""

    class Kind(models.TextChoices):
        CHILDREN = "children_partnership", "Safeguarding children partnership (or board)"
        ADULTS = "adults_board", "Safeguarding adults board"
        COMMUNITY_SAFETY = "community_safety_partnership", "Community safety partnership"
        REGIONAL = "regional_board", "Regional safeguarding board"
        PROTECTION_COMMITTEE = "protection_committee", "Child or adult protection committee"
        NATIONAL = "national_panel", "National review panel or body"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=80, unique=True, help_text="Its address in filters: ?body=stockport-sscb.")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.CHILDREN)
    area = models.CharField(max_length=200, blank=True, help_text="The area it covers, e.g. Stockport.")
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    independent_chair = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    about = models.TextField(blank=True, help_text="How the body conducts its reviews.")
    availability_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_WINDOW_MONTHS)],
        help_text="How many months a review's documents stay available after publication.",
    )
    archive_contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whom to ask about a review once its window has closed.",
    )
    request_url = models.URLField(
        blank=True, help_text="Optional: a page or form where people can ask for an archived review."
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="bodies")
    # Internal: who may edit this body's content in the admin (``reviews.admin``).
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bodies",
        help_text="Staff who may edit this body's reviews and leaflets (superusers may edit every body's).",
    )
    is_sample = models.BooleanField(default=False, help_text="Demonstration content, not a real body.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "bodies"
        permissions = [("edit_every_body", "May edit the content of every publishing body")]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls, create=False):
        """The first body, or (``create``) a new one with the configured defaults,
        or an unsaved one."""
        body = cls.objects.select_related("archive_contact").order_by("pk").first()
        if body is not None:
            return body
        body = cls(
            slug="default", name=settings.DEFAULT_BODY_NAME, availability_months=settings.AVAILABILITY_WINDOW_MONTHS
        )
        if create:
            body.save()
        return body


def take_default_body(item):
    """A review or leaflet saved without naming its body belongs to the
    installation's first (made with the configured defaults if there is none):
    a single-body install never has to think about bodies. A write that skips
    ``save`` (``bulk_create``) must name one: the column is NOT NULL."""
    if item.body_id is None:
        item.body = Body.default(create=True)


class Theme(Versioned):
    """One term of the controlled vocabulary of learning themes (shared by every body)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="What the theme covers, for editors and researchers.")
    synonyms = models.JSONField(
        default=list,
        blank=True,
        validators=[list_of_text],
        help_text='Other words for it, which the theme filter also takes, e.g. ["anorexia", "bulimia"].',
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(Versioned):
    """One of the agencies a review found involved, from a controlled list
    (``reviews/seed/agencies.json`` is the shipped list; editors may add)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="Which services the term covers.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Withdrawable(Versioned):
    """A review or leaflet that can be withdrawn and reinstated: decisions
    recorded by the admin's actions (who and when in the audit trail), never
    fields of a change form. Each has a stable ``uid`` beside its slug: a slug
    may be corrected, the uid never changes (researchers key on it)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    withdrawn_at = models.DateTimeField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        db_index=True,
        help_text="When the withdrawal was recorded; it took effect then.",
    )
    # Internal: never leaves the admin.
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


# A review's long columns: what lists, feeds and a document's parent never show.
REVIEW_LONG_COLUMNS = ("key_learning", "recommendations", "chair_statement", "withdrawal_reason",
                       "editor_notes")  # fmt: skip


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):
    pass


class Review(Withdrawable):
    Type = ReviewType  # every kind of review across the UK (reviews.review_types)

    class Incident(models.TextChoices):
        DEATH = "death", "Death"
        SERIOUS_INJURY = "serious_injury", "Serious injury"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="reviews",
        help_text="The partnership or board that publishes the review.",
    )  # fmt: skip
    title = models.CharField(max_length=200, help_text="The child's pseudonym, e.g. Pip or Child N.")
    review_type = models.CharField(max_length=40, choices=Type.choices, default=Type.SERIOUS_CASE_REVIEW)
    publication = models.CharField(
        max_length=20,
        choices=Publication.choices,
        default=Publication.REPORT,
        help_text="What was published: the report, only the improvements to be made, or nothing yet (deferred; "
        "a learning brief may come first).",
    )
    publication_reason = models.CharField(
        max_length=24,
        choices=PublicationReason.choices,
        blank=True,
        help_text="Why no report is (yet) published, as a public class — required for improvements only and "
        "deferred, empty for a report.",
    )
    expected_publication = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="While deferred: when the report is expected, if known (its month is published).",
    )
    incident = models.CharField(max_length=20, choices=Incident.choices)
    summary = models.TextField()
    published_at = models.DateTimeField(
        validators=[within_supported_years],
        db_index=True,
        help_text="The review is embargoed until this moment (board time).",
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="Month when the body announced only a month, e.g. August 2017.",
    )
    commissioned_on = models.DateField(validators=[within_supported_years], null=True, blank=True)
    commissioned_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    review_method = models.CharField(
        max_length=120, blank=True, help_text="The review model or method, e.g. SILP, systems approach."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="reviews", help_text="The agencies involved, from the controlled list."
    )
    key_learning = models.JSONField(
        default=list, blank=True, validators=[list_of_text], help_text="A list of learning points."
    )
    recommendations = models.JSONField(
        default=list, blank=True, validators=[list_of_text], help_text="A list of recommendations."
    )
    chair_statement = models.TextField(blank=True)
    chair_statement_date = models.DateField(validators=[within_supported_years], null=True, blank=True)
    chair_statement_signatory = models.CharField(max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whom to ask about this review; the body's archive contact when empty.",
    )
    available_until = models.DateTimeField(
        editable=False, db_index=True, help_text="End of the availability window (exclusive)."
    )
    available_until_override = models.DateTimeField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="Set to keep this review available for longer (or shorter) than the body's window.",
    )
    # What the reference library (the NSPCC's national case review repository) records,
    # and the statutory dates. Coarse on purpose: see the help texts.
    incident_month = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="The month of the incident (any day in it: only the month and year are published).",
    )
    subject_age_band = models.CharField(
        max_length=12,
        choices=AgeBand.choices,
        blank=True,
        help_text="Optional, and a band, never an age: with the area and the month, an exact age could identify "
        "the child or adult.",
    )
    subject_sex = models.CharField(
        max_length=10,
        choices=Sex.choices,
        blank=True,
        help_text="Optional. Leave empty where it could help identify the child or adult.",
    )
    notified_on = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="When the serious incident was notified (to the national panel, where there is one).",
    )
    rapid_review_on = models.DateField(
        validators=[within_supported_years], null=True, blank=True, help_text="When the rapid review was completed."
    )
    completed_on = models.DateField(
        validators=[within_supported_years], null=True, blank=True, help_text="When the review was completed."
    )
    sent_to_panel_on = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="When the report was sent to the national panel or body.",
    )
    external_reference = models.CharField(
        max_length=80, blank=True, help_text="Another catalogue's reference, e.g. the NSPCC repository's number."
    )
    court_order_date = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="The date of the court order behind a withdrawal, for the record; the withdrawal ran from when it "
        "was recorded.",
    )
    editor_notes = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False, help_text="Demonstration content, not a real review.")
    # Title, summary, themes, learning and recommendations in one lower-cased
    # column, so text search is one column on every database.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ReviewManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        # "Available now" is the hot query: a narrow range of available_until among the
        # reviews not withdrawn, with published_at checked inside the index (so a
        # count never touches the table). A publication window is a range of
        # published_at among the reviews not withdrawn, read newest first.
        indexes = [
            models.Index(fields=["withdrawn_at", "available_until", "published_at"], name="review_available_idx"),
            # With the id, a count of a window's public reviews, joined to their
            # themes, reads the index alone on PostgreSQL (SQLite's holds it anyway).
            models.Index(fields=["withdrawn_at", "published_at"], include=["id"], name="review_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="review_publication_consistent", condition=publication_is_consistent())
        ]

    def clean(self):
        super().clean()
        allowed = REASONS_FOR[Publication(self.publication)] if self.publication in Publication.values else ()
        if allowed and self.publication_reason not in allowed:
            labels = ", ".join(str(PublicationReason(reason).label) for reason in allowed)
            raise ValidationError({"publication_reason": f"Say why, one of: {labels}."})
        if not allowed and self.publication_reason:
            raise ValidationError({"publication_reason": "A published report needs no reason: leave it empty."})
        if self.expected_publication and self.publication != Publication.DEFERRED:
            raise ValidationError({"expected_publication": "Only a deferred review has an expected date."})

    def __str__(self):
        return self.title

    @property
    def status(self):
        return status_of(self)

    def compute_available_until(self, months=None):
        """The window's end: the override, else the body's window (``months``,
        when the caller has it) from publication."""
        if self.available_until_override is not None:
            return self.available_until_override
        if months is None:
            months = Body.objects.filter(pk=self.body_id).values_list("availability_months", flat=True).first()
        return add_months(self.published_at, months or settings.AVAILABILITY_WINDOW_MONTHS)

    def derive(self, months=None):
        """Set the columns kept from the others: its body, if none is named, and
        the window's end. ``save`` calls it; a bulk insert must."""
        take_default_body(self)
        self.available_until = self.compute_available_until(months)

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "available_until", "updated_at"}
        super().save(*args, **kwargs)


class Reviewer(Versioned):
    """An independent reviewer or author of a review, in the order named."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewers")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=80, default="Independent reviewer")
    is_lead = models.BooleanField(default=False, help_text="The lead reviewer (the reference library records one).")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name}, {self.role}"


class RelatedReview(Versioned):
    """Two reviews that belong together: about the same death or incident (a
    practice review, a safeguarding adults review and a domestic homicide
    review), or one that led to the other (a rapid review and the review that
    followed). Each review lists the other while both are public."""

    class Relation(models.TextChoices):
        SAME_INCIDENT = "same_incident", "About the same death or incident"
        LED_TO = "led_to", "Led to"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="inverse_relations")
    relation = models.CharField(max_length=16, choices=Relation.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "related"], name="related_review_once"),
            models.CheckConstraint(name="related_review_not_itself", condition=~models.Q(review=models.F("related"))),
        ]

    def __str__(self):
        return f"{self.review} {self.get_relation_display().lower()} {self.related}"


class Leaflet(Withdrawable):
    slug = models.SlugField(max_length=120, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="leaflets")
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=120, blank=True)
    reference_code = models.CharField(max_length=40, blank=True)
    published_at = models.DateTimeField(validators=[within_supported_years], db_index=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.MONTH)
    publisher = models.CharField(max_length=200, blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="leaflets")
    interpreting_service = models.TextField(blank=True)
    interpreting_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alternative_formats = models.JSONField(
        default=list, blank=True, validators=[list_of_text], help_text='A list, e.g. ["large print", "audio tape"].'
    )
    alternative_formats_note = models.TextField(blank=True, help_text="How to ask for another format.")
    alternative_formats_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = LeafletQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def save(self, *args, **kwargs):
        take_default_body(self)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.title


class LeafletSection(Versioned):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class LeafletItem(Versioned):
    section = models.ForeignKey(LeafletSection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:60]


class Document(Versioned):
    class Kind(models.TextChoices):
        FULL_REPORT = "full_report", "Full report"
        EXECUTIVE_SUMMARY = "executive_summary", "Executive summary"
        STAFF_SUMMARY = "staff_summary", "Summary for staff"
        SEVEN_MINUTE_BRIEFING = "seven_minute_briefing", "7-minute briefing"
        LEARNING_BRIEF = "learning_brief", "Learning brief"  # may come before the report
        CHAIR_STATEMENT = "chair_statement", "Chair's statement"
        PARTNERSHIP_RESPONSE = "partnership_response", "Partnership response"
        ACTION_PLAN = "action_plan", "Action plan"
        EASY_READ = "easy_read", "Easy-read version"
        TRANSLATION = "translation", "Translation"
        LEAFLET = "leaflet", "Leaflet"
        OTHER = "other", "Other"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Public"
        PROFESSIONALS = "professionals", "Professionals"
        PARENTS_AND_CARERS = "parents_and_carers", "Parents and carers"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    leaflet = models.ForeignKey(Leaflet, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=24, choices=Audience.choices, default=Audience.PUBLIC)
    file = models.FileField(
        upload_to=uploads.stored_name,
        blank=True,
        db_index=True,  # one file per document: imports and deletions ask who else uses a name
        max_length=200,
        validators=[uploads.validate_pdf],
        help_text="A PDF. Leave empty for a text-only document such as a chair's statement.",
    )
    text = models.TextField(blank=True, help_text="The document's text, when it has no file.")
    # Internal: the words of its PDF, read at upload, for full-text search (``reviews.search``).
    extracted_text = models.TextField(blank=True, editable=False)
    original_filename = models.CharField(max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    stated_size = models.CharField(
        max_length=40,
        blank=True,
        help_text='The size as the body stated it ("1.2 MB") for a document whose file is not held.',
    )
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(max_length=16, default="en")
    meets_accessibility_standards = models.BooleanField(default=False)
    alternative_format_contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whom to ask for this document in another format.",
    )
    published_at = models.DateTimeField(
        validators=[within_supported_years],
        default=timezone.now,
        db_index=True,
        help_text="When the document became public (never before its review).",
    )
    document_date = models.DateField(
        validators=[within_supported_years],
        null=True,
        blank=True,
        help_text="The date the document itself bears, e.g. a statement's date.",
    )
    # Internal: never leaves the admin.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Internal, written by the database (``reviews.database.document_visibility``), never by
    # Python: what the publication rules ask of a document without a join.
    public_from = models.DateTimeField(null=True, editable=False, db_index=True)
    served_until = models.DateTimeField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            # Counts of the documents still served (the list's default) read this index alone.
            models.Index(fields=["served_until", "public_from"], name="document_served_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="document_has_exactly_one_parent",
                condition=(
                    models.Q(review__isnull=False, leaflet__isnull=True)
                    | models.Q(review__isnull=True, leaflet__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def has_file(self):
        return bool(self.file)

    def save(self, *args, **kwargs):
        """Save, computing the file's facts; a failed save removes the file it wrote."""
        new_upload = bool(self.file) and not self.file._committed
        if new_upload:
            uploads.describe(self)
        try:
            super().save(*args, **kwargs)
        except BaseException:
            if new_upload and self.file._committed:
                uploads.discard(self.file.name)
            raise
        if new_upload:
            uploads.record_written(self.file.name)


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
    """A review as a list shows it, rendered once when it changes (by the API's
    own serializer: ``REVIEW_REPRESENTATION``) and stitched into list pages.

    Reconcile, which every write reaches before any reader, deletes the rows of
    every review it looks at and renders them again, so a row is never older
    than what it shows. ``key`` names what else the bytes depend on (the
    serializers' code, the public address, the time zone); a row with another
    key is not used. The time-dependent parts (status and lifecycle) sit
    between ``head`` and ``tail`` and are filled in at read time."""

    # No database constraint: a review deleted by raw SQL leaves its row to
    # reconcile, which deletes it with the review's other traces.
    review = models.OneToOneField(
        Review, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    key = models.CharField(max_length=64)
    head = models.BinaryField()
    tail = models.BinaryField()

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

    class Resource(models.TextChoices):
        REVIEW = "review"
        DOCUMENT = "document"
        LEAFLET = "leaflet"

    seq = models.BigIntegerField(unique=True)
    event = models.CharField(max_length=20, choices=Event.choices)
    resource = models.CharField(max_length=10, choices=Resource.choices)
    resource_id = models.CharField(max_length=120, help_text="The slug of a review or leaflet; a document's id.")
    effective_at = models.DateTimeField(help_text="When it took effect (a scheduled second for embargoes).")
    recorded_at = models.DateTimeField(db_index=True)
    # The publishing body the resource belonged to when the change was told (an id,
    # not a key: the log outlives a deleted body), so the log filters by body and nation.
    body_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["body_id", "seq"], name="change_body_idx")]

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
