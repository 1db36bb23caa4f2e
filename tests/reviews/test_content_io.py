"""Import and export of content as JSON: round trip, idempotence, refusals."""

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from reviews import services
from reviews.models import Document, Leaflet, Review
from reviews.seed import SEED_FILE
from reviews.transfer.content_io import export_content
from tests.factories import NOW, make_document, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_data():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data, name="content.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_export_import_export_gives_the_same_file(tmp_path, seed_data, django_db_blocker):
    call_command("import_content", write(tmp_path, seed_data))
    first = tmp_path / "first.json"
    call_command("export_content", first)
    # Into an empty database.
    Review.objects.all().delete()
    Leaflet.objects.all().delete()
    from reviews.models import Body, Contact, Theme

    for model in (Body, Contact, Theme):
        model.objects.all().delete()
    call_command("import_content", first)
    second = tmp_path / "second.json"
    call_command("export_content", second)
    assert second.read_text() == first.read_text()
    assert json.loads(first.read_text())["reviews"][2]["documents"][0]["stated_size"] == "1.2 MB"


def test_importing_twice_changes_nothing(tmp_path, seed_data, capsys):
    path = write(tmp_path, seed_data)
    call_command("import_content", path)
    stamps = list(Review.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("import_content", path)
    assert "0 record(s) changed" in capsys.readouterr().err
    assert list(Review.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_an_edited_file_updates_only_what_changed(tmp_path, seed_data):
    call_command("import_content", write(tmp_path, seed_data))
    edited = copy.deepcopy(seed_data)
    edited["reviews"][0]["key_learning"] = ["Head injuries in non-mobile babies need a child protection response."]
    edited["leaflets"][0]["sections"][0]["items"].append("A new point.")
    call_command("import_content", write(tmp_path, edited))
    assert Review.objects.get(slug="child-n").key_learning[0].startswith("Head injuries")
    assert Leaflet.objects.get().sections.first().items.last().text == "A new point."
    assert export_content()["reviews"][0]["key_learning"] == edited["reviews"][0]["key_learning"]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda d: d["reviews"][1].update(published_at="2016-07-32T00:00:00+01:00"),
            "reviews[1]: field 'published_at'",
        ),
        (lambda d: d["reviews"][1].update(published_at="2016-07-01T00:00:00"), "needs a UTC offset"),
        (lambda d: d["reviews"][0].update(incident="bad-thing"), "reviews[0]: field 'incident'"),
        (lambda d: d["reviews"][2].update(contact="nobody"), "reviews[2]: field 'contact': no contact"),
        (lambda d: d["reviews"][2].update(themes=["unheard-of"]), "reviews[2] (pip): field 'themes'"),
        (
            lambda d: d["reviews"][2]["documents"][0].update(kind="poster"),
            "reviews[2] (pip) documents[0]: field 'kind'",
        ),
        (lambda d: d["reviews"][2]["documents"][0].update(file="documents/missing.pdf"), "no stored file"),
        (lambda d: d["leaflets"][0]["sections"][1].pop("heading"), "sections[1]: field 'heading' is required"),
        (lambda d: d["contacts"][1].update(email="not an email"), "contacts[1]: field 'email'"),
        (lambda d: d["reviews"][0].pop("slug"), "reviews[0]: field 'slug' is required"),
        (lambda d: d.update(format="something-else"), "field 'format'"),
    ],
)
def test_a_malformed_file_is_refused_naming_record_and_field(tmp_path, seed_data, mutate, message):
    mutate(seed_data)
    with pytest.raises(CommandError) as refused:
        call_command("import_content", write(tmp_path, seed_data))
    assert message in str(refused.value)
    # All or nothing: the records before the bad one were not kept either.
    assert not Review.objects.exists()
    assert not Document.objects.exists()


def test_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_content", path)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_content", tmp_path / "absent.json")


