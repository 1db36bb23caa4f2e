"""What every public surface asks first: the content version and the schedule.

Reading them never writes. The content version moves in the writer's own
transaction (database triggers, ``reviews.database.invalidation``) and the schedule is
computed from the rows, so an answer keyed on both is right the moment a
write commits. Keeping the changes log up to date is the worker's job
(``reviews.changelog.changes.catch_up``), never a reader's.
"""

from django.utils import timezone

from reviews.changelog import versions
from reviews.changelog.version_watch import watch

Scope = versions.Scope


def current(now=None):
    """(counters, schedule) for a request at ``now``."""
    now = now or timezone.now()
    counters = watch.counters(versions.versions)  # no round trip unless they moved (PostgreSQL)
    return counters, versions.schedule(now, counters[Scope.CONTENT])
