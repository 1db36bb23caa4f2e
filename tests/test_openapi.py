"""The OpenAPI description: in sync with the code, complete, and served
with offline interactive docs."""

import difflib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.test_settings import ROOT, manage

OPENAPI = ROOT / "openapi.yaml"
PROBLEM_CODES = {"400", "404", "406", "429"}
ONE_REPRESENTATION = {"downloadDocument", "getLeafletFragment", "listReviewsFragment", "getOEmbed", "getAtomFeed",
                      "getRssFeed",
                      "getJsonFeed", "exportReviewsJsonl", "exportReviewsCsv"}  # fmt: skip


@pytest.fixture(scope="module")
def schema():
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.system  # manage.py spectacular in its own process
def test_committed_schema_is_what_the_code_generates():
    """Regenerate under the default settings (no environment, as the file was
    made) and fail with a readable diff on any drift."""
    with tempfile.TemporaryDirectory() as directory:
        fresh = Path(directory) / "openapi.yaml"
        result = manage("spectacular", "--validate", "--fail-on-warn", "--file", str(fresh))
        assert result.returncode == 0, result.stderr
        generated, committed = fresh.read_text(), OPENAPI.read_text()
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(True), generated.splitlines(True), "openapi.yaml (committed)", "generated"
        )
    )
    assert not diff, f"openapi.yaml is out of date; run: python manage.py spectacular --file openapi.yaml\n{diff}"


def test_schema_describes_the_product(schema):
    info = schema["info"]
    assert info["title"] == "Case Review Publication API" and info["version"]
    for words in ("Embargo", "Availability window", "Archive", "Withdrawal", "If-None-Match", "429", "problem+json",
                  "Compatibility"):  # fmt: skip
        assert words in info["description"], words
    assert info["contact"]["name"] and info["license"]["name"]
    # A generated client is pointed at a deployment, never at a developer's machine.
    assert schema["servers"] == [{"url": "/", "description": "The address this description is served from"}]
    assert "127.0.0.1" not in OPENAPI.read_text(encoding="utf-8")
    assert "the board" not in info["description"] and "bodies" in info["description"]
    assert {tag["name"] for tag in schema["tags"]} >= {"reviews", "documents", "leaflets", "contacts", "feeds"}


def test_every_operation_is_documented(schema):
    seen = set()
    for name, operation in operations(schema):
        assert operation["operationId"] not in seen, name
        seen.add(operation["operationId"])
        assert operation["summary"] and operation["description"] and operation["tags"], name
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), f"{name}: {parameter['name']} has no description"
            # Path parameters have working examples; optional query parameters none, so
            # that Try it out does not send every filter at once.
            if parameter["in"] == "path":
                assert "example" in parameter, f"{name}: {parameter['name']} has no example"
            if parameter["in"] == "query":
                assert "example" not in parameter, f"{name}: {parameter['name']} has an example"
        responses = operation["responses"]
        streamed = operation["operationId"].startswith("export")  # written as read: no validator, no 304
        assert {"200", "304"} <= set(responses) or (streamed and "304" not in responses), name
        # One representation whatever is accepted: downloads and feeds never answer 406.
        one_representation = operation["operationId"] in ONE_REPRESENTATION
        assert ("406" in responses) != one_representation, name
        for code in PROBLEM_CODES - ({"406"} if one_representation else set()):
            content = responses[code]["content"]
            assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert content["application/problem+json"]["example"]["status"] == int(code), f"{name} {code}"
        assert streamed or responses["200"]["headers"]["ETag"]["required"] is True
        assert responses["429"]["headers"]["Retry-After"]
    assert seen == {
        "getIndex", "listReviews", "listReviewsFragment", "countReviews", "getOEmbed", "getReview", "listDocuments",
        "getDocument", "downloadDocument", "listLeaflets", "getLeaflet", "getLeafletFragment", "listContacts",
        "listThemes", "listBodies", "getBody", "listAgencies", "getAtomFeed", "getJsonFeed",
        "getRssFeed", "listChanges", "exportReviewsJsonl", "exportReviewsCsv", "getReviewHistory",
    }  # fmt: skip


