"""Every operation, called through the Python client openapi-python-client
generates from openapi.yaml, as a partner's code would call it.

    python consumers/python_caller.py http://127.0.0.1:8000

Type-checked with `mypy --strict` together with the generated package, then run
against a live server holding the seed content (consumers/run does both).
Exits non-zero, naming the operation, on the first answer that is not as
documented.
"""

import sys

import feedparser  # type: ignore[import-untyped]
from case_review_client import Client
from case_review_client.api.agencies import list_agencies
from case_review_client.api.bodies import get_body, list_bodies
from case_review_client.api.changes import list_changes
from case_review_client.api.contacts import list_contacts
from case_review_client.api.documents import download_document, get_document, list_documents
from case_review_client.api.exports import export_reviews_csv, export_reviews_jsonl
from case_review_client.api.feeds import get_atom_feed, get_json_feed, get_rss_feed
from case_review_client.api.index import get_index
from case_review_client.api.leaflets import get_leaflet, get_leaflet_fragment, list_leaflets
from case_review_client.api.reviews import get_review, get_review_history, list_reviews
from case_review_client.api.themes import list_themes
from case_review_client.models import (
    ApiIndex,
    Body,
    ChangesPage,
    Document,
    ExportReviewsCsvStatus,
    Leaflet,
    ListReviewsOrderingItem,
    ListReviewsStatus,
    PaginatedAgencyVocabularyList,
    PaginatedBodyList,
    PaginatedContactList,
    PaginatedDocumentList,
    PaginatedLeafletList,
    PaginatedReviewList,
    PaginatedThemeVocabularyList,
    Problem,
    ReviewDetail,
    ReviewHistory,
)
from case_review_client.types import File

LEAFLET = "serious-case-review-information-for-parents-and-carers"


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"python client: {what}")


def main(base_url: str) -> None:
    # Raise on anything the description does not declare: a documented answer must parse.
    client = Client(base_url=base_url, raise_on_unexpected_status=True)

    index = get_index.sync(client=client)
    check(isinstance(index, ApiIndex) and index.themes.endswith("/api/v1/themes/"), "getIndex")

    reviews = list_reviews.sync(
        client=client,
        status=ListReviewsStatus.ALL,
        ordering=[ListReviewsOrderingItem.TITLE, ListReviewsOrderingItem.VALUE_0],  # title, then -published
    )
    check(isinstance(reviews, PaginatedReviewList) and reviews.count >= 4, "listReviews")
    assert isinstance(reviews, PaginatedReviewList)
    titles = [review.title for review in reviews.results]
    check(titles == sorted(titles), "listReviews ordering")

    pip = get_review.sync(client=client, slug="pip")
    check(isinstance(pip, ReviewDetail) and pip.title == "Pip", "getReview")

    detailed = get_review.sync_detailed(client=client, slug="pip")
    etag = detailed.headers["ETag"]
    again = get_review.sync_detailed(client=client, slug="pip", if_none_match=etag)
    check(again.status_code == 304, "getReview with If-None-Match: 304")

    history = get_review_history.sync(client=client, slug="pip")
    check(isinstance(history, ReviewHistory) and history.changes[0].event == "published", "getReviewHistory")

    missing = get_review.sync(client=client, slug="no-such-review")
    check(isinstance(missing, Problem) and missing.status == 404, "getReview 404 problem")
    bad = list_reviews.sync(client=client, page_size=100_000)
    check(isinstance(bad, Problem) and bad.status == 400 and bool(bad.invalid_params), "listReviews 400 problem")

    documents = list_documents.sync(client=client, review="sample-review-demonstration-content")
    check(isinstance(documents, PaginatedDocumentList) and documents.count == 1, "listDocuments")
    assert isinstance(documents, PaginatedDocumentList)
    sample = documents.results[0]
    document = get_document.sync(client=client, id=sample.id)
    check(isinstance(document, Document) and document.download_url is not None, "getDocument")

    pdf = download_document.sync(client=client, id=sample.id)
    check(isinstance(pdf, File) and pdf.payload.read(5) == b"%PDF-", "downloadDocument")

    leaflets = list_leaflets.sync(client=client)
    check(isinstance(leaflets, PaginatedLeafletList) and leaflets.count == 1, "listLeaflets")
    leaflet = get_leaflet.sync(client=client, slug=LEAFLET)
    check(isinstance(leaflet, Leaflet) and bool(leaflet.sections), "getLeaflet")
    fragment = get_leaflet_fragment.sync(client=client, slug=LEAFLET)
    check(isinstance(fragment, str) and "<section" in fragment, "getLeafletFragment")

    contacts = list_contacts.sync(client=client)
    check(isinstance(contacts, PaginatedContactList) and contacts.count >= 1, "listContacts")
    themes = list_themes.sync(client=client)
    check(isinstance(themes, PaginatedThemeVocabularyList) and themes.count >= 1, "listThemes")
    bodies = list_bodies.sync(client=client)
    check(isinstance(bodies, PaginatedBodyList) and bodies.count == 2, "listBodies")  # the board and the sample
    body = get_body.sync(client=client, slug="stockport-safeguarding-children-board")
    check(isinstance(body, Body) and body.nation == "england", "getBody")
    agencies = list_agencies.sync(client=client)
    check(isinstance(agencies, PaginatedAgencyVocabularyList) and agencies.count >= 10, "listAgencies")

    changes = list_changes.sync(client=client)
    check(isinstance(changes, ChangesPage) and len(changes.changes) >= 1, "listChanges")

    for operation, kind in ((get_atom_feed, "atom"), (get_rss_feed, "rss")):
        feed = operation.sync(client=client)
        check(isinstance(feed, File), f"get{kind.capitalize()}Feed")
        assert isinstance(feed, File)
        parsed = feedparser.parse(feed.payload.read())
        check(not parsed.bozo and len(parsed.entries) >= 1, f"get{kind.capitalize()}Feed parses")
    json_feed = get_json_feed.sync(client=client)
    check(json_feed is not None and not isinstance(json_feed, Problem), "getJsonFeed")
    lines = export_reviews_jsonl.sync(client=client)
    check(isinstance(lines, File) and lines.payload.read().count(b"\n") >= 4, "exportReviewsJsonl")
    table = export_reviews_csv.sync(client=client, status=ExportReviewsCsvStatus.AVAILABLE)
    check(isinstance(table, File) and table.payload.read().startswith(b"uid,slug,"), "exportReviewsCsv")
    print("python client: every operation answered as documented")


if __name__ == "__main__":
    main(sys.argv[1])
