"""A library of many publishing bodies: each review, document and leaflet belongs
to one; every list, feed, the changes log and the exports filter by body and
nation; each body's window applies to its own reviews; every review has a
lifecycle partners can rely on; related reviews and agencies."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from reviews import services
from reviews.models import Agency, Body, RelatedReview, Review
from reviews.publication import add_months
from reviews.transfer.content_io import ContentError, export_content
from reviews.transfer.importing import import_content
from tests.factories import NOW, WRITE_PATHS, make_body, make_document, make_leaflet, make_review, write_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(board, frozen_clock):
    """The board (England, 6 months) and a Welsh body (12 months), a review each
    published eight months ago, and a leaflet each."""
    wales = make_body("cardiff-and-vale", nation="wales", name="Cardiff and Vale Regional Safeguarding Board")
    eight_months_ago = NOW - timedelta(days=240)
    english = make_review(slug="english", published_at=eight_months_ago)
    welsh = make_review(slug="welsh", published_at=eight_months_ago, body=wales)
    make_document(english)
    make_document(welsh)
    make_leaflet(slug="english-leaflet")
    make_leaflet(slug="welsh-leaflet", body=wales)
    return {"board": board, "wales": wales, "english": english, "welsh": welsh}


def slugs(response):
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


def test_a_single_body_install_needs_no_body_named(db):
    """A review written with no body (an old script, an old import) belongs to
    the installation's first, made with the configured defaults if none exists."""
    review = make_review(slug="lone")
    assert review.body == Body.default() and Body.objects.count() == 1
    assert make_review(slug="second").body_id == review.body_id


def test_a_write_that_skips_save_must_name_its_body(board):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.bulk_create([Review(slug="x", title="X", incident="death", summary="s", published_at=NOW,
                                           available_until=NOW)])  # fmt: skip


def test_each_body_window_applies_to_its_own_reviews(api, library):
    assert library["english"].available_until == add_months(library["english"].published_at, 6)
    assert library["welsh"].available_until == add_months(library["welsh"].published_at, 12)
    statuses = {r["slug"]: r["status"] for r in api.get("/api/v1/reviews/", {"status": "all"}).json()["results"]}
    assert statuses == {"english": "archived", "welsh": "available"}


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_body_window_changed_by_any_path_moves_only_its_reviews(api, library, how):
    wales = library["wales"]
    if how == "save":
        wales.availability_months = 3
        wales.save()
    else:
        Body.objects.filter(pk=wales.pk).update(availability_months=3)
    statuses = {r["slug"]: r["status"] for r in api.get("/api/v1/reviews/", {"status": "all"}).json()["results"]}
    assert statuses == {"english": "archived", "welsh": "archived"}
    welsh = Review.objects.get(slug="welsh")
    assert welsh.available_until == add_months(welsh.published_at, 3)
    english = Review.objects.get(slug="english")
    assert english.available_until == add_months(english.published_at, 6)


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_review_moved_to_another_body_takes_its_window(api, library, how):
    write_by(how, library["english"], "body_id", library["wales"].pk)
    moved = api.get("/api/v1/reviews/english/").json()
    assert moved["status"] == "available" and moved["body"]["slug"] == "cardiff-and-vale"
    assert slugs(api.get("/api/v1/reviews/", {"body": "cardiff-and-vale", "status": "all"})) == {"english", "welsh"}


def test_every_list_filters_by_body_and_nation(api, library):
    board = library["board"].slug
    assert slugs(api.get("/api/v1/reviews/", {"body": board, "status": "all"})) == {"english"}
    assert slugs(api.get("/api/v1/reviews/", {"nation": "wales"})) == {"welsh"}
    assert slugs(api.get("/api/v1/leaflets/", {"body": board})) == {"english-leaflet"}
    assert slugs(api.get("/api/v1/leaflets/", {"nation": "wales"})) == {"welsh-leaflet"}
    documents = api.get("/api/v1/documents/", {"nation": "wales", "status": "all"}).json()["results"]
    assert {d["review"] for d in documents} == {"welsh"}
    documents = api.get("/api/v1/documents/", {"body": board, "status": "all"}).json()["results"]
    assert {d["review"] for d in documents} == {"english"}
    exported = b"".join(api.get("/api/v1/exports/reviews.jsonl", {"body": "cardiff-and-vale"}).streaming_content)
    assert [json.loads(line)["slug"] for line in exported.splitlines()] == ["welsh"]


