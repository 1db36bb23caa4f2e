from django.core.management.base import BaseCommand

from reviews import changes


class Command(BaseCommand):
    help = (
        "Render every review again for the lists, at once. Reviews are rendered whenever they change, and "
        "announce_changes renders a few thousand a run of those made by other code or settings (after an "
        "upgrade, or a change of PUBLIC_BASE_URL or TIME_ZONE); until then lists build them afresh, correctly "
        "but more slowly."
    )

    def handle(self, *args, **options):
        rendered = changes.represent(every=True)
        self.stderr.write(f"Rendered {rendered} review(s) again.")
