"""No lost edits: two editors with the same record open, through the admin's
forms as a browser posts them. The second save from a stale copy is refused,
saying who changed what, and overwrites nothing."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from reviews.database.concurrency import StaleEdit
from reviews.models import Body, Contact, Document, Leaflet, LeafletSection, Review, Theme
from tests.factories import WRITE_PATHS, make_board, make_contact, make_document, make_leaflet, make_review, make_theme
from tests.test_model import admin_form_data

pytestmark = pytest.mark.django_db


def form_of(client, url):
    from lxml import html

    page = client.get(url).content
    forms = html.fromstring(page).xpath("//form[@method='post']")
    form_id = next(form.get("id") for form in forms if (form.get("id") or "").endswith("_form"))
    return admin_form_data(page, form_id)


@pytest.fixture
def editor_b(django_user_model):
    user = django_user_model.objects.create_user(
        "editor-b", password="another-long-password", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


# model, how to make one, the field editor B changes, the field editor A changes
RECORDS = [
    (Review, lambda: make_review(), ("title", "Child Q"), ("summary", "A typo fixed.")),
    (Document, lambda: make_document(make_review(), with_file=False, text="x"), ("title", "Renamed"),
     ("stated_size", "1 MB")),
    (Leaflet, lambda: make_leaflet(), ("title", "For parents"), ("subtitle", "And carers")),
    (LeafletSection, lambda: make_leaflet().sections.first(), ("heading", "Who we are"), ("position", "5")),
    (Contact, lambda: make_contact(), ("name", "Safeguarding team"), ("telephone", "01234 567890")),
    (Theme, lambda: make_theme(), ("name", "neglect"), ("slug", "neglect-and-harm")),
    (Body, lambda: Body.objects.get(), ("name", "The Partnership"), ("about", "How we review.")),
]  # fmt: skip


@pytest.mark.parametrize(("model", "make", "theirs", "mine"), RECORDS, ids=[r[0].__name__ for r in RECORDS])
def test_a_save_from_a_stale_form_is_refused_and_says_who_changed_what(staff_client, editor_b, model, make, theirs,
                                                                       mine):  # fmt: skip
    make_board()
    record = make()
    url = reverse(f"admin:reviews_{model._meta.model_name}_change", args=[record.pk])
    stale = form_of(staff_client, url)
    fresh = form_of(editor_b, url)
    assert editor_b.post(url, {**fresh, theirs[0]: theirs[1]}).status_code == 302
    response = staff_client.post(url, {**stale, mine[0]: mine[1]})
    page = response.content.decode()
    label = str(model._meta.get_field(theirs[0]).verbose_name)
    assert response.status_code == 200 and "Not saved" in page and "editor-b" in page and label in page
    record.refresh_from_db()
    assert str(getattr(record, theirs[0])) == theirs[1]  # B's edit stands
    assert str(getattr(record, mine[0])) != mine[1]  # A's was not applied
    again = form_of(staff_client, url)  # opened again, A's edit goes through
    assert staff_client.post(url, {**again, mine[0]: mine[1]}).status_code == 302
    record.refresh_from_db()
    assert (str(getattr(record, theirs[0])), str(getattr(record, mine[0]))) == (theirs[1], mine[1])


def test_a_review_form_opened_before_its_document_was_edited_is_refused(staff_client, editor_b):
    """The document's row in A's review form still holds the old title: saving
    it would put the old title back, so the whole save is refused."""
    make_board()
    review = make_review(summary="Original.")
    document = make_document(review, with_file=False, text="x", title="Full report")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    stale = form_of(staff_client, url)
    document_url = reverse("admin:reviews_document_change", args=[document.pk])
    editor_b.post(document_url, {**form_of(editor_b, document_url), "title": "Overview report"})
    response = staff_client.post(url, {**stale, "summary": "A typo fixed."})
    page = response.content.decode()
    assert response.status_code == 200 and "Not saved" in page and "editor-b" in page and "title" in page
    document.refresh_from_db()
    review.refresh_from_db()
    assert (document.title, review.summary) == ("Overview report", "Original.")
    # B adding a reviewer meanwhile takes nothing from A's form: A's save goes through.
    stale = form_of(staff_client, url)
    review.reviewers.create(name="Ann Other")
    assert staff_client.post(url, {**stale, "summary": "A typo fixed."}).status_code == 302
    review.refresh_from_db()
    assert review.summary == "A typo fixed." and review.reviewers.count() == 1


def test_two_saves_racing_from_one_version_cannot_both_land():
    """The check is in the UPDATE itself: the form's check cannot be raced."""
    make_board()
    review = make_review(summary="Original.")
    first, second = Review.objects.get(pk=review.pk), Review.objects.get(pk=review.pk)
    first.summary = "First."
    first.save()
    second.title = "Second"
    with pytest.raises(StaleEdit), transaction.atomic():
        second.save()
    review.refresh_from_db()
    assert (review.summary, review.title, review.version) == ("First.", first.title, first.version)


