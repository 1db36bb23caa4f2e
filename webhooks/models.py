"""Partners' webhook endpoints, registered by staff, and every delivery made to them."""

import secrets
import uuid
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from reviews.models import Body, Change, Theme
from reviews.review_types import ReviewType
from webhooks import addresses


def new_secret():
    return secrets.token_urlsafe(32)


def validate_endpoint_url(url):
    """HTTPS only: a signed payload is still readable in transit over HTTP. (Tests
    and local trials may allow http://127.0.0.1 with WEBHOOKS_ALLOW_LOCAL_HTTP.)
    And a public address only (``webhooks.addresses``)."""
    parsed = urlparse(url)
    local = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    if not (parsed.scheme == "https" or (parsed.scheme == "http" and local and settings.WEBHOOKS_ALLOW_LOCAL_HTTP)):
        raise ValidationError("A webhook endpoint must be an https:// address.")
    try:
        addresses.resolve(url)
    except addresses.Refused as refused:
        raise ValidationError(f"A webhook endpoint must be a public address: {refused}.") from None


class Endpoint(models.Model):
    """A partner's receiver: the changes it wants (events, and filters by body,
    type and theme), delivered signed with its own secret."""

    name = models.CharField(max_length=200, help_text="Whose receiver, e.g. the NHS trust's safeguarding pages.")
    url = models.URLField(max_length=500, validators=[validate_endpoint_url])
    secret = models.CharField(
        max_length=100, default=new_secret, help_text="Give it to the partner: they check each signature with it."
    )
    events = models.JSONField(
        default=list, blank=True, help_text=f"Events to deliver, of {', '.join(Change.Event.values)}; empty: all."
    )
    bodies = models.ManyToManyField(Body, blank=True, help_text="Only these bodies' changes; none: every body.")
    review_types = models.JSONField(default=list, blank=True, help_text="Only these review types; empty: all.")
    themes = models.ManyToManyField(Theme, blank=True, help_text="Only reviews with any of these themes; none: all.")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    last_seq = models.BigIntegerField(
        default=0, editable=False, help_text="The last change of the log considered for this endpoint."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.events or []) - set(Change.Event.values)
        if unknown:
            raise ValidationError({"events": f"Unknown event(s): {', '.join(sorted(map(str, unknown)))}."})
        unknown = set(self.review_types or []) - set(ReviewType.values)
        if unknown:
            raise ValidationError({"review_types": f"Unknown type(s): {', '.join(sorted(map(str, unknown)))}."})


class Delivery(models.Model):
    """One change for one endpoint: attempted until the receiver answers 2xx, with
    exponential backoff; its ``key`` is the same on every attempt (idempotency)."""

    class State(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed", "Failed (gave up)"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Webhook-Id on every attempt.")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    seq = models.BigIntegerField(help_text="The change's position in the changes log.")
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True, help_text="The receiver's last HTTP status.")
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-seq", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["endpoint", "seq"], name="delivery_once_per_change")]

    def __str__(self):
        return f"{self.endpoint} #{self.seq} {self.state}"
