"""Anonymous rate limiting: a fixed-window counter per client address, read
from settings on every request (so deployments, tests and the benchmark can
set it), answering 429 with Retry-After.

DRF's own throttle keeps every request time of the window in one cached
list, whose cost grows with the limit; one counter per window costs the same
at 60 a minute and at 60 million.
"""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from api.http.cache import count_and_get
from api.http.clients import client_address

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


class AnonymousRateThrottle(BaseThrottle):
    def allow_request(self, request, view, also_read=None):
        """Count this request against its client's window; with ``also_read``,
        read that cache key in the same round trip (the response cache's
        stored answer), left in ``self.read``. A request is counted once,
        however many surfaces ask."""
        self.limit, self.period = parse_rate(settings.API_ANON_RATE)
        now = time.time()
        window = int(now // self.period)
        self.window_ends = (window + 1) * self.period
        raw = getattr(request, "_request", request)
        hits = getattr(raw, "_hits", None)
        self.read = None
        if hits is None:
            key = f"throttle:{client_address(request)}:{self.period}:{window}"
            hits, self.read = count_and_get(key, self.period + 1, also_read)
            raw._hits = hits
        return hits <= self.limit

    def wait(self):
        return max(1.0, self.window_ends - time.time())
