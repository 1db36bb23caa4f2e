"""Webhooks for partners: each change of the changes log as a signed, timestamped
JSON POST to the endpoints that want it, retried with backoff, logged, given up
and disabled when persistently refused — made by a real task engine
(django-tasks' database backend, run by the worker) and delivered at least once
even when a worker is killed mid-delivery."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews import services
from reviews.changelog import changes
from tests.factories import NOW, make_body, make_review
from tests.helpers import ROOT, wait_for
from webhooks import delivery, signing
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


class Receiver(BaseHTTPRequestHandler):
    """A partner's receiver on 127.0.0.1: records each POST, answers ``status``
    (or, given a ``hold`` event, holds the first one until it is set, while a worker is killed)."""

    received, status, hold = [], 204, None

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        if type(self).hold is not None and len(type(self).received) == 1:
            type(self).hold.wait(60)
        self.send_response(type(self).status)
        if 300 <= type(self).status < 400:
            self.send_header("Location", "/internal/secret-admin")
        self.end_headers()

    def do_GET(self):  # noqa: N802 — where a followed redirect would land
        type(self).received.append((dict(self.headers), self.path.encode()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    Receiver.received, Receiver.status, Receiver.hold = [], 204, None
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = True
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    if Receiver.hold is not None:
        Receiver.hold.set()  # nothing left held
    server.shutdown()


@pytest.fixture
def engine(django_capture_on_commit_callbacks):
    """The scheduler's pass and what the engine's worker does (run each queued
    attempt that is due), in this process; tasks are queued on commit, which a
    test's transaction only simulates."""
    from django_tasks_db.models import DBTaskResult

    class Engine:
        @staticmethod
        def schedule():
            with django_capture_on_commit_callbacks(execute=True):
                changes.catch_up()  # the worker's pass: the log first, then the fan-out
                return delivery.fan_out(), delivery.recover()

        @staticmethod
        def recover():
            with django_capture_on_commit_callbacks(execute=True):
                return delivery.recover()

        @staticmethod
        def work():
            for result in list(DBTaskResult.objects.ready()):
                result.delete()
                with django_capture_on_commit_callbacks(execute=True):
                    result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])

    return Engine


def test_a_signature_verifies_and_a_tampered_or_replayed_one_does_not():
    body = b'{"event":"published"}'
    headers = signing.headers("s3cret", "id-1", body, now=1_800_000_000)
    assert signing.verify("s3cret", headers, body, now=1_800_000_010)
    assert not signing.verify("s3cret", headers, body + b" ", now=1_800_000_010)  # tampered
    assert not signing.verify("other", headers, body, now=1_800_000_010)  # another secret
    assert not signing.verify("s3cret", headers, body, now=1_800_000_000 + 301)  # replayed later


@pytest.mark.parametrize(
    "malformed",
    [{"Webhook-Signature": "v1=\u00e9" + "0" * 63}, {"Webhook-Signature": None}, {"Webhook-Timestamp": None},
     {"Webhook-Timestamp": "soon"}, {"Webhook-Signature": b"v1=00"}],
)  # fmt: skip
def test_verify_says_false_to_any_malformed_header(malformed):
    """A receiver that copies ``verify`` answers 401, not 500, to a forged request
    (a non-ASCII signature once raised TypeError)."""
    body = b'{"event":"published"}'
    headers = {**signing.headers("s3cret", "id-1", body, now=1_800_000_000), **malformed}
    assert signing.verify("s3cret", headers, body, now=1_800_000_010) is False


# A public address, written as one: registering resolves the host (no connection is made).
PUBLIC = "https://93.184.215.14/hook"


def test_an_endpoint_must_be_https(settings):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    with pytest.raises(ValidationError):
        Endpoint(name="x", url="http://93.184.215.14/hook").full_clean()
    Endpoint(name="x", url=PUBLIC).full_clean()
    with pytest.raises(ValidationError, match="Unknown event"):
        Endpoint(name="x", url=PUBLIC, events=["exploded"]).full_clean()


