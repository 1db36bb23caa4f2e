"""Full-text search a researcher would trust, on SQLite (FTS5) and PostgreSQL
(the suite runs on both): stemming, phrases, OR, negation, ranking, snippets,
the text of documents — and every publication rule, snippets included."""

from datetime import timedelta

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services
from reviews.models import Document, Review, Theme
from tests.factories import NOW, make_document, make_review, make_theme, pdf_bytes, read_texts

pytestmark = pytest.mark.django_db


def found(api, q, **params):
    response = api.get("/api/v1/reviews/", {"q": q, "status": "all", **params})
    assert response.status_code == 200, response.content
    return [review["slug"] for review in response.json()["results"]]


@pytest.fixture
def seeded(frozen_clock):
    call_command("load_seed_content")


def test_head_injuries_finds_child_n_first(api, seeded):
    """The review says "head injury": stemming finds it, and its title-weighted theme ranks it first."""
    results = api.get("/api/v1/reviews/", {"q": "head injuries", "status": "all"}).json()["results"]
    assert results[0]["slug"] == "child-n"
    assert results[0]["match"]["field"] == "title"  # its theme, head injury
    assert "<mark>head</mark> <mark>injury</mark>" in results[0]["match"]["snippet"]


@pytest.fixture
def library(board, frozen_clock):
    make_review(slug="neglect", title="Child A", summary="Chronic neglect of a baby; a head injury was missed.")
    make_review(slug="eating", title="Child B", summary="An eating disorder in a teenager, and neglect at home.")
    make_review(slug="injury", title="Child C", summary="A serious injury to the head of an infant.")


def test_a_quoted_phrase_matches_only_the_words_together(api, library):
    assert set(found(api, '"head injury"')) == {"neglect"}
    assert set(found(api, "head injury")) == {"neglect", "injury"}


def test_or_finds_either(api, library):
    assert set(found(api, "disorder OR infant")) == {"eating", "injury"}


def test_a_negated_word_excludes(api, library):
    assert set(found(api, "neglect -eating")) == {"neglect"}


def test_a_query_of_only_negations_or_of_syntax_is_a_400_never_a_500(api, library):
    for q in ("-neglect", '""', "OR", "-", " ", "%", '"', "\\"):
        response = api.get("/api/v1/reviews/", {"q": q})
        assert response.status_code == 400, q
        assert response.json()["invalid_params"][0]["name"] == "q"
    for q in ('"unclosed', "NEAR(a b)", "a*", "title:neglect", "a AND OR b", "^neglect", "(neglect"):
        assert api.get("/api/v1/reviews/", {"q": q}).status_code == 200, q


def test_results_are_ranked_by_relevance_unless_ordering_says_otherwise(api, library):
    make_review(slug="titled", title="Neglect", summary="Words.", published_at=NOW - timedelta(days=30))
    assert found(api, "neglect")[0] == "titled"  # the title weighs most, though it is the oldest
    assert found(api, "neglect", ordering="-published")[-1] == "titled"
    assert api.get("/api/v1/reviews/", {"ordering": "relevance"}).status_code == 400  # nothing to rank without q


def test_the_text_of_a_documents_pdf_is_searched_and_said_to_be_where_it_matched(api, library):
    review = Review.objects.get(slug="eating")
    make_document(review, file=ContentFile(pdf_bytes("The family moved between three hostels."), name="r.pdf"))
    assert found(api, "hostels") == []  # until the worker has read the file's words
    read_texts()
    results = api.get("/api/v1/reviews/", {"q": "hostels"}).json()["results"]
    assert [r["slug"] for r in results] == ["eating"]
    assert results[0]["match"]["field"] == "documents" and "<mark>hostels</mark>" in results[0]["match"]["snippet"]


