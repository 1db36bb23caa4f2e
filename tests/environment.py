"""Environment for the test suite, loaded as a pytest plugin (-p) so that it
runs before pytest-django reads the settings.

Tests run with production settings (debug off) except for the HTTPS redirect,
so what they check is what partners get.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "k" * 40)
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PUBLIC_BASE_URL", "http://testserver")

# Parallel workers share one Redis server: give each its own database so that
# one worker clearing its cache never empties another's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
if os.environ.get("REDIS_URL") and _worker.startswith("gw"):
    _base = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = f"{_base}/{1 + int(_worker[2:]) % 15}"
