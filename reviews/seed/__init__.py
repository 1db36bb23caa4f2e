"""The seed content: the board's page and leaflet (from shared/seeds/), the
controlled list of agencies, a sample review with a downloadable file, and a
second, clearly flagged sample body in Wales, so that every review type's
lifecycle can be seen on a fresh install."""

import json
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reviews.files.sample_pdf import make_pdf
from reviews.models import Document, Review
from reviews.transfer.importing import import_content

SEED_FILE = Path(__file__).with_name("seed_content.json")
SAMPLE_SLUG = "sample-review-demonstration-content"


def load_seed_content(with_sample=True):
    """Create whatever of the seed content is missing; returns how many records
    it created. What exists is the board's — edited, withdrawn or re-dated by
    its editors — and is never touched, so this is safe to run on every start."""
    with transaction.atomic():
        changed = import_content(json.loads(SEED_FILE.read_text(encoding="utf-8")), only_missing=True)
        if with_sample and not Review.objects.filter(slug=SAMPLE_SLUG).exists():
            _create_sample_review()
            changed += 1
        if with_sample:
            changed += import_content(sample_library(timezone.now()), only_missing=True)
    return changed


SAMPLE_BODY = "sample-regional-safeguarding-board"
SAMPLE_NOTE = "This is sample content, not a real review: it shows how {what} appears to partners. "


def sample_library(now):
    """A second publishing body in another nation, flagged as sample content, with a
    review in each public lifecycle state a report can have: published in full,
    deferred (with a learning brief published first) and improvements only. Dated
    from ``now``, so they are current whenever the seed first runs."""

    def day(days_ago):
        return (now - timedelta(days=days_ago)).isoformat()

    def month(days_ago):
        return (now - timedelta(days=days_ago)).date().replace(day=1).isoformat()

    common = {"body": SAMPLE_BODY, "is_sample": True, "date_precision": "day"}
    return {
        "format": "case-review-publication/1",
        "contacts": [{"slug": "sample-business-unit", "name": "Business Unit (sample)",
                      "organisation": "Sample Regional Safeguarding Board", "email": "business-unit@example.org"}],
        "bodies": [{
            "slug": SAMPLE_BODY, "name": "Sample Regional Safeguarding Board (demonstration content)",
            "short_name": "Sample RSB", "kind": "regional_board", "area": "A fictional region of Wales",
            "nation": "wales", "independent_chair": "A. N. Example (sample)", "website": "https://example.org/",
            "about": "Sample content: a fictional body, so that a library of several bodies can be tried.",
            "availability_months": 12, "archive_contact": "sample-business-unit",
            "request_url": "https://example.org/ask-for-a-review", "is_sample": True,
            "contacts": ["sample-business-unit"],
        }],
        "reviews": [
            {**common, "slug": "sample-child-a", "title": "Child A (sample)",
             "review_type": "single_unified_safeguarding_review", "incident": "death", "publication": "report",
             "summary": SAMPLE_NOTE.format(what="a single unified safeguarding review published in full")
             + "It is about the same death as the sample domestic homicide review, and lists it as related.",
             "published_at": day(20), "incident_month": month(700), "subject_age_band": "1_to_4",
             "notified_on": month(690), "commissioned_on": month(600), "commissioned_precision": "month",
             "completed_on": month(60), "sent_to_panel_on": month(40), "review_method": "Systems approach",
             "key_learning": ["Sample learning point: share information across agencies early."],
             "recommendations": ["Sample recommendation: agree one multi-agency chronology."],
             "themes": ["head-injury"], "agencies": ["police", "health-visiting", "childrens-social-care"],
             "reviewers": [{"name": "Sample Reviewer One", "role": "Lead reviewer", "is_lead": True},
                           {"name": "Sample Reviewer Two", "role": "Reviewer"}],
             "related": [{"review": "sample-adult-b", "relation": "same_incident"}]},
            {**common, "slug": "sample-adult-b", "title": "Adult B (sample)", "review_type": "domestic_homicide_review",
             "incident": "death", "publication": "deferred", "publication_reason": "parallel_proceedings",
             "expected_publication": (now + timedelta(days=240)).date().replace(day=1).isoformat(),
             "summary": SAMPLE_NOTE.format(what="a review whose report is deferred for a criminal trial")
             + "A learning brief is published before the report.",
             "published_at": day(10), "agencies": ["police", "domestic-abuse-services"],
             "documents": [{"uid": "5a3f3c0e-6d7b-4d1e-9a51-0c8a4f2b7e01", "kind": "learning_brief",
                            "title": "Learning brief (sample)", "published_at": day(10),
                            "text": "Sample learning brief: what agencies can do now, before the report."}]},
            {**common, "slug": "sample-adult-c", "title": "Adult C (sample)", "review_type": "adult_practice_review",
             "incident": "serious_injury", "publication": "improvements_only", "publication_reason": "identification",
             "summary": SAMPLE_NOTE.format(what="a review published as improvements only (no report)"),
             "published_at": day(40), "subject_age_band": "65_plus",
             "recommendations": ["Sample improvement: review hospital discharge planning for carers."],
             "agencies": ["adult-social-care", "hospital"]},
        ],
    }  # fmt: skip


def _create_sample_review():
    """A review published now, clearly flagged as sample content, with a small
    generated PDF, so a newcomer can see a download work. The seed's real
    reports are not held, and no made-up file poses as one of them."""
    now = timezone.now()
    review = Review.objects.create(
        slug=SAMPLE_SLUG,
        title="Sample review (demonstration content)",
        incident=Review.Incident.OTHER,
        summary=(
            "This is sample content, not a real review. It shows how a published review "
            "and its downloadable documents appear to partners and subscribers."
        ),
        published_at=now,
        is_sample=True,
    )
    pdf = make_pdf(
        [
            "SAMPLE DOCUMENT - demonstration content only.",
            "This is not a real serious case review.",
            "It exists so that the download of a document can be tried.",
        ]
    )
    Document.objects.create(
        review=review,
        kind=Document.Kind.FULL_REPORT,
        title="Sample report (demonstration content, not a real review)",
        file=ContentFile(pdf, name="sample-report.pdf"),
        published_at=now,
    )