def test_an_unknown_body_is_a_400_naming_it(api, library):
    for path in ("/api/v1/reviews/", "/api/v1/documents/", "/api/v1/leaflets/", "/api/v1/changes/",
                 "/feeds/publications.atom", "/api/v1/exports/reviews.csv"):  # fmt: skip
        response = api.get(path, {"body": "atlantis"})
        assert response.status_code == 400, path
        assert response["Content-Type"] == "application/problem+json"
        assert "atlantis" in json.dumps(response.json()["invalid_params"])


def test_the_feeds_filter_by_body_and_name_it(api, library):
    feed = feedparser.parse(api.get("/feeds/publications.atom", {"body": "cardiff-and-vale"}).content)
    links = {entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries}
    assert links == {"welsh", "welsh-leaflet"}
    assert feed.feed.author == "Cardiff and Vale Regional Safeguarding Board"
    english = feedparser.parse(api.get("/feeds/publications.atom", {"nation": "england"}).content)
    assert {entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in english.entries} == {"english-leaflet"}


def test_the_changes_log_filters_by_body_and_nation(api, library):
    everything = api.get("/api/v1/changes/").json()
    welsh = api.get("/api/v1/changes/", {"body": "cardiff-and-vale"}).json()
    assert {(c["resource"], c["id"]) for c in welsh["changes"] if c["resource"] != "document"} == {
        ("review", "welsh"), ("leaflet", "welsh-leaflet")}  # fmt: skip
    assert welsh["next"] == everything["next"]  # read to the log's end: the next poll starts there
    assert "body=cardiff-and-vale" in welsh["next_url"]
    services.withdraw(library["welsh"], "Court order")
    tombstones = api.get("/api/v1/changes/", {"nation": "wales", "since": welsh["next"]}).json()["changes"]
    assert [(c["event"], c["resource"], c["id"]) for c in tombstones] == [
        ("withdrawn", "review", "welsh"),
        ("withdrawn", "document", str(library["welsh"].documents.get().pk)),
    ]
    assert api.get("/api/v1/changes/", {"nation": "england", "since": welsh["next"]}).json()["changes"] == []


def test_bodies_are_listed_with_their_window_and_contacts(api, library):
    bodies = {b["slug"]: b for b in api.get("/api/v1/bodies/").json()["results"]}
    assert set(bodies) == {"stockport-safeguarding-children-board", "cardiff-and-vale"}
    wales = api.get("/api/v1/bodies/cardiff-and-vale/").json()
    assert (wales["nation"], wales["availability_months"]) == ("wales", 12)
    assert slugs(api.get(wales["reviews_url"])) == {"welsh"}
    assert api.get("/api/v1/bodies/atlantis/").status_code == 404


# The lifecycle ----------------------------------------------------------------------------


def test_every_public_lifecycle_state_is_told_and_filtered(api, board, frozen_clock):
    make_review(slug="scheduled", published_at=NOW + timedelta(days=1))
    make_review(slug="full")
    make_review(slug="deferred", publication="deferred", publication_reason="parallel_proceedings",
                expected_publication=(NOW + timedelta(days=90)).date())  # fmt: skip
    make_review(slug="improvements", publication="improvements_only", publication_reason="identification")
    make_review(slug="archived", published_at=NOW - timedelta(days=400))
    services.withdraw(make_review(slug="withdrawn"), "Court order")
    listed = {r["slug"]: r["lifecycle"] for r in api.get("/api/v1/reviews/", {"status": "all"}).json()["results"]}
    assert listed == {"full": "available", "deferred": "deferred", "improvements": "improvements_only",
                      "archived": "archived"}  # fmt: skip
    for state, expected in (("deferred", {"deferred"}), ("improvements_only", {"improvements"}),
                            ("available", {"full"}), ("archived", {"archived"})):  # fmt: skip
        assert slugs(api.get("/api/v1/reviews/", {"lifecycle": state})) == expected, state
    assert api.get("/api/v1/reviews/", {"lifecycle": "scheduled"}).status_code == 400
    deferred = api.get("/api/v1/reviews/deferred/").json()
    assert deferred["publication"] == {
        "form": "deferred", "label": "Publication deferred", "reason": "parallel_proceedings",
        "reason_label": "Parallel proceedings (for example a criminal trial)",
        "expected": (NOW + timedelta(days=90)).strftime("%Y-%m")}  # fmt: skip
    assert deferred["on_request"] is None
    archived = api.get("/api/v1/reviews/archived/").json()
    assert archived["on_request"]["contact"]["name"] == "Safeguarding Unit"


