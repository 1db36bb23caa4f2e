"""PostgreSQL: each process reads the content counters again only when they
moved (``reviews.changelog.version_watch``), and never serves a write's old state for
longer than the notification takes, or CONTENT_VERSION_TRUST_MS at worst."""

import os

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reviews.changelog import versions
from reviews.changelog.version_watch import _noting_writes, own_session
from reviews.changelog.version_watch import watch as process_watch
from reviews.models import ContentVersion
from tests.helpers import wait_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),  # notifications are sent on commit, so the writes must commit
]


def another_session():
    """A writer that is not this process's Django: psql, a maintenance script, another worker."""
    return own_session()


def bump(session):
    session.execute("UPDATE reviews_contentversion SET version = version + 1 WHERE scope = 'content'")


def content(watch):
    return watch.counters(versions.versions)["content"]


def _within(condition, seconds):
    """Whether ``condition()`` comes true within ``seconds`` (asked every millisecond)."""
    try:
        return bool(wait_for(condition, seconds, "the event", interval=0.001))
    except AssertionError:
        return False


def announced_read(watch, seconds=2):
    """Ask until a notification makes the watch read the counters (the event),
    or the deadline passes (it was taken in already)."""

    def read_the_counters():
        with CaptureQueriesContext(connection) as queries:
            content(watch)
        return bool(queries)

    return _within(read_the_counters, seconds)


def seen_within(watch, expected, seconds):
    return _within(lambda: content(watch) == expected, seconds)


@pytest.fixture
def watch(settings):
    settings.CONTENT_VERSION_TRUST_MS = 60_000  # only a notification (or a write of ours) may move them
    ContentVersion.objects.update_or_create(scope="content", defaults={"version": 1})
    process_watch.forget()
    yield process_watch
    process_watch.close()  # the next test listens afresh


def test_unchanged_counters_cost_no_query(watch):
    assert content(watch) == 1
    announced_read(watch)  # the fixture's write is announced too, a little later: let it be taken in
    assert content(watch) == 1
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            assert content(watch) == 1
    assert len(queries) == 0


def test_a_write_by_another_session_is_seen_once_announced(watch):
    assert content(watch) == 1
    with another_session() as session:
        for expected in (2, 3, 4):
            bump(session)
            assert seen_within(watch, expected, 2), "the notification must bring the new counters"


def test_a_write_of_this_process_is_seen_by_the_next_read(watch):
    assert content(watch) == 1
    watch._listener.execute("UNLISTEN *")  # however late its notification would come
    for expected in (2, 3):
        ContentVersion.objects.filter(scope="content").update(version=expected)  # autocommit
        assert content(watch) == expected  # at once: not left to the notification
    with transaction.atomic():
        ContentVersion.objects.filter(scope="content").update(version=10)
    assert content(watch) == 10


def test_inside_a_transaction_its_own_writes_are_read(watch):
    assert content(watch) == 1
    with transaction.atomic():
        ContentVersion.objects.filter(scope="content").update(version=7)
        assert content(watch) == 7  # uncommitted: no other session could have announced it


def test_a_broken_listener_is_noticed_and_replaced(watch):
    assert content(watch) == 1
    with another_session() as session:
        pid = watch._listener.info.backend_pid
        session.execute("SELECT pg_terminate_backend(%s)", [pid])
        gone = lambda: not session.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()  # noqa: E731
        wait_for(gone, 10, "the listener's connection ended", interval=0.001)  # its notifications can no longer come
        bump(session)
        assert content(watch) == 2  # the broken connection is itself a reason to read
        bump(session)
        assert seen_within(watch, 3, 2), "listening again after the break"


def test_a_silent_listener_is_trusted_no_longer_than_the_bound(watch, settings):
    settings.CONTENT_VERSION_TRUST_MS = 200
    assert content(watch) == 1
    watch._listener.execute("UNLISTEN *")  # as if the notifications stopped arriving
    with another_session() as session:
        bump(session)
    assert seen_within(watch, 2, 0.2 + 0.5)  # read again once the 200 ms bound ran out (with a busy machine's slack)


def test_a_forked_process_listens_on_its_own_and_leaves_the_parent_listening(watch):
    assert content(watch) == 1
    listening = watch._listener.info.backend_pid
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports by its exit status
        code = 1
        try:
            with another_session() as own:  # never the parent's sockets
                read = lambda: dict(own.execute("SELECT scope, version FROM reviews_contentversion").fetchall())  # noqa: E731
                ok = watch.counters(read)["content"] == 1 and watch._pid == os.getpid()
                watch._close()  # must not end the parent's session
                code = 0 if ok else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with another_session() as session:
        bump(session)
        assert seen_within(watch, 2, 2)
    assert watch._listener.info.backend_pid == listening, "the parent's session survived the child"


def test_writes_are_noted_once_however_often_the_connection_is_made_again():
    def other(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection.close()
    connection.execute_wrappers.clear()  # as a new thread's connection starts
    with connection.execute_wrapper(other):
        for _ in range(3):
            connection.close()
            connection.ensure_connection()  # (CONN_MAX_AGE makes them again)
    assert connection.execute_wrappers == [_noting_writes]  # once, and the block took only its own away
