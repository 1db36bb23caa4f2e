"""The content version and the publication schedule: the cheap inputs of
every cached answer.

``content`` moves on every write to any content table (database triggers,
``reviews.database.invalidation``); the schedule's ``epoch`` moves when a scheduled
boundary passes (an embargo lifting, a window closing, a document's own
publication time). A cache keyed on both can never outlive what it shows.

Public surfaces read both through ``current``, which never writes: the
version moves in the writer's own transaction, the schedule is computed from
the rows, so an answer keyed on them is right the moment a write commits.
Keeping the changes log up to date is the worker's (``changes.catch_up``).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from reviews.changelog.version_watch import watch
from reviews.models import Change, ContentVersion, Document, Leaflet, Review
from reviews.publication import boundaries

Scope = ContentVersion.Scope
MODELS = {"review": Review, "document": Document, "leaflet": Leaflet}
SCHEDULED = {**MODELS, "change": Change}  # a tombstone's end is a take-down's moment in the log, plus its days

_VERSIONS_SQL = f"SELECT scope, version FROM {ContentVersion._meta.db_table}"
_SCOPES = tuple(Scope.values)  # Django's ``Choices.values`` builds its list again on every read


def versions():
    """Every counter, in one query (plain SQL: it runs on every request)."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL)
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, 0) for scope in _SCOPES}


def to_micros(moment):
    return round(moment.timestamp() * 1_000_000)


def from_micros(micros):
    return datetime.fromtimestamp(micros / 1_000_000, tz=UTC)


@dataclass(frozen=True)
class Schedule:
    last_passed: datetime | None  # the last boundary passed
    next_change: datetime | None  # the next boundary, for cache lifetimes

    @property
    def epoch(self):
        """Changes exactly when a boundary passes."""
        return self.last_passed.isoformat() if self.last_passed else "-"


def _compute_schedule(now):
    passed, upcoming = [], []
    for model, column, rows, later in boundaries():
        # Two index seeks each (newest passed, soonest upcoming), not a scan:
        # this runs after every write, and the archive may be large.
        moments = SCHEDULED[model].objects.filter(**rows).order_by().values_list(column, flat=True)
        seen = now - later  # the boundary is ``later`` after the column's moment
        newest = moments.filter(**{f"{column}__lte": seen}).order_by(f"-{column}").first()
        soonest = moments.filter(**{f"{column}__gt": seen}).order_by(column).first()
        passed.append(newest + later if newest else None)
        upcoming.append(soonest + later if soonest else None)
    last = max((moment for moment in passed if moment), default=None)
    following = min((moment for moment in upcoming if moment), default=None)
    return Schedule(last_passed=last, next_change=following)


# The last schedule this process computed: (content version, computed at, Schedule).
_memo = [None]


def forget():
    """Drop the remembered schedule and counters (tests that start a new database use it)."""
    _memo[0] = None
    watch.forget()


def schedule(now=None, content_version=None):
    """The schedule at ``now``, computed once per content version and boundary
    and then reused until the next boundary. A schedule depends only on the
    content (named by its version) and the time, so a process may keep it."""
    now = now or timezone.now()
    if content_version is None:
        content_version = versions()[Scope.CONTENT]
    memo = _memo[0]
    if memo is not None:
        version, computed_at, result = memo
        if (
            version == content_version
            and computed_at <= now
            and (result.next_change is None or now < result.next_change)
        ):
            return result
    result = _compute_schedule(now)
    _memo[0] = (content_version, now, result)
    return result


def sweep_due(counters, now, current_schedule):
    """Whether a boundary lies between the last sweep and ``now`` (in either
    direction: a clock set back must undo what it crossed)."""
    swept = from_micros(counters[Scope.SWEPT])
    last, following = current_schedule.last_passed, current_schedule.next_change
    if now >= swept:
        return last is not None and last > swept
    return following is not None and following <= swept


def current(now=None):
    """(counters, schedule) for a request at ``now``: what every public surface asks first."""
    now = now or timezone.now()
    counters = watch.counters(versions)  # no round trip unless they moved (PostgreSQL)
    return counters, schedule(now, counters[Scope.CONTENT])