@pytest.fixture
def last_nights_export(tmp_path, seed_data):
    """The seed imported, then exported, as a nightly backup would be; the clock then moves on."""
    with time_machine.travel(NOW, tick=False):
        call_command("import_content", write(tmp_path, seed_data))
        call_command("export_content", tmp_path / "last-night.json")
    with time_machine.travel(NOW + timedelta(hours=9), tick=False):
        yield tmp_path / "last-night.json"


def test_last_nights_export_never_undoes_this_mornings_withdrawal_or_edit(last_nights_export, capsys):
    services.withdraw(Review.objects.get(slug="pip"), "Court order this morning")
    jaiden = Review.objects.get(slug="jaiden")
    jaiden.summary = "Corrected this morning."
    jaiden.save()
    call_command("import_content", last_nights_export)
    assert Review.objects.get(slug="pip").withdrawn_at is not None
    assert Review.objects.get(slug="jaiden").summary == "Corrected this morning."
    said = capsys.readouterr().err
    kept = [line for line in said.splitlines() if "kept as it is: it was edited after this file was made" in line]
    assert len(kept) == 2  # Pip (withdrawn this morning) and Jaiden


def test_overwrite_applies_the_file_and_says_what_it_overwrote(last_nights_export, capsys):
    jaiden = Review.objects.get(slug="jaiden")
    jaiden.summary = "Corrected this morning."
    jaiden.save()
    call_command("import_content", last_nights_export, "--overwrite")
    assert Review.objects.get(slug="jaiden").summary != "Corrected this morning."
    assert "overwritten although it was edited after this file was made" in capsys.readouterr().err


def test_a_file_without_dates_never_lifts_a_withdrawal(tmp_path, seed_data, capsys):
    call_command("import_content", write(tmp_path, seed_data))
    services.withdraw(Review.objects.get(slug="pip"), "Court order")
    undated = copy.deepcopy(seed_data)
    for record in undated["reviews"]:
        record["withdrawn_at"] = None
    call_command("import_content", write(tmp_path, undated, "undated.json"))
    assert Review.objects.get(slug="pip").withdrawn_at is not None
    assert "kept as it is: it was withdrawn" in capsys.readouterr().err


def test_a_restore_keeps_each_records_last_edit_time(last_nights_export):
    stated = {r["slug"]: r["updated_at"] for r in json.loads(last_nights_export.read_text())["reviews"]}
    Review.objects.all().delete()
    call_command("import_content", last_nights_export)
    for review in Review.objects.all():
        assert review.updated_at == datetime.fromisoformat(stated[review.slug])


# Hostile and mistaken files ---------------------------------------------------------------


@pytest.fixture
def exported(board):
    """A review with an uploaded PDF, exported; what an import file would hold."""
    review = make_review(slug="pip", title="Pip")
    make_document(review, title="Full report", original_filename="pip-report.pdf")
    return export_content()


def document_of(data):
    return data["reviews"][0]["documents"][0]