def test_an_archived_reviews_document_finds_the_review_but_never_shows_its_text(api, board, frozen_clock):
    old = make_review(slug="old", published_at=NOW - timedelta(days=400))
    make_document(old, file=ContentFile(pdf_bytes("A confidential phrase about hostels."), name="r.pdf"))
    read_texts()
    results = api.get("/api/v1/reviews/", {"q": "hostels", "status": "all"}).json()["results"]
    assert [r["slug"] for r in results] == ["old"]
    assert results[0]["match"] == {"field": "documents", "snippet": None}
    assert "confidential" not in api.get("/api/v1/reviews/", {"q": "hostels", "status": "all"}).content.decode()


def test_embargoed_and_withdrawn_reviews_are_never_found_nor_counted(api, board, frozen_clock):
    make_review(slug="later", summary="Unpublished words about a trampoline.", published_at=NOW + timedelta(days=1))
    services.withdraw(make_review(slug="gone", summary="Withdrawn words about a trampoline."), "Court order")
    response = api.get("/api/v1/reviews/", {"q": "trampoline", "status": "all"})
    assert response.json()["count"] == 0 and "trampoline" not in response.content.decode().replace("q=trampoline", "")
    assert api.get("/feeds/publications.atom", {"q": "trampoline"}).status_code == 200
    assert feedparser.parse(api.get("/feeds/publications.atom", {"q": "trampoline"}).content).entries == []


def test_an_embargo_lifting_makes_a_review_findable_at_that_second(api, board):
    import time_machine

    with time_machine.travel(NOW, tick=False) as clock:
        make_review(slug="later", summary="Words about a trampoline.", published_at=NOW + timedelta(seconds=10))
        assert found(api, "trampoline") == []
        clock.shift(timedelta(seconds=10))
        assert found(api, "trampoline") == ["later"]


def test_a_document_not_yet_published_is_not_searched_until_its_time(api, board):
    import time_machine

    with time_machine.travel(NOW, tick=False) as clock:
        review = make_review(slug="r")
        make_document(review, file=ContentFile(pdf_bytes("A briefing on bunk beds."), name="b.pdf"),
                      published_at=NOW + timedelta(hours=1))  # fmt: skip
        read_texts()
        assert found(api, "bunk") == []
        clock.shift(timedelta(hours=1))
        assert found(api, "bunk") == ["r"]


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_renamed_theme_leaves_no_stale_words(api, board, frozen_clock, how):
    review = make_review(slug="r", themes=["self harm"])
    theme = make_theme("self harm")
    if how == "save":
        theme.name = "self-injury"
        theme.save()
    else:
        Theme.objects.filter(pk=theme.pk).update(name="self-injury")
    assert found(api, "harm") == [] and found(api, "injury") == [review.slug]


@pytest.mark.parametrize("how", ["update", "delete"])
def test_a_document_changed_or_removed_by_any_path_changes_what_is_found(api, board, frozen_clock, how):
    review = make_review(slug="r")
    document = make_document(review, with_file=False, text="Notes about a trampoline.")
    assert found(api, "trampoline") == ["r"]
    if how == "update":
        Document.objects.filter(pk=document.pk).update(text="Notes about a swing.")
        assert found(api, "swing") == ["r"]
    else:
        Document.objects.filter(pk=document.pk).delete()
    assert found(api, "trampoline") == []


def test_exports_and_feeds_take_the_same_search(api, library):
    lines = b"".join(api.get("/api/v1/exports/reviews.jsonl", {"q": '"head injury"'}).streaming_content)
    assert lines.count(b"\n") == 1 and b'"slug":"neglect"' in lines
    entries = feedparser.parse(api.get("/feeds/publications.atom", {"q": "infant OR disorder"}).content).entries
    assert len(entries) == 2


def test_a_snippet_escapes_the_text_it_quotes_and_marks_only_the_words_found(api, board, frozen_clock):
    make_review(slug="r", summary='A <script>alert("x")</script> note on <mark>hostels</mark> & shelters.')
    snippet = api.get("/api/v1/reviews/", {"q": "shelters"}).json()["results"][0]["match"]["snippet"]
    # Escaped (FTS5 quotes the text as it is) or dropped (PostgreSQL's headline skips tags): never markup.
    assert "<script>" not in snippet and "</script>" not in snippet
    assert snippet.count("<mark>") == 1 and "<mark>shelters</mark>" in snippet and "&amp;" in snippet


