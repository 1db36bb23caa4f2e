"""Reviews, their reviewers and the links between them; what a review or leaflet shares: withdrawal."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from reviews.database.concurrency import Versioned
from reviews.models.bodies import AgeBand, Agency, Body, Contact, DatePrecision, Sex, Theme, take_default_body
from reviews.publication import (
    REASONS_FOR,
    Publication,
    PublicationReason,
    ReviewQuerySet,
    add_months,
    publication_is_consistent,
    status_of,
)
from reviews.review_types import ReviewType
from reviews.validators import list_of_text, within_supported_years


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
