"""Webhooks for partners: every change of the changes log, as a signed JSON POST
to each registered endpoint that wants it.

- ``fan_out`` turns new changes into ``Delivery`` rows (one per endpoint and
  change, never two: a unique constraint) and queues each on the task engine
  (django-tasks with its database backend, run by the worker), never in a
  request.
- ``attempt`` (the task) POSTs it, signed (``webhooks.signing``); a 2xx is
  delivered; anything else is retried with exponential backoff, then given up,
  and an endpoint whose deliveries keep being given up is disabled.
- ``recover`` queues again a pending delivery whose attempt should have ended a
  lease ago — its worker was killed, or its queued task lost — so every
  delivery is made at least once; the id is the same, so a receiver can
  ignore a repeat.

The worker (``manage.py worker``) runs ``fan_out``, ``recover`` and the
attempts due after bringing the changes log up to date, so an embargo
lifting reaches partners within seconds with no request to the API.
"""

import http.client
import json
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from api.http.links import absolute
from reviews.models import Body, Change, Document, FormerSlug, Review
from webhooks import addresses, signing
from webhooks.models import Delivery, Endpoint

log = logging.getLogger("webhooks")
URL_NAMES = {"review": "review-detail", "document": "document-detail", "leaflet": "leaflet-detail"}
BATCH = 500


def payload(change, key, bodies):
    """What a partner is told: the change as the changes endpoint gives it, no content."""
    tombstone = change.is_tombstone
    return {
        "id": str(key),
        "type": f"{change.resource}.{change.event}",
        "event": change.event,
        "resource": change.resource,
        "resource_id": change.resource_id,
        "previous_id": change.previous_id or None,
        "url": None if tombstone else absolute(URL_NAMES[change.resource], change.resource_id),
        "body": bodies.get(change.body_id),
        "seq": change.seq,
        "effective_at": change.effective_at.isoformat(),
        "recorded_at": change.recorded_at.isoformat(),
    }


def _review_of(change):
    if change.resource == "review":
        review = Review.objects.filter(slug=change.resource_id).first()
        if review is None:
            former = FormerSlug.objects.filter(resource="review", slug=change.resource_id).first()
            review = Review.objects.filter(pk=former.object_id).first() if former else None
        return review
    if change.resource == "document" and change.resource_id.isdigit():
        document = Document.objects.filter(pk=int(change.resource_id)).select_related("review").first()
        return document.review if document else None
    return None


def _about(resource, resource_id):
    """Deliveries about one review, document or leaflet."""
    return {"payload__resource": resource, "payload__resource_id": resource_id}


def wanted(endpoint, change, filters):
    """Whether ``endpoint`` asked for ``change`` (``filters``: its bodies, types
    and theme ids). One told of a review or document is told of its later
    changes, its take-down above all, whatever its filters say by then."""
    bodies, types, themes = filters
    if endpoint.events and change.event not in endpoint.events:
        return False
    told = endpoint.deliveries.filter(**_about(change.resource, change.resource_id))
    if (bodies or types or themes) and told.exists():
        return True
    if bodies and change.body_id not in bodies:
        return False
    if not (types or themes):
        return True
    review = _review_of(change)
    if review is None:
        # A leaflet is no review; a review deleted outright is told to everyone who may hold it.
        return change.resource != "leaflet" and change.event == Change.Event.DELETED
    if types and review.review_type not in types:
        return False
    return not themes or review.themes.filter(pk__in=themes).exists()


def fan_out(now=None):
    """Deliveries for every change since each active endpoint's cursor; returns how many."""
    now = now or timezone.now()
    made = []
    body_slugs = dict(Body.objects.values_list("pk", "slug"))
    for endpoint in Endpoint.objects.filter(is_active=True).prefetch_related("bodies", "themes"):
        filters = ({b.pk for b in endpoint.bodies.all()}, set(endpoint.review_types or []),
                   {t.pk for t in endpoint.themes.all()})  # fmt: skip
        changes = list(Change.objects.filter(seq__gt=endpoint.last_seq).order_by("seq")[:BATCH])
        if not changes:
            continue
        with transaction.atomic():
            for change in changes:
                if not wanted(endpoint, change, filters):
                    continue
                delivery = Delivery(endpoint=endpoint, seq=change.seq, next_attempt_at=now, payload={})
                delivery.payload = payload(change, delivery.key, body_slugs)
                if not Delivery.objects.filter(endpoint=endpoint, seq=change.seq).exists():
                    delivery.save()
                    made.append(delivery.pk)
            Endpoint.objects.filter(pk=endpoint.pk).update(last_seq=changes[-1].seq)
    for pk in made:
        _queue(pk)
    return len(made)


