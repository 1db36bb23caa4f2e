"""Redoc, served whole from this server.

drf-spectacular-sidecar ships Redoc's script, which draws a "Redocly" logo
from a CDN in the docs' sidebar: blocked by our CSP (no other origin), and a
console error in every browser. The script is served here with that one
address replaced by an inline image; everything else is the pinned sidecar's.
"""

import functools
from pathlib import Path

import drf_spectacular_sidecar
from django.http import HttpResponse

SIDECAR_SCRIPT = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar/redoc/bundles"
CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# A plain grey square, the logo's size: nothing is fetched.
LOCAL_LOGO = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16'%3E"
    "%3Crect width='16' height='16' fill='%23999'/%3E%3C/svg%3E"
)


@functools.cache
def _script():
    text = (SIDECAR_SCRIPT / "redoc.standalone.js").read_text(encoding="utf-8")
    if CDN_LOGO not in text:
        raise RuntimeError("Redoc no longer names its CDN logo: review api/http/docs.py for this sidecar.")
    return text.replace(CDN_LOGO, LOCAL_LOGO).encode("utf-8")


def redoc_script(request):
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