def test_a_race_lost_after_the_form_was_checked_rolls_back_and_says_so(staff_client, editor_b, monkeypatch):
    """The form was current when checked; another save landed before its UPDATE."""
    from reviews.admin.editing import VersionedForm

    make_board()
    review = make_review(summary="Original.")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    form = form_of(staff_client, url)
    clean = VersionedForm.clean

    def clean_then_lose_the_race(self):
        cleaned = clean(self)
        Review.objects.get(pk=review.pk).save()  # the other editor's save lands now
        return cleaned

    monkeypatch.setattr(VersionedForm, "clean", clean_then_lose_the_race)
    response = staff_client.post(url, {**form, "summary": "Mine."}, follow=True)
    assert "Not saved" in response.content.decode()
    review.refresh_from_db()
    assert review.summary == "Original."


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_form_opened_before_a_scripts_write_is_refused_too(staff_client, how):
    """A maintenance script re-dates the review with update(), bulk_update or
    raw SQL while an editor has it open: the editor's save would put the old
    date back, so it is refused."""
    from django.utils import timezone

    from tests.factories import write_by

    make_board()
    review = make_review(summary="Original.")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    stale = form_of(staff_client, url)
    later = timezone.now() + timezone.timedelta(days=30)
    write_by(how, review, "published_at", later)
    response = staff_client.post(url, {**stale, "summary": "Mine."})
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    review.refresh_from_db()
    assert (review.published_at, review.summary) == (later, "Original.")


def test_reconciling_derived_columns_is_not_an_edit(staff_client, api):
    """A theme of the review is renamed while an editor has the review open; a
    public read then brings the changes log up to date, rewriting the review's
    updated_at. That is no edit: the editor's save goes through."""
    make_board()
    review = make_review(themes=["neglect"])
    api.get(f"/api/v1/reviews/{review.slug}/")  # partners have been told of it
    review.refresh_from_db()
    url = reverse("admin:reviews_review_change", args=[review.pk])
    form = form_of(staff_client, url)
    Theme.objects.filter(slug="neglect").update(name="Neglect and harm")
    assert api.get(f"/api/v1/reviews/{review.slug}/").json()["themes"][0]["name"] == "Neglect and harm"
    assert Review.objects.get(pk=review.pk).updated_at > review.updated_at  # reconcile wrote the row
    assert staff_client.post(url, {**form, "summary": "Mine."}).status_code == 302


def test_an_unchanged_save_is_no_change(staff_client, api):
    """A review published at a moment with microseconds (as an import or a
    service may store it) saved in the admin with nothing changed: the form
    shows whole seconds, and posting them back once truncated the moment,
    logged a change and announced the review as updated."""
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import Change

    make_board()
    review = make_review(published_at=timezone.now().replace(microsecond=654321) - timedelta(days=3))
    api.get(f"/api/v1/reviews/{review.slug}/")  # the log caught up: partners were told of it
    told = Change.objects.count()
    url = reverse("admin:reviews_review_change", args=[review.pk])
    assert staff_client.post(url, form_of(staff_client, url)).status_code == 302
    api.get(f"/api/v1/reviews/{review.slug}/")
    assert Review.objects.get(pk=review.pk).published_at == review.published_at
    assert Change.objects.count() == told
