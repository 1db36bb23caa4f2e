"""Publishing bodies and what they share: contacts, themes, agencies, the coarse vocabularies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from reviews.database.concurrency import Versioned
from reviews.publication import (
    ThemeQuerySet,
)
from reviews.review_types import Nation
from reviews.validators import LONGEST_WINDOW_MONTHS, list_of_text, origins


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

    class Licence(models.TextChoices):
        OGL = "ogl-3.0", "Open Government Licence v3.0"
        CC_BY = "cc-by-4.0", "Creative Commons Attribution 4.0"
        NOT_STATED = "", "Not stated: all rights reserved"

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
    licence = models.CharField(
        "content licence",
        max_length=20,
        choices=Licence.choices,
        default=Licence.OGL,
        blank=True,
        help_text="The licence its reviews, documents and leaflets are published under; public bodies are "
        "expected to use the Open Government Licence. Bodies recorded before this was asked say nothing "
        "until an editor chooses.",
    )
    frame_origins = models.TextField(
        "sites that may frame its review pages",
        blank=True,
        validators=[origins],
        help_text="Web origins, one per line (https://www.example.gov.uk), whose pages may show this body's "
        "review pages in a frame. Empty: none may.",
    )
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


# Where each licence is written down.
LICENCE_URLS = {
    Body.Licence.OGL: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Body.Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
}


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
    listed = models.BooleanField(
        "in the public vocabulary",
        default=False,
        help_text="Listed and accepted by the theme filter before any public review carries it, so people can "
        "subscribe in advance. Leave unticked for a theme that would say something about a review still "
        "under embargo.",
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