def test_an_inconsistent_publication_is_refused_by_the_database(board):
    review = make_review(slug="r")
    for fields in ({"publication": "deferred"}, {"publication": "report", "publication_reason": "inquest"},
                   {"publication": "improvements_only", "publication_reason": "parallel_proceedings"},
                   {"expected_publication": NOW.date()}):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.filter(pk=review.pk).update(**fields)


def test_a_deferral_lifted_is_an_update_in_the_changes_log_and_the_feed_entry_says_so(api, board, frozen_clock):
    review = make_review(slug="later", publication="deferred", publication_reason="inquest")
    entry = feedparser.parse(api.get("/feeds/publications.atom").content).entries[0]
    assert "publication deferred" in entry.title
    start = api.get("/api/v1/changes/").json()["next"]
    Review.objects.filter(pk=review.pk).update(publication="report", publication_reason="")
    changes = api.get("/api/v1/changes/", {"since": start}).json()["changes"]
    assert [(c["event"], c["id"]) for c in changes] == [("updated", "later")]
    assert "deferred" not in feedparser.parse(api.get("/feeds/publications.atom").content).entries[0].title


def test_an_archived_review_tells_where_to_ask(api, board, frozen_clock):
    Body.objects.filter(pk=board.pk).update(request_url="https://example.org/ask")
    review = make_review(slug="old", published_at=NOW - timedelta(days=400))
    document = make_document(review)
    gone = api.get(f"/api/v1/documents/{document.pk}/download")
    assert gone.status_code == 410 and gone.json()["request_url"] == "https://example.org/ask"
    assert api.get("/api/v1/reviews/old/").json()["on_request"]["request_url"] == "https://example.org/ask"


# Related reviews and agencies -------------------------------------------------------------


def test_related_reviews_are_listed_both_ways_while_public(api, board, frozen_clock):
    rapid = make_review(slug="rapid", review_type="rapid_review")
    practice = make_review(slug="practice", review_type="practice_review")
    hidden = make_review(slug="hidden", published_at=NOW + timedelta(days=3))
    RelatedReview.objects.create(review=rapid, related=practice, relation="led_to")
    RelatedReview.objects.create(review=rapid, related=hidden, relation="same_incident")
    assert [(r["slug"], r["relation"]) for r in api.get("/api/v1/reviews/rapid/").json()["related_reviews"]] == [
        ("practice", "led_to")]  # the embargoed one is not named  # fmt: skip
    assert [(r["slug"], r["relation"]) for r in api.get("/api/v1/reviews/practice/").json()["related_reviews"]] == [
        ("rapid", "followed_from")]  # fmt: skip
    start = api.get("/api/v1/changes/").json()["next"]
    before = api.get("/api/v1/reviews/rapid/").json()["updated_at"]
    frozen_clock_moves = NOW + timedelta(minutes=5)
    import time_machine

    with time_machine.travel(frozen_clock_moves, tick=False):
        services.withdraw(practice, "Court order")
        rapid_now = api.get("/api/v1/reviews/rapid/").json()
        assert rapid_now["related_reviews"] == [] and rapid_now["updated_at"] != before
        events = {(c["event"], c["id"]) for c in api.get("/api/v1/changes/", {"since": start}).json()["changes"]}
        assert events == {("withdrawn", "practice"), ("updated", "rapid")}


def test_agencies_are_a_controlled_list(api, board):
    agency = Agency.objects.create(slug="police", name="Police", description="Police forces.")
    review = make_review(slug="r")
    review.agencies.add(agency)
    assert api.get("/api/v1/reviews/r/").json()["agencies"] == [{"slug": "police", "name": "Police"}]
    assert api.get("/api/v1/agencies/").json()["results"] == [
        {"slug": "police", "name": "Police", "description": "Police forces."}]  # fmt: skip
    Agency.objects.filter(pk=agency.pk).update(name="Police service")
    assert api.get("/api/v1/reviews/r/").json()["agencies"][0]["name"] == "Police service"


