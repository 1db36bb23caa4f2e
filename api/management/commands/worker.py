import signal

from django.core.management.base import BaseCommand

from api.worker import Worker


class Command(BaseCommand):
    help = (
        "Keep time: embargoes lifting, windows closing, tombstones expiring, the changes log caught up after "
        "writes that bypassed the decision services, list renderings, webhook deliveries and WebSub pings. "
        "Run one beside the web server (`dev.py run` starts it); --once makes a single pass."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Make one pass and stop.")

    def handle(self, *args, once=False, **options):
        worker = Worker()
        if once:
            self.stdout.write(repr(worker.run_once()))
            return
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, lambda *_: worker.stopped.set())
        worker.run()
