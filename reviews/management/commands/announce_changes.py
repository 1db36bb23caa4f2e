from django.core.management.base import BaseCommand

from reviews import changes


class Command(BaseCommand):
    help = (
        "Bring the changes log up to date (every write, and every embargo lifting or window closing that has "
        "come due), and forget changes older than CHANGES_RETENTION_DAYS. Run it from cron every minute; "
        "every public read also reconciles on demand. Reviews rendered for the lists by other code or settings "
        "(after an upgrade) are rendered again, a few thousand a run."
    )

    def handle(self, *args, **options):
        announced = changes.reconcile()
        pruned = changes.prune()
        rendered = changes.represent()
        self.stderr.write(
            f"Announced {announced} change(s); forgot {pruned} old one(s); rendered {rendered} review(s)."
        )