# Import and export ------------------------------------------------------------------------


def test_bodies_lifecycle_agencies_and_relations_survive_an_export_and_import(board):
    wales = make_body("wales-board", nation="wales")
    police = Agency.objects.create(slug="police", name="Police")
    one = make_review(slug="one", body=wales, publication="improvements_only", publication_reason="welfare")
    two = make_review(slug="two")
    one.agencies.add(police)
    one.reviewers.create(name="A. Lead", role="Lead reviewer", is_lead=True)
    RelatedReview.objects.create(review=one, related=two, relation="same_incident")
    exported = export_content()
    Review.objects.all().delete()
    Agency.objects.all().delete()
    wales.delete()
    import_content(exported)
    again = Review.objects.get(slug="one")
    assert (again.body.slug, again.body.nation, again.publication, again.publication_reason) == (
        "wales-board", "wales", "improvements_only", "welfare")  # fmt: skip
    assert [a.slug for a in again.agencies.all()] == ["police"]
    assert [(r.name, r.is_lead) for r in again.reviewers.all()] == [("A. Lead", True)]
    assert [(r.related.slug, r.relation) for r in again.relations.all()] == [("two", "same_incident")]
    assert export_content() == {**exported, "reviews": export_content()["reviews"]}  # ids may differ, nothing else
    assert [r["slug"] for r in export_content()["reviews"]] == [r["slug"] for r in exported["reviews"]]


def test_a_file_from_a_one_board_install_still_imports(db):
    legacy = {"format": "case-review-publication/1",
              "board": {"name": "Old Board", "short_name": "OB", "availability_months": 12},
              "reviews": [{"slug": "old", "title": "Old", "incident": "death", "summary": "s",
                           "published_at": "2020-01-01T00:00:00+00:00"}]}  # fmt: skip
    import_content(legacy)
    review = Review.objects.get(slug="old")
    assert (review.body.name, review.body.slug, review.body.availability_months) == ("Old Board", "old-board", 12)


@pytest.mark.parametrize(
    "related, message",
    [
        ([{"review": "nowhere", "relation": "same_incident"}], "'nowhere' is not another review"),
        ([{"review": "r", "relation": "same_incident"}], "'r' is not another review"),
        ([{"review": "r", "relation": "cousin"}], "expected a list of objects with a review's slug and a relation"),
        ("r", "field 'related'"),
    ],
)
def test_a_bad_relation_in_a_file_is_refused_naming_it(board, related, message):
    data = {"format": "case-review-publication/1",
            "reviews": [{"slug": "r", "title": "R", "incident": "death", "summary": "s",
                         "published_at": "2020-01-01T00:00:00+00:00", "related": related}]}  # fmt: skip
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_content(data)
    assert not Review.objects.exists()


def test_a_review_naming_an_unknown_body_is_refused(board):
    data = {"format": "case-review-publication/1",
            "reviews": [{"slug": "r", "title": "R", "incident": "death", "summary": "s", "body": "atlantis",
                         "published_at": "2020-01-01T00:00:00+00:00"}]}  # fmt: skip
    with pytest.raises(ContentError, match="field 'body': no body with slug 'atlantis'"):
        import_content(data)


# The admin: editors limited to their own body ---------------------------------------------


@pytest.fixture
def welsh_editor(client, django_user_model, library):
    user = django_user_model.objects.create_user(username="welsh-editor", password="a-long-test-password",
                                                 is_staff=True)  # fmt: skip
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="reviews"))
    user.user_permissions.remove(Permission.objects.get(codename="edit_every_body"))
    library["wales"].editors.add(user)
    client.force_login(user)
    return client