def test_dates_and_bounds_are_typed(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/reviews/"]["get"]["parameters"]}
    assert {s["format"] for s in parameters["published_from"]["schema"]["anyOf"]} == {"date", "date-time"}
    assert "inclusive" in parameters["published_to"]["description"]
    assert parameters["available_on"]["schema"]["format"] == "date"
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["status"]["schema"]["enum"] == ["all", "archived", "available"]


def test_download_and_feeds_have_their_media_types(schema):
    download = schema["paths"]["/api/v1/documents/{id}/download"]["get"]["responses"]
    assert download["200"]["content"]["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert download["206"]["headers"]["Content-Range"]
    assert {"410", "416"} <= set(download)
    assert download["410"]["content"]["application/problem+json"]["example"]["status"] == 410
    assert "application/atom+xml" in schema["paths"]["/feeds/publications.atom"]["get"]["responses"]["200"]["content"]
    assert "application/rss+xml" in schema["paths"]["/feeds/publications.rss"]["get"]["responses"]["200"]["content"]
    # One media type per operation: generated clients read each answer one way.
    for path, operation in operations(schema):
        assert len(operation["responses"]["200"]["content"]) == 1, path
        if not path.endswith("/api/v1/oembed/"):  # oEmbed's own format parameter, which its specification names
            assert "format" not in {parameter["name"] for parameter in operation.get("parameters", [])}, path
    fragment = schema["paths"]["/api/v1/leaflets/{slug}/fragment/"]["get"]["responses"]["200"]["content"]
    assert set(fragment) == {"text/html"}


def test_list_examples_come_from_the_seed_content(schema):
    example = schema["paths"]["/api/v1/reviews/"]["get"]["responses"]["200"]["content"]["application/json"]
    value = example["example"]  # one example, as `example`: openapi-generator warns on an `examples` map
    assert value["results"][0]["title"] == "Pip" and value["results"][0]["published"] == "2017-08"


@pytest.mark.django_db
@pytest.mark.parametrize("path, marker", [("/api/docs/", "swagger-ui"), ("/api/redoc/", "redoc")])
def test_docs_are_served_without_a_cdn(client, path, marker):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert marker in html
    assert "cdn" not in html.lower() and "jsdelivr" not in html and "unpkg" not in html
    assert "googleapis" not in html and "https://" not in html
    assert "/static/drf_spectacular_sidecar/" in html or "/api/redoc/redoc.standalone.js" in html


@pytest.mark.django_db
def test_redocs_script_draws_nothing_from_a_cdn(client):
    """Redoc's sidebar logo came from cdn.redoc.ly: blocked by the docs' CSP and a
    console error in every browser (consumers/browser_check.py watches for it)."""
    response = client.get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    script = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"cdn.redoc.ly" not in script and b"data:image/svg+xml" in script and len(script) > 500_000


@pytest.mark.django_db
def test_schema_endpoint_serves_json_and_yaml(client):
    as_json = client.get("/api/schema/?format=json")
    assert as_json.status_code == 200 and json.loads(as_json.content)["openapi"].startswith("3.0")
    assert client.get("/api/schema/").content.startswith(b"openapi: 3.0")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.system  # Chromium against pytest-django's live server
@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_the_operations_in_a_headless_browser(live_server, settings):
    """The page works with no network: every asset comes from our own server."""
    from tests.factories import make_board

    settings.PUBLIC_BASE_URL = live_server.url
    make_board()
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"{live_server.url}/api/docs/",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
        )
    dom = result.stdout
    assert "opblock" in dom, result.stderr[-2000:]
    for operation in ("/api/v1/reviews/", "/api/v1/documents/{id}/download", "/feeds/publications.atom"):
        assert operation in dom


def test_the_description_is_valid_for_openapi_spec_validator(schema):
    from openapi_spec_validator import validate

    validate(schema)  # raises on any error


def test_generators_see_a_public_api_with_open_answer_lists(schema):
    """No security requirement anywhere (an empty one makes openapi-python-client
    demand an authenticated client), and enums in answers accept new values."""
    assert schema["security"] == []
    assert all("security" not in operation for _, operation in operations(schema))
    change = schema["components"]["schemas"]["Change"]["properties"]["event"]
    assert change["anyOf"] == [{"$ref": "#/components/schemas/EventEnum"}, {"type": "string"}]
    reviews = next(p for p in schema["paths"]["/api/v1/reviews/"]["get"]["parameters"] if p["name"] == "type")
    assert "enum" in reviews["schema"]["items"]  # what we take stays closed: other values are a 400
    contact = schema["components"]["schemas"]["Document"]["properties"]["alternative_format_contact"]
    assert contact == {"$ref": "#/components/schemas/NullableContact"}  # a null example validates
    assert schema["components"]["schemas"]["NullableContact"]["nullable"] is True


@pytest.mark.django_db
def test_the_served_description_names_this_deployment(client, settings):
    settings.PUBLIC_BASE_URL = "https://reviews.example.org"
    served = client.get("/api/schema/?format=json").content.decode()
    assert "127.0.0.1:8000" not in served and "https://reviews.example.org/api/v1/reviews/" in served
    info = json.loads(served)["info"]
    assert "url" not in info["contact"] and "url" not in info["license"]  # none configured: no link to the API


def test_every_field_of_every_answer_says_what_it_means(schema):
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, prop in component.get("properties", {}).items()
        if "description" not in prop and "$ref" not in prop
    ]
    assert undescribed == []