@pytest.mark.parametrize(
    "url",
    ["https://127.0.0.1:8443/hook", "https://localhost/hook", "https://[::1]/hook", "https://10.0.0.5/hook",
     "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://[::ffff:127.0.0.1]/hook",
     "https://224.0.0.1/hook", "https://0.0.0.0/hook", "https://100.64.0.1/hook", "https://240.0.0.1/hook",
     "https://no-such-host.invalid/hook"],
)  # fmt: skip
def test_an_endpoint_must_be_a_public_address(settings, url):
    """Once, any https:// address was accepted: the worker would POST signed
    changes to the cloud metadata service or to the machine's own services."""
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False
    with pytest.raises(ValidationError, match="must be a public address"):
        Endpoint(name="x", url=url).full_clean()


@pytest.mark.system  # a receiver served by a thread
def test_a_delivery_is_never_made_to_an_address_that_is_not_public(engine, receiver, board, settings):
    """An endpoint whose name resolves to a private address by the time of a
    delivery (DNS rebinding; here one written past the form) is not sent to:
    the delivery fails with the reason, and the receiver hears nothing."""
    endpoint = Endpoint.objects.create(name="Rebound", url=receiver.replace("http://127.0.0.1", "http://localhost"))
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = False  # loopback is now what it is in production: refused
    make_review(slug="pip", title="Pip")
    engine.schedule()
    engine.work()
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.state == Delivery.State.PENDING and delivery.attempts == 1
    assert delivery.last_error.startswith("Not sent: localhost resolves to") and "not a public address" in (
        delivery.last_error
    )
    assert Receiver.received == []


@pytest.mark.system  # a receiver served by a thread
def test_a_redirect_is_an_answer_not_followed(engine, receiver, board):
    """A 302 to an internal address was followed, with the signature headers,
    and recorded as delivered."""
    Receiver.status = 302
    endpoint = Endpoint.objects.create(name="Redirecting", url=receiver)
    make_review(slug="pip", title="Pip")
    engine.schedule()
    engine.work()
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.state, delivery.last_status, delivery.last_error) == (Delivery.State.PENDING, 302, "HTTP 302")
    assert [body[:1] for _, body in Receiver.received] == [b"{"]  # the one POST; nothing went where it pointed


@pytest.mark.system  # a receiver served by a thread
def test_a_publication_reaches_the_receiver_signed_with_its_endpoints_secret(engine, receiver, board, frozen_clock):
    endpoint = Endpoint.objects.create(name="Trust", url=receiver)
    make_review(slug="pip", title="Pip")
    assert engine.schedule() == (1, 0)
    engine.work()
    ((headers, body),) = Receiver.received
    assert signing.verify(endpoint.secret, headers, body, now=time.time())
    sent = json.loads(body)
    import jsonschema

    schema = json.loads((ROOT / "webhooks" / "payload.schema.json").read_text())
    jsonschema.validate(sent, schema, format_checker=jsonschema.FormatChecker())  # as documented
    assert (sent["type"], sent["resource_id"], sent["body"]) == ("review.published", "pip",
                                                                 "stockport-safeguarding-children-board")  # fmt: skip
    assert sent["id"] == headers["Webhook-Id"] and sent["url"].endswith("/api/v1/reviews/pip/")
    made = Delivery.objects.get()
    assert (made.state, made.attempts, made.last_status) == ("delivered", 1, 204)
    assert engine.schedule() == (0, 0)  # nothing new, nothing told twice


