"""Leaflets: structured content with ordered sections and items."""

from django.db import models

from reviews.database.concurrency import Versioned
from reviews.models.bodies import Body, Contact, DatePrecision, take_default_body
from reviews.models.reviews import Withdrawable
from reviews.publication import (
    LeafletQuerySet,
)
from reviews.validators import list_of_text, within_supported_years


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
