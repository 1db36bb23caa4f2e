"""Builders with sensible defaults; tests override only what they are about."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from reviews.files.sample_pdf import make_pdf
from reviews.models import Body, Contact, Document, Leaflet, LeafletItem, LeafletSection, Review, Theme

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def london(*args):
    """An aware datetime on the board's wall clock: london(2017, 8, 1, 9, 0)."""
    return datetime(*args, tzinfo=LONDON)


# The instant most API tests run at (see the frozen_clock fixture).
NOW = london(2026, 11, 23, 12, 0)


def make_contact(**fields):
    number = next(_numbers)
    defaults = {"slug": f"contact-{number}", "name": f"Contact {number}"}
    return Contact.objects.create(**{**defaults, **fields})


def make_board(**fields):
    """The installation's first publishing body (as the seed makes it)."""
    defaults = {"slug": "stockport-safeguarding-children-board", "name": "Stockport Safeguarding Children Board",
                "short_name": "SSCB", "availability_months": 6}  # fmt: skip
    if "archive_contact" not in fields:
        defaults["archive_contact"] = make_contact(slug="safeguarding-unit", name="Safeguarding Unit")
    return Body.objects.create(**{**defaults, **fields})


def make_body(slug, nation="england", **fields):
    """Another publishing body of a library."""
    defaults = {"name": slug.replace("-", " ").title(), "nation": nation, "availability_months": 12}
    return Body.objects.create(slug=slug, **{**defaults, **fields})


def make_theme(name="eating disorders"):
    theme, _ = Theme.objects.get_or_create(slug=name.replace(" ", "-"), defaults={"name": name})
    return theme


def make_review(themes=(), **fields):
    number = next(_numbers)
    defaults = {
        "slug": f"review-{number}",
        "title": f"Child {number}",
        "incident": Review.Incident.DEATH,
        "summary": f"Summary of review {number}.",
        "published_at": timezone.now() - timedelta(days=1),
    }
    review = Review.objects.create(**{**defaults, **fields})
    review.themes.set([make_theme(name) for name in themes])
    return review


def pdf_bytes(text="A test document"):
    return make_pdf([text])


def make_document(review=None, leaflet=None, with_file=True, **fields):
    parent = review or leaflet
    defaults = {
        "kind": Document.Kind.FULL_REPORT,
        "title": f"Report {next(_numbers)}",
        "published_at": parent.published_at if parent else timezone.now(),
    }
    if with_file:
        defaults["file"] = ContentFile(pdf_bytes(), name="report.pdf")
    return Document.objects.create(review=review, leaflet=leaflet, **{**defaults, **fields})


def read_texts(timeout=60):
    """What the worker does for new files, waited for: every pending document's words read."""
    from api.worker import Worker
    from tests.helpers import wait_for

    worker = Worker()
    wait_for(lambda: worker.read_texts() is None, timeout, "the worker reading the documents' words")


def make_leaflet(sections=(("Introduction", ["First point.", "Second point."]),), **fields):
    number = next(_numbers)
    defaults = {
        "slug": f"leaflet-{number}",
        "title": f"Leaflet {number}",
        "published_at": timezone.now() - timedelta(days=30),
    }
    leaflet = Leaflet.objects.create(**{**defaults, **fields})
    for position, (heading, items) in enumerate(sections):
        section = LeafletSection.objects.create(leaflet=leaflet, position=position, heading=heading)
        for index, text in enumerate(items):
            LeafletItem.objects.create(section=section, position=index, text=text)
    return leaflet


WRITE_PATHS = ("update", "bulk_update", "raw_sql")


def write_by(how, review, field, value):
    """Set one column of ``review`` the way a maintenance script or a shell
    would, with no model save and no signal."""
    if how == "update":
        Review.objects.filter(pk=review.pk).update(**{field: value})
    elif how == "bulk_update":
        setattr(review, field, value)
        Review.objects.bulk_update([review], [field])
    else:
        with connection.cursor() as sql:
            sql.execute(f"UPDATE reviews_review SET {field} = %s WHERE id = %s", [value, review.pk])


def withdraw_by(how, review, moment):
    write_by(how, review, "withdrawn_at", moment)
