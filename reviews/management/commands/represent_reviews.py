from django.core.management.base import BaseCommand

from reviews import changes


class Command(BaseCommand):
    help = (
        "Render every review again for the lists. Reviews are rendered whenever they change; run this once "
        "after an upgrade or a change of PUBLIC_BASE_URL or TIME_ZONE (until then lists build those reviews "
        "afresh, correctly but more slowly)."
    )

    def handle(self, *args, **options):
        changes.represent_all()
        self.stderr.write("Every review rendered again.")
