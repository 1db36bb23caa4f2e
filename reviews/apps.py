from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self):
        from reviews import (  # noqa: F401  (registers the checks, connects the handlers)
            audit,
            checks,
            lookups,
            signals,
            version_watch,
        )

        lookups.register()
