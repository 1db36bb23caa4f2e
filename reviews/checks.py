"""Deployment checks of our own, run by `manage.py check --deploy`; the WSGI
application runs the same ones and refuses to start when one fails."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_IS_SET:
        return []
    return [
        Error(
            "DJANGO_SECRET_KEY is not set.",
            hint="Set it to a long random value: python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="reviews.E001",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def static_files_are_collected(app_configs, **kwargs):
    """Without DEBUG, static URLs come from collectstatic's manifest; a missing
    manifest would turn every feed (which names its stylesheet) into a 500."""
    if settings.DEBUG or (settings.STATIC_ROOT / "staticfiles.json").is_file():
        return []
    return [
        Error(
            f"The static files have not been collected into {settings.STATIC_ROOT}.",
            hint="Run: python manage.py collectstatic --no-input (STATIC_FILES_DIR chooses the directory).",
            id="reviews.E002",
        )
    ]


def deployment_errors():
    return secret_key_is_set(None) + static_files_are_collected(None)
