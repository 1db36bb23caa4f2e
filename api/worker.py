"""The worker: the one process that keeps time.

Each pass, every ``WORKER_INTERVAL`` seconds:

- brings the changes log up to date after writes that bypassed the decision
  services (``update()``, raw SQL) and after boundaries nobody saved (an
  embargo lifting, a window closing, a tombstone expiring): ``catch_up``;
- renders again the stored list renderings that a write dropped;
- fans new changes out to webhook endpoints, recovers lost attempts and runs
  the deliveries due (django-tasks' database backend, in this process);
- tells the WebSub hub when the log moved;
- forgets changes older than the retention period, once an hour.

A public read never does any of this. A failing step is logged and the
others go on: one bad row must not stop embargoes lifting.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from api.v1 import representations
from feeds import websub
from reviews.changelog import changes
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
        self.tasks = TaskRunner(queue_names=["*"], interval=0, batch=True, backend_name="default",
                                startup_delay=False, max_tasks=TASKS_PER_PASS, worker_id="worker",
                                excluded_queue_names=[])  # fmt: skip

    def steps(self, now):
        yield "changes log", lambda: changes.catch_up(now)
        yield "list renderings", lambda: representations.render_missing(now)
        yield "webhooks", lambda: (delivery.fan_out(now), delivery.recover(now))
        yield "webhook deliveries", self.run_tasks
        yield "WebSub", lambda: websub.notify_if_changed(now)
        if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
            yield "pruning", lambda: changes.prune(now)
            self.pruned_at = now

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

    def run(self):
        log.info("worker: a pass every %s s", self.interval)
        while not self.stopped.is_set():
            started = time.monotonic()
            close_old_connections()  # as a request would: a broken connection is replaced
            self.run_once()
            self.stopped.wait(max(0.0, self.interval - (time.monotonic() - started)))
