from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self):
        # Registers the checks, connects the handlers, starts the version watch.
        from reviews import audit, checks, signals  # noqa: F401
        from reviews.changelog import version_watch  # noqa: F401
        from reviews.database import lookups

        lookups.register()
