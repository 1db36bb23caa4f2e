"""The editorial admin, driven as a logged-in editor would through the test client."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Body, Document, Leaflet, Review
from reviews.publication import Status
from tests.factories import make_board, make_document, make_leaflet, make_review, pdf_bytes

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def review_form(**overrides):
    """The POST body of the review add form, with one document inline."""
    data = {
        "body": str(Body.default(create=True).pk),
        "title": "Child Q",
        "slug": "child-q",
        "review_type": Review.Type.SERIOUS_CASE_REVIEW,
        "incident": Review.Incident.DEATH,
        "summary": "A summary.",
        "publication": "report",
        "published_at_0": "2030-01-15",
        "published_at_1": "09:00:00",
        "date_precision": "day",
        "commissioned_precision": "day",
        "key_learning": "",
        "recommendations": "",
        "reviewers-TOTAL_FORMS": "0",
        "reviewers-INITIAL_FORMS": "0",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-position": "0",
        "documents-0-kind": Document.Kind.FULL_REPORT,
        "documents-0-audience": Document.Audience.PUBLIC,
        "documents-0-title": "Full report",
        "documents-0-published_at_0": "2030-01-15",
        "documents-0-published_at_1": "09:00:00",
        "documents-0-language": "en",
    }
    return {**data, **overrides}


def test_changelist_shows_status_of_each_review(staff_client):
    make_board()
    make_review(title="Embargoed one", published_at=timezone.now() + timedelta(days=3))
    make_review(title="Available one")
    make_review(title="Archived one", published_at=timezone.now() - timedelta(days=400))
    services.withdraw(make_review(title="Withdrawn one"), "Court order")
    page = staff_client.get(reverse("admin:reviews_review_changelist")).content.decode()
    labels = ("Scheduled (embargoed)", "Published in full, available", "Archived: available on request", "Withdrawn")
    for label in labels:
        assert f'<td class="field-status_label">{label}</td>' in page


@pytest.mark.parametrize("status", Status.values)
def test_changelist_filters_by_status(staff_client, status):
    make_board()
    titles = {
        "embargoed": make_review(title="Embargoed one", published_at=timezone.now() + timedelta(days=3)),
        "available": make_review(title="Available one"),
        "archived": make_review(title="Archived one", published_at=timezone.now() - timedelta(days=400)),
        "withdrawn": make_review(title="Withdrawn one"),
    }
    services.withdraw(titles["withdrawn"], "Court order")
    response = staff_client.get(reverse("admin:reviews_review_changelist"), {"status": status})
    shown = [review.title for review in response.context["cl"].result_list]
    assert shown == [titles[status].title]


def test_changelist_filters_by_year_and_type_and_searches(staff_client):
    make_board()
    old = make_review(title="Jaiden", published_at=timezone.now().replace(year=2016))
    make_review(title="Pip", review_type=Review.Type.RAPID_REVIEW)
    url = reverse("admin:reviews_review_changelist")
    assert [r.pk for r in staff_client.get(url, {"year": "2016"}).context["cl"].result_list] == [old.pk]
    rapid = staff_client.get(url, {"review_type__exact": "rapid_review"}).context["cl"].result_list
    assert [r.title for r in rapid] == ["Pip"]
    assert [r.title for r in staff_client.get(url, {"q": "jaid"}).context["cl"].result_list] == ["Jaiden"]


def test_editor_adds_a_review_with_an_uploaded_pdf(staff_client, settings):
    make_board()
    upload = SimpleUploadedFile("../../Report for Child Q.pdf", pdf_bytes(), content_type="application/pdf")
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    document = Document.objects.get(review__slug="child-q")
    assert document.size_bytes == len(pdf_bytes())
    assert document.page_count == 1
    assert len(document.sha256) == 64
    assert document.content_type == "application/pdf"
    assert document.original_filename == "Report for Child Q.pdf"
    assert document.uploaded_by == staff_client.user
    # Stored under a random name inside document storage, never the editor's name.
    assert document.file.name.startswith("documents/") and "Child" not in document.file.name
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / document.file.name]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.pdf", b"<html>not a pdf</html>", "not a PDF"),
        ("report.pdf", b"%PDF-1.4 but then nothing readable", "cannot be read"),
        ("report.exe", b"MZ\x90\x00", "not a PDF"),
    ],
)
def test_upload_that_is_not_a_pdf_is_refused_and_nothing_is_saved(staff_client, settings, name, content, message):
    make_board()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_oversized_upload_is_refused(staff_client, settings):
    make_board()
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", pdf_bytes(), content_type="application/pdf")
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))
    assert "the largest accepted is 100" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_failed_save_leaves_no_orphan_file(settings):
    """GIVEN a document that the database will refuse (no review, no leaflet)
    WHEN it is saved with a new file THEN the file written for it is removed."""
    from django.core.files.base import ContentFile
    from django.db import IntegrityError, transaction

    document = Document(kind=Document.Kind.OTHER, title="Orphan", file=ContentFile(pdf_bytes(), name="x.pdf"))
    with pytest.raises(IntegrityError), transaction.atomic():
        document.save()
    assert stored_files(settings) == []


def test_a_rolled_back_admin_save_removes_files_written_before_the_failure(settings):
    from django.db import transaction

    from reviews.files import uploads

    make_board()
    review = make_review()
    with pytest.raises(RuntimeError), uploads.removed_if_failed(), transaction.atomic():
        make_document(review)
        assert len(stored_files(settings)) == 1
        raise RuntimeError("a later step fails")
    assert stored_files(settings) == []
    assert not Document.objects.exists()


def test_replacing_and_deleting_a_document_removes_the_old_files(settings, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    make_board()
    document = make_document(make_review())
    first = Path(settings.MEDIA_ROOT) / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(pdf_bytes("second"), name="second.pdf")
        document.save()
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / document.file.name] != [first]
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert stored_files(settings) == []


def test_withdraw_action_asks_for_a_reason_then_withdraws(staff_client):
    make_board()
    review = make_review()
    url = reverse("admin:reviews_review_changelist")
    chosen = {"action": "withdraw", "_selected_action": [review.pk]}
    confirm = staff_client.post(url, chosen)
    assert confirm.status_code == 200 and "reason" in confirm.content.decode()
    review.refresh_from_db()
    assert review.withdrawn_at is None
    staff_client.post(url, {**chosen, "reason": "Court order of 1 May"})
    review.refresh_from_db()
    assert review.status == Status.WITHDRAWN
    assert review.withdrawal_reason == "Court order of 1 May"


def test_extend_action_adds_the_board_window(staff_client):
    make_board(availability_months=6)
    review = make_review()
    before = review.available_until
    staff_client.post(
        reverse("admin:reviews_review_changelist"), {"action": "extend_availability", "_selected_action": [review.pk]}
    )
    review.refresh_from_db()
    assert review.available_until > before + timedelta(days=180)


def test_leaflet_sections_and_items_are_edited_in_order(staff_client):
    leaflet = make_leaflet(sections=[("Introduction", ["One", "Two"]), ("What happens next?", ["Three"])])
    page = staff_client.get(reverse("admin:reviews_leaflet_change", args=[leaflet.pk])).content.decode()
    assert page.index("Introduction") < page.index("What happens next?")
    section = leaflet.sections.get(heading="Introduction")
    section_page = staff_client.get(reverse("admin:reviews_leafletsection_change", args=[section.pk]))
    body = section_page.content.decode()
    assert body.index("\nOne</textarea>") < body.index("\nTwo</textarea>")
    assert Leaflet.objects.get().sections.first().items.count() == 2


@pytest.mark.parametrize("name", ["contact", "theme", "agency", "body", "document", "leaflet", "review"])
def test_every_admin_list_opens(staff_client, name):
    make_board()
    assert staff_client.get(reverse(f"admin:reviews_{name}_changelist")).status_code == 200


def test_admin_requires_staff(client):
    response = client.get(reverse("admin:reviews_review_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def change_form_data(client, review):
    """The review's change form as a browser would post it back (tests/test_model.py reads it the same way)."""
    from tests.test_model import admin_form_data

    return admin_form_data(client.get(reverse("admin:reviews_review_change", args=[review.pk])).content)


