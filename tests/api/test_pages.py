"""Pages for people: a browser that reaches a review, a document or a leaflet
(from a feed entry, a link, a search engine) gets plain HTML; every other
client still gets JSON."""

import feedparser
import pytest
from lxml import html

from tests.factories import make_document, make_leaflet, make_review

pytestmark = pytest.mark.django_db
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture
def pip(board):
    review = make_review(slug="pip", title="Pip", key_learning=["Joint care plans for eating disorders."],
                         recommendations=["Review the pathway."], themes=["eating disorders"])  # fmt: skip
    make_document(review, title="Full report")
    return review


def page_of(client, path):
    response = client.get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert "Accept" in response["Vary"]
    policy = response["Content-Security-Policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    tree = html.fromstring(response.content)
    assert response.content.startswith(b"<!DOCTYPE html>") and tree.get("lang") == "en-GB"
    # No script runs: the one script element is schema.org data (JSON-LD), which no browser executes.
    assert not tree.xpath("//script[not(@type='application/ld+json')]") and len(tree.xpath("//h1")) == 1
    return tree


def test_a_review_is_a_page_for_a_browser_and_json_for_everyone_else(client, pip):
    tree = page_of(client, "/api/v1/reviews/pip/")
    assert tree.xpath("//h1/text()") == ["Pip"]
    assert "Joint care plans for eating disorders." in tree.xpath("//li/text()")
    download = tree.xpath("//a[text()='Full report']/@href")[0]
    assert download.endswith("/download")
    for accept in ("*/*", "application/json", ""):
        assert client.get("/api/v1/reviews/pip/", HTTP_ACCEPT=accept).json()["title"] == "Pip"
    missing = client.get("/api/v1/reviews/nobody/", HTTP_ACCEPT=BROWSER)
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_a_document_has_a_landing_page(client, pip):
    document = pip.documents.get()
    tree = page_of(client, f"/api/v1/documents/{document.pk}/")
    assert tree.xpath("//h1/text()") == ["Full report"]
    assert tree.xpath("//a[text()='Download the PDF']/@href")[0].endswith(f"/documents/{document.pk}/download")
    assert tree.xpath("//a[text()='pip']/@href")[0].endswith("/api/v1/reviews/pip/")


def test_a_leaflet_is_a_page_that_may_be_framed(client, board):
    make_leaflet(slug="parents", title="For parents and carers")
    response = client.get("/api/v1/leaflets/parents/", HTTP_ACCEPT=BROWSER)
    tree = html.fromstring(response.content)
    assert response.content.startswith(b"<!DOCTYPE html>") and tree.xpath("//h1/text()") == ["For parents and carers"]
    assert "frame-ancestors *" in response["Content-Security-Policy"] and "X-Frame-Options" not in response
    fragment = client.get("/api/v1/leaflets/parents/?format=html")
    assert fragment.content.startswith(b"<article")  # as partners that embed it have always had it


def test_a_feed_entry_leads_a_person_to_a_page(client, pip, settings):
    settings.BOARD_REVIEW_URL_TEMPLATE = ""
    entry = feedparser.parse(client.get("/feeds/publications.atom").content).entries[0]
    path = entry.link.removeprefix("http://testserver")
    assert page_of(client, path).xpath("//h1/text()") == ["Pip"]


def test_the_framed_leaflet_page_runs_only_its_one_line_that_tells_its_height(client, board):
    """The CSP allows exactly the inline script the page carries (by its hash) and
    nothing else; the page reads the same without it."""
    import base64
    import hashlib

    make_leaflet(slug="parents")
    response = client.get("/api/v1/leaflets/parents/", HTTP_ACCEPT=BROWSER)
    scripts = html.fromstring(response.content).xpath("//script[not(@type='application/ld+json')]/text()")
    assert len(scripts) == 1 and "case-review-leaflet-height" in scripts[0] and "fetch" not in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in response["Content-Security-Policy"]
    assert "unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1]
