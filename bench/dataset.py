"""Build a realistic dataset of N reviews in the database DATABASE_URL names.

    python -m bench.dataset 10000

Three documents and two themes a review, publication dates spread over 20
years up to now, about 2% still embargoed and 1% withdrawn (most of the rest
archived, as the six-month window makes them), the seed leaflet, and one
available review with a small real PDF for the download measurement.
"""

import os
import random
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from reviews.models import Body, Document, Review, Theme  # noqa: E402
from reviews.publication import add_months  # noqa: E402
from reviews.sample_pdf import make_pdf  # noqa: E402
from reviews.seed import load_seed_content  # noqa: E402

THEMES = [
    "eating disorders", "head injury", "neglect", "domestic abuse", "parental mental health", "substance misuse",
    "sudden infant death", "child sexual exploitation", "self-harm", "non-accidental injury", "missing education",
    "criminal exploitation",
]  # fmt: skip
KINDS = [Document.Kind.FULL_REPORT, Document.Kind.STAFF_SUMMARY, Document.Kind.SEVEN_MINUTE_BRIEFING]
BATCH = 2000


def build(count, seed=20261123):
    random.seed(seed)
    call_command("migrate", verbosity=0)
    # Empty every table without per-row signals (a rebuild must not audit 300k deletions).
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        load_seed_content(with_sample=False)
        Document.objects.all().delete()
        Review.objects.all().delete()
        themes = [
            Theme.objects.get_or_create(slug=name.replace(" ", "-"), defaults={"name": name})[0] for name in THEMES
        ]
        now = timezone.now()
        twenty_years = timedelta(days=365 * 20)
        body = Body.default(create=True)
        reviews = []
        for number in range(count):
            share = random.random()
            if share < 0.02:
                published = now + timedelta(minutes=random.randint(60, 60 * 24 * 60))
            else:
                published = now - twenty_years * random.random()
            title = f"Child {number}"
            summary = f"The board commissioned a review relating to {title}. " * 3
            reviews.append(
                Review(
                    body=body,
                    slug=f"child-{number}",
                    title=title,
                    review_type=random.choice(Review.Type.values),
                    incident=random.choice(Review.Incident.values),
                    summary=summary,
                    published_at=published,
                    date_precision=random.choice(["month", "day"]),
                    available_until=add_months(published, 6),
                    withdrawn_at=published + (now - published) * random.random() if share > 0.99 else None,
                    key_learning=["Share information early.", "Think family."],
                    recommendations=["Joint training."],
                    search_text=f"{title}\n{summary}".lower(),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        saved = list(Review.objects.values_list("pk", "published_at"))
        links, documents = [], []
        for pk, published in saved:
            for theme in random.sample(themes, 2):
                links.append(Review.themes.through(review_id=pk, theme_id=theme.pk))
            for position, kind in enumerate(KINDS):
                later = timedelta(days=30) if kind == Document.Kind.SEVEN_MINUTE_BRIEFING else timedelta(0)
                documents.append(
                    Document(
                        review_id=pk,
                        position=position,
                        kind=kind,
                        title=f"{kind.label} {pk}",
                        content_type="application/pdf",
                        size_bytes=random.randint(50_000, 2_000_000),
                        published_at=published + later,
                    )  # fmt: skip
                )
        Review.themes.through.objects.bulk_create(links, batch_size=BATCH)
        Document.objects.bulk_create(documents, batch_size=BATCH)
        sample = Review.objects.available(now).first()
        Document.objects.create(
            review=sample,
            kind=Document.Kind.OTHER,
            title="Small PDF",
            file=ContentFile(make_pdf(["Benchmark document"]), name="small.pdf"),
            published_at=sample.published_at,
        )
        from reviews import changes

        changes.reconcile()  # partners are told once, as a real import would be followed
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); a freshly loaded one not yet.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"reviews": count, "documents": Document.objects.count(), "sample": sample.slug}


if __name__ == "__main__":
    print(build(int(sys.argv[1])))
