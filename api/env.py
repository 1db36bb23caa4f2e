"""Typed readers for settings that come from the environment.

Each reader raises ImproperlyConfigured on a value it cannot understand, so a
typo in a deployment fails at start-up instead of silently meaning something
else.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name, default, minimum=None, maximum=None):
    return _number(name, default, minimum, maximum, int, "a whole number")


def env_float(name, default, minimum=None, maximum=None):
    return _number(name, default, minimum, maximum, float, "a number")


def _number(name, default, minimum, maximum, kind, what):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not {what}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name, default="", schemes=("http", "https")):
    raw = os.environ.get(name, default)
    if not raw:
        return raw
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not (parsed.netloc or parsed.path):
        allowed = ", ".join(schemes)
        raise ImproperlyConfigured(f"{name}={raw!r} is not a URL with a scheme of {allowed}.")
    return raw.rstrip("/") if parsed.scheme in ("http", "https") else raw
