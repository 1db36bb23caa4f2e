"""The seed content: what the board's page and leaflet state, and nothing made up."""

import pytest
from django.core.management import call_command

from reviews import services
from reviews.models import Body, Contact, Document, Leaflet, Review
from reviews.publication import Status
from reviews.seed import SAMPLE_SLUG
from tests.factories import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_seed_content")


def test_board_and_archive_contact(seeded):
    board = Body.default()
    assert board.slug == "stockport-safeguarding-children-board" and board.nation == "england"
    assert board.name == "Stockport Safeguarding Children Board"
    assert not board.is_sample
    assert board.independent_chair == "Gill Frame"
    assert board.availability_months == 6
    assert board.archive_contact.name == "Safeguarding Unit"


def test_pip(seeded):
    pip = Review.objects.get(slug="pip")
    assert pip.published_at == london(2017, 8, 1) and pip.date_precision == "month"
    assert [(r.name, r.role) for r in pip.reviewers.all()] == [("Peter Maddocks", "Independent reviewer")]
    assert [t.name for t in pip.themes.all()] == ["eating disorders"]
    assert pip.incident == Review.Incident.DEATH
    assert pip.chair_statement_signatory.startswith("Gill Frame")
    documents = {d.kind: d for d in pip.documents.all()}
    assert documents["full_report"].stated_size == "1.2 MB"
    assert documents["staff_summary"].stated_size == "214 KB"
    # The original PDFs are not held: no file poses as the report.
    assert not any(d.file for d in documents.values())


def test_jaiden(seeded):
    jaiden = Review.objects.get(slug="jaiden")
    assert jaiden.published_at == london(2016, 7, 1) and jaiden.date_precision == "month"
    assert str(jaiden.chair_statement_date) == "2016-07-20"
    kinds = {d.kind: d for d in jaiden.documents.all()}
    assert kinds["seven_minute_briefing"].stated_size == "370 KB"
    assert str(kinds["chair_statement"].document_date) == "2016-07-20"


def test_child_n(seeded):
    child_n = Review.objects.get(slug="child-n")
    assert child_n.published_at == london(2016, 5, 1)
    assert str(child_n.commissioned_on) == "2015-07-01" and child_n.commissioned_precision == "month"
    assert [r.name for r in child_n.reviewers.all()] == ["Isobel Colquhoun"]
    assert child_n.incident == Review.Incident.SERIOUS_INJURY
    assert "multi-agency action plan" in child_n.summary


def test_leaflet_structure(seeded):
    leaflet = Leaflet.objects.get()
    assert (leaflet.title, leaflet.subtitle, leaflet.reference_code) == (
        "Serious Case Review",
        "Information for parents and carers",
        "C140",
    )
    assert leaflet.publisher == "Stockport Metropolitan Borough Council"
    assert leaflet.published_at == london(2010, 3, 1) and leaflet.date_precision == "month"
    sections = list(leaflet.sections.all())
    assert [s.heading for s in sections] == ["Introduction", "What is a serious case review?", "What happens next?"]
    assert [s.items.count() for s in sections] == [5, 7, 11]
    assert sections[0].items.first().text.startswith("When a child dies unexpectedly")
    assert sections[2].items.last().text.startswith("If you wish to arrange such a meeting")
    manager = leaflet.contacts.get()
    assert manager.name == "Performance and Development Manager"
    assert "SK3 0RF" in manager.address and manager.telephone == "01614745974" and manager.fax == "01614910654"
    assert manager.email == "eds.admin@stockport.gov.uk"
    assert leaflet.interpreting_contact.telephone == "0161 477 9000"
    assert leaflet.alternative_formats == ["large print", "audio tape", "Braille", "disk"]
    assert leaflet.alternative_formats_contact.textphone == "0161 474 4619"


def test_sample_review_is_flagged_and_downloadable(seeded):
    sample = Review.objects.get(slug=SAMPLE_SLUG)
    assert sample.is_sample and "sample" in sample.title.lower()
    assert sample.status == Status.AVAILABLE
    document = sample.documents.get()
    assert document.file and document.page_count == 1 and document.file.read().startswith(b"%PDF-")


def test_loading_twice_changes_nothing(seeded, capsys):
    counts = [model.objects.count() for model in (Review, Document, Leaflet, Contact)]
    call_command("load_seed_content")
    assert "0 record(s) created" in capsys.readouterr().err
    assert [model.objects.count() for model in (Review, Document, Leaflet, Contact)] == counts


def test_loading_again_never_undoes_the_board(seeded, api):
    """GIVEN editors who withdrew Pip, re-dated Jaiden, changed the window, renamed
    the Safeguarding Unit and deleted Child N WHEN the seed is loaded again (as
    ``dev.py run`` does on every start) THEN only Child N comes back."""
    services.withdraw(Review.objects.get(slug="pip"), "Court order")
    Review.objects.filter(slug="jaiden").update(summary="Edited by the board.")
    board = Body.default()
    board.availability_months = 12
    board.save()
    Contact.objects.filter(slug="safeguarding-unit").update(name="Safeguarding and Review Unit")
    Review.objects.get(slug="child-n").delete()
    call_command("load_seed_content")
    assert Review.objects.get(slug="pip").withdrawn_at is not None
    assert api.get("/api/v1/reviews/pip/").status_code == 404
    assert Review.objects.get(slug="jaiden").summary == "Edited by the board."
    assert Body.default().availability_months == 12
    assert Contact.objects.get(slug="safeguarding-unit").name == "Safeguarding and Review Unit"
    assert Review.objects.filter(slug="child-n").exists()


def test_a_second_body_in_wales_is_clearly_sample_content(seeded, api):
    """A fresh install shows a library of two bodies: the board, and a flagged sample
    body in Wales whose reviews are in each public state a report can have."""
    sample = Body.objects.get(slug="sample-regional-safeguarding-board")
    assert sample.is_sample and sample.nation == "wales" and "sample" in sample.name.lower()
    reviews = {review.slug: review for review in sample.reviews.all()}
    assert all(review.is_sample and "(sample)" in review.title for review in reviews.values())
    listed = api.get("/api/v1/reviews/", {"body": sample.slug}).json()["results"]
    assert {(r["slug"], r["lifecycle"]) for r in listed} == {
        ("sample-child-a", "available"),
        ("sample-adult-b", "deferred"),
        ("sample-adult-c", "improvements_only"),
    }
    deferred = api.get("/api/v1/reviews/sample-adult-b/").json()
    assert deferred["publication"]["reason"] == "parallel_proceedings" and deferred["publication"]["expected"]
    assert [d["kind"] for d in deferred["documents"]] == ["learning_brief"]  # before the report
    assert [r["slug"] for r in api.get("/api/v1/reviews/sample-child-a/").json()["related_reviews"]] == [
        "sample-adult-b"
    ]
    assert Review.objects.filter(body=Body.default()).count() == 4  # the board's three and the sample review
