"""The publication rules, as a partner sees them on every endpoint.

At one second before an embargo lifts the review is absent from lists,
counts, search, detail, documents and downloads; at that second it is
present; a withdrawal removes it at once, even for a client holding an ETag.
"""

from datetime import timedelta

import pytest
import time_machine

from reviews import services
from tests.factories import london, make_document, make_review

pytestmark = pytest.mark.django_db

LIFT = london(2026, 12, 1, 9, 30)
SECOND = timedelta(seconds=1)


@pytest.fixture
def embargoed(board):
    with time_machine.travel(LIFT - timedelta(days=2), tick=False):
        review = make_review(slug="child-q", title="Child Q", summary="Zebrafinch", published_at=LIFT)
        document = make_document(review, title="Child Q report")
    return review, document


def surfaces(api, document):
    """What each public surface says about the review and its document."""
    reviews = api.get("/api/v1/reviews/").json()
    return {
        "list": [item["slug"] for item in reviews["results"]],
        "count": reviews["count"],
        "search": api.get("/api/v1/reviews/", {"q": "zebrafinch", "status": "all"}).json()["count"],
        "detail": api.get("/api/v1/reviews/child-q/").status_code,
        "documents": api.get("/api/v1/documents/").json()["count"],
        "document": api.get(f"/api/v1/documents/{document.pk}/").status_code,
        "download": api.get(f"/api/v1/documents/{document.pk}/download").status_code,
    }


def test_absent_one_second_before_present_at_the_second(api, embargoed):
    _, document = embargoed
    with time_machine.travel(LIFT - SECOND, tick=False):
        assert surfaces(api, document) == {
            "list": [], "count": 0, "search": 0, "detail": 404, "documents": 0, "document": 404, "download": 404,
        }  # fmt: skip
    with time_machine.travel(LIFT, tick=False):
        assert surfaces(api, document) == {
            "list": ["child-q"], "count": 1, "search": 1, "detail": 200, "documents": 1, "document": 200,
            "download": 200,
        }  # fmt: skip


def test_validators_held_before_the_lift_do_not_hide_it_after(api, embargoed):
    with time_machine.travel(LIFT - SECOND, tick=False):
        before = api.get("/api/v1/reviews/")
        assert before.json()["count"] == 0
        assert 0 < int(before["Cache-Control"].split("max-age=")[1]) <= 1
    with time_machine.travel(LIFT, tick=False):
        after = api.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200 and after.json()["count"] == 1


def test_404_for_embargoed_withdrawn_and_unknown_is_identical(api, embargoed):
    review, document = embargoed
    with time_machine.travel(LIFT + SECOND, tick=False):
        withdrawn = make_review(slug="withdrawn", published_at=LIFT - timedelta(days=1))
        withdrawn_document = make_document(withdrawn)
        services.withdraw(withdrawn, "Court order")
    with time_machine.travel(LIFT - SECOND, tick=False):
        answers = [
            api.get(f"/api/v1/documents/{document.pk}/download"),
            api.get(f"/api/v1/documents/{withdrawn_document.pk}/download"),
            api.get("/api/v1/documents/999999/download"),
        ]
        details = [api.get(f"/api/v1/reviews/{slug}/") for slug in ("child-q", "withdrawn", "nobody")]
    for group in (answers, details):
        assert {response.status_code for response in group} == {404}
        assert len({response.content for response in group}) == 1
        assert len({tuple(sorted(response.headers.keys())) for response in group}) == 1


def test_withdrawal_is_immediate_even_for_a_client_holding_an_etag(api, embargoed):
    review, document = embargoed
    with time_machine.travel(LIFT + timedelta(hours=1), tick=False):
        listed = api.get("/api/v1/reviews/")
        detail = api.get("/api/v1/reviews/child-q/")
        assert listed.json()["count"] == 1
        services.withdraw(review, "Court order")
        again = api.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=listed["ETag"])
        assert again.status_code == 200 and again.json()["count"] == 0
        gone = api.get("/api/v1/reviews/child-q/", HTTP_IF_NONE_MATCH=detail["ETag"])
        assert gone.status_code == 404
        assert api.get(f"/api/v1/documents/{document.pk}/download").status_code == 404
        assert api.get("/api/v1/documents/").json()["count"] == 0


def test_embargoed_document_on_public_review_stays_hidden(api, board):
    with time_machine.travel(LIFT - timedelta(days=1), tick=False):
        review = make_review(slug="pip", published_at=LIFT - timedelta(days=1))
        later = make_document(review, title="7-minute briefing", published_at=LIFT)
    with time_machine.travel(LIFT - SECOND, tick=False):
        assert api.get("/api/v1/reviews/pip/").json()["documents"] == []
        assert api.get(f"/api/v1/documents/{later.pk}/download").status_code == 404
    with time_machine.travel(LIFT, tick=False):
        assert [d["title"] for d in api.get("/api/v1/reviews/pip/").json()["documents"]] == ["7-minute briefing"]