def test_a_stale_change_form_never_undoes_a_withdrawal(staff_client, client, django_user_model, api):
    """GIVEN editor A with a review's change form open WHEN editor B withdraws it
    with the action and A then saves a typo fix THEN A's save is refused, saying
    who withdrew it; it stays withdrawn, with its reason, and partners are not
    told it is back."""
    make_board()
    review = make_review(slug="pip")
    stale = change_form_data(staff_client, review)
    other = django_user_model.objects.create_user("editor-b", password="another-long-password", is_staff=True,
                                                  is_superuser=True)  # fmt: skip
    client.force_login(other)
    chosen = {"action": "withdraw", "_selected_action": [review.pk], "reason": "Court order"}
    client.post(reverse("admin:reviews_review_changelist"), chosen)
    cursor = api.get("/api/v1/changes/").json()["next"]
    stale["summary"] = "A typo fixed."
    response = staff_client.post(reverse("admin:reviews_review_change", args=[review.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 200 and "Not saved" in page and "editor-b" in page and "withdrawn at" in page
    assert "A typo fixed." in page  # what A typed is still in the form
    review.refresh_from_db()
    assert review.withdrawn_at is not None and review.withdrawal_reason == "Court order"
    assert review.summary != "A typo fixed."
    assert api.get("/api/v1/reviews/pip/").status_code == 404
    assert all(c["event"] != "published" for c in api.get("/api/v1/changes/", {"since": cursor}).json()["changes"])


def test_the_change_form_cannot_set_or_clear_a_withdrawal(staff_client):
    make_board()
    review = make_review()
    fields = change_form_data(staff_client, review)
    assert not {name for name in fields if name.startswith(("withdrawn_at", "withdrawal_reason"))}


def test_reinstating_is_a_decision_with_a_reason_and_is_announced(staff_client, api):
    make_board()
    review = make_review(slug="pip")
    services.withdraw(review, "Court order")
    cursor = api.get("/api/v1/changes/").json()["next"]
    url = reverse("admin:reviews_review_changelist")
    chosen = {"action": "reinstate", "_selected_action": [review.pk]}
    asked = staff_client.post(url, chosen)
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    review.refresh_from_db()
    assert review.withdrawn_at is not None  # nothing happens without a reason
    staff_client.post(url, {**chosen, "reason": "Order lifted on appeal"})
    review.refresh_from_db()
    assert review.withdrawn_at is None
    assert "Court order" in review.withdrawal_reason and "Order lifted on appeal" in review.withdrawal_reason
    assert api.get("/api/v1/reviews/pip/").status_code == 200
    told = api.get("/api/v1/changes/", {"since": cursor}).json()["changes"]
    assert [(c["event"], c["id"]) for c in told] == [("published", "pip")]
    from reviews.models import AuditEntry

    entry = AuditEntry.objects.filter(object_id=str(review.pk), action="changed").first()
    assert entry.username == "editor" and entry.changes["withdrawn_at"][1] is None


def crafted_pdf(build):
    """A PDF made with pypdf's writer, one blank page unless ``build`` says otherwise."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    if build != "no_pages":
        writer.add_blank_page(width=200, height=200)
    if build in ("javascript", "launch"):
        action = {
            "javascript": {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("go()")},
            "launch": {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")},
        }[build]  # fmt: skip
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(action))
    elif build == "attachment":
        writer.add_attachment("payload.txt", b"hidden")
    elif build == "restricted":
        writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-256")
    elif build == "password":
        writer.encrypt(user_password="open-sesame", owner_password="owner-secret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload_response(staff_client, content, name="report.pdf"):
    make_board()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-file": upload}))


@pytest.mark.parametrize(
    "build, message",
    [
        ("no_pages", "it has no pages"),
        ("javascript", "runs JavaScript or another program"),
        ("launch", "runs JavaScript or another program"),
        ("attachment", "carries embedded files"),
        ("password", "protected by a password"),
    ],
)
def test_pdfs_unfit_to_publish_are_refused_with_a_reason(staff_client, settings, build, message):
    response = upload_response(staff_client, crafted_pdf(build))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists() and stored_files(settings) == []


def test_a_pdf_restricted_against_editing_is_accepted(staff_client, settings):
    """AES-encrypted with an owner password only ("restrict editing"): it opens for anyone."""
    response = upload_response(staff_client, crafted_pdf("restricted"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.get().page_count == 1


def test_a_pdf_that_is_also_a_web_page_is_refused(staff_client, settings):
    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + crafted_pdf("plain")[9:]
    response = upload_response(staff_client, polyglot)
    assert "both a PDF and a web page" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("key_learning", "x" * 4001, "Item 1 is longer than"),
        ("published_at_0", "9999-12-31", "Give a date between 1900 and 2999"),
    ],
)
def test_values_that_would_break_a_surface_are_form_errors(staff_client, field, value, message):
    make_board()
    response = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_lists_are_edited_as_lines_and_a_point_left_alone_stays_whole(staff_client):
    from lxml import html

    from tests.test_model import admin_form_data

    make_board()
    posted = review_form(key_learning="Share information early.\n\n   Ask the family.  \n", recommendations="One.")
    assert staff_client.post(reverse("admin:reviews_review_add"), posted).status_code == 302
    review = Review.objects.get()
    assert review.key_learning == ["Share information early.", "Ask the family."]
    assert review.recommendations == ["One."]
    Review.objects.filter(pk=review.pk).update(recommendations=["A point an import wrote\nover two lines."])
    url = reverse("admin:reviews_review_change", args=[review.pk])
    page = staff_client.get(url).content
    form = admin_form_data(page)
    assert html.fromstring(page).xpath("//textarea[@name='key_learning']/text()") == [
        "\nShare information early.\nAsk the family."]  # fmt: skip
    form["key_learning"] = "Ask the family.\nShare information early."  # moved: the order is the lines'
    assert staff_client.post(url, form).status_code == 302
    review.refresh_from_db()
    assert review.key_learning == ["Ask the family.", "Share information early."]
    assert review.recommendations == ["A point an import wrote\nover two lines."]  # untouched: kept whole


def test_a_board_window_of_a_hundred_thousand_months_is_refused(staff_client):
    board = make_board()
    url = reverse("admin:reviews_body_change", args=[board.pk])
    from tests.test_model import admin_form_data

    form = admin_form_data_for(staff_client, url, admin_form_data)
    form["availability_months"] = "100000"
    response = staff_client.post(url, form)
    assert response.status_code == 200 and "less than or equal to 600" in response.content.decode()


def admin_form_data_for(client, url, reader):
    from lxml import html

    content = client.get(url).content
    form_id = html.fromstring(content).xpath("//form[@method='post']")[0].get("id")
    return reader(content, form_id)


def test_extending_past_the_supported_years_is_a_message_not_a_crash(staff_client):
    make_board()
    review = make_review(available_until_override=timezone.make_aware(timezone.datetime(2999, 9, 1)))
    response = staff_client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "extend_availability", "_selected_action": [review.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "cannot be extended past 2999" in response.content.decode()
    review.refresh_from_db()
    assert review.available_until.year == 2999


def test_a_withdrawal_for_an_old_court_order_runs_from_when_it_is_recorded(staff_client, client, settings):
    """GIVEN a court order dated two years ago WHEN an editor withdraws the review
    today, giving the order's date THEN the date is kept for the record and the
    Atom tombstone and the changes log run from today, for the full period."""
    import time_machine
    from lxml import etree

    make_board()
    review = make_review(slug="pip", published_at=timezone.now() - timedelta(days=60))
    assert client.get("/api/v1/reviews/pip/").status_code == 200  # announced to mirrors
    chosen = {"action": "withdraw", "_selected_action": [review.pk], "reason": "Court order",
              "court_order_date": (timezone.now() - timedelta(days=730)).date().isoformat()}  # fmt: skip
    asked = staff_client.post(reverse("admin:reviews_review_changelist"), {**chosen, "reason": ""})
    assert "court_order_date" in asked.content.decode()
    staff_client.post(reverse("admin:reviews_review_changelist"), chosen)
    review.refresh_from_db()
    assert abs(review.withdrawn_at - timezone.now()) < timedelta(minutes=1)
    assert review.court_order_date == (timezone.now() - timedelta(days=730)).date()
    tombstone = "{http://purl.org/atompub/tombstones/1.0}deleted-entry"

    def stones():
        return etree.fromstring(client.get("/feeds/publications.atom").content).findall(tombstone)

    assert [stone.get("ref").rsplit(":", 1)[1] for stone in stones()] == [f"review/{review.pk}"]
    told = client.get("/api/v1/changes/").json()["changes"]
    assert (told[-1]["event"], told[-1]["id"]) == ("withdrawn", "pip")
    days = settings.FEED_TOMBSTONE_DAYS
    with time_machine.travel(review.withdrawn_at + timedelta(days=days) - timedelta(seconds=1), tick=False):
        assert len(stones()) == 1
    with time_machine.travel(review.withdrawn_at + timedelta(days=days, seconds=1), tick=False):
        assert stones() == []


def test_leaflets_are_withdrawn_and_reinstated_by_decision_not_by_their_form(staff_client, api):
    make_board()
    leaflet = make_leaflet(slug="for-parents")
    url = reverse("admin:reviews_leaflet_change", args=[leaflet.pk])
    from tests.test_model import admin_form_data

    fields = admin_form_data_for(staff_client, url, admin_form_data)
    assert not {name for name in fields if name.startswith(("withdrawn_at", "withdrawal_reason"))}
    changelist = reverse("admin:reviews_leaflet_changelist")
    chosen = {"action": "withdraw", "_selected_action": [leaflet.pk]}
    staff_client.post(changelist, chosen)  # asks for the reason; nothing happens yet
    assert api.get("/api/v1/leaflets/for-parents/").status_code == 200
    staff_client.post(changelist, {**chosen, "reason": "Out of date"})
    assert api.get("/api/v1/leaflets/for-parents/").status_code == 404
    staff_client.post(changelist, {"action": "reinstate", "_selected_action": [leaflet.pk], "reason": "Revised"})
    leaflet.refresh_from_db()
    assert leaflet.withdrawn_at is None and "Out of date" in leaflet.withdrawal_reason
    assert api.get("/api/v1/leaflets/for-parents/").status_code == 200


def test_adding_a_report_to_a_deferred_review_says_it_is_not_published_yet(staff_client):
    """It once said only "added successfully" while partners were told of it."""
    from tests.test_model import admin_form_data

    make_board()
    review = make_review(slug="deferred", publication="deferred", publication_reason="parallel_proceedings")
    url = reverse("admin:reviews_document_add")
    form = admin_form_data_for(staff_client, url, admin_form_data)
    form.update(review=str(review.pk), kind="full_report", title="Overview report", text="The report.",
                position="0", audience="public", language="en", published_at_0="2026-11-01",
                published_at_1="09:00:00")  # fmt: skip
    response = staff_client.post(url, form, follow=True)
    assert response.status_code == 200, response.content[:500]
    told = [str(message) for message in response.context["messages"]]
    assert any(m.startswith("Not published yet: “Overview report”") and "Publication deferred" in m for m in told), told


def test_a_file_added_to_an_archived_review_is_saved_with_a_warning_that_it_will_not_be_served(staff_client):
    from tests.factories import pdf_bytes

    make_board()
    upload = SimpleUploadedFile("report.pdf", pdf_bytes(), content_type="application/pdf")
    posted = review_form(**{"published_at_0": "2016-01-15", "documents-0-published_at_0": "2016-01-15",
                            "documents-0-file": upload})  # fmt: skip
    response = staff_client.post(reverse("admin:reviews_review_add"), posted, follow=True)
    warning = [str(message) for message in response.context["messages"] if message.level_tag == "warning"]
    assert Document.objects.get().file and len(warning) == 1
    assert warning[0].startswith("Listed but not downloadable: “Full report” — this review is archived")
    review = Review.objects.get()
    page = staff_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content
    from tests.test_model import admin_form_data

    response = staff_client.post(reverse("admin:reviews_review_change", args=[review.pk]), admin_form_data(page),
                                 follow=True)  # fmt: skip
    assert not [message for message in response.context["messages"] if message.level_tag == "warning"]  # no new file


def test_an_editor_previews_a_review_under_embargo_as_the_public_will_see_it(staff_client, client, django_user_model):
    from lxml import html

    from reviews.models import Body

    board = make_board()
    review = make_review(slug="later", title="Child Q", published_at=timezone.now() + timedelta(days=3))
    page = html.fromstring(staff_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content)
    address = page.xpath("//a[contains(@class, 'viewsitelink')]/@href")[0]
    assert address == f"/admin/preview/reviews/{review.pk}/"
    response = staff_client.get(address)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    tree = html.fromstring(response.content)
    assert (
        tree.xpath("//h1/text()") == ["Child Q"]
        and "Not public until" in tree.xpath("//p[@class='notice']")[0].text_content()
    )
    assert staff_client.get("/api/v1/reviews/later/", HTTP_ACCEPT="application/json").status_code == 404
    client.logout()
    assert client.get(address).status_code == 302  # to the sign-in page
    other = Body.objects.create(slug="other", name="Other board")
    outsider = django_user_model.objects.create_user(
        username="outsider", password="a-long-test-password", is_staff=True
    )
    other.editors.add(outsider)
    client.force_login(outsider)
    assert client.get(address).status_code == 404 and board.slug != other.slug
