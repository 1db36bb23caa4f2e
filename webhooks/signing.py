"""Signatures partners check: HMAC-SHA256 over the delivery's id, its timestamp
and the exact bytes of its body, with the endpoint's secret.

    Webhook-Id: 5c1f…            the same on every attempt of one delivery (idempotency key)
    Webhook-Timestamp: 1796198400 Unix seconds when this attempt was signed
    Webhook-Signature: v1=<hex of HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>

A receiver recomputes the signature over the raw body, compares it in constant
time, refuses a timestamp more than five minutes from its own clock (a
replayed request), and ignores an id it has already processed (a retry).
``verify`` is that check, for a Python receiver to copy.
"""

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def signature(secret, delivery_id, timestamp, body):
    message = f"{delivery_id}.{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(secret, delivery_id, body, now=None):
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json",
        "Webhook-Id": str(delivery_id),
        "Webhook-Timestamp": timestamp,
        "Webhook-Signature": signature(secret, delivery_id, timestamp, body),
    }


def verify(secret, received_headers, body, now=None):
    """True if ``body`` with these headers was signed with ``secret`` within the tolerance."""
    try:
        delivery_id = received_headers["Webhook-Id"]
        timestamp = int(received_headers["Webhook-Timestamp"])
        given = received_headers["Webhook-Signature"]
    except (KeyError, TypeError, ValueError):
        return False
    if not isinstance(given, str) or not given.isascii():  # compare_digest refuses other text with TypeError
        return False
    now = now if now is not None else time.time()
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(given, signature(secret, delivery_id, str(timestamp), body))
