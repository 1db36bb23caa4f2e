"""Nothing a client sends breaks the service: a fixed corpus of hostile
input to every endpoint and feed, then a hypothesis fuzz of query strings.
Every answer is a valid 2xx/3xx or a 4xx problem document; never a 500."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
# What stands for each path parameter: the seed's own records.
IN_PATHS = {"{slug}": "pip", "{id}": "1"}
SLUGS = {"/api/v1/bodies/": "stockport-safeguarding-children-board",
         "/api/v1/leaflets/": "serious-case-review-information-for-parents-and-carers"}  # fmt: skip


def _documented():
    """Every public GET the OpenAPI description names, with its query parameters."""
    operations = {}
    for path, methods in yaml.safe_load((ROOT / "openapi.yaml").read_text())["paths"].items():
        if "get" not in methods:
            continue
        for prefix, slug in SLUGS.items():
            path = path.replace(prefix + "{slug}", prefix + slug)
        for name, value in IN_PATHS.items():
            path = path.replace(name, value)
        operations[path] = [p["name"] for p in methods["get"].get("parameters", []) if p.get("in") == "query"]
    return operations


DOCUMENTED = _documented()
PATHS = list(DOCUMENTED)
# Every query parameter of every operation, for the fuzz to try anywhere.
PARAMETERS = sorted({name for names in DOCUMENTED.values() for name in names} | {"format"})
VALUES = [
    "2017-02-30", "2017-13-01", "0000-01-01", "10000-01-01", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00Z",
    "-1", "0", "1e9", "1000000000", "99999999999999999999999", "-99999999999999999999", "NaN", "null",
    "unknown", "%00", "a%00b", "x" * 10_000, "%FF%FE", "%E2%28%A1", "%", "%%", "'; DROP TABLE reviews_review;--",
    "\" OR 1=1 --", "<script>alert(1)</script>", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY y SYSTEM 'file:///etc/passwd'>]>",
    "../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "*", "2017-08-01T25:61:61Z", " ", "true", "[]", "{}",
    ",", "title,", ",title", "relevance,", "-", "--title", "title,,published",
]  # fmt: skip
BAD_PATHS = [
    "/api/v1/reviews/..%2F..%2Fetc%2Fpasswd/", "/api/v1/reviews/%00/", "/api/v1/reviews/" + "a" * 5000 + "/",
    "/api/v1/documents/-1/", "/api/v1/documents/99999999999999999999999/", "/api/v1/documents/1.5/download",
    "/api/v1/documents/../../etc/passwd", "/feeds/../admin/", "/api/v1/leaflets/%E2%28%A1/",
    "/api/v1/reviews/Pip/", "/api/v1/reviews/%C0%AE%C0%AE/",
]  # fmt: skip
HEADERS = [
    {"HTTP_ACCEPT": "application/xml"}, {"HTTP_ACCEPT": "text/html"}, {"HTTP_ACCEPT": "*/*;q=abc"},
    {"HTTP_ACCEPT": "x" * 8000}, {"HTTP_IF_NONE_MATCH": "x" * 8000}, {"HTTP_RANGE": "bytes=99999999999999999999-"},
    {"HTTP_RANGE": "bytes=--1"}, {"HTTP_IF_MODIFIED_SINCE": "not a date"}, {"HTTP_X_REQUEST_ID": "\u2603" * 10},
    {"HTTP_IF_RANGE": "x" * 5000}, {"HTTP_ORIGIN": "null"},
]  # fmt: skip
METHODS = ["post", "put", "patch", "delete", "trace"]


@pytest.fixture
def seeded(db, settings):
    settings.API_ANON_RATE = "100000000/minute"
    call_command("load_seed_content")


def assert_sound(response, what):
    # Sent whole, as a server would (the test client then closes it, freeing what it held).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, f"{what}: {response.status_code} {content[:300]!r}"
    if response.status_code >= 400 and response["Content-Type"].startswith("text/html"):
        # A browser's request (text/html asked for first): the problem as a page
        assert response.wsgi_request.headers["Accept"] == "text/html", what
        assert b"<h1>" in content and b"Traceback" not in content, what
    elif response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json", what
        body = json.loads(content)
        assert body["status"] == response.status_code and body["detail"], what
        assert b"Traceback" not in content, what


def test_the_corpus_covers_every_documented_operation_and_parameter():
    assert len(PATHS) >= 20 and {"/api/v1/exports/reviews.csv", "/feeds/publications.json"} <= set(PATHS)
    assert {"q", "ordering", "since", "limit", "lifecycle", "kind", "audience", "publication"} <= set(PARAMETERS)


def test_hostile_parameter_values(client, seeded):
    count = 0
    for path, names in DOCUMENTED.items():
        for name in [*names, "format"]:  # its own, and one every view must refuse or ignore
            for value in VALUES:
                assert_sound(client.get(f"{path}?{name}={value}"), f"{path}?{name}={value[:40]}")
                count += 1
    assert count == sum(len(names) + 1 for names in DOCUMENTED.values()) * len(VALUES)


def test_repeated_and_raw_query_strings(client, seeded):
    for path in PATHS:
        for query in ["status=all&status=all", "theme=a&theme=b&theme=" + "c" * 300, "&&&", "=x", "a=1=2",
                      "%ZZ=1", "page=1&page=2", "\x00=\x00", "ordering=title&ordering=", "ordering=&ordering=",
                      "q=child&ordering=relevance,", "q=child&ordering=,relevance"]:  # fmt: skip
            assert_sound(client.get(f"{path}?{query}"), f"{path}?{query}")


def test_hostile_paths(client, seeded):
    for path in BAD_PATHS:
        response = client.get(path)
        assert_sound(response, path)
        assert response.status_code in (400, 404)


def test_hostile_headers_and_methods(client, seeded):
    for path in PATHS:
        for headers in HEADERS:
            assert_sound(client.get(path, **headers), f"{path} {list(headers)}")
        for method in METHODS:
            response = getattr(client, method)(path) if method != "trace" else client.generic("TRACE", path)
            assert_sound(response, f"{method} {path}")
            assert response.status_code == 405


query_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    path=st.sampled_from(PATHS),
    pairs=st.lists(st.tuples(st.sampled_from(PARAMETERS) | query_text, query_text), max_size=4),
)
def test_fuzzed_query_strings_never_break_it(client, seeded, path, pairs):
    from urllib.parse import urlencode

    assert_sound(client.get(f"{path}?{urlencode(pairs)}"), f"{path}?{urlencode(pairs)[:200]}")


SORT_KEYS = ["published", "-published", "title", "-title", "updated", "-updated", "relevance", "-relevance", "",
             " ", "-", "--title", "published ", "Title", "id"]  # fmt: skip
LISTS = ["/api/v1/reviews/", "/api/v1/documents/", "/api/v1/exports/reviews.csv"]


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    path=st.sampled_from(LISTS),
    keys=st.lists(st.lists(st.sampled_from(SORT_KEYS), min_size=1, max_size=3), min_size=1, max_size=3),
    words=st.sampled_from(["", "neglect", '"missed opportunities"', "-housing"]),
    page=st.sampled_from(["", "1", "2", "999"]),
)
def test_any_sort_order_a_client_can_spell_is_answered_or_refused_never_broken(client, seeded, path, keys,
                                                                             words, page):  # fmt: skip
    """``ordering`` as generated clients send it (repeated, or comma-separated,
    or both), with and without ``q`` and ``page``: a 200 or a named 400."""
    from urllib.parse import urlencode

    pairs = [("ordering", ",".join(group)) for group in keys]
    pairs += [("q", words)] if words else []
    pairs += [("page", page)] if page else []
    response = client.get(f"{path}?{urlencode(pairs)}")
    assert_sound(response, f"{path}?{urlencode(pairs)}")
    assert response.status_code in (200, 400), (path, pairs, response.status_code)
