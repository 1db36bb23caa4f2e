"""GET /api/v1/documents/, /documents/{id}/ and /documents/{id}/download."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils.http import http_date

from reviews.models import Document
from tests.factories import NOW, london, make_document, make_leaflet, make_review, pdf_bytes
from tests.helpers import invalid_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def document(board):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=3))
    return make_document(review, title="Full report", file=ContentFile(pdf_bytes("Pip report"), name="Pip report.pdf"))


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_filters_by_review_kind_and_audience(api, board):
    pip = make_review(slug="pip")
    jaiden = make_review(slug="jaiden")
    make_document(pip, title="Pip report")
    make_document(pip, title="Pip staff summary", kind=Document.Kind.STAFF_SUMMARY, audience="professionals")
    make_document(jaiden, title="Jaiden briefing", kind=Document.Kind.SEVEN_MINUTE_BRIEFING)
    assert sorted(titles(api.get("/api/v1/documents/", {"review": "pip"}))) == ["Pip report", "Pip staff summary"]
    assert titles(api.get("/api/v1/documents/", {"kind": "seven_minute_briefing"})) == ["Jaiden briefing"]
    assert titles(api.get("/api/v1/documents/", {"audience": "professionals"})) == ["Pip staff summary"]
    assert "kind" in invalid_names(api.get("/api/v1/documents/", {"kind": "poster"}))


def test_status_and_window_filters(api, board):
    old = make_review(slug="old", published_at=NOW - timedelta(days=400))
    make_document(old, title="Old report")
    new = make_review(slug="new", published_at=london(2026, 11, 1))
    make_document(new, title="New report")
    make_document(leaflet=make_leaflet(), kind=Document.Kind.LEAFLET, title="Leaflet PDF")
    assert sorted(titles(api.get("/api/v1/documents/"))) == ["Leaflet PDF", "New report"]
    assert titles(api.get("/api/v1/documents/", {"status": "archived"})) == ["Old report"]
    in_november = api.get(
        "/api/v1/documents/", {"status": "all", "published_from": "2026-11-01", "published_to": "2026-11-01"}
    )
    assert titles(in_november) == ["New report"]


def test_detail_links_to_its_download(api, document):
    body = api.get(f"/api/v1/documents/{document.pk}/").json()
    assert body["download_url"] == f"http://testserver/api/v1/documents/{document.pk}/download"
    assert body["sha256"] == hashlib.sha256(pdf_bytes("Pip report")).hexdigest()
    assert body["size_bytes"] == len(pdf_bytes("Pip report")) and body["page_count"] == 1
    assert "uploaded_by" not in body


def test_download_headers(api, document):
    response = api.get(f"/api/v1/documents/{document.pk}/download")
    content = b"".join(response.streaming_content)
    assert content == pdf_bytes("Pip report")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"] == 'inline; filename="Pip report.pdf"'
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert response["Last-Modified"] == http_date(document.updated_at.timestamp())
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Content-Encoding" not in response


def test_non_ascii_filename_uses_rfc_6266(api, board):
    review = make_review()
    document = make_document(review, file=ContentFile(pdf_bytes(), name="Rapport d’examen – été.pdf"))
    disposition = api.get(f"/api/v1/documents/{document.pk}/download")["Content-Disposition"]
    # Stored names keep letters, not punctuation; the ASCII fallback drops accents.
    assert disposition == (
        "inline; filename=\"Rapport d_examen _ ete.pdf\"; filename*=UTF-8''Rapport%20d_examen%20_%20%C3%A9t%C3%A9.pdf"
    )


@pytest.mark.parametrize(
    "range_header, status, expected_range, body_slice",
    [
        ("bytes=0-9", 206, "bytes 0-9/{size}", slice(0, 10)),
        ("bytes=10-", 206, "bytes 10-{last}/{size}", slice(10, None)),
        ("bytes=-5", 206, "bytes {tail}-{last}/{size}", slice(-5, None)),
        ("bytes=0-999999", 206, "bytes 0-{last}/{size}", slice(0, None)),
        ("bytes=0-1,5-6", 200, None, slice(0, None)),  # several ranges: the whole file
        ("items=0-1", 200, None, slice(0, None)),
    ],
)
def test_single_range_requests(api, document, range_header, status, expected_range, body_slice):
    content = pdf_bytes("Pip report")
    size = len(content)
    response = api.get(f"/api/v1/documents/{document.pk}/download", HTTP_RANGE=range_header)
    assert response.status_code == status
    body = b"".join(response.streaming_content)
    assert body == content[body_slice]
    assert response["Content-Length"] == str(len(body))
    if expected_range:
        assert response["Content-Range"] == expected_range.format(size=size, last=size - 1, tail=size - 5)


@pytest.mark.parametrize("range_header", ["bytes=99999-", "bytes=-0", "bytes=20-10"])
def test_unsatisfiable_range_is_416(api, document, range_header):
    response = api.get(f"/api/v1/documents/{document.pk}/download", HTTP_RANGE=range_header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(pdf_bytes('Pip report'))}"
    assert response["Content-Type"] == "application/problem+json"


def test_if_range_with_a_stale_validator_sends_the_whole_file(api, document):
    response = api.get(f"/api/v1/documents/{document.pk}/download", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')
    assert response.status_code == 200


def test_conditional_download_answers_304(api, document):
    first = api.get(f"/api/v1/documents/{document.pk}/download")
    again = api.get(f"/api/v1/documents/{document.pk}/download", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    by_date = api.get(f"/api/v1/documents/{document.pk}/download", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_archived_review_download_is_410_naming_the_safeguarding_unit(api, board):
    review = make_review(slug="pip", published_at=NOW - timedelta(days=400))
    document = make_document(review)
    response = api.get(f"/api/v1/documents/{document.pk}/download")
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["contact"]["name"] == "Safeguarding Unit"
    assert "Safeguarding Unit" in body["detail"]
    assert body["available_until"].startswith(str(review.available_until.year))
    # Its metadata is still listed, without a download link.
    listed = api.get("/api/v1/documents/", {"status": "archived"}).json()["results"]
    assert listed[0]["download_url"] is None


def test_the_window_closes_to_the_second(api, board):
    review = make_review(published_at=NOW - timedelta(days=10))
    document = make_document(review)
    with time_machine.travel(review.available_until - timedelta(seconds=1), tick=False):
        assert api.get(f"/api/v1/documents/{document.pk}/download").status_code == 200
    with time_machine.travel(review.available_until, tick=False):
        assert api.get(f"/api/v1/documents/{document.pk}/download").status_code == 410


def test_a_document_without_a_file_has_no_download(api, board):
    review = make_review()
    document = make_document(review, with_file=False, kind=Document.Kind.CHAIR_STATEMENT, text="Our sympathies.")
    body = api.get(f"/api/v1/documents/{document.pk}/").json()
    assert body["download_url"] is None and body["text"] == "Our sympathies."
    assert api.get(f"/api/v1/documents/{document.pk}/download").status_code == 404


ACCEPTS = ["application/pdf", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
           "application/json", "application/problem+json", "application/octet-stream"]  # fmt: skip


@pytest.mark.parametrize("accept", ACCEPTS)
def test_a_download_answers_whatever_the_client_accepts(client, board, accept):
    """PDF viewers send application/pdf, browsers text/html, generated clients
    what the description declares: all get the file, none a 406."""
    document = make_document(make_review(slug="pip"))
    response = client.get(f"/api/v1/documents/{document.pk}/download", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("accept", ["application/pdf", "application/problem+json"])
def test_a_download_that_fails_is_a_problem_document_whatever_was_accepted(client, board, accept):
    archived = make_review(slug="old", published_at=NOW - timedelta(days=400))
    document = make_document(archived)
    response = client.get(f"/api/v1/documents/{document.pk}/download", HTTP_ACCEPT=accept)
    assert response.status_code == 410 and response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/documents/999999/download", HTTP_ACCEPT=accept).status_code == 404


def test_a_client_that_accepts_only_problem_documents_gets_json(client, board):
    make_review(slug="pip")
    response = client.get("/api/v1/reviews/", HTTP_ACCEPT="application/problem+json")
    assert response.status_code == 200 and response.json()["count"] == 1
    assert client.get("/api/v1/reviews/", HTTP_ACCEPT="image/png").status_code == 406


def test_a_learning_brief_may_come_before_the_report(client, board):
    """The family of documents partnerships publish: a learning brief first, the
    full report added later — each announced, each findable by its kind."""
    review = make_review(slug="child-q")
    make_document(review, kind=Document.Kind.LEARNING_BRIEF, title="Learning brief", with_file=False, text="Early.")
    cursor = client.get("/api/v1/changes/").json()["next"]
    report = make_document(review, kind=Document.Kind.FULL_REPORT, title="Full report")
    told = client.get("/api/v1/changes/", {"since": cursor}).json()["changes"]
    assert ("document_added", str(report.pk)) in [(change["event"], change["id"]) for change in told]
    briefs = client.get("/api/v1/documents/", {"kind": "learning_brief"}).json()["results"]
    assert [(d["title"], d["kind_label"]) for d in briefs] == [("Learning brief", "Learning brief")]
    assert client.get("/feeds/publications.atom", {"kind": "partnership_response"}).status_code == 200
