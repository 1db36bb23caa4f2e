"""``/embed.js``: the ``<case-reviews>`` element a council pastes into its own
pages (``api/v1/case-reviews.js``). Served from a stable address, not as a
hashed static file, so a pasted snippet never goes stale."""

import functools
from pathlib import Path

from django.http import HttpResponse

SCRIPT = Path(__file__).with_name("case-reviews.js")


@functools.cache
def _script():
    return SCRIPT.read_bytes()


def script(request):
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