def test_search_vectors_are_kept_in_their_rows_on_postgresql():
    """A search ranks every match: a vector moved out to the TOAST table (as
    PostgreSQL does with a row's largest value past 2 kB) costs a lookup more per
    match. Storage MAIN keeps it in the row (reviews/migrations/0024)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 keeps its own index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'reviews_search'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone()[0] == "m"


def test_a_document_too_large_for_the_index_never_takes_a_read_down(api, board, frozen_clock):
    """GIVEN two documents whose text is a data annex of 150,000 distinct tokens
    each (PostgreSQL refused the 1.3 MB tsvector, and every public read failed
    after) WHEN an editor adds them through the decision services THEN the write
    commits, every surface answers, and the review is found by its own words and
    by the first words of its documents."""
    review = make_review(slug="annex", title="Child Z", summary="A review with a long data annex.")
    annex = " ".join(f"r{index:06d}q" for index in range(150_000))  # ~1.35 million characters
    for title in ("Annex one", "Annex two"):
        services.save(Document(review=review, kind="other", title=title, published_at=review.published_at,
                               text=f"Placement breakdown {annex}"))  # fmt: skip
    for path in ("/api/v1/reviews/", "/api/v1/reviews/annex/", "/api/v1/documents/", "/feeds/publications.atom"):
        assert api.get(path).status_code == 200, path
    assert found(api, "Child Z") == ["annex"]
    assert found(api, "placement breakdown") == ["annex"]
    assert found(api, "r149999q") == []  # past the indexed part of its documents


def test_a_snippet_of_long_documents_is_made_from_a_window_around_the_words_found(api, board, frozen_clock):
    """PostgreSQL's headline parses all it is given: it is given a window of the
    documents' text, from a little before the first word found (a page of long
    reports took 1.1-1.5 s when it was given all of it)."""
    review = make_review(slug="r")
    filler = "The partnership met again to consider the chronology. " * 3000  # 165,000 characters
    make_document(review, with_file=False, text=filler + "A trampoline accident was reported. " + filler)
    with CaptureQueriesContext(connection) as queries:
        results = api.get("/api/v1/reviews/", {"q": "trampoline accidents"}).json()["results"]
    headlines = [query["sql"] for query in queries if "ts_headline" in query["sql"]]
    if connection.vendor == "postgresql":
        assert headlines and all("substr(documents" in sql for sql in headlines)
    assert results[0]["match"]["field"] == "documents"
    assert "<mark>trampoline</mark>" in results[0]["match"]["snippet"]
    accidents = api.get("/api/v1/reviews/", {"q": "accidents"}).json()["results"]
    assert "<mark>accident</mark>" in accidents[0]["match"]["snippet"]  # its first five letters found it


def test_possessives_prefixes_and_review_types_are_found_alike_on_both_databases(api, board, frozen_clock):
    make_review(slug="dhr", title="Adult D", review_type=Review.Type.DOMESTIC_HOMICIDE_REVIEW,
                summary="Services for the children of the family did not share what they knew.")  # fmt: skip
    make_review(slug="scr", title="Child E", summary="A head injury to a baby, missed twice.")
    assert found(api, "domestic homicide") == ["dhr"]  # its type is indexed with its title
    assert found(api, "children's") == ["dhr"] == found(api, "children\u2019s services")
    assert found(api, "injur*") == ["scr"] and found(api, "inj*") == ["scr"]
    assert found(api, '"head injury"') == ["scr"]
    assert found(api, "the baby") == ["scr"]  # a stop word is not required to be found
    for q in ("a", "the OR of", "-baby a"):  # nothing left to find: the same 400 on both databases
        response = api.get("/api/v1/reviews/", {"q": q})
        assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "q", q
