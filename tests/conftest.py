import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client

from reviews.changelog import changes, versions
from reviews.changelog.version_watch import watch
from tests.factories import NOW, make_board


def pytest_collection_modifyitems(items):
    """A test on pytest-django's live server belongs to the system tier: say so
    if one is not marked, rather than slow the fast tier down unnoticed."""
    unmarked = [
        item.nodeid
        for item in items
        if "live_server" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("system")
    ]
    if unmarked:
        raise pytest.UsageError("Mark these @pytest.mark.system (they use live_server):\n" + "\n".join(unmarked))


@pytest.fixture(scope="session", autouse=True)
def no_listener_left_on_the_test_database(django_db_setup):
    """The process's PostgreSQL listener (``reviews.changelog.version_watch``) is a session on
    the test database: it must end before the database is dropped."""
    yield
    watch.close()


@pytest.fixture(autouse=True)
def isolated_storage_and_cache(settings, tmp_path):
    """Each test gets its own document storage and an empty cache; static
    files come from the apps, so no collectstatic is needed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOCKS_DIR = tmp_path / "locks"
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    versions.forget()
    yield
    cache.clear()
    versions.forget()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def api():
    """An anonymous partner, as a test client that speaks JSON."""
    return PartnerClient(HTTP_ACCEPT="application/json")


@pytest.fixture
def client():
    """pytest-django's client, with the worker running (``PartnerClient``)."""
    return PartnerClient()


class PartnerClient(Client):
    """A partner's client in a deployment with the worker running: the tests
    write through factories, ``update()`` and raw SQL (bypassing the decision
    services, as scripts do), and the worker's pass (``changes.catch_up``) runs
    between those writes and each request, as it would within its bound. The
    read itself never writes: ``tests/test_reads_never_write.py``."""

    def request(self, **request):
        log = connection.queries_log
        before = len(log)
        changes.catch_up()
        while len(log) > before:  # the worker's queries are not the request's (tests count those)
            log.pop()
        return super().request(**request)


@pytest.fixture
def board(db):
    return make_board()


@pytest.fixture
def frozen_clock():
    """The clock stopped at NOW, so tests can name instants to the second."""
    with time_machine.travel(NOW, tick=False):
        yield
