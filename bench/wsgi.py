"""The application as production runs it, with the harness's own URLconf
(the API plus the reference views) in front. Only the benchmark imports this."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
django.setup()
settings.ROOT_URLCONF = "bench.urls"
settings.MIDDLEWARE = [*settings.MIDDLEWARE, "bench.references.ViewReached"]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
