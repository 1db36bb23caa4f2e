"""The reference mirror client, across a scripted sequence, over real HTTP.

After each step the mirror must equal what the API shows as public: a
withdrawn review left on a partner's page is a safeguarding failure.
"""

import json
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from lxml import etree

from examples.mirror import Mirror
from reviews import services
from reviews.changelog import changes
from reviews.models import Change, Document, Review
from tests.factories import london, make_board, make_document, make_leaflet, make_review

START = london(2026, 11, 23, 9, 0)
LIFT = london(2026, 11, 23, 3, 0) + timedelta(days=1)  # an embargo lifting at 03:00, with nobody at work


def fetch(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"})) as response:
        return json.load(response)


def public_state(api):
    """What the API shows, in the mirror's layout."""
    state = {}

    def pages(url):
        while url:
            page = fetch(url)
            yield from page["results"]
            url = page["next"]

    for review in pages(f"{api}reviews/?status=all"):
        state[f"reviews/{review['slug']}.json"] = fetch(review["url"])
    for document in pages(f"{api}documents/?status=all"):
        state[f"documents/{document['id']}.json"] = document
    for leaflet in pages(f"{api}leaflets/"):
        state[f"leaflets/{leaflet['slug']}.json"] = fetch(leaflet["url"])
    return state


def mirrored(directory):
    return {
        str(path.relative_to(directory)): json.loads(path.read_text()) for path in sorted(directory.rglob("*.json"))
    }


@pytest.mark.system  # pytest-django's live server
@pytest.mark.django_db(transaction=True)
def test_mirror_follows_every_step(live_server, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    api = f"{live_server.url}/api/v1/"
    mirror = Mirror(api, tmp_path / "mirror")

    def in_step(step):
        changes.catch_up()  # the worker's pass after the factories' writes
        mirror.sync()
        assert mirrored(tmp_path / "mirror") == public_state(api), step

    with time_machine.travel(START, tick=False):
        make_board()
        pip = make_review(slug="pip", title="Pip", published_at=START - timedelta(days=2))
        make_document(pip, title="Report for Pip")
        make_leaflet(slug="parents", published_at=START - timedelta(days=300))
        in_step("a fresh mirror copies what is public")

        child_q = make_review(slug="child-q", title="Child Q", published_at=LIFT)
        make_document(child_q, title="Child Q report", published_at=LIFT)
        in_step("an embargoed review is not mirrored")
        assert "child-q" not in json.dumps(fetch(f"{api}changes/?since=0"))

    with time_machine.travel(LIFT, tick=False):
        in_step("the embargo lifts at its second")
        published = Change.objects.get(resource="review", resource_id="child-q", event="published")
        assert published.effective_at == LIFT

    with time_machine.travel(LIFT + timedelta(hours=2), tick=False):
        make_document(child_q, title="7-minute briefing", kind=Document.Kind.SEVEN_MINUTE_BRIEFING)
        in_step("a document added later")
        pip.summary = "Edited summary."
        pip.save()
        in_step("an edit")

    child_q.refresh_from_db()
    with time_machine.travel(child_q.available_until, tick=False):
        in_step("the window closes: archived, no downloads")
        assert mirrored(tmp_path / "mirror")["reviews/child-q.json"]["status"] == "archived"

        pip.refresh_from_db()
        services.withdraw(pip, "Court order")
        in_step("a withdrawal takes it down")
        assert not any("pip" in name for name in mirrored(tmp_path / "mirror"))

        # The feed's tombstones and the changes log agree on what came down.
        atom = etree.fromstring(urllib.request.urlopen(f"{live_server.url}/feeds/publications.atom").read())
        refs = {e.get("ref") for e in atom.iter("{http://purl.org/atompub/tombstones/1.0}deleted-entry")}
        withdrawn = Change.objects.filter(event="withdrawn")
        assert {c.resource_id for c in withdrawn.filter(resource="review")} == {"pip"}
        assert f"tag:{settings.FEED_TAG_AUTHORITY}:review/{pip.pk}" in refs

        Review.objects.get(slug="child-q").delete()
        in_step("a deletion takes it down")
        assert mirrored(tmp_path / "mirror") == {
            "leaflets/parents.json": mirrored(tmp_path / "mirror")["leaflets/parents.json"]
        }