def _queue(pk, run_after=None):
    queued = attempt.using(run_after=run_after) if run_after else attempt
    transaction.on_commit(lambda: queued.enqueue(pk))


def lease():
    return timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def recover(now=None):
    """Queue again every pending delivery whose attempt is a lease overdue; returns how many."""
    now = now or timezone.now()
    lost = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now - lease()).values_list(
            "pk", flat=True
        )
    )
    Delivery.objects.filter(pk__in=lost).update(next_attempt_at=now)
    for pk in lost:
        _queue(pk)
    return len(lost)


def backoff(attempts):
    """Seconds before attempt ``attempts + 1``: doubling from the base, at most six hours."""
    return min(settings.WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1), 6 * 3600)


def post(endpoint, delivery):
    """(status, error) of one signed POST, to a public address only, following
    no redirect, reading none of the answer but its status line and headers."""
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {**signing.headers(endpoint.secret, delivery.key, body),
               "User-Agent": "Case Review Publication API webhooks"}  # fmt: skip
    target = urlsplit(endpoint.url)
    try:
        made = addresses.connection(endpoint.url, settings.WEBHOOK_TIMEOUT_SECONDS)
    except addresses.Refused as refused:
        return None, f"Not sent: {refused}."
    try:
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        made.request("POST", path, body, headers)
        status = made.getresponse().status
    except (http.client.HTTPException, OSError) as error:
        return None, str(error)[:500]
    finally:
        made.close()
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


def attempt_delivery(pk, now=None):
    """One attempt of one delivery; returns its state after it."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=pk).first()
    if delivery is None or delivery.state != Delivery.State.PENDING:
        return delivery and delivery.state  # made already (a repeat after a recovery), or given up
    endpoint = delivery.endpoint
    started = now or timezone.now()
    # In order for each resource: while an earlier change of it waits for a
    # retry, this one waits behind it (a retried "published" must never land
    # after the "withdrawn" that followed it).
    about = _about(delivery.payload["resource"], delivery.payload["resource_id"])
    earlier = endpoint.deliveries.filter(state=Delivery.State.PENDING, seq__lt=delivery.seq, **about)
    blocking = earlier.order_by("-next_attempt_at").values_list("next_attempt_at", flat=True).first()
    if blocking is not None:
        wait_until = max(blocking, started) + timedelta(seconds=1)
        Delivery.objects.filter(pk=pk).update(next_attempt_at=wait_until)
        _queue(pk, run_after=wait_until)
        return Delivery.State.PENDING
    Delivery.objects.filter(pk=pk).update(attempt_started_at=started, next_attempt_at=started)
    status, error = post(endpoint, delivery)
    finished = timezone.now()
    attempts = delivery.attempts + 1
    if status is not None and 200 <= status < 300:
        Delivery.objects.filter(pk=pk).update(state=Delivery.State.DELIVERED, attempts=attempts, last_status=status,
                                              last_error="", delivered_at=finished)  # fmt: skip
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return Delivery.State.DELIVERED
    if attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=pk).update(state=Delivery.State.FAILED, attempts=attempts, last_status=status,
                                              last_error=error)  # fmt: skip
        failures = endpoint.consecutive_failures + 1
        disabled = failures >= settings.WEBHOOK_DISABLE_AFTER
        reason = f"Disabled after {failures} deliveries failed {attempts} times each." if disabled else ""
        Endpoint.objects.filter(pk=endpoint.pk).update(
            consecutive_failures=failures, **({"is_active": False, "disabled_reason": reason} if disabled else {})
        )
        log.warning("Webhook delivery %s to %s given up: %s", delivery.key, endpoint.url, error)
        return Delivery.State.FAILED
    retry_at = finished + timedelta(seconds=backoff(attempts))
    Delivery.objects.filter(pk=pk).update(attempts=attempts, last_status=status, last_error=error,
                                          next_attempt_at=retry_at)  # fmt: skip
    _queue(pk, run_after=retry_at)
    return Delivery.State.PENDING


@task()
def attempt(delivery_pk):
    """The task the engine runs: one attempt of one delivery (idempotent)."""
    return attempt_delivery(delivery_pk)
