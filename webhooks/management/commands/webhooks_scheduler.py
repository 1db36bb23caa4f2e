import time

from django.core.management.base import BaseCommand

from webhooks.delivery import schedule_pass


class Command(BaseCommand):
    help = (
        "Bring the changes log up to date, queue a webhook delivery for each new change each endpoint wants, and "
        "queue again any attempt a lease overdue. Once, or with --every N, every N seconds (run it as a service "
        "beside `manage.py db_worker`, which makes the deliveries)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Seconds between rounds; 0 (default): once.")

    def handle(self, *args, every=0, **options):
        while True:
            made, recovered = schedule_pass()
            if made or recovered:
                self.stderr.write(f"Queued {made} new delivery(ies); recovered {recovered}.")
            if not every:
                return
            time.sleep(every)
