"""The worker: the one process that keeps time.

Each pass, every ``WORKER_INTERVAL`` seconds:

- brings the changes log up to date after writes that bypassed the decision
  services (``update()``, raw SQL) and after boundaries nobody saved (an
  embargo lifting, a window closing, a tombstone expiring): ``catch_up``;
- renders again the stored list renderings that a write dropped;
- fans new changes out to webhook endpoints, recovers lost attempts and runs
  the deliveries due (django-tasks' database backend, in this process);
- tells the WebSub hub when the log moved;
- reads the words of new PDFs for search, one at a time in a child process
  with time and memory limits (``reviews.files.extraction``);
- forgets changes older than the retention period, once an hour.

Beside the passes, a thread of its own writes the export files again when
the content or the schedule moved (``api.v1.exports.write_files``): at
10,000 reviews that takes seconds, which the passes must not wait for.

A public read never does any of this. A failing step is logged and the
others go on: one bad row must not stop embargoes lifting.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from api.v1 import exports, representations
from feeds import websub
from reviews import services
from reviews.admin import kept_uploads
from reviews.changelog import changes
from reviews.files.extraction import Extraction
from reviews.models import Document
from webhooks import delivery

log = logging.getLogger("worker")
PRUNE_EVERY = timedelta(hours=1)
# Deliveries run in one pass: no more than these, and none started after
# TASKS_SECONDS, so a queue of them (or a slow endpoint, each attempt cut off at
# WEBHOOK_TIMEOUT_SECONDS) holds the next embargo lifting back by one attempt at most.
TASKS_PER_PASS = 50
TASKS_SECONDS = 1.0


class Worker:
    def __init__(self, interval=None):
        self.interval = settings.WORKER_INTERVAL if interval is None else interval
        self.stopped = threading.Event()
        self.pruned_at = None
        self.extraction = None  # the document whose words a child process is reading
        self.tasks = TaskRunner(queue_names=["*"], interval=0, batch=True, backend_name="default",
                                startup_delay=False, max_tasks=TASKS_PER_PASS, worker_id="worker",
                                excluded_queue_names=[])  # fmt: skip

    def steps(self, now):
        yield "changes log", lambda: changes.catch_up(now)
        yield "list renderings", lambda: representations.render_missing(now)
        yield "webhooks", lambda: (delivery.fan_out(now), delivery.recover(now))
        yield "webhook deliveries", self.run_tasks
        yield "WebSub", lambda: websub.notify_if_changed(now)
        yield "document texts", self.read_texts
        if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
            yield "pruning", lambda: changes.prune(now)
            yield "held uploads", lambda: kept_uploads.remove_expired(now)
            self.pruned_at = now

    def read_texts(self):
        """Keep what the running extraction read, if it has finished, and start the
        next; the pass never waits for one. Returns the document being read."""
        if self.extraction is not None:
            text = self.extraction.result()
            if text is None:
                return self.extraction.document_pk
            services.store_text(self.extraction.document_pk, self.extraction.sha256, text)
            self.extraction = None
        document = (
            Document.objects.filter(text_pending=True).exclude(file="").order_by("pk").only("sha256", "file").first()
        )
        if document is None:
            return None
        self.extraction = Extraction(document.pk, document.sha256, default_storage.path(document.file.name),
                                     settings.TEXT_EXTRACTION_SECONDS, settings.TEXT_EXTRACTION_MEMORY_MB)  # fmt: skip
        return document.pk

    def run_tasks(self):
        """The deliveries due, as ``db_worker`` takes them (claimed under its
        lock, so two workers never run one), up to ``TASKS_PER_PASS``."""
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        deadline = time.monotonic() + TASKS_SECONDS
        for ran in range(TASKS_PER_PASS):
            if time.monotonic() > deadline:
                return ran
            with exclusive_transaction(ready.db):
                task = ready.get_locked()
                if task is None:
                    return ran
                task.claim(self.tasks.worker_id)
            self.tasks.run_task(task)
        return TASKS_PER_PASS

    def run_once(self, now=None):
        """One pass; returns what each step returned (None where it failed)."""
        now = now or timezone.now()
        done = {}
        for name, step in self.steps(now):
            try:
                done[name] = step()
            except Exception:  # one step's failure must not stop the others
                log.exception("worker: %s failed", name)
                done[name] = None
        return done

    def keep_exports(self):
        """Write the export files whenever they are out of date, resting at least
        as long as the last writing took (the files cost at most half a core)."""
        while not self.stopped.is_set():
            started = time.monotonic()
            close_old_connections()
            try:
                exports.write_files()
            except Exception:
                log.exception("worker: the export files failed")
            self.stopped.wait(max(self.interval, time.monotonic() - started))

    def run(self):
        log.info("worker: a pass every %s s", self.interval)
        threading.Thread(target=self.keep_exports, name="exports", daemon=True).start()
        while not self.stopped.is_set():
            started = time.monotonic()
            close_old_connections()  # as a request would: a broken connection is replaced
            self.run_once()
            self.stopped.wait(max(0.0, self.interval - (time.monotonic() - started)))
