"""Django's Redis cache, made to degrade instead of fail.

The cache only ever saves work: when Redis cannot be reached, reads miss,
writes are dropped and the API answers from the database. A warning is logged
(at most once a minute per process) so operators notice.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_last_warning = [0.0]


def _warn(error):
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("Redis is unreachable; answering without the cache: %s", error)


class ReusedClients(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every operation, and redis-py fills
    a table of some 170 reply handlers for each: 0.18 ms, three times for a
    cached answer (the rate limit's add and incr, the answer's get). In-process
    on PostgreSQL + Redis, a repeated list took 1.38-1.45 ms so, and 1.25 ms with
    one client. A client over a pool is safe to share between threads, and the
    pool reconnects after a fork.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def count_and_get(self, counter, seconds, key=None):
        """One round trip (a pipeline): count a hit on ``counter``, kept for
        ``seconds``, and read ``key``. Django's add and incr took three (SET NX,
        EXISTS, INCRBY) and a read a fourth. Returns (hits, value or None)."""
        counted = self.make_and_validate_key(counter)
        pipeline = self._cache.get_client(counted, write=True).pipeline(transaction=False)
        pipeline.incr(counted)
        pipeline.expire(counted, seconds)  # again at every hit: a window's key is never used after it
        if key is not None:
            pipeline.get(self.make_and_validate_key(key))
        try:
            hits, _, *read = pipeline.execute()
        except RedisError as error:
            _warn(error)
            return 1, None  # a rate limit fails open, a stored answer is missed
        value = read[0] if read else None
        return hits, None if value is None else self._cache._serializer.loads(value)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn(error)
            return {}

    def set(self, *args, **kwargs):
        try:
            return super().set(*args, **kwargs)
        except RedisError as error:
            _warn(error)

    def add(self, *args, **kwargs):
        try:
            return super().add(*args, **kwargs)
        except RedisError as error:
            _warn(error)
            return True  # as if new: a rate limit fails open rather than refusing everyone

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _warn(error)
            return delta

    def delete(self, *args, **kwargs):
        try:
            return super().delete(*args, **kwargs)
        except RedisError as error:
            _warn(error)
            return False

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            _warn(error)


def count_and_get(counter, seconds, key=None):
    """(hits on ``counter`` counting this one, the value of ``key`` or None):
    in one round trip on Redis, by the cache's own operations on any other."""
    backend = caches["default"]  # (``cache`` is a proxy to it)
    if isinstance(backend, ResilientRedisCache):
        return backend.count_and_get(counter, seconds, key)
    if cache.add(counter, 1, timeout=seconds):
        hits = 1
    else:
        try:
            hits = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=seconds)
            hits = 1
    return hits, None if key is None else cache.get(key)


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
