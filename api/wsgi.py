import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings are ready only now)
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from reviews.checks import deployment_errors  # noqa: E402

if not settings.DEBUG and (errors := deployment_errors()):
    raise ImproperlyConfigured(" ".join(f"{error.msg} {error.hint}" for error in errors))
