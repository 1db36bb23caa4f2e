"""What every public surface asks first: the content version and the
schedule, with the changes log brought up to date.

Whenever content was written (by anyone, however: ``reviews.invalidation``)
or a scheduled boundary passed since the log was last reconciled, it is
reconciled before the answer is built, so no reader sees a write that the
changes log and ``updated_at`` do not yet reflect.
"""

from django.utils import timezone

from reviews import changes, versions
from reviews.version_watch import watch

Scope = versions.Scope


def current(now=None):
    """(counters, schedule) for a request at ``now``."""
    now = now or timezone.now()
    counters = watch.counters(versions.versions)  # no round trip unless they moved (PostgreSQL)
    schedule = versions.schedule(now, counters[Scope.CONTENT])
    if counters[Scope.CONTENT] != counters[Scope.RECONCILED] or versions.sweep_due(counters, now, schedule):
        changes.reconcile(now)
        counters = versions.versions()
        schedule = versions.schedule(now, counters[Scope.CONTENT])
    return counters, schedule
