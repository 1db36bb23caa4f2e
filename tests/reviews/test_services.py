"""The decision services record what they decide in their own transaction:
the changes log, the window's end and the public answers are right when they
commit, with no worker's pass in between (read with a plain client)."""

from datetime import timedelta

import pytest
from django.test import Client

from reviews import services
from reviews.changelog import changes
from reviews.models import Change, Review
from reviews.publication import add_months
from tests.factories import NOW, make_document, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(board, frozen_clock):
    """Two public reviews, caught up: the log holds their publication."""
    pip = make_review(slug="pip", published_at=NOW - timedelta(days=2))
    jaiden = make_review(slug="jaiden", published_at=NOW - timedelta(days=3))
    make_document(pip, with_file=False, title="Report")
    changes.catch_up()
    return pip, jaiden


def told_since(seq):
    return [(c.event, c.resource_id) for c in Change.objects.filter(seq__gt=seq).order_by("seq")]


def last_seq():
    return Change.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_a_withdrawal_is_in_the_log_when_it_commits(recorded):
    pip, _ = recorded
    seq = last_seq()
    assert services.withdraw(pip, "Court order") is True
    report = pip.documents.get()
    assert told_since(seq) == [("withdrawn", "pip"), ("withdrawn", str(report.pk))]  # its document with it
    assert Client().get("/api/v1/reviews/pip/").status_code == 404
    assert services.withdraw(pip, "Again") is False  # already withdrawn: nothing more is decided
    assert services.reinstate(pip, "Order lifted") is True
    assert told_since(seq)[-1] == ("published", "pip")


def test_scheduling_a_public_review_for_later_takes_it_down_until_then(recorded):
    pip, _ = recorded
    seq = last_seq()
    services.schedule(pip, NOW + timedelta(days=1))
    assert told_since(seq)[0] == ("withdrawn", "pip")
    assert Client().get("/api/v1/reviews/pip/").status_code == 404


def test_a_rename_is_one_move_naming_the_old_address_and_the_new(recorded):
    from reviews.models import Change

    pip, _ = recorded
    seq = last_seq()
    services.rename(pip, "pip-2017")
    assert told_since(seq) == [("moved", "pip-2017")]
    assert Change.objects.get(seq__gt=seq).previous_id == "pip"
    moved = Client().get("/api/v1/changes/", {"since": str(seq)}).json()["changes"]
    assert [(c["event"], c["id"], c["previous_id"]) for c in moved] == [("moved", "pip-2017", "pip")]
    assert moved[0]["url"].endswith("/api/v1/reviews/pip-2017/")
    assert Client().get("/api/v1/reviews/pip/")["Location"].endswith("/api/v1/reviews/pip-2017/")


def test_moving_a_document_changes_both_reviews(recorded):
    pip, jaiden = recorded
    seq = last_seq()
    services.move_document(pip.documents.get(), review=jaiden)
    assert set(told_since(seq)) >= {("updated", "pip"), ("updated", "jaiden")}


def test_a_new_window_gives_each_review_its_new_end_at_once(recorded):
    pip, _ = recorded
    services.change_window(pip.body, 12)
    assert Review.objects.get(pk=pip.pk).available_until == add_months(pip.published_at, 12)


def test_extending_past_the_supported_years_is_refused_and_changes_nothing(recorded):
    from django.core.exceptions import ValidationError

    pip, _ = recorded
    with pytest.raises(ValidationError):
        services.extend(pip, 12 * 1000)
    assert Review.objects.get(pk=pip.pk).available_until_override is None


def test_a_write_by_any_path_is_dated_when_it_was_made_not_when_the_log_caught_up(board):
    from django.utils import timezone

    review = make_review(slug="pip")
    changes.reconcile()
    before = timezone.now()
    Review.objects.filter(pk=review.pk).update(summary="Changed by a script, with no service.")
    after = timezone.now()
    changes.reconcile(now=after + timedelta(seconds=30))  # the worker, late
    change = Change.objects.latest("seq")
    assert change.event == "updated" and change.recorded_at == after + timedelta(seconds=30)
    assert before - timedelta(milliseconds=2) <= change.effective_at <= after  # the database's clock at the write
