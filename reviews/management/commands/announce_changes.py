from django.core.management.base import BaseCommand

from reviews import changes


class Command(BaseCommand):
    help = (
        "Record scheduled changes that have come due (embargoes lifting, windows closing) in the changes "
        "log, and forget changes older than CHANGES_RETENTION_DAYS. Run it from cron every minute; the "
        "changes endpoint also does the first part on demand."
    )

    def handle(self, *args, **options):
        announced = changes.announce_due()
        pruned = changes.prune()
        self.stderr.write(f"Announced {announced} change(s); forgot {pruned} old one(s).")
