"""HTTP behaviour partners rely on: CORS, rate limits, compression, errors, the index."""

import gzip

import pytest

from tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_public_reads_allow_any_origin_without_credentials(api, board):
    response = api.get("/api/v1/reviews/", HTTP_ORIGIN="https://www.nhs.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_is_answered(api):
    response = api.options(
        "/api/v1/reviews/", HTTP_ORIGIN="https://school.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_admin_is_not_opened_to_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN="https://x.example")


def test_anonymous_clients_are_rate_limited_with_retry_after(api, board, settings):
    settings.API_ANON_RATE = "3/minute"
    statuses = [api.get("/api/v1/reviews/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get("/api/v1/reviews/")
    assert limited["Content-Type"] == "application/problem+json"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["type"].endswith("/api/problems/rate-limited")


def test_json_is_compressed_when_asked(api, board):
    for index in range(30):
        make_review(slug=f"r{index}")
    response = api.get("/api/v1/reviews/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b'"count":30' in gzip.decompress(response.content)
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize(
    "method, path, accept, status",
    [
        ("get", "/api/v1/nothing-here/", "application/json", 404),
        ("get", "/api/v1/reviews/nobody/", "application/json", 404),
        ("post", "/api/v1/reviews/", "application/json", 405),
        ("delete", "/api/v1/reviews/pip/", "application/json", 405),
        ("put", "/api/v1/documents/1/download", "application/json", 405),
        ("get", "/api/v1/themes/", "image/png", 406),
        ("get", "/api/v1/reviews/", "application/xml", 406),
        ("get", "/feeds/nothing-here", "application/json", 404),
    ],
)
def test_every_error_is_a_problem_document(client, board, method, path, accept, status):
    make_review(slug="pip")
    response = getattr(client, method)(path, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    assert "Traceback" not in response.content.decode()


def test_405_names_the_allowed_methods(api, board):
    response = api.post("/api/v1/reviews/")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_is_answered_like_get_without_a_body(api, board):
    response = api.head("/api/v1/reviews/")
    assert response.status_code == 200 and response.content == b"" and response["ETag"]


def test_index_links_everything(api, board):
    response = api.get("/api/v1/")
    body = response.json()
    assert body["reviews"] == "http://testserver/api/v1/reviews/"
    assert body["documents"] == "http://testserver/api/v1/documents/"
    assert body["leaflets"] == "http://testserver/api/v1/leaflets/"
    assert body["contacts"] == "http://testserver/api/v1/contacts/"
    assert body["feeds"] == {
        "atom": "http://testserver/feeds/publications.atom",
        "rss": "http://testserver/feeds/publications.rss",
        "json": "http://testserver/feeds/publications.json",
    }
    assert body["board"]["availability_months"] == 6
    assert body["board"]["archive_contact"]["name"] == "Safeguarding Unit"
    assert 'rel="alternate"; type="application/atom+xml"' in response["Link"]


def test_review_list_links_to_the_feed_with_the_same_filters(api, board):
    make_review(themes=["eating disorders"])
    response = api.get("/api/v1/reviews/?theme=eating-disorders&type=serious_case_review&status=all")
    assert (
        "<http://testserver/feeds/publications.atom?theme=eating-disorders&type=serious_case_review>; "
        'rel="alternate"; type="application/atom+xml"'
    ) in response["Link"]
