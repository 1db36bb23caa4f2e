"""One sweep over every public surface: at fixed instants around an embargo
and a withdrawal, nothing of the hidden review shows — not in lists, counts,
details, search, documents, downloads, changes, feeds, the schema's examples,
the leaflet fragment or error messages; not even through an answer a cache
already holds. And no internal field's value shows anywhere, ever."""

from datetime import timedelta

import pytest
import time_machine

from reviews import services
from tests.factories import NOW, make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db

LIFT = NOW + timedelta(hours=6)
SECRET_TITLE = "Child Zeta"  # the pseudonym: the review's most identifying words
# Its words: the pseudonym, its summary, its theme, its slug. A surface asked
# *about* the slug (?review=child-zeta) may echo the client's own words back.
SECRET_WORDS = ("Zeta", "Quokka", "quokka care", "child-zeta")
INTERNAL = ("INTERNAL-WITHDRAWAL-REASON-7731", "INTERNAL-EDITOR-NOTE-4410")


def surfaces(hidden_document_id):
    return [
        "/api/v1/", "/api/v1/reviews/", "/api/v1/reviews/?status=all", "/api/v1/reviews/?status=archived",
        "/api/v1/reviews/?q=quokka&status=all", "/api/v1/reviews/?theme=quokka-care&status=all",
        "/api/v1/reviews/child-zeta/", "/api/v1/documents/?status=all", f"/api/v1/documents/{hidden_document_id}/",
        f"/api/v1/documents/{hidden_document_id}/download", "/api/v1/documents/?review=child-zeta&status=all",
        "/api/v1/changes/", "/api/v1/changes/?since=0", "/feeds/publications.atom", "/feeds/publications.rss",
        "/feeds/publications.atom?review=child-zeta", "/api/v1/leaflets/", "/api/v1/leaflets/parents/?format=html",
        "/api/v1/contacts/", "/api/schema/", "/api/v1/reviews/child-zeta/?status=all", "/api/v1/nothing/",
    ]  # fmt: skip


@pytest.fixture
def world(board):
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        make_review(slug="visible", title="Child Visible", summary="A public review.")
        make_leaflet(slug="parents")
        hidden = make_review(
            slug="child-zeta", title=SECRET_TITLE, summary="Quokka summary.", published_at=LIFT,
            themes=["quokka care"], withdrawal_reason=INTERNAL[0], editor_notes=INTERNAL[1],
        )  # fmt: skip
        document = make_document(hidden, title="Zeta report")
    return hidden, document


def sweep(client, document_id):
    """Every surface's body and headers, as one text per surface."""
    seen = {}
    for path in surfaces(document_id):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[path] = body.decode("utf-8", "replace") + str(sorted(response.headers.items()))
    return seen


def leaks(seen, words):
    found = {}
    for path, text in seen.items():
        hits = [word for word in words if word in text and word not in path]
        if hits:
            found[path] = hits
    return found


def test_embargoed_review_is_invisible_until_the_second_it_lifts(client, world):
    hidden, document = world
    with time_machine.travel(LIFT - timedelta(seconds=1), tick=False):
        sweep(client, document.pk)  # fill every cache there is
        assert leaks(sweep(client, document.pk), SECRET_WORDS) == {}
    with time_machine.travel(LIFT, tick=False):
        seen = sweep(client, document.pk)
    assert "child-zeta" in seen["/api/v1/reviews/"] and SECRET_TITLE in seen["/feeds/publications.atom"]


def test_withdrawn_review_vanishes_everywhere_at_once(client, world):
    hidden, document = world
    with time_machine.travel(LIFT + timedelta(hours=1), tick=False):
        before = sweep(client, document.pk)  # cached answers that show it
        assert SECRET_TITLE in before["/api/v1/reviews/child-zeta/"]
        hidden.refresh_from_db()
        services.withdraw(hidden, INTERNAL[0])
        after = sweep(client, document.pk)
    # Only the changes log names its slug, in the tombstone partners need (id and time only);
    # the Atom tombstone carries the tag id alone.
    assert leaks(after, SECRET_WORDS) == {
        "/api/v1/changes/": ["child-zeta"], "/api/v1/changes/?since=0": ["child-zeta"],
    }  # fmt: skip
    for text in after.values():
        assert SECRET_TITLE not in text and "Quokka" not in text and "Zeta report" not in text


def test_no_internal_field_value_appears_anywhere(client, world):
    hidden, document = world
    for moment in (LIFT - timedelta(seconds=1), LIFT, LIFT + timedelta(days=400)):
        with time_machine.travel(moment, tick=False):
            assert leaks(sweep(client, document.pk), INTERNAL) == {}
