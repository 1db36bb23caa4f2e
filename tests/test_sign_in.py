"""The admin's sign-in lockout, as editors and attackers meet it: behind the
documented reverse proxy, across workers, and cleared by another editor."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import ROOT, served
from tests.reviews.test_two_editors_live import Editor
from tests.test_faults import migrate

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # what REMOTE_ADDR is for every client behind the proxy
ATTACKER, EDITOR = "198.51.100.7", "203.0.113.5"


def through_proxy(client_address, forged=""):
    """A request's addresses as one reverse proxy (depth 1) passes it on: the
    proxy appends the address it was reached from to what the client sent."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{forged}, {client_address}" if forged else client_address}


@pytest.fixture
def behind_a_proxy(settings, django_user_model):
    settings.TRUSTED_PROXY_DEPTH = 1
    settings.AXES_FAILURE_LIMIT = 3
    return django_user_model.objects.create_user("alex", password="the-right-password-123", is_staff=True)


def sign_in(client, username, password, **meta):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, **meta)


def test_behind_the_proxy_one_clients_failures_lock_out_that_client_not_every_editor(behind_a_proxy):
    attacker, editor = Client(), Client()
    for number in range(3):  # a different username each time: only the address adds up
        forged = f"192.0.2.{number}"  # whatever the client claims to be, left of the proxy's entry
        sign_in(attacker, f"guess{number}", "wrong", **through_proxy(ATTACKER, forged))
    locked = sign_in(attacker, "alex", "the-right-password-123", **through_proxy(ATTACKER, "192.0.2.99"))
    assert locked.status_code == 429 and "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    signed_in = sign_in(editor, "alex", "the-right-password-123", **through_proxy(EDITOR))
    assert signed_in.status_code == 302 and editor.session["_auth_user_id"] == str(behind_a_proxy.pk)


def test_one_editors_sign_in_never_clears_anothers_failures(behind_a_proxy, django_user_model):
    """Two editors behind one office address: guesses at Blake's password are
    not forgotten because Alex signed in meanwhile (they once were, so a
    guesser with one account could guess forever)."""
    django_user_model.objects.create_user("blake", password="blakes-own-password-456", is_staff=True)
    for _ in range(2):
        assert sign_in(Client(), "blake", "wrong", **through_proxy(EDITOR)).status_code == 200
    assert sign_in(Client(), "alex", "the-right-password-123", **through_proxy(EDITOR)).status_code == 302
    assert sign_in(Client(), "blake", "wrong", **through_proxy(EDITOR)).status_code in (200, 429)
    assert sign_in(Client(), "blake", "blakes-own-password-456", **through_proxy(EDITOR)).status_code == 429


def test_a_sign_in_clears_its_own_failures(behind_a_proxy):
    for _ in range(2):
        sign_in(Client(), "alex", "wrong", **through_proxy(EDITOR))
    assert sign_in(Client(), "alex", "the-right-password-123", **through_proxy(EDITOR)).status_code == 302
    for _ in range(2):  # two more: the count started again at the sign-in
        assert sign_in(Client(), "alex", "wrong", **through_proxy(EDITOR)).status_code == 200
    assert sign_in(Client(), "alex", "the-right-password-123", **through_proxy(EDITOR)).status_code == 302


def test_the_api_rate_limit_counts_clients_by_the_same_setting(behind_a_proxy, settings, board):
    settings.API_ANON_RATE = "2/m"
    api = Client()

    def ask(address, forged=""):
        return api.get("/api/v1/reviews/", **through_proxy(address, forged)).status_code

    assert [ask(ATTACKER, forged=f"192.0.2.{n}") for n in range(3)] == [200, 200, 429]
    assert ask(EDITOR) == 200  # another client behind the same proxy has its own count


def test_staff_see_and_clear_lockouts_in_the_admin(behind_a_proxy, staff_client):
    for _ in range(3):
        sign_in(Client(), "ALEX", "wrong", **through_proxy(ATTACKER))
    assert sign_in(Client(), "alex", "the-right-password-123", **through_proxy(EDITOR)).status_code == 429
    listing = staff_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "alex" in listing.content.decode()
    from axes.models import AccessAttempt

    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    staff_client.post("/admin/axes/accessattempt/",
                      {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})  # fmt: skip
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(), "alex", "the-right-password-123", **through_proxy(EDITOR)).status_code == 302


@pytest.mark.system  # manage.py and gunicorn in their own processes
@pytest.mark.django_db(transaction=True)
def test_workers_share_the_count_and_gunicorn_warns_about_what_they_do_not(tmp_path):
    """Under gunicorn with two workers and no Redis: failures over separate
    connections (served by either worker) lock the username out together, and
    gunicorn's start-up log says the API's rate limit is counted per worker."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    create = (
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('editor', password='the-right-password-123', is_staff=True)"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", create], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"})  # fmt: skip
    log = []
    environment = {"DATABASE_URL": url, "DOCUMENT_STORAGE_DIR": str(tmp_path / "media"), "REDIS_URL": "",
                   "ADMIN_LOGIN_MAX_FAILURES": "3"}  # fmt: skip
    with served(workers=2, log=log, **environment) as base:
        answers = [Editor(base).try_to_sign_in("editor", "wrong")[0] for _ in range(3)]
        assert answers == [200, 200, 429]  # the third failure reaches the limit
        status, page = Editor(base).try_to_sign_in("editor", "the-right-password-123")
        assert status == 429 and "Too many failed sign-in attempts" in page
    assert "2 workers share no cache" in log[0]
    log = []
    with served(workers=1, log=log, **environment):
        pass
    assert "share no cache" not in log[0]
