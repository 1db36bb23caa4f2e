"""The board's seed content (from shared/seeds/) and the sample review."""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reviews.content_io import import_content
from reviews.models import Document, Review
from reviews.sample_pdf import make_pdf

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
    return changed


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