@pytest.mark.system  # a receiver served by a thread
def test_an_endpoint_gets_only_what_it_asked_for(engine, receiver, board, frozen_clock):
    wales = make_body("welsh-board", nation="wales")
    welsh_only = Endpoint.objects.create(name="Wales", url=receiver)
    welsh_only.bodies.add(wales)
    reviews_of_neglect = Endpoint.objects.create(name="Neglect", url=receiver, review_types=["practice_review"])
    reviews_of_neglect.themes.add(make_review(slug="tagged", themes=["neglect"]).themes.get())
    Endpoint.objects.create(name="Takedowns", url=receiver, events=["withdrawn"])
    make_review(slug="welsh", body=wales)
    make_review(slug="practice", review_type="practice_review", themes=["neglect"])
    gone = make_review(slug="gone")
    engine.schedule()
    services.withdraw(gone, "Court order")
    engine.schedule()
    told = {(d.endpoint.name, d.payload["resource_id"], d.payload["event"])
            for d in Delivery.objects.select_related("endpoint") if d.payload["resource"] == "review"}  # fmt: skip
    assert {t for t in told if t[0] == "Wales"} == {("Wales", "welsh", "published")}
    assert {t for t in told if t[0] == "Neglect"} == {("Neglect", "practice", "published")}
    assert {t for t in told if t[0] == "Takedowns"} == {("Takedowns", "gone", "withdrawn")}
    gone = next(d for d in Delivery.objects.all() if d.payload["resource_id"] == "gone")
    assert gone.payload["url"] is None  # a tombstone says nothing of the content
    import jsonschema

    schema = json.loads((ROOT / "webhooks" / "payload.schema.json").read_text())
    for made in Delivery.objects.all():
        jsonschema.validate(made.payload, schema)


