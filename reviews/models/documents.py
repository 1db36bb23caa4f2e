"""Documents: a file or text attached to a review or a leaflet."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from reviews.database.concurrency import Versioned
from reviews.files import uploads
from reviews.models.bodies import Contact
from reviews.models.leaflets import Leaflet
from reviews.models.reviews import Review
from reviews.publication import (
    DocumentQuerySet,
)
from reviews.validators import within_supported_years


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
    # Internal: the words of its PDF for full-text search (``reviews.search``), read by the
    # worker after upload (``reviews.files.extraction``); pending until then.
    extracted_text = models.TextField(blank=True, editable=False)
    text_pending = models.BooleanField(default=False, editable=False)
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
