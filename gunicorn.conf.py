"""gunicorn's settings for this project, read from the working directory
(`dev.py run`, docs/deployment.md). Command-line options override them."""


def when_ready(server):
    """Say at start-up if the workers would count limits each on their own."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
    django.setup()
    from api.http.cache import counted_per_worker

    warning = counted_per_worker(server.cfg.workers)
    if warning:
        server.log.warning(warning)