@pytest.mark.system  # a receiver served by a thread
def test_a_refused_delivery_is_retried_with_backoff_then_given_up_and_the_endpoint_disabled(
    engine, receiver, board, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS, settings.WEBHOOK_RETRY_SECONDS, settings.WEBHOOK_DISABLE_AFTER = 3, 10, 2
    Receiver.status = 500
    endpoint = Endpoint.objects.create(name="Broken", url=receiver)
    with time_machine.travel(NOW, tick=False) as clock:
        make_review(slug="one")
        make_review(slug="two")
        engine.schedule()
        pending = Delivery.objects.filter(payload__resource="review").first()
        for expected_wait in (10, 20):  # doubling from WEBHOOK_RETRY_SECONDS
            engine.work()
            pending.refresh_from_db()
            assert pending.state == "pending" and pending.last_status == 500
            assert pending.next_attempt_at == timezone.now() + timedelta(seconds=expected_wait)
            engine.work()  # not due yet: nothing is attempted
            assert Delivery.objects.get(pk=pending.pk).attempts == pending.attempts
            clock.shift(timedelta(seconds=expected_wait))
        engine.work()
    states = set(Delivery.objects.values_list("state", flat=True))
    assert states == {"failed"}
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "Disabled after 2 deliveries" in endpoint.disabled_reason
    make_review(slug="three")
    assert engine.schedule() == (0, 0)  # a disabled endpoint gets nothing more


@pytest.mark.system  # a receiver served by a thread
def test_an_attempt_a_lease_overdue_is_queued_again_with_the_same_id(engine, receiver, board, settings):
    settings.WEBHOOK_LEASE_SECONDS = 60
    Endpoint.objects.create(name="Trust", url=receiver)
    with time_machine.travel(NOW, tick=False) as clock:
        make_review(slug="pip")
        engine.schedule()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()  # the queued attempt is lost (its worker died)
        clock.shift(timedelta(seconds=30))
        assert engine.recover() == 0  # not yet a lease overdue
        clock.shift(timedelta(seconds=31))
        assert engine.recover() == 1
        engine.work()
    made = Delivery.objects.get()
    assert made.state == "delivered" and Receiver.received[0][0]["Webhook-Id"] == str(made.key)


def manage(*args, env):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


@pytest.mark.system  # the engine's processes, a receiver served by a thread, an embargo on the clock
@pytest.mark.django_db(transaction=True)
def test_an_embargo_lifting_reaches_a_receiver_and_survives_a_worker_killed_mid_delivery(receiver, tmp_path):
    """GIVEN the real worker in its own process, and a
    review embargoed for three seconds WHEN it lifts, with no request to the API,
    and the worker is killed while the receiver holds its POST THEN a new worker
    delivers it again, with the same id, and the log says delivered."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_DEBUG": "true", "WEBHOOKS_ALLOW_LOCAL_HTTP": "true",
           "WEBHOOK_LEASE_SECONDS": "3", "DOCUMENT_STORAGE_DIR": str(tmp_path / "media")}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from reviews.models import Review; from webhooks.models import Endpoint; "
        f"Endpoint.objects.create(name='Trust', url='{receiver}'); "
        "Review.objects.create(slug='later', title='Later', incident='death', summary='s', "
        "published_at=timezone.now() + timedelta(seconds=3))"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    Receiver.hold = threading.Event()  # the first POST is held until its worker has been killed
    env["WORKER_INTERVAL"] = "0.2"
    worker = manage("worker", env=env)
    replacement = None
    try:
        wait_for(lambda: len(Receiver.received) == 1, 30, "the publication reaching the receiver")
        published = time.monotonic()
        worker.send_signal(signal.SIGKILL)  # mid-delivery: the receiver has not answered
        worker.wait()
        Receiver.hold.set()  # its answer now goes to no one
        replacement = manage("worker", env=env)
        wait_for(lambda: len(Receiver.received) >= 2, 30, "the killed delivery being made again")
        assert time.monotonic() - published < 20
    finally:
        for process in (worker, replacement):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:  # never leave a worker polling after the test
                    process.kill()
                    process.wait()
    first, second = Receiver.received[0], Receiver.received[1]
    assert json.loads(first[1])["type"] == "review.published" and json.loads(first[1])["resource_id"] == "later"
    assert first[0]["Webhook-Id"] == second[0]["Webhook-Id"]  # the same delivery: a receiver can ignore the repeat
    check = "from webhooks.models import Delivery; d = Delivery.objects.get(); print(d.state, d.attempts)"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", check], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)  # fmt: skip
    assert result.stdout.split()[-2:] == ["delivered", "1"]


@pytest.mark.system  # a receiver served by a thread
def test_a_retried_change_never_lands_after_a_later_one_of_the_same_review(engine, receiver, board, settings):
    """A flaky receiver: the review's "published" fails, then it is withdrawn.
    The withdrawal waits until the publication has been delivered (it once
    arrived 5 s before the retried publication, and a receiver that checks
    timestamps ended up showing a withdrawn review)."""
    from reviews import services

    settings.WEBHOOK_RETRY_SECONDS = 10
    Endpoint.objects.create(name="Flaky", url=receiver)
    with time_machine.travel(NOW, tick=False) as clock:
        review = make_review(slug="pip")
        engine.schedule()
        Receiver.status = 500
        engine.work()  # "published" refused: retried in 10 s
        Receiver.status = 204
        services.withdraw(review, "Court order")
        engine.schedule()
        engine.work()  # "withdrawn" is due, but waits behind "published"
        assert [json.loads(body)["event"] for _, body in Receiver.received] == ["published"]
        for _ in range(3):
            clock.shift(timedelta(seconds=11))
            engine.schedule()
            engine.work()
    received = [json.loads(body)["event"] for _, body in Receiver.received]
    assert received == ["published", "published", "withdrawn"], received
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}


@pytest.mark.system  # a receiver served by a thread
def test_an_endpoint_told_of_a_review_is_told_of_its_withdrawal_whatever_its_filter_says_now(
    engine, receiver, board, frozen_clock
):
    """Filtered by theme: told "published"; the theme is then removed from the
    review and the review withdrawn. The withdrawal once never reached it."""
    from reviews import services

    review = make_review(slug="tagged", themes=["neglect"])
    endpoint = Endpoint.objects.create(name="Neglect", url=receiver)
    endpoint.themes.add(review.themes.get())
    make_review(slug="other")  # never told: its changes stay filtered out
    engine.schedule()
    engine.work()
    review.themes.clear()
    services.withdraw(review, "Court order")
    engine.schedule()
    engine.work()
    told = [(json.loads(body)["resource_id"], json.loads(body)["event"]) for _, body in Receiver.received]
    assert told == [("tagged", "published"), ("tagged", "withdrawn")], told
