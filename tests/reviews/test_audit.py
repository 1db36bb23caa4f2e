"""The audit trail: who changed what, when, kept after a deletion."""

import pytest
from django.urls import reverse

from reviews.models import AuditEntry, Review
from tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_admin_edits_are_recorded_with_who_and_what(staff_client, board):
    review = make_review(slug="pip", title="Pip", summary="Before.")
    staff_client.post(
        reverse("admin:reviews_review_changelist"), {"action": "withdraw", "_selected_action": [review.pk],
                                                     "reason": "Court order"},
    )  # fmt: skip
    entry = AuditEntry.objects.filter(model="review", action="changed").first()
    assert entry.username == "editor" and entry.user == staff_client.user
    assert entry.changes["withdrawal_reason"] == ["", "Court order"]
    assert entry.changes["withdrawn_at"][0] is None and entry.changes["withdrawn_at"][1]


def test_deleting_a_review_keeps_its_history(staff_client, board):
    review = make_review(slug="pip", title="Pip")
    review.summary = "Edited."
    review.save()
    pk = review.pk
    staff_client.post(reverse("admin:reviews_review_delete", args=[pk]), {"post": "yes"})
    assert not Review.objects.filter(pk=pk).exists()
    history = list(AuditEntry.objects.filter(model="review", object_id=str(pk)).order_by("at", "pk"))
    assert [entry.action for entry in history] == ["created", "changed", "deleted"]
    assert history[1].changes == {"summary": [history[0].changes["summary"][1], "Edited."]}
    assert history[2].object_repr == "Pip" and history[2].username == "editor"


def test_staff_can_read_the_trail_but_not_change_it(staff_client, board):
    make_review(slug="pip", title="Pip")
    page = staff_client.get(reverse("admin:reviews_auditentry_changelist"))
    assert page.status_code == 200 and "Pip" in page.content.decode()
    entry = AuditEntry.objects.first()
    assert (
        staff_client.post(reverse("admin:reviews_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
