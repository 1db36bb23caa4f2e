"""Bulk access for research: every public review, streamed as JSON Lines or CSV."""

import csv
import io
import json

import pytest

from reviews import services
from reviews.models import Review
from tests.factories import NOW, make_document, make_review

pytestmark = pytest.mark.django_db


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def library(board, frozen_clock):
    from datetime import timedelta

    pip = make_review(slug="pip", title="Pip", themes=["eating disorders"], key_learning=["One.", "Two."])
    make_document(pip)
    make_review(slug="jaiden", title="Jaiden", published_at=NOW - timedelta(days=400))  # archived
    make_review(slug="later", title="Later", published_at=NOW + timedelta(days=3))  # embargoed
    services.withdraw(make_review(slug="gone", title="Gone"), "Court order")
    return pip


def test_json_lines_are_each_review_as_the_api_gives_it(api, library):
    response = api.get("/api/v1/exports/reviews.jsonl")
    assert response.status_code == 200 and response["Content-Type"] == "application/jsonl; charset=utf-8"
    records = [json.loads(line) for line in body(response).splitlines()]
    assert sorted(record["slug"] for record in records) == ["jaiden", "pip"]  # public only, archived included
    pip = next(record for record in records if record["slug"] == "pip")
    added = {"published_on": pip["published"], "year": NOW.year, "nation": "england"}  # for a table of reviews
    assert pip == {**api.get("/api/v1/reviews/pip/").json(), **added}


