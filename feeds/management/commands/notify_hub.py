import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from feeds import websub


class Command(BaseCommand):
    help = (
        "Tell the WebSub hub (WEBSUB_HUB_URL) about every feed topic when the feeds' content changed — edits, "
        "withdrawals, and embargoes lifting or windows closing that nobody saved. Once, or with --every N, "
        "every N seconds until stopped (run it as a service beside gunicorn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Seconds between checks; 0 (default): once.")

    def handle(self, *args, every=0, **options):
        if not settings.WEBSUB_HUB_URL:
            raise CommandError("WEBSUB_HUB_URL is not set: there is no hub to notify.")
        while True:
            told = websub.notify_if_changed()
            if told:
                self.stderr.write(f"Told the hub about {told} feed(s).")
            if not every:
                return
            time.sleep(every)
