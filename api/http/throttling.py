"""Anonymous rate limiting: a fixed-window counter per client address, read
from settings on every request (so deployments, tests and the benchmark can
set it), answering 429 with Retry-After.

DRF's own throttle keeps every request time of the window in one cached
list, whose cost grows with the limit; one counter per window costs the same
at 60 a minute and at 60 million.
"""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from api.http.clients import client_address

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


class AnonymousRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.limit, self.period = parse_rate(settings.API_ANON_RATE)
        now = time.time()
        window = int(now // self.period)
        self.window_ends = (window + 1) * self.period
        key = f"throttle:{client_address(request)}:{self.period}:{window}"
        if cache.add(key, 1, timeout=self.period + 1):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=self.period + 1)
            return True
        return count <= self.limit

    def wait(self):
        return max(1.0, self.window_ends - time.time())