def test_csv_has_a_header_and_a_row_a_review_with_lists_joined(api, library):
    response = api.get("/api/v1/exports/reviews.csv", {"status": "available"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["slug"] for row in rows] == ["pip"]
    assert rows[0]["key_learning"] == "One. | Two." and rows[0]["themes"] == "eating-disorders"
    assert rows[0]["uid"] == str(Review.objects.get(slug="pip").uid)


def test_exports_take_the_lists_filters_and_refuse_bad_ones(api, library):
    assert [json.loads(line)["slug"] for line in body(api.get("/api/v1/exports/reviews.jsonl", {"q": "jaiden"}))
            .splitlines()] == ["jaiden"]  # fmt: skip
    bad = api.get("/api/v1/exports/reviews.csv", {"page": "2"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert api.get("/api/v1/exports/reviews.xml").status_code == 404


def test_an_export_reads_in_batches_of_constant_size(api, board, django_assert_max_num_queries, monkeypatch):
    """Memory follows the batch, not the library: 1,201 reviews are read in three
    batches of at most 500, with the same few queries each."""
    from api.v1 import exports

    Review.objects.bulk_create(
        [
            Review(
                body=board,
                slug=f"r{n}",
                title=f"R{n}",
                incident="death",
                summary="s",
                published_at=NOW,
                available_until=NOW,
            )
            for n in range(1201)
        ]  # fmt: skip
    )
    sizes = []
    real = exports.ReviewDetailSerializer

    class Counting(real):
        def __init__(self, instance=None, *args, **kwargs):
            sizes.append(len(instance))
            super().__init__(instance, *args, **kwargs)

    monkeypatch.setattr(exports, "ReviewDetailSerializer", Counting)
    api.get("/api/v1/")  # the changes log catches up with the 1,201 new reviews first
    with django_assert_max_num_queries(30):
        lines = body(api.get("/api/v1/exports/reviews.jsonl")).splitlines()
    assert len(lines) == 1201 and sizes == [500, 500, 201]


def test_an_export_and_a_detail_read_only_what_they_show_of_documents(api, library):
    """A PDF's extracted words are for search only and may run to megabytes a
    document: an export of thousands of reviews must not load them with each
    batch, nor a review's detail with each of its documents; nor the review's own
    row once more for each of its documents."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.changelog import changes

    changes.reconcile()  # the writes' own reconciling reads the words, for the search index
    for path in ("/api/v1/exports/reviews.jsonl", "/api/v1/exports/reviews.csv", "/api/v1/reviews/pip/"):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path, HTTP_CACHE_CONTROL="no-cache")
            assert response.status_code == 200
            body(response) if response.streaming else response.content
        documents = [query["sql"] for query in queries if 'FROM "reviews_document"' in query["sql"]]
        assert documents, path  # the documents were read …
        assert not any("extracted_text" in sql for sql in documents), path  # … without their words
        # … and without their review's row again: prefetching gives each the one loaded
        assert not any('JOIN "reviews_review"' in sql for sql in documents), path


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_a_head_of_an_export_builds_no_body(api, library, kind):
    """A HEAD once built the whole export (8 s at 10,000 reviews) for the server
    to throw it away. Served as a WSGI server serves it: the answer iterated."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections, connection
    from django.test.client import RequestFactory
    from django.test.utils import CaptureQueriesContext

    api.get("/api/v1/reviews/")  # the log caught up, as the worker keeps it
    path = f"/api/v1/exports/reviews.{kind}"
    environ = {**RequestFactory().head(path).environ, "REQUEST_METHOD": "HEAD"}
    started = []
    # As Django's test client does: the test's transaction is not closed at the request's start.
    signals.request_started.disconnect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as queries:
            answer = WSGIHandler()(environ, lambda status, headers, *_: started.append((status, dict(headers))))
            sent = b"".join(answer)
    finally:
        signals.request_started.connect(close_old_connections)
    ((status, headers),) = started
    assert status.startswith("200") and headers["Content-Disposition"] == f'attachment; filename="reviews.{kind}"'
    assert sent == b""
    assert not any("reviews_document" in query["sql"] for query in queries.captured_queries)  # no review was read


def test_a_researcher_reads_both_exports_into_duckdb_with_real_dates_and_years(api, library, tmp_path):
    import duckdb

    Review.objects.filter(slug="jaiden").update(date_precision="month")  # announced as "2025-11"
    (tmp_path / "reviews.csv").write_text(body(api.get("/api/v1/exports/reviews.csv")), encoding="utf-8")
    (tmp_path / "reviews.jsonl").write_text(body(api.get("/api/v1/exports/reviews.jsonl")), encoding="utf-8")
    for name in ("reviews.csv", "reviews.jsonl"):
        table = duckdb.sql(f"SELECT slug, published_on, year, published_precision, nation FROM "
                           f"'{tmp_path / name}' ORDER BY slug")  # fmt: skip
        assert dict(zip(table.columns, [str(t) for t in table.types], strict=True))["published_on"] == "DATE", name
        jaiden, pip = table.fetchall()
        assert jaiden[0] == "jaiden" and jaiden[1].day == 1 and jaiden[3] == "month" and jaiden[4] == "england"
        assert pip[2] == NOW.year and pip[3] == "day", name
        by_year = duckdb.sql(f"SELECT year, count(*) FROM '{tmp_path / name}' GROUP BY year ORDER BY year").fetchall()
        assert sum(count for _, count in by_year) == 2, name


def test_counts_by_year_type_body_nation_theme_and_lifecycle_are_of_public_reviews_only(api, library, board):
    facets = api.get("/api/v1/facets/reviews/").json()
    assert facets["count"] == 2  # pip and archived jaiden; never the embargoed or the withdrawn
    assert {facet["value"]: facet["count"] for facet in facets["lifecycle"]} == {"available": 1, "archived": 1}
    assert facets["body"] == [{"value": board.slug, "label": board.name, "count": 2}]
    assert facets["nation"] == [{"value": "england", "label": "England", "count": 2}]
    assert facets["theme"] == [{"value": "eating-disorders", "label": "eating disorders", "count": 1}]
    assert sum(facet["count"] for facet in facets["year"]) == 2 and facets["type"][0]["count"] == 2
    narrowed = api.get("/api/v1/facets/reviews/", {"theme": "eating-disorders"}).json()
    assert narrowed["count"] == 1 and [facet["value"] for facet in narrowed["lifecycle"]] == ["available"]
    assert api.get("/api/v1/facets/reviews/", {"page": "2"}).status_code == 400
    searched = api.get("/api/v1/facets/reviews/", {"q": "pip"})  # a search's ranking is not counted by
    assert searched.status_code == 400 and searched.json()["invalid_params"][0]["name"] == "q"