OUTSIDE = "field 'file': '/etc/passwd' is not a name inside document storage"
HOSTILE = {
    "path outside storage": (lambda d: document_of(d).update(file="../../etc/pw"), "'../../etc/pw' is not a name"),
    "absolute path": (lambda d: document_of(d).update(file="/etc/passwd"), OUTSIDE),
    "not a uuid": (lambda d: document_of(d).update(uid="12; DROP"), "field 'uid': '12; DROP' is not a UUID"),
    "uid a number": (lambda d: document_of(d).update(uid=12), "field 'uid': expected text, got int"),
    "title an object": (lambda d: d["reviews"][0].update(title={"a": 1}), "field 'title': expected text, got dict"),
    "negative pages": (lambda d: document_of(d).update(page_count=-3), "field 'page_count': the file states -3"),
    "huge size": (lambda d: document_of(d).update(size_bytes=10**30), "field 'size_bytes': the file states"),
    "false hash": (lambda d: document_of(d).update(sha256="0" * 64), "field 'sha256': the file states"),
    "html type": (lambda d: document_of(d).update(content_type="text/html"), "field 'content_type': the file states"),
    "CRLF name": (lambda d: document_of(d).update(original_filename="a\r\nSet-Cookie: x.pdf"),
                  "field 'original_filename'"),
    "flag as text": (lambda d: d["reviews"][0].update(is_sample="yes"), "field 'is_sample': expected true or false"),
    "learning a number": (lambda d: d["reviews"][0].update(key_learning=5), "field 'key_learning': expected a list"),
    "learning a dict": (lambda d: d["reviews"][0].update(key_learning={"a": "b"}), "field 'key_learning'"),
    "date a number": (lambda d: d["reviews"][0].update(published_at=12345), "field 'published_at': expected text"),
    "year 9999": (lambda d: d["reviews"][0].update(available_until_override="9999-01-01T00:00:00+00:00"),
                  "field 'available_until_override'"),
    "window overflow": (lambda d: d["bodies"][0].update(availability_months=10**30), "field 'availability_months'"),
    "reviews not a list": (lambda d: d.update(reviews=5), "field 'reviews': expected a list"),
    "reviewer name a number": (lambda d: d["reviews"][0].update(reviewers=[{"name": 5}]), "field 'reviewers'"),
    "uploader a number": (lambda d: document_of(d).update(uploaded_by=7), "field 'uploaded_by': expected text"),
    "review uid taken": (lambda d: d["reviews"].append({**d["reviews"][0], "slug": "other", "documents": []}),
                         "reviews[1]: field 'uid': the file gives reviews[0] the same uid"),
    "review uid not a uuid": (lambda d: d["reviews"].append({**d["reviews"][0], "slug": "other", "uid": "x",
                                                             "documents": []}), "field 'uid': 'x' is not a UUID"),
    "hash without a file": (lambda d: document_of(d).update(file="", size_bytes=None, page_count=None, sha256="0" * 64),
                            "field 'sha256': a document without a stored file has none"),
}  # fmt: skip


