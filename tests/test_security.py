"""Hardening: headers, the admin's sign-in, uploads and downloads that stay inside storage."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Document
from tests.factories import make_document, make_leaflet, make_review, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/reviews/", "/feeds/publications.atom", "/admin/login/",
                                  "/api/docs/", "/healthz", "/api/v1/nothing/"])  # fmt: skip
def test_security_headers_on_every_response(client, board, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/", "/api/redoc/"])
def test_pages_people_open_have_a_strict_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_leaflet_fragment_may_be_embedded_every_time(client):
    """Twice: the second answer is replayed from the response cache and must
    be as embeddable as the first."""
    make_leaflet(slug="parents")
    for _ in range(2):
        response = client.get("/api/v1/leaflets/parents/?format=html")
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]
        json_response = client.get("/api/v1/leaflets/parents/")
        assert json_response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in json_response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/reviews/",
        "/api/v1/reviews/pip/",
        "/api/v1/leaflets/",
        "/feeds/publications.atom",
        "/api/v1/changes/",
        "/api/v1/reviews/?q=%28",
    ],
)
def test_public_answers_do_not_vary_by_cookie(client, board, path):
    """Shared caches refuse, or keep one copy per visitor of, answers that vary by Cookie."""
    make_review(slug="pip")
    client.cookies["sessionid"] = "a-visitor-of-the-partner-site"
    for _ in range(2):  # built, then replayed from the response cache
        assert "Cookie" not in client.get(path).get("Vary", "")


def test_admin_sign_in_locks_out_after_repeated_failures(client, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    url = reverse("admin:login")
    for _ in range(2):
        response = client.post(url, {"username": "editor", "password": "wrong"})
        assert "Please enter the correct username" in response.content.decode()
    assert client.post(url, {"username": "editor", "password": "wrong"}).status_code == 429  # the limit reached
    locked = client.post(url, {"username": "editor", "password": "the-right-password-123"})
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_cookies_are_secure_and_cors_never_allows_credentials(settings, client):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    response = client.get("/api/v1/", HTTP_ORIGIN="https://evil.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_traversal_filename_is_neither_used_nor_trusted(staff_client, board, settings):
    from tests.reviews.test_admin import review_form

    upload = SimpleUploadedFile("../../../../etc/passwd.pdf", pdf_bytes(), content_type="application/pdf")
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.startswith("documents/") and ".." not in document.file.name
    assert document.original_filename == "passwd.pdf"


@pytest.mark.parametrize("stored_name", ["../../../etc/passwd", "/etc/passwd", "documents/../../secret.pdf"])
def test_downloads_never_leave_document_storage(api, board, stored_name):
    document = make_document(make_review(slug="pip"))
    Document.objects.filter(pk=document.pk).update(file=stored_name)
    response = api.get(f"/api/v1/documents/{document.pk}/download")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_request_id_is_echoed_and_logged_as_json(client, caplog):
    with caplog.at_level(logging.INFO, logger="api.requests"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="partner-req-12345")
        generated = client.get("/healthz")
    assert response["X-Request-ID"] == "partner-req-12345"
    assert len(generated["X-Request-ID"]) == 32
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "api.requests"]
    assert lines[0] == {**lines[0], "request_id": "partner-req-12345", "method": "GET", "path": "/healthz",
                        "status": 200}  # fmt: skip
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"] != "bad id with spaces"


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_every_spelling_of_a_username_counts_towards_its_lockout(client, django_user_model, settings):
    """Failures from different addresses with "editor", "ｅditor" (full-width) and
    "𝐞𝐝𝐢𝐭𝐨𝐫" (mathematical bold) — which all sign in as editor — lock editor out."""
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    url = reverse("admin:login")
    for number, spelling in enumerate(["editor", "ｅditor", "𝐞𝐝𝐢𝐭𝐨𝐫"], start=1):
        client.post(url, {"username": spelling, "password": "wrong"}, REMOTE_ADDR=f"192.0.2.{number}")
    locked = client.post(url, {"username": "editor", "password": "the-right-password-123"}, REMOTE_ADDR="192.0.2.9")
    assert "Too many failed sign-in attempts" in locked.content.decode()
