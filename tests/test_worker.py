"""The worker's pass (``api.worker``): with no request at all, an embargo
lifting reaches the changes log and a webhook endpoint's queue, a dropped list
rendering is rendered again, and one failing step does not stop the others."""

from datetime import timedelta

import pytest
import time_machine

from api.v1 import representations
from api.worker import Worker
from reviews.changelog import changes
from reviews.models import Change, Representation
from tests.factories import NOW, make_review
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(settings, board):
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = True
    return Endpoint.objects.create(name="Trust", url="http://127.0.0.1:9/hook")  # never reached: not run here


def test_an_embargo_lifting_reaches_the_log_and_the_webhooks_with_no_request(
    endpoint, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False) as clock:
        make_review(slug="later", published_at=NOW + timedelta(seconds=30))
        worker = Worker()
        worker.steps = lambda now: [step for step in Worker.steps(worker, now) if step[0] != "webhook deliveries"]
        worker.run_once()
        assert not Change.objects.filter(resource_id="later").exists()  # embargoed: nothing told
        clock.shift(timedelta(seconds=31))
        with django_capture_on_commit_callbacks():
            done = worker.run_once()
    assert done["changes log"] == 1
    told = Change.objects.get(resource_id="later")
    assert (told.event, told.effective_at) == ("published", NOW + timedelta(seconds=30))  # dated at its second
    assert Delivery.objects.get(endpoint=endpoint).payload["resource_id"] == "later"


def test_a_dropped_rendering_is_rendered_again(board, frozen_clock):
    review = make_review(slug="pip")
    Worker().run_once()
    assert Representation.objects.filter(review_id=review.pk, key=representations.key()).exists()
    review.title = "Pip, retitled"
    review.save()
    changes.catch_up()  # drops the row it no longer matches
    assert not Representation.objects.filter(review_id=review.pk).exists()
    assert Worker().run_once()["list renderings"] == 1


def test_one_failing_step_does_not_stop_the_others(board, frozen_clock, caplog):
    make_review(slug="pip")
    worker = Worker()

    def broken():
        raise RuntimeError("the hub is on fire")

    worker.steps = lambda now: [("a broken step", broken), *Worker.steps(worker, now)]
    done = worker.run_once()
    assert done["a broken step"] is None and done["changes log"] >= 1  # the log was still caught up
    assert "worker: a broken step failed" in caplog.text