@pytest.mark.parametrize("mutate, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_naming_record_and_field_and_changes_nothing(tmp_path, exported, mutate, message):
    mutate(exported)
    before = export_content()
    with pytest.raises(CommandError) as refused:
        call_command("import_content", write(tmp_path, exported))
    assert message in str(refused.value)
    assert str(refused.value).startswith("Nothing was imported. ")
    assert export_content() == before


def test_a_stored_file_that_is_not_a_pdf_fit_to_publish_is_refused(tmp_path, exported, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("documents/page.pdf", ContentFile(b"%PDF-1.4\n<html><script>go()</script>"))
    document_of(exported).update(file=name, sha256="", size_bytes=None, page_count=None)
    with pytest.raises(CommandError, match="field 'file': The file is both a PDF and a web page"):
        call_command("import_content", write(tmp_path, exported))


def test_two_documents_never_share_a_stored_file(tmp_path, exported, api):
    """GIVEN an import file in which a second review's document names the first's
    stored file THEN it gets a byte-identical copy of its own, so deleting
    either document leaves the other's download intact."""
    shared = copy.deepcopy(exported["reviews"][0])
    shared.update(slug="pip-summary", title="Pip summary")
    shared.pop("uid")  # a new review: a uid of its own
    shared["documents"][0]["uid"] = "0b7b9d0e-6b1f-4c4a-9d55-2f1a4f0a1c11"
    exported["reviews"].append(shared)
    call_command("import_content", write(tmp_path, exported))
    first, second = Document.objects.order_by("pk")
    assert first.file.name != second.file.name and first.sha256 == second.sha256
    call_command("import_content", write(tmp_path, exported))  # again: no further copy
    assert Document.objects.get(pk=second.pk).file.name == second.file.name
    first.delete()
    assert api.get(f"/api/v1/documents/{second.pk}/download").status_code == 200


def test_facts_about_a_file_come_from_its_bytes(tmp_path, exported):
    for field in ("sha256", "size_bytes", "page_count", "content_type"):
        document_of(exported)[field] = None
    Document.objects.update(sha256="", size_bytes=None, page_count=None)
    call_command("import_content", write(tmp_path, exported))
    document = Document.objects.get()
    assert len(document.sha256) == 64 and document.size_bytes > 0 and document.page_count == 1
    assert document.content_type == "application/pdf"


def test_an_import_that_withdraws_a_public_review_records_it_now(tmp_path, exported, capsys):
    """The file's withdrawal is two years old; here it takes effect now, so
    partners get the tombstone for its full period."""
    exported["reviews"][0]["withdrawn_at"] = (timezone.now() - timedelta(days=730)).isoformat()
    call_command("import_content", write(tmp_path, exported))
    review = Review.objects.get(slug="pip")
    assert abs(review.withdrawn_at - timezone.now()) < timedelta(minutes=1)
    assert "withdrawn now, as the file says" in capsys.readouterr().err


def test_a_restore_keeps_creation_times_and_uploaders(tmp_path, board, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password")
    with time_machine.travel(NOW - timedelta(days=100), tick=False):
        review = make_review(slug="pip")
        make_document(review, uploaded_by=editor)
    call_command("export_content", tmp_path / "backup.json")
    stated = json.loads((tmp_path / "backup.json").read_text())["reviews"][0]
    assert stated["documents"][0]["uploaded_by"] == "editor"
    Review.objects.all().delete()
    call_command("import_content", tmp_path / "backup.json")
    review = Review.objects.get(slug="pip")
    document = review.documents.get()
    assert review.created_at == datetime.fromisoformat(stated["created_at"])
    assert document.created_at == datetime.fromisoformat(stated["documents"][0]["created_at"])
    assert document.uploaded_by == editor


def test_an_export_with_history_restores_the_audit_trail_and_changes_log(tmp_path, exported, api):
    api.get("/api/v1/changes/")  # the log catches up: pip is announced
    call_command("export_content", "--history", tmp_path / "full.json")
    data = json.loads((tmp_path / "full.json").read_text())
    told = [(c["seq"], c["event"], c["resource_id"]) for c in data["changes"]]
    assert ("published", "pip") in [(event, rid) for _, event, rid in told] and data["audit"]
    from reviews.models import AuditEntry, Change

    Review.objects.all().delete()
    AuditEntry.objects.all().delete()
    Change.objects.all().delete()
    call_command("import_content", tmp_path / "full.json")
    restored = [(c.seq, c.event, c.resource_id) for c in Change.objects.order_by("seq")]
    assert restored[: len(told)] == told  # what the import itself recorded comes after
    assert AuditEntry.objects.count() == len(data["audit"])
    later = api.get("/api/v1/changes/", {"since": told[-1][0]}).json()["changes"]
    assert all(change["seq"] > told[-1][0] for change in later)


def test_a_renamed_record_is_still_itself_to_seeds_and_imports(last_nights_export, capsys):
    """Renamed this morning: the seed does not bring back a second Pip, and last
    night's export (matched by uid) does not rename it back."""
    from reviews.seed import load_seed_content

    pip = Review.objects.get(slug="pip")
    pip.slug = "pip-2017"
    pip.save()
    load_seed_content(with_sample=False)
    assert not Review.objects.filter(slug="pip").exists()
    call_command("import_content", last_nights_export)
    assert Review.objects.get(pk=pip.pk).slug == "pip-2017" and Review.objects.count() == 3
    assert "reviews[2]: kept as it is: it was edited after this file was made" in capsys.readouterr().err


# Whole archives ---------------------------------------------------------------------------


def archive_of(count):
    """An import file of ``count`` reviews, each with two documents, two themes and a reviewer."""
    import uuid

    return {
        "format": "case-review-publication/1",
        "bodies": [{"slug": "north", "name": "North partnership", "nation": "england"}],
        "themes": [{"slug": "neglect", "name": "Neglect"}, {"slug": "self-harm", "name": "Self-harm"}],
        "reviews": [
            {"slug": f"child-{n}", "body": "north", "title": f"Child {n}", "summary": "What happened.",
             "incident": "death", "published_at": "2020-05-01T00:00:00+01:00", "themes": ["neglect", "self-harm"],
             "reviewers": [{"name": "A. Morgan", "is_lead": True}],
             "documents": [{"uid": str(uuid.uuid4()), "kind": "full_report", "title": f"Report {n}",
                            "stated_size": "1.2 MB"},
                           {"uid": str(uuid.uuid4()), "kind": "action_plan", "title": f"Plan {n}"}]}
            for n in range(count)
        ],
    }  # fmt: skip


def test_an_archive_is_imported_in_a_few_queries_whatever_its_size():
    """Reviews are written a chunk at a time, each kind of row in one statement
    (split only where SQLite caps a statement's parameters): 180 more reviews
    cost fewer than one more query each ten, where writing each record would
    cost some twenty each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.transfer.importing import import_content

    counts = []
    for count in (20, 200):
        Review.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            import_content(archive_of(count))
        counts.append(len(queries))
    assert Review.objects.count() == 200 and Document.objects.count() == 400
    assert counts[1] - counts[0] < 180 / 10, counts


def test_an_archive_is_reconciled_in_a_few_queries_whatever_its_size():
    """The log, the index, the windows and the representations of an imported
    archive are brought up to date a batch at a time: reconcile loads only the
    columns it reads, and a column left out would cost a query a review."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.changelog import changes
    from reviews.models import Representation
    from reviews.transfer.importing import import_content

    counts = []
    for count in (20, 200):
        Review.objects.all().delete()
        changes.reconcile()
        import_content(archive_of(count))  # reconciled in the import's transaction
        Review.objects.update(summary="Every summary edited by a script.")  # for the worker to catch up
        with CaptureQueriesContext(connection) as queries:
            changes.reconcile()
        counts.append(len(queries))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reviews_search")
        indexed = cursor.fetchone()[0]
    assert indexed == 200 and not Representation.objects.exists()  # dropped, for the worker to render
    assert counts[1] - counts[0] < 180 / 10, counts


def test_an_archive_import_is_audited_and_logged_as_saves_would_be(api):
    from reviews.models import AuditEntry, Change, Reviewer
    from reviews.transfer.importing import import_content

    import_content(archive_of(30))
    created = AuditEntry.objects.filter(action="created")
    assert created.filter(model="review").count() == 30 and created.filter(model="document").count() == 60
    assert created.filter(model="reviewer").count() == 30
    entry = created.filter(model="review").get(object_id=str(Review.objects.get(slug="child-7").pk))
    assert entry.changes["title"] == [None, "Child 7"]
    themed = AuditEntry.objects.filter(action="changed", model="review")
    assert themed.count() == 30 and all(len(e.changes["themes added"]) == 2 for e in themed)
    assert Reviewer.objects.filter(review__slug="child-7", is_lead=True).exists()
    api.get("/api/v1/changes/")  # the log catches up: every review announced, once
    assert Change.objects.filter(event="published", resource="review").count() == 30


def test_a_slug_given_twice_in_one_file_is_refused(tmp_path):
    data = archive_of(3)
    data["reviews"][2]["slug"] = "child-0"
    with pytest.raises(CommandError, match=r"reviews\[2\]: field 'slug': the file gives reviews\[0\] the same slug"):
        call_command("import_content", write(tmp_path, data))
    assert not Review.objects.exists()


def test_a_document_uid_given_twice_in_one_file_is_refused(tmp_path):
    data = archive_of(2)
    data["reviews"][1]["documents"][0]["uid"] = data["reviews"][0]["documents"][1]["uid"]
    with pytest.raises(CommandError, match=r"reviews\[1\] \(child-1\) documents\[0\]: field 'uid': the file gives"):
        call_command("import_content", write(tmp_path, data))
    assert not Document.objects.exists()


def test_imports_and_reconciling_run_the_cycle_collector_less_often_and_restore_it(seed_data):
    """Python's collector walked every live model instance after each 700 new
    objects (a quarter of an archive's import); it is slowed for the import and
    reconcile and put back after, a refused file included; what was alive
    before is frozen meanwhile."""
    import gc

    from django.db import connection

    from reviews.changelog import changes
    from reviews.database import bulk
    from reviews.transfer.content_io import ContentError
    from reviews.transfer.importing import import_content

    seen = []

    def note(execute, sql, params, many, context):
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        return execute(sql, params, many, context)

    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    broken = copy.deepcopy(seed_data)
    broken["reviews"][0]["published_at"] = "not a time"
    with connection.execute_wrapper(note):
        import_content(seed_data)
        with pytest.raises(ContentError):
            import_content(broken)
    # What was alive before is frozen (never walked again) for the duration, and thawed after.
    assert len(seen) > 10 and set(seen) == {(bulk.BULK_GC_THRESHOLDS, True)}
    assert gc.get_threshold() == before != bulk.BULK_GC_THRESHOLDS and gc.get_freeze_count() == 0
    Review.objects.update(title="Renamed")
    with bulk.collecting_less():
        changes.reconcile()  # nested: the outer one restores
        assert gc.get_threshold() == bulk.BULK_GC_THRESHOLDS and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_text_xml_forbids_is_cleaned_on_import_and_in_the_admin_check(tmp_path, seed_data):
    """Imports and the admin both run ``full_clean``: a vertical tab or form
    feed (Word's line and page breaks) becomes a new line, other control
    characters and NUL (which PostgreSQL refuses) are dropped."""
    review = seed_data["reviews"][0]
    review["summary"] = "One\x0btwo\x0cthree\x00\x08."
    review["key_learning"] = ["Listen\x0bcarefully\x01."]
    call_command("import_content", write(tmp_path, seed_data))
    stored = Review.objects.get(slug=review["slug"])
    assert (stored.summary, stored.key_learning) == ("One\ntwo\nthree.", ["Listen\ncarefully."])
    stored.title = "Child\x0bP"
    stored.full_clean()
    assert stored.title == "Child\nP"


@pytest.mark.parametrize(
    "text, said",
    [("[" * 100_000 + "]" * 100_000, "nests lists and objects too deeply"), ('{"reviews": [', "is not valid JSON")],
)
def test_a_malformed_file_is_named_in_a_clear_error(tmp_path, text, said):
    """A deeply nested file once gave a RecursionError traceback."""
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=said):
        call_command("import_content", path)
    assert not Review.objects.exists()


def test_an_imported_file_is_read_by_the_worker_within_its_limits_not_by_the_import(tmp_path, exported, settings):
    """The 9 KB file whose pages take pypdf 74 s: the import only checks it; its
    words are read by the worker, which gives up at TEXT_EXTRACTION_SECONDS."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.factories import read_texts
    from tests.reviews.test_extraction import slow_pdf

    settings.TEXT_EXTRACTION_SECONDS = 1
    name = default_storage.save("documents/slow.pdf", ContentFile(slow_pdf()))
    document_of(exported).update(file=name, sha256="", size_bytes=None, page_count=None)
    call_command("import_content", write(tmp_path, exported))
    document = Document.objects.get(uid=document_of(exported)["uid"])
    assert document.page_count == 40 and document.text_pending and document.extracted_text == ""
    read_texts(timeout=30)
    document.refresh_from_db()
    assert not document.text_pending and document.extracted_text == ""


def test_a_check_says_what_an_import_would_change_and_writes_nothing_and_an_import_shows_its_progress(
    tmp_path, seed_data, capsys, settings
):
    from reviews.models import Change

    path = write(tmp_path, seed_data)
    call_command("import_content", path, "--check")
    told = capsys.readouterr().err
    assert "importing it would change" in told and "Nothing was written." in told
    would = told.split("would change ")[1].split(" ")[0]
    assert not Review.objects.exists() and not Change.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))  # no file copied either
    count = len(seed_data["reviews"])
    call_command("import_content", path)
    told = capsys.readouterr().err
    assert f"Reviews: {count} of {count} (100%)" in told and Review.objects.count() == count
    assert f": {would} record(s) changed." in told and int(would) > 0  # what the check said