def test_an_editor_limited_to_a_body_sees_and_changes_only_its_content(welsh_editor, library):
    page = welsh_editor.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert "Child" in page and f"/{library['welsh'].pk}/change/" in page
    assert f"/{library['english'].pk}/change/" not in page
    other = reverse("admin:reviews_review_change", args=[library["english"].pk])
    assert welsh_editor.get(other).status_code == 302  # Django's "does not exist" redirect to the index
    form = welsh_editor.get(reverse("admin:reviews_review_add")).content.decode()
    assert "Cardiff and Vale" in form and "Stockport" not in form.split('name="body"')[1].split("</select>")[0]
    documents = welsh_editor.get(reverse("admin:reviews_document_changelist")).content.decode()
    assert "/reviews/document/" in documents
    assert welsh_editor.get(reverse("admin:reviews_leaflet_changelist")).content.decode().count("leaflet-") <= 2
    bodies = welsh_editor.get(reverse("admin:reviews_body_changelist")).content.decode()
    assert "Cardiff and Vale" in bodies and "Stockport Safeguarding" not in bodies


def test_the_permission_to_edit_every_body_lifts_the_limit(welsh_editor, library):
    user = library["wales"].editors.get()
    user.user_permissions.add(Permission.objects.get(codename="edit_every_body"))
    other = reverse("admin:reviews_review_change", args=[library["english"].pk])
    assert welsh_editor.get(other).status_code == 200


def test_a_review_page_says_who_published_it_and_why_no_report_is_there(client, board):
    make_review(slug="later", title="Child L", publication="deferred", publication_reason="inquest")
    page = client.get("/api/v1/reviews/later/", HTTP_ACCEPT="text/html").content.decode()
    assert "by Stockport Safeguarding Children Board" in page
    assert "Publication deferred: An inquest has yet to conclude." in page


def json_ld(page):
    import re

    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1, page
    return json.loads(found[0])


def test_review_and_leaflet_pages_carry_schema_org_json_ld(client, board, frozen_clock):
    Body.objects.filter(pk=board.pk).update(request_url="https://example.org/ask")
    make_review(slug="old", title="Child </script><b>O", published_at=NOW - timedelta(days=400),
                external_reference="NSPCC-123", themes=["neglect"])  # fmt: skip
    page = client.get("/api/v1/reviews/old/", HTTP_ACCEPT="text/html").content.decode()
    assert "</script><b>" not in page  # the title cannot close the data block
    ld = json_ld(page)
    assert (ld["@context"], ld["@type"], ld["reportNumber"]) == ("https://schema.org", "Report", "NSPCC-123")
    assert ld["name"].startswith("Child </script><b>O") and ld["keywords"] == ["neglect"]
    assert ld["creativeWorkStatus"] == "Archived: available on request"
    assert ld["conditionsOfAccess"] == "Available on request from Safeguarding Unit (https://example.org/ask)."
    assert ld["isPartOf"]["url"].endswith("/api/v1/bodies/stockport-safeguarding-children-board/")
    assert ld["datePublished"] == (NOW - timedelta(days=400)).date().isoformat()
    current = json_ld(client.get(f"/api/v1/reviews/{make_review(slug='now').slug}/", HTTP_ACCEPT="text/html")
                      .content.decode())  # fmt: skip
    assert current["creativeWorkStatus"] == "Published" and "conditionsOfAccess" not in current
    leaflet = json_ld(client.get(f"/api/v1/leaflets/{make_leaflet(reference_code='C140').slug}/",
                                 HTTP_ACCEPT="text/html").content.decode())  # fmt: skip
    assert (leaflet["@type"], leaflet["identifier"]) == ("DigitalDocument", "C140")
    assert leaflet["isPartOf"]["name"] == "Case reviews published by Stockport Safeguarding Children Board"


def test_a_library_feed_names_each_entrys_body_not_the_first_body(api, library):
    feed = feedparser.parse(api.get("/feeds/publications.atom", {"nation": "wales"}).content)
    assert "Stockport" not in feed.feed.title and "SSCB" not in feed.feed.title
    assert {entry.author for entry in feed.entries} == {"Cardiff and Vale Regional Safeguarding Board"}
    everything = json.loads(api.get("/feeds/publications.json").content)
    assert {item["authors"][0]["name"] for item in everything["items"]} == {
        "Cardiff and Vale Regional Safeguarding Board", "Stockport Safeguarding Children Board"}  # fmt: skip
    assert everything["authors"] == [{"name": "the case review library"}]


