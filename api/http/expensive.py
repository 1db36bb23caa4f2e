"""A limit on the answers whose cost grows with the archive: at most
``EXPENSIVE_REQUESTS`` are built at once on a machine, and a request beyond
that is answered ``429`` with ``Retry-After`` at once, so ordinary requests
always find a worker free.

Expensive: a search (``q``) that the response cache could not answer, and an
export built for its filters (``api.v1.exports``); an answer from the cache or
from the export files costs a read, and takes no slot.

A slot is an exclusive ``flock`` on one of ``EXPENSIVE_REQUESTS`` files in
``LOCKS_DIR``: it holds across gunicorn's processes and threads, and the
kernel releases it if a process dies holding it, so no slot is ever lost.
"""

import fcntl
import os
from pathlib import Path

from django.conf import settings

from api.http.problems import problem_response
from api.http.response_cache import public_content

RETRY_AFTER_SECONDS = 5


class Slot:
    def __init__(self, descriptor):
        self.descriptor = descriptor

    def release(self):
        if self.descriptor is not None:
            os.close(self.descriptor)  # closing it drops the lock
            self.descriptor = None


def take():
    """A free slot, or None if all are taken."""
    directory = Path(settings.LOCKS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(settings.EXPENSIVE_REQUESTS):
        # A descriptor of its own each time: two holders in one process must exclude each other too.
        descriptor = os.open(directory / f"expensive-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return Slot(descriptor)
    return None


def too_busy():
    return problem_response(
        429,
        f"The server is building as many searches and exports as it can ({settings.EXPENSIVE_REQUESTS} at once); "
        f"try again in {RETRY_AFTER_SECONDS} seconds.",
        "too-busy",
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class Released:
    """A streamed body that gives its slot back when the response is closed,
    sent whole or not (Django closes what has a ``close``)."""

    def __init__(self, chunks, slot):
        self.chunks, self.slot = chunks, slot

    def __iter__(self):
        return iter(self.chunks)

    def close(self):
        self.slot.release()
        getattr(self.chunks, "close", lambda: None)()


def held_until_sent(response, slot):
    """Keep ``slot`` until ``response`` is closed if its body is built as it is
    sent; give it back now if it is built already."""
    if response.streaming:
        response.streaming_content = Released(response.streaming_content, slot)
    else:
        slot.release()
    return response


class ExpensiveRequestMiddleware:
    """Searches take a slot while they are built (inside the response cache:
    a stored answer takes none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.GET.get("q") or not public_content(request):
            return self.get_response(request)
        slot = take()
        if slot is None:
            return too_busy()
        try:
            response = self.get_response(request)
        except BaseException:
            slot.release()
            raise
        return held_until_sent(response, slot)
