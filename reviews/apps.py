from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self):
        from reviews import audit, checks, lookups, signals  # noqa: F401  (registers the checks, connects the handlers)

        lookups.register()
