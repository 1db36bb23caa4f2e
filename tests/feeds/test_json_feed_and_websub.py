"""JSON Feed 1.1 beside Atom and RSS, and WebSub: every feed names its hub and
itself, and the hub is told when the feeds change — including an embargo
lifting that nobody saved — by a real HTTP POST to a receiver on 127.0.0.1."""

import json
import threading
import urllib.parse
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import jsonschema
import pytest
import time_machine
from lxml import etree

from feeds import websub
from reviews import services
from reviews.changelog import changes
from tests.factories import NOW, make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema: what the
# spec requires of a feed, an item, an author, an attachment and a hub, and that
# any other key is an extension ("_"-prefixed). No maintained JSON Feed validator
# is on PyPI or npm; feedparser 6.0 reads only XML feeds.
DATE = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
EXTENSION = {"^_": {"type": "object"}}
JSON_FEED_1_1 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"}, "home_page_url": URL, "feed_url": URL, "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"},
                                                                                "url": URL}}},
        "hubs": {"type": "array", "items": {"type": "object", "required": ["type", "url"],
                                            "properties": {"type": {"type": "string"}, "url": URL}}},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"],
            "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
            "properties": {
                "id": {"type": "string"}, "url": URL, "title": {"type": "string"},
                "content_text": {"type": "string"}, "summary": {"type": "string"},
                "date_published": DATE, "date_modified": DATE, "tags": {"type": "array", "items": {"type": "string"}},
                "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                "attachments": {"type": "array", "items": {
                    "type": "object", "required": ["url", "mime_type"],
                    "properties": {"url": URL, "mime_type": {"type": "string"}, "title": {"type": "string"},
                                   "size_in_bytes": {"type": "integer"}}, "additionalProperties": False}},
            },
            "patternProperties": EXTENSION, "additionalProperties": False}},
    },
    "patternProperties": EXTENSION,
    "additionalProperties": False,
}  # fmt: skip


@pytest.fixture
def content(board, frozen_clock):
    pip = make_review(slug="pip", title="Pip", published_at=NOW - timedelta(days=2), themes=["neglect"])
    make_document(pip, title="Report for Pip")
    make_leaflet(slug="parents", published_at=NOW - timedelta(days=3))
    return pip


