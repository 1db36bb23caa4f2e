"""Build a realistic dataset of N reviews in the database DATABASE_URL names.

    python -m bench.dataset 10000

Five publishing bodies in four nations (windows of 6 to 24 months), every
review type, 1 to 4 documents and 1 to 3 themes a review, summaries of 400 to
1,200 characters drawn from varied sentences, one or two reviewers, some
deferred or improvements-only publications, publication dates spread over 20
years up to now, about 2% still embargoed and 1% withdrawn (most of the rest
archived), the seed leaflet, and one available review with a small real PDF
for the download measurement.
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

from bench import databases  # noqa: E402
from reviews.files.sample_pdf import make_pdf  # noqa: E402
from reviews.models import Body, Document, Review, Reviewer, Theme  # noqa: E402
from reviews.publication import add_months  # noqa: E402
from reviews.seed import load_seed_content  # noqa: E402

THEMES = [
    "eating disorders", "head injury", "neglect", "domestic abuse", "parental mental health", "substance misuse",
    "sudden infant death", "child sexual exploitation", "self-harm", "non-accidental injury", "missing education",
    "criminal exploitation",
]  # fmt: skip
KINDS = [Document.Kind.FULL_REPORT, Document.Kind.STAFF_SUMMARY, Document.Kind.SEVEN_MINUTE_BRIEFING,
         Document.Kind.EXECUTIVE_SUMMARY, Document.Kind.ACTION_PLAN]  # fmt: skip
BODIES = [("north-partnership", "england", 6), ("south-partnership", "england", 12),
          ("west-adults-board", "england", 12), ("valleys-regional-board", "wales", 24),
          ("highland-committee", "scotland", 12)]  # fmt: skip
SENTENCES = [
    "The partnership commissioned an independent review after the child was admitted to hospital.",
    "Agencies knew the family well, but information was not shared between health and social care.",
    "The review found missed opportunities to recognise neglect over several years.",
    "Professionals did not always see the child, and the voice of the child was rarely recorded.",
    "Domestic abuse in the household was known to the police but not to the school.",
    "Parental mental health and substance misuse made it harder to engage the family.",
    "Health visitors raised concerns that were not escalated when the family moved area.",
    "The learning is about thinking family and about professional curiosity.",
    "The review used a systems approach, with practitioners contributing through learning events.",
    "Recommendations address information sharing, supervision and the use of chronologies.",
    "The adult had care and support needs that were not assessed after discharge from hospital.",
    "Housing, probation and the GP practice each held part of the picture.",
]
REVIEWERS = ["A. Morgan", "B. Patel", "C. Hughes", "D. O'Neill", "E. Campbell", "F. Okafor"]
BATCH = 2000


def summary_of(title):
    """400 to 1,200 characters of varied sentences, opening with the pseudonym."""
    text, wanted = f"This review concerns {title}.", random.randint(400, 1200)
    while len(text) < wanted:
        text += " " + random.choice(SENTENCES)
    return text[:wanted]


def build(count, seed=20261123):
    random.seed(seed)
    # The --scale run gives every review 4 (1M documents for 250k reviews).
    documents_each = int(os.environ.get("BENCH_DOCUMENTS_EACH", "0"))
    databases.ensure(os.environ.get("DATABASE_URL", ""))
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
        first = Body.default(create=True)
        bodies = [first] + [
            Body.objects.create(slug=slug, name=slug.replace("-", " ").title(), nation=nation,
                                availability_months=months)
            for slug, nation, months in BODIES
        ]  # fmt: skip
        forms = ["report"] * 18 + ["deferred", "improvements_only"]
        reasons = {"report": "", "deferred": "parallel_proceedings", "improvements_only": "identification"}
        reviews = []
        for number in range(count):
            share = random.random()
            if share < 0.02:
                published = now + timedelta(minutes=random.randint(60, 60 * 24 * 60))
            else:
                published = now - twenty_years * random.random()
            title = f"Child {number}"
            summary = summary_of(title)
            body = random.choice(bodies)
            form = random.choice(forms)
            reviews.append(
                Review(
                    body=body,
                    slug=f"child-{number}",
                    title=title,
                    review_type=random.choice(Review.Type.values),
                    publication=form,
                    publication_reason=reasons[form],
                    incident=random.choice(Review.Incident.values),
                    summary=summary,
                    published_at=published,
                    date_precision=random.choice(["month", "day"]),
                    available_until=add_months(published, body.availability_months),
                    withdrawn_at=published + (now - published) * random.random() if share > 0.99 else None,
                    key_learning=random.sample(SENTENCES, random.randint(1, 4)),
                    recommendations=random.sample(SENTENCES, random.randint(1, 3)),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        saved = list(Review.objects.values_list("pk", "published_at"))
        links, documents, reviewers = [], [], []
        for pk, published in saved:
            for theme in random.sample(themes, random.randint(1, 3)):
                links.append(Review.themes.through(review_id=pk, theme_id=theme.pk))
            for position, name in enumerate(random.sample(REVIEWERS, random.randint(1, 2))):
                reviewers.append(Reviewer(review_id=pk, position=position, name=name, is_lead=position == 0))
            for position, kind in enumerate(KINDS[: documents_each or random.randint(1, 4)]):
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
        Reviewer.objects.bulk_create(reviewers, batch_size=BATCH)
        Document.objects.bulk_create(documents, batch_size=BATCH)
        sample = Review.objects.available(now).first()
        Document.objects.create(
            review=sample,
            kind=Document.Kind.OTHER,
            title="Small PDF",
            file=ContentFile(make_pdf(["Benchmark document"]), name="small.pdf"),
            published_at=sample.published_at,
        )
        from api.v1 import representations
        from reviews.changelog import changes

        changes.reconcile()  # partners are told once, as a real import would be followed
        # And the worker renders the lists' rows (BENCH_RENDERINGS=false measures lists without them).
        while os.environ.get("BENCH_RENDERINGS", "true") != "false" and representations.render_missing(now, 5_000):
            pass
    if connection.vendor == "postgresql":
        # A live database has planner statistics and a visibility map (autovacuum:
        # counts read the index alone); a freshly loaded one not yet.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"reviews": count, "documents": Document.objects.count(), "sample": sample.slug}


if __name__ == "__main__":
    print(build(int(sys.argv[1])))
