"""On Redis, a repeated answer costs one round trip: its request is counted
against the rate limit and its stored answer read in one pipeline
(``api.http.cache.count_and_get``). Django's add and incr took three, and the
read a fourth. Measured at the socket: a relay between the API and a real
Redis counts what the API sends and waits for."""

import os
import socket
import threading
from urllib.parse import urlparse

import pytest
from django.core.cache import caches

from api.http.cache import count_and_get
from tests.factories import make_review

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.skipif(not REDIS_URL.startswith("redis://"), reason="needs a Redis (REDIS_URL)"),
    pytest.mark.django_db,
]


class Relay:
    """A TCP relay to Redis that counts the client's sends: each is a round trip,
    as a Redis client sends a command (or a pipeline) and waits for the answer."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.sends = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source, sink, counted):
        try:
            while chunk := source.recv(65536):
                if counted:
                    self.sends += 1
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            sink.close()

    def close(self):
        self.server.close()


@pytest.fixture
def relayed(settings):
    """The cache reached through a relay (its own key prefix: nothing stored by another test)."""
    target = urlparse(REDIS_URL)
    relay = Relay(target.hostname, target.port or 6379)
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{relay.port}{target.path}",
            "KEY_PREFIX": f"relayed-{os.getpid()}-{relay.port}",
        }
    }
    yield relay
    caches["default"].clear()
    relay.close()


def test_a_stored_answer_costs_one_round_trip_to_redis(api, board, relayed):
    make_review(slug="pip")
    for path in ("/api/v1/reviews/", "/feeds/publications.atom"):
        assert api.get(path).status_code == 200  # built, and stored
        relayed.sends = 0
        assert api.get(path).status_code == 200
        assert relayed.sends == 1, f"{path}: {relayed.sends} round trips to Redis"


def test_a_hit_is_counted_and_a_key_read_together(relayed):
    caches["default"].set("answer", ("body", {"ETag": '"x"'}), timeout=30)
    assert count_and_get("hits", 5, "answer") == (1, ("body", {"ETag": '"x"'}))
    assert count_and_get("hits", 5, "nothing-stored") == (2, None)
    assert count_and_get("hits", 5) == (3, None)
    assert 0 < caches["default"].ttl("hits") <= 5  # the window's counter expires