def json_feed(client, query=""):
    response = client.get(f"/feeds/publications.json{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return response


def test_the_json_feed_has_the_atom_feeds_entries_as_json_feed_1_1(api, content):
    response = json_feed(api)
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/feeds/publications.json"
    atom = feedparser.parse(api.get("/feeds/publications.atom").content)
    assert [item["id"] for item in feed["items"]] == [entry.id for entry in atom.entries]
    pip = next(item for item in feed["items"] if item["title"].startswith("Pip"))
    assert pip["attachments"][0]["mime_type"] == "application/pdf" and pip["attachments"][0]["size_in_bytes"] > 0
    assert pip["tags"] == ["Serious case review", "neglect"] and pip["content_text"]
    jsonschema.validate(feed, JSON_FEED_1_1, format_checker=jsonschema.FormatChecker())


def test_the_json_feed_takes_the_same_filters_and_validators(api, content):
    only = json.loads(json_feed(api, "?publication=leaflet").content)
    assert [item["id"].rsplit(":", 1)[1].split("/")[0] for item in only["items"]] == ["leaflet"]
    assert api.get("/feeds/publications.json", {"colour": "blue"}).status_code == 400
    first = json_feed(api)
    assert api.get("/feeds/publications.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_withdrawal_leaves_the_json_feed_with_a_tombstone(api, content):
    feed_id = json.loads(json_feed(api).content)["items"][-1]["id"]
    services.withdraw(content, "Court order")
    feed = json.loads(json_feed(api).content)
    assert all(item["id"] != feed_id or "leaflet" in item["id"] for item in feed["items"])
    assert [stone["id"] for stone in feed["_tombstones"]["deleted"]] == [f"tag:{feed_id.split(':')[1]}:review/"
                                                                          f"{content.pk}"]  # fmt: skip
    assert feed["_tombstones"]["about"].startswith("https://www.rfc-editor.org/rfc/rfc6721")


def test_no_hub_is_named_when_none_is_configured(api, content):
    assert "hubs" not in json.loads(json_feed(api).content)
    assert "hub" not in api.get("/feeds/publications.atom").get("Link", "")
    assert websub.notify_if_changed() == 0


HUB = "http://127.0.0.1:9/hub"


def test_every_feed_names_its_hub_and_itself(api, content, settings):
    settings.WEBSUB_HUB_URL = HUB
    atom = etree.fromstring(api.get("/feeds/publications.atom?theme=neglect").content)
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links["hub"] == HUB and links["self"] == "http://testserver/feeds/publications.atom?theme=neglect"
    rss = etree.fromstring(api.get("/feeds/publications.rss").content)
    rss_links = {link.get("rel"): link.get("href") for link in rss.find("channel").findall(f"{ATOM}link")}
    assert rss_links == {"self": "http://testserver/feeds/publications.rss", "hub": HUB}
    assert json.loads(json_feed(api).content)["hubs"] == [{"type": "WebSub", "url": HUB}]
    response = api.get("/feeds/publications.atom?theme=neglect")
    assert (
        response["Link"] == f'<{HUB}>; rel="hub", <http://testserver/feeds/publications.atom?theme=neglect>; rel="self"'
    )
    from tests.readonly import reads_only

    with reads_only():  # naming the hub stores nothing (a topic table grew with every made-up address)
        assert api.get("/feeds/publications.atom?q=made-up-by-anyone").status_code == 200


class Receiver(BaseHTTPRequestHandler):
    """A hub, as far as a publisher can tell: it takes publish notifications."""

    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers["Content-Length"])
        body = urllib.parse.parse_qs(self.rfile.read(length).decode())
        type(self).received.append((self.headers["Content-Type"], body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hub(settings):
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WEBSUB_HUB_URL = f"http://127.0.0.1:{server.server_address[1]}/hub"
    yield Receiver.received
    server.shutdown()


@pytest.mark.system  # a hub served by a thread
def test_the_hub_is_told_when_an_embargo_lifts_with_no_request_in_between(api, board, hub, settings):
    with time_machine.travel(NOW, tick=False) as clock:
        make_review(slug="later", title="Later", published_at=NOW + timedelta(seconds=30))
        api.get("/feeds/publications.atom?publication=review")  # a subscriber's topic, with its filters
        websub.notify_if_changed()
        hub.clear()
        assert websub.notify_if_changed() == 0 and hub == []  # nothing changed: nothing told
        clock.shift(timedelta(seconds=31))  # the embargo lifts; nobody asks the API anything
        assert changes.catch_up() == 1  # the worker's pass: the log first (a publication), then the hub
        api.get("/feeds/publications.atom?q=junk")  # a made-up address is never told
        assert websub.notify_if_changed() == 18
    told = {body["hub.url"][0] for _, body in hub}
    feeds = [f"http://testserver/feeds/publications.{kind}" for kind in ("atom", "rss", "json")]
    filters = ["publication=review", "review=later", "body=stockport-safeguarding-children-board",
               "nation=england", "type=serious_case_review"]  # fmt: skip
    assert told == {*feeds, *(f"{feed}?{query}" for feed in feeds for query in filters)}, told
    assert all(kind == "application/x-www-form-urlencoded" and body["hub.mode"] == ["publish"] for kind, body in hub)


def test_a_hub_that_could_not_be_reached_is_told_again(board, settings, frozen_clock):
    settings.WEBSUB_HUB_URL = "http://127.0.0.1:9/hub"  # the discard port: nothing listens
    make_review(slug="now")
    assert websub.notify_if_changed() == 3
    from reviews.models import ContentVersion

    assert not ContentVersion.objects.filter(scope=websub.NOTIFIED).exists()  # not marked as told


@pytest.mark.system  # the worker's process, a hub served by a thread, an embargo on the clock
@pytest.mark.django_db(transaction=True)
def test_the_worker_tells_the_hub_within_seconds_of_an_embargo_lifting(hub, tmp_path, settings):
    """GIVEN the worker (WORKER_INTERVAL 0.5) running as its own process and a review embargoed
    for three seconds WHEN it lifts, with no request to the API THEN the hub is told
    about the feeds within seconds."""
    import os
    import subprocess
    import sys
    import time

    from tests.helpers import ROOT, wait_for

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DJANGO_DEBUG": "true",
           "WEBSUB_HUB_URL": settings.WEBSUB_HUB_URL, "DOCUMENT_STORAGE_DIR": str(tmp_path / "media")}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    setup = ("from datetime import timedelta; from django.utils import timezone; from reviews.models import Review; "
             "Review.objects.create(slug='later', title='Later', incident='death', summary='s', "
             "published_at=timezone.now() + timedelta(seconds=6))")  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    lifts = time.monotonic() + 6
    service = subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=ROOT, env={**env, "WORKER_INTERVAL": "0.5"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def told():
        return {body["hub.url"][0].rsplit("/", 1)[-1] for _, body in hub}

    try:
        # Before the lift: told once of every feed (nothing was told yet), then of nothing more.
        wait_for(lambda: told() >= {"publications.atom", "publications.rss", "publications.json"},
                 lifts - 1 - time.monotonic(), "the hub told of every feed by the service's first pass")  # fmt: skip
        told_before = len(hub)
        wait_for(lambda: len(hub) > told_before, lifts + 20 - time.monotonic(), "the hub told of the embargo lifting")
        told_at = time.monotonic()
    finally:
        service.terminate()
        service.wait()
    assert len(hub) > told_before, "the hub was never told of the embargo lifting"
    assert lifts - 0.5 <= told_at < lifts + 3  # within the worker's bound of the lift (interval + a pass), not before
    assert told() >= {"publications.atom", "publications.json"}
