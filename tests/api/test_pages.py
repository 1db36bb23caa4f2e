"""Pages for people: a browser that reaches a review, a document or a leaflet
(from a feed entry, a link, a search engine) gets plain HTML; every other
client still gets JSON."""

import feedparser
import pytest
from lxml import html

from tests.factories import NOW, make_document, make_leaflet, make_review

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
    missing = client.get("/api/v1/reviews/nobody/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_a_document_has_a_landing_page(client, pip):
    document = pip.documents.get()
    tree = page_of(client, f"/api/v1/documents/{document.pk}/")
    assert tree.xpath("//h1/text()") == ["Full report"]
    assert tree.xpath("//a[text()='Download the PDF']/@href")[0].endswith(f"/documents/{document.pk}/download")
    assert tree.xpath("//a[text()='Pip']/@href")[0].endswith("/api/v1/reviews/pip/")


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


def test_the_start_page_leads_to_the_reviews_and_their_search(client, pip):
    make_review(slug="later", title="Not yet", published_at=NOW.replace(year=2030))
    tree = page_of(client, "/")
    assert tree.xpath("//h1/text()") == ["Case reviews"]
    assert "holds 1 review they" in tree.text_content()
    assert tree.xpath("//ul/li/a[text()='Pip']/@href")[0].endswith("/api/v1/reviews/pip/")
    assert "Not yet" not in tree.text_content()
    assert tree.xpath("//form[@role='search']/@action") == ["/api/v1/reviews/"]
    assert tree.xpath("//link[@rel='canonical']/@href") == ["http://testserver/"]
    assert tree.xpath("//meta[@name='description']/@content")[0]
    assert client.get("/", HTTP_ACCEPT="application/json").status_code == 200  # one page, whatever is asked


def test_the_reviews_are_a_page_to_browse_and_search_with_filters_as_links(client, pip):
    make_review(slug="jaiden", title="Jaiden", summary="Neglect at home.", themes=["neglect"])
    make_review(slug="later", title="Not yet", published_at=NOW.replace(year=2030), themes=["hidden"])
    tree = page_of(client, "/api/v1/reviews/")
    assert [title for title in tree.xpath("//ol/li/h2/a/text()")] == ["Jaiden", "Pip"]
    themes = tree.xpath("//ul[@aria-labelledby='filter-theme']//a")
    assert [link.text for link in themes] == ["eating disorders (1)", "neglect (1)"]  # never an embargoed review's
    types = tree.xpath("//ul[@aria-labelledby='filter-type']//a/text()")
    assert types == ["Serious case review (2)"]  # a choice that finds nothing is not offered
    narrowed = page_of(client, "/api/v1/reviews/" + themes[1].get("href"))
    assert narrowed.xpath("//ol/li/h2/a/text()") == ["Jaiden"]
    assert narrowed.xpath("//ul[@aria-labelledby='filter-theme']//strong/text()") == ["neglect (1)"]
    found = page_of(client, "/api/v1/reviews/?q=pathway")
    assert found.xpath("//ol/li/h2/a/text()") == ["Pip"] and found.xpath("//input[@name='q']/@value") == ["pathway"]
    assert client.get("/api/v1/reviews/").json()["count"] == 2  # programs still get JSON


def test_people_browse_and_search_archived_reviews_too_and_can_follow_what_they_see(client, pip):
    make_review(slug="old", title="Child N", published_at=NOW.replace(year=2016), themes=["eating disorders"])
    assert client.get("/api/v1/reviews/", {"theme": "eating-disorders"}).json()["count"] == 1  # the API's default
    tree = page_of(client, "/api/v1/reviews/?theme=eating-disorders&lifecycle=archived")
    assert tree.xpath("//ol/li/h2/a/text()") == ["Child N"]
    assert page_of(client, "/api/v1/reviews/?theme=eating-disorders").xpath("//ol/li/h2/a/text()") == ["Pip", "Child N"]
    feed = tree.xpath("//footer//a[starts-with(text(), 'Follow new publications')]/@href")[0]
    assert feed == "/feeds/publications.atom?theme=eating-disorders"  # what the feed takes of the address
    assert client.get(feed).status_code == 200


@pytest.mark.parametrize("path", ["/nowhere", "/api/v1/reviews/nobody/", "/api/v1/nope/"])
def test_an_error_a_browser_reaches_is_a_page_with_the_same_status(client, board, path, settings):
    for debug in (False, True):
        settings.DEBUG = debug
        response = client.get(path, HTTP_ACCEPT=BROWSER)
        assert response.status_code == 404 and response["Content-Type"] == "text/html; charset=utf-8"
        tree = html.fromstring(response.content)
        assert tree.xpath("//h1/text()") == ["Page not found"] and tree.get("lang") == "en-GB"
        assert "Accept" in response["Vary"] and "default-src 'none'" in response["Content-Security-Policy"]
        assert client.get(path).json()["status"] == 404  # programs get the problem document


def test_a_bad_filter_in_a_browser_names_what_was_wrong(client, pip):
    response = client.get("/api/v1/reviews/", {"published_from": "2016-13-01"}, HTTP_ACCEPT=BROWSER)
    tree = html.fromstring(response.content)
    assert response.status_code == 400 and tree.xpath("//li/code/text()") == ["published_from"]


def test_every_problem_type_address_explains_itself(client, pip, settings):
    from api.http.problems import EXPLANATIONS

    for slug in EXPLANATIONS:
        tree = page_of(client, f"/api/problems/{slug}")
        assert tree.xpath("//h1/text()") == [EXPLANATIONS[slug][0]]
    problem = client.get("/api/v1/reviews/", {"page": "x"}).json()
    assert client.get(problem["type"].removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200
    assert client.get("/api/problems/no-such-problem").status_code == 404


def test_a_review_page_says_in_words_how_to_ask_for_an_archived_review_and_when_a_report_is_due(client, board):
    from datetime import date

    from reviews.models import Contact

    unit = Contact.objects.create(slug="unit", name="Safeguarding Unit", telephone="0161 474 5657")
    board.archive_contact = unit
    board.request_url = "https://example.org/ask"
    board.save()
    make_review(slug="old", title="Child N", published_at=NOW.replace(year=2016))
    tree = page_of(client, "/api/v1/reviews/old/?")
    notice = tree.xpath("//div[@class='notice']")[0].text_content()
    assert "available on request" in notice and "contact the Safeguarding Unit, naming this review" in notice
    assert "0161 474 5657" in notice and tree.xpath("//a[text()='ask for them online']/@href") == [board.request_url]
    make_review(slug="due", title="Child Q", publication="deferred", publication_reason="inquest",
                expected_publication=date(2027, 8, 1))  # fmt: skip
    assert "The report is expected in August 2027." in page_of(client, "/api/v1/reviews/due/").text_content()


def test_a_review_page_has_a_description_card_and_canonical_address(client, pip):
    tree = page_of(client, "/api/v1/reviews/pip/")
    assert tree.xpath("//link[@rel='canonical']/@href") == ["http://testserver/api/v1/reviews/pip/"]
    assert tree.xpath("//meta[@property='og:title']/@content") == ["Pip: serious case review"]
    assert tree.xpath("//meta[@name='description']/@content")[0].startswith("Summary of review")
    assert "(PDF, 605\xa0bytes, 1 page)" in tree.xpath("//a[text()='Full report']/..")[0].text_content()


def test_a_council_gets_the_latest_reviews_as_a_fragment_to_embed(client, pip, board):
    from lxml import etree

    make_review(slug="old", title="Child N", published_at=NOW.replace(year=2016))
    make_review(slug="later", title="Not yet", published_at=NOW.replace(year=2030))
    response = client.get("/api/v1/embed/reviews/", {"body": board.slug, "page_size": 1, "heading": 3},
                          HTTP_ACCEPT="application/json")  # fmt: skip
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert response["Access-Control-Allow-Origin"] == "*"
    tree = html.fragment_fromstring(response.content.decode())
    assert tree.get("class") == "case-reviews" and tree.get("lang") == "en-GB"
    assert tree.xpath("h3/text()") == [f"Case reviews published by {board.name}"]
    assert tree.xpath("ol/li/a/text()") == ["Pip"]  # the newest; archived reviews count too
    assert tree.xpath("p[@class='case-reviews-more']/a/text()") == [f"All 2 reviews published by {board.name}"]
    assert tree.xpath("p[@class='case-reviews-more']/a/@href") == [
        f"http://testserver/api/v1/reviews/?body={board.slug}"
    ]
    assert not tree.xpath("//script|//@style|//@onclick") and b"Not yet" not in etree.tostring(tree)
    for wrong in ({"heading": "7"}, {"nation": "france"}, {"limit": "5"}):
        assert client.get("/api/v1/embed/reviews/", wrong).status_code == 400


def test_the_embed_script_is_at_a_stable_address(client, db):
    response = client.get("/embed.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert b'customElements.define("case-reviews"' in response.content and b"/api/v1/embed/reviews/" in response.content


@pytest.mark.parametrize("level, inner", [("2", "h3"), ("4", "h5")])
def test_a_leaflet_fragment_takes_the_heading_level_of_its_place(client, board, level, inner):
    make_leaflet(slug="parents")
    response = client.get("/api/v1/leaflets/parents/fragment/", {"heading": level})
    assert f"<h{level}>".encode() in response.content and f"<{inner}>".encode() in response.content
    assert client.get("/api/v1/leaflets/parents/fragment/", {"heading": "9"}).status_code == 400


def test_a_review_says_how_to_cite_it_and_under_which_licence(client, api, pip, board):
    from reviews.models import Body

    detail = api.get("/api/v1/reviews/pip/").json()
    assert detail["citation"] == (f"{board.name} ({NOW.year}) Pip: serious case review. "
                                  "Available at: http://testserver/api/v1/reviews/pip/")  # fmt: skip
    assert detail["licence"]["code"] == "ogl-3.0" and "open-government-licence" in detail["licence"]["url"]
    tree = page_of(client, "/api/v1/reviews/pip/")
    assert tree.xpath("//a[@rel='license']/text()") == ["Open Government Licence v3.0"]
    Body.objects.filter(pk=board.pk).update(licence="")  # a body that has not said: nothing assumed
    assert api.get("/api/v1/reviews/pip/").json()["licence"] == {"code": "", "name": "Not stated: all rights reserved",
                                                                 "url": None}  # fmt: skip
    assert "has not stated a licence" in page_of(client, "/api/v1/reviews/pip/").text_content()


def test_a_review_page_offers_an_oembed_card_to_sites_given_its_address(client, api, pip, board):
    tree = page_of(client, "/api/v1/reviews/pip/")
    discovery = tree.xpath("//link[@type='application/json+oembed']/@href")[0]
    card = api.get(discovery.removeprefix("http://testserver") + "&maxwidth=400")
    body = card.json()
    assert card.status_code == 200 and body["type"] == "rich" and body["version"] == "1.0" and body["width"] == 400
    snippet = html.fragment_fromstring(body["html"])
    assert snippet.xpath("//a/@href") == ["http://testserver/api/v1/reviews/pip/"] and not snippet.xpath("//script")
    make_review(slug="later", published_at=NOW.replace(year=2030))
    for url, status in (("http://testserver/api/v1/reviews/later/", 404), ("https://elsewhere.example/x", 404)):
        assert api.get("/api/v1/oembed/", {"url": url}).status_code == status  # an embargoed one is unknown
    assert (
        api.get("/api/v1/oembed/", {"url": "http://testserver/api/v1/reviews/pip/", "format": "xml"}).status_code == 400
    )
    assert api.get("/api/v1/oembed/").status_code == 400


def test_a_review_page_may_be_framed_by_the_sites_its_body_lists_and_no_other(client, pip, board):
    from django.core.exceptions import ValidationError

    from reviews.models import Body

    response = client.get("/api/v1/reviews/pip/", HTTP_ACCEPT=BROWSER)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"] and response["X-Frame-Options"] == "DENY"
    board.frame_origins = "https://www.example.gov.uk\nhttps://intranet.example.gov.uk:8443"
    board.full_clean()
    board.save()
    response = client.get("/api/v1/reviews/pip/", HTTP_ACCEPT=BROWSER)
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.example.gov.uk https://intranet.example.gov.uk:8443" in policy
    assert "X-Frame-Options" not in response and "script-src" not in policy
    assert "frame-ancestors 'none'" in client.get("/api/v1/reviews/pip/")["Content-Security-Policy"]  # the JSON
    board.frame_origins = "https://www.example.gov.uk/reviews; script-src *"
    with pytest.raises(ValidationError, match="not a web origin"):
        board.full_clean()
    other = Body.objects.create(slug="other", name="Other board")
    make_review(slug="theirs", body=other)
    assert client.get("/api/v1/reviews/theirs/", HTTP_ACCEPT=BROWSER)["X-Frame-Options"] == "DENY"