def test_an_archived_reviews_text_only_document_no_longer_gives_its_text(api, board, frozen_clock):
    old = make_review(slug="old", published_at=NOW - timedelta(days=400))
    make_document(old, with_file=False, text="Confidential words.")
    listed = api.get("/api/v1/documents/", {"review": "old", "status": "all"}).json()["results"]
    assert listed[0]["text"] is None
    assert api.get("/api/v1/reviews/old/").json()["documents"][0]["text"] is None
    exported = b"".join(api.get("/api/v1/exports/reviews.jsonl").streaming_content)
    assert b"Confidential" not in exported


def test_the_csv_export_has_the_librarys_columns_and_no_formulas(api, board, frozen_clock):
    import csv
    import io

    make_review(slug="f", title='=HYPERLINK("http://evil.example","click")', key_learning=["one | two", "three"],
                publication="improvements_only", publication_reason="welfare", is_sample=True)  # fmt: skip
    text = b"".join(api.get("/api/v1/exports/reviews.csv").streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["key_learning"] == "one \\| two | three"
    assert (row["publication"], row["publication_reason"], row["is_sample"]) == ("improvements_only", "welfare", "True")
    assert row["summary"] and row["statutory_basis"] and row["body"] == "stockport-safeguarding-children-board"


def test_the_seeds_theme_synonyms_work_as_readme_shows(api, frozen_clock):
    from django.core.management import call_command

    call_command("load_seed_content")
    assert slugs(api.get("/api/v1/reviews/", {"theme": "anorexia", "status": "all"})) == {"pip"}
    page = api.get("/api/v1/reviews/child-n/", HTTP_ACCEPT="text/html").content.decode()
    assert "Incident: serious injury." in page


def test_an_editor_limited_to_a_body_sees_nothing_of_anothers_in_choices_filters_or_the_audit_trail(
    welsh_editor, library
):
    """Body B (here the English board) has an embargoed review with a theme of
    its own, a withdrawn one with an internal reason, and a hidden leaflet: none
    of it may reach the Welsh editor's dropdowns, filters or audit trail."""
    from reviews import services
    from reviews.models import AuditEntry

    secret = make_review(slug="embargoed-b", title="Child Secret", themes=["only-b-theme"],
                         published_at=NOW + timedelta(days=5), date_precision="day")  # fmt: skip
    make_review(slug="old-b", published_at=NOW - timedelta(days=15 * 365))  # a year only B has
    services.withdraw(library["english"], "Court order naming the family")
    make_leaflet(slug="hidden-b", title="Leaflet Hidden B", published_at=NOW + timedelta(days=5))
    welsh_review = reverse("admin:reviews_review_change", args=[library["welsh"].pk])
    form = welsh_editor.get(welsh_review).content.decode()
    related = form.split('name="relations-__prefix__-related"')[1].split("</select>")[0]
    assert "Child Secret" not in related and library["english"].title not in related
    changelist = welsh_editor.get(reverse("admin:reviews_review_changelist")).content.decode()
    filters = changelist.split('id="changelist-filter"')[1]
    assert secret.pk and "Stockport" not in filters and "only-b-theme" not in filters
    assert str((NOW - timedelta(days=15 * 365)).year) not in filters
    sections = welsh_editor.get(reverse("admin:reviews_leafletsection_changelist")).content.decode()
    assert "Leaflet Hidden B" not in sections and "english-leaflet" not in sections.lower()
    assert AuditEntry.objects.filter(object_id=str(library["english"].pk), model="review").exists()
    trail = welsh_editor.get(reverse("admin:reviews_auditentry_changelist")).content.decode()
    assert "Court order naming the family" not in trail and library["english"].title not in trail
    entry = AuditEntry.objects.filter(object_id=str(library["english"].pk), model="review").first()
    assert welsh_editor.get(reverse("admin:reviews_auditentry_change", args=[entry.pk])).status_code == 302


def test_an_editor_limited_to_a_body_cannot_relate_anothers_review(welsh_editor, library, api):
    """A relation shows on both reviews: the English review's public detail once
    gained a "followed_from" the Welsh editor made."""
    from tests.test_model import admin_form_data

    url = reverse("admin:reviews_review_change", args=[library["welsh"].pk])
    form = admin_form_data(welsh_editor.get(url).content)
    form.update({"relations-TOTAL_FORMS": "1", "relations-0-related": str(library["english"].pk),
                 "relations-0-relation": "led_to"})  # fmt: skip
    response = welsh_editor.post(url, form)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not library["english"].inverse_relations.exists()
