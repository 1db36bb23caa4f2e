"""GET /api/v1/leaflets/ and /leaflets/{slug}/, as JSON and as an HTML fragment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import services
from tests.factories import make_contact, make_leaflet

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaflet(db):
    leaflet = make_leaflet(
        slug="scr-parents",
        title="Serious Case Review",
        subtitle="Information for parents and carers",
        reference_code="C140",
        date_precision="month",
        published_at=timezone.make_aware(timezone.datetime(2010, 3, 1)),
        publisher="Stockport Metropolitan Borough Council",
        alternative_formats=["large print", "Braille"],
        alternative_formats_note="Please contact 0161 474 4813.",
        sections=[
            ("Introduction", ["First point.", "Second <script>alert(1)</script> point."]),
            ("What happens next?", ["Third point."]),
        ],
    )
    leaflet.contacts.add(
        make_contact(
            name="Performance and Development Manager",
            address="Sanderling Building\nStockport SK3 0RF",
            telephone="01614745974",
            email="eds.admin@stockport.gov.uk",
        )
    )
    return leaflet


def test_structured_json_keeps_sections_and_items_in_order(api, leaflet):
    body = api.get("/api/v1/leaflets/scr-parents/").json()
    assert body["published"] == "2010-03" and body["published_label"] == "March 2010"
    assert body["reference_code"] == "C140"
    assert [s["heading"] for s in body["sections"]] == ["Introduction", "What happens next?"]
    assert body["sections"][0]["items"][0] == "First point."
    assert body["alternative_formats"]["formats"] == ["large print", "Braille"]
    assert body["contacts"][0]["telephone"] == "01614745974"
    assert body["html_url"] == "http://testserver/api/v1/leaflets/scr-parents/?format=html"


@pytest.mark.parametrize(
    "path, how",
    [
        ("/api/v1/leaflets/scr-parents/", {"QUERY_STRING": "format=html"}),
        ("/api/v1/leaflets/scr-parents/fragment/", {}),
        ("/api/v1/leaflets/scr-parents/", {"HTTP_ACCEPT": "text/html"}),  # the page: the fragment inside
    ],
)
def test_html_fragment_is_semantic_and_sanitised(client, leaflet, path, how):
    response = client.get(path, **how)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    page = "HTTP_ACCEPT" in how
    assert ("<h1>Serious Case Review</h1>" if page else "<h2>Serious Case Review</h2>") in html
    assert ("<h2>Introduction</h2>" if page else "<h3>Introduction</h3>") in html and "<li>First point.</li>" in html
    assert html.index("Introduction") < html.index("What happens next?")
    assert "<address>" in html and "Stockport SK3 0RF" in html
    content = html.split("<main", 1)[-1]  # the page's head has its sizing line; the content has no script
    assert "<script" not in content and "style=" not in content
    assert "&lt;script&gt;" in html  # the editor's text is shown, never run
    if "fragment" not in path:
        assert "Accept" in response["Vary"]


def test_html_and_json_have_different_validators(client, leaflet):
    as_json = client.get("/api/v1/leaflets/scr-parents/", HTTP_ACCEPT="application/json")
    as_html = client.get("/api/v1/leaflets/scr-parents/", HTTP_ACCEPT="text/html")
    assert as_json["ETag"] != as_html["ETag"]


def test_errors_are_pages_for_browsers_and_problems_for_programs(client, leaflet):
    response = client.get("/api/v1/leaflets/nothing/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404 and response["Content-Type"] == "text/html; charset=utf-8"
    response = client.get("/api/v1/leaflets/nothing/", HTTP_ACCEPT="application/json, text/html;q=0.5")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_unpublished_leaflet_is_hidden(api, db):
    make_leaflet(slug="next-year", published_at=timezone.now() + timedelta(days=365))
    assert api.get("/api/v1/leaflets/").json()["count"] == 0
    assert api.get("/api/v1/leaflets/next-year/").status_code == 404


@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*", "application/problem+json"])
def test_the_fragment_has_an_address_of_its_own(api, accept):
    make_leaflet(slug="parents")
    response = api.get("/api/v1/leaflets/parents/fragment/", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors *" in response["Content-Security-Policy"] and "X-Frame-Options" not in response
    missing = api.get("/api/v1/leaflets/nobody/fragment/", HTTP_ACCEPT=accept)
    page = accept == "text/html"  # a browser's: the problem as a page
    assert missing.status_code == 404 and missing["Content-Type"].startswith("text/html" if page else "application/")


def test_a_renamed_leaflet_and_its_fragment_answer_301_at_their_old_addresses(api):
    from reviews.models import Leaflet

    leaflet = make_leaflet(slug="for-parents")
    Leaflet.objects.filter(pk=leaflet.pk).update(slug="for-parents-and-carers")
    moved = api.get("/api/v1/leaflets/for-parents/")
    assert moved.status_code == 301 and moved["Location"].endswith("/api/v1/leaflets/for-parents-and-carers/")
    fragment = api.get("/api/v1/leaflets/for-parents/fragment/")
    assert fragment.status_code == 301
    assert fragment["Location"].endswith("/api/v1/leaflets/for-parents-and-carers/fragment/")
    services.withdraw(Leaflet.objects.get(pk=leaflet.pk), "Out of date")
    assert api.get("/api/v1/leaflets/for-parents/").status_code == 404
