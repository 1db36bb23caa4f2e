"""The admin's upload and import tools: a chosen PDF kept across a failed form,
and imports checked before anything is written."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews.models import Document, Review
from tests.factories import make_board
from tests.reviews.test_admin import review_form, stored_files

pytestmark = pytest.mark.django_db


def test_a_chosen_pdf_is_kept_when_the_form_fails_elsewhere_and_saved_on_the_next_try(staff_client, settings):
    from lxml import html

    from tests.factories import pdf_bytes

    make_board()
    upload = SimpleUploadedFile("Report for Child Q.pdf", pdf_bytes(), content_type="application/pdf")
    failed = staff_client.post(reverse("admin:reviews_review_add"),
                               review_form(**{"title": "", "documents-0-file": upload}))  # fmt: skip
    assert failed.status_code == 200 and not Review.objects.exists()
    page = html.fromstring(failed.content)
    token = page.xpath("//input[@name='documents-0-kept_file']/@value")[0]
    assert "Kept from your last try: Report for Child Q.pdf" in failed.content.decode()
    forged = staff_client.post(reverse("admin:reviews_review_add"),
                               review_form(**{"title": "", "documents-0-kept_file": token[:-2] + "xx"}))  # fmt: skip
    assert "Kept from your last try" not in forged.content.decode()  # a token not ours names nothing
    saved = staff_client.post(reverse("admin:reviews_review_add"), review_form(**{"documents-0-kept_file": token}))
    assert saved.status_code == 302
    document = Document.objects.get()
    assert document.file.read() == pdf_bytes() and document.original_filename == "Report for Child Q.pdf"
    assert stored_files(settings) == [Path(settings.MEDIA_ROOT) / document.file.name]  # the held copy is gone


def test_held_files_older_than_a_day_are_removed_by_the_worker(settings):
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from api.worker import Worker

    old, fresh = (default_storage.save(f"held/{name}.pdf", ContentFile(b"%PDF-1.4")) for name in ("old", "fresh"))
    day_and_more = timezone.now().timestamp() - 25 * 60 * 60
    os.utime(default_storage.path(old), (day_and_more, day_and_more))
    assert Worker(interval=0).run_once()["held uploads"] == 1
    assert not default_storage.exists(old) and default_storage.exists(fresh)


def test_an_editor_imports_from_the_admin_after_reading_what_it_would_change(staff_client, tmp_path, django_user_model):
    import json

    from lxml import html

    from reviews.seed import SEED_FILE

    url = reverse("admin:reviews_review_import")
    listing = staff_client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert f'href="{url}"' in listing
    upload = SimpleUploadedFile("content.json", SEED_FILE.read_bytes(), content_type="application/json")
    checked = staff_client.post(url, {"file": upload, "check": "Check the file"})
    assert checked.status_code == 200 and "Nothing has been written yet." in checked.content.decode()
    assert not Review.objects.exists()  # the check wrote nothing
    token = html.fromstring(checked.content).xpath("//input[@name='held']/@value")[0]
    done = staff_client.post(url, {"held": token, "import": "Import it"}, follow=True)
    assert Review.objects.count() == len(json.loads(SEED_FILE.read_text())["reviews"])
    assert any("Imported:" in str(message) for message in done.context["messages"])
    bad = SimpleUploadedFile("content.json", b'{"format": "something else"}', content_type="application/json")
    refused = staff_client.post(url, {"file": bad, "check": "Check the file"})
    assert "Nothing can be imported: file: field &#x27;format&#x27;" in refused.content.decode()
    limited = django_user_model.objects.create_user(username="limited", password="a-long-password", is_staff=True)
    staff_client.force_login(limited)
    assert staff_client.get(url).status_code == 403  # an import may touch every body's content
