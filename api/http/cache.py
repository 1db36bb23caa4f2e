"""The shared cache: Redis through django-redis, made to degrade instead of fail.

The cache only ever saves work. With ``IGNORE_EXCEPTIONS`` (settings), a read
misses and a write is dropped when Redis cannot be reached, and the API
answers from the database; ``OncePerMinute`` keeps the warning that says so
to one line a minute per process. django-redis keeps one client per server
(Django's own Redis cache made a new one, with its table of some 170 reply
handlers, for every operation: 0.18 ms each).

What django-redis lacks is ``count_and_get``: the rate limit's count and a
stored answer's read in one round trip.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError


class OncePerMinute(logging.Filter):
    """Lets one record through a minute: a Redis that is down would otherwise
    log on every operation of every request."""

    def __init__(self, name=""):
        super().__init__(name)
        self.last = float("-inf")

    def filter(self, record):
        now = time.monotonic()
        if now - self.last < 60:
            return False
        self.last = now
        record.msg, record.args, record.exc_text = "Redis is unreachable; answering without the cache: %s", (
            record.exc_info[1] if record.exc_info else "",), None  # fmt: skip
        record.exc_info = None
        return True


def count_and_get(counter, seconds, key=None):
    """(hits on ``counter`` counting this one, the value of ``key`` or None):
    in one round trip on Redis (a pipeline; Django's add and incr take three,
    SET NX, EXISTS and INCRBY, and a read a fourth), by the cache's own
    operations on any other cache."""
    backend = caches["default"]  # (``cache`` is a proxy to it)
    if isinstance(backend, RedisCache):
        return _pipelined(backend, counter, seconds, key)
    if cache.add(counter, 1, timeout=seconds):
        hits = 1
    else:
        try:
            hits = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=seconds)
            hits = 1
    return hits, None if key is None else cache.get(key)


def _pipelined(backend, counter, seconds, key):
    client = backend.client
    counted = client.make_key(counter)
    try:
        pipeline = client.get_client(write=True).pipeline(transaction=False)
        pipeline.incr(counted)
        pipeline.expire(counted, seconds)  # again at every hit: a window's key is never used after it
        if key is not None:
            pipeline.get(client.make_key(key))
        hits, _, *read = pipeline.execute()
    except (RedisError, ConnectionInterrupted, OSError):
        logging.getLogger("django_redis").warning("count_and_get", exc_info=True)
        return 1, None  # a rate limit fails open, a stored answer is missed
    value = read[0] if read else None
    return hits, None if value is None else client.decode(value)


def counted_per_worker(workers):
    """A warning for a deployment of ``workers`` processes whose cache is each
    process's own memory, or None. Sign-in lockouts are counted in the database
    and are shared whatever the cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if workers <= 1 or not backend.endswith("LocMemCache"):
        return None
    return (
        f"{workers} workers share no cache (REDIS_URL is not set): each counts the API's rate limit on its own, "
        f"so a client may make {workers} times API_ANON_RATE, and each keeps its own cached answers. "
        "Set REDIS_URL to share them."
    )
