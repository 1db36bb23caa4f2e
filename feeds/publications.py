"""What the feeds publish, decided from the publication rules and the API's
filters; rendering is in ``feeds.render``.

A *publication* is: a review becoming public (while it is available); a
document added to an already public review; a leaflet published or revised.
Archived reviews leave the feed; withdrawn ones leave it at once and are
announced as tombstones for the next ``FEED_TOMBSTONE_DAYS`` days.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import dateformat, timezone

from api.links import absolute
from reviews.models import Document, Leaflet, Review, Theme
from reviews.publication import file_is_served, is_public, themes_prefetch

# Long review columns no feed entry shows.
UNUSED_REVIEW_COLUMNS = ("search_text", "key_learning", "recommendations", "chair_statement", "withdrawal_reason",
                         "editor_notes")  # fmt: skip


@dataclass(frozen=True)
class Enclosure:
    href: str
    length: int
    media_type: str
    title: str


@dataclass
class Entry:
    id: str
    title: str
    summary: str
    published: datetime
    updated: datetime
    link: str
    categories: list = field(default_factory=list)  # (term, label)
    enclosures: list = field(default_factory=list)


@dataclass(frozen=True)
class Tombstone:
    ref: str
    when: datetime


def tag(kind, key):
    return f"tag:{settings.FEED_TAG_AUTHORITY}:{kind}/{key}"


def page_url(template, slug, api_name):
    return template.format(slug=slug) if template else absolute(api_name, slug)


def _enclosure(document, now):
    if not document.file or not document.size_bytes:
        return None
    if not file_is_served(document, now):
        return None
    return Enclosure(
        href=absolute("document-download", document.pk),
        length=document.size_bytes,
        media_type=document.content_type or "application/pdf",
        title=document.title,
    )


def _review_categories(review):
    return [(review.review_type, review.get_review_type_display())] + [
        (theme.slug, theme.name) for theme in review.theme_list
    ]


def _latest(*moments):
    return max(moment for moment in moments if moment)


def review_entry(review, now):
    documents = [d for d in review.documents.all() if d.published_at <= review.published_at]
    return Entry(
        id=tag("review", review.pk),
        title=f"{review.title}: {review.get_review_type_display().lower()}",
        summary=review.summary,
        published=review.published_at,
        updated=_latest(review.published_at, review.updated_at),
        link=page_url(settings.BOARD_REVIEW_URL_TEMPLATE, review.slug, "review-detail"),
        categories=_review_categories(review),
        enclosures=[e for e in (_enclosure(d, now) for d in documents) if e],
    )


def document_entry(document, now):
    review = document.review
    return Entry(
        id=tag("document", document.uid),
        title=f"{review.title}: {document.get_kind_display()} added: {document.title}",
        summary=document.text or f"A {document.get_kind_display().lower()} was added to the review {review.title}.",
        published=document.published_at,
        updated=_latest(document.published_at, document.updated_at),
        link=page_url(settings.BOARD_REVIEW_URL_TEMPLATE, review.slug, "review-detail"),
        categories=[(document.kind, document.get_kind_display()), *_review_categories(review)],
        enclosures=[e for e in (_enclosure(document, now),) if e],
    )


def leaflet_entry(leaflet, now):
    title = f"{leaflet.title}: {leaflet.subtitle}" if leaflet.subtitle else leaflet.title
    return Entry(
        id=tag("leaflet", leaflet.pk),
        title=title,
        summary=" ".join(filter(None, [leaflet.subtitle, leaflet.audience and f"For {leaflet.audience.lower()}."])),
        published=leaflet.published_at,
        updated=_latest(leaflet.published_at, leaflet.updated_at),
        link=page_url(settings.BOARD_LEAFLET_URL_TEMPLATE, leaflet.slug, "leaflet-detail"),
        categories=[("leaflet", "Leaflet")],
        enclosures=[e for e in (_enclosure(d, now) for d in leaflet.documents.all() if is_public(d, now)) if e],
    )


def wanted(cleaned, publication):
    """Whether this kind of publication can match the filters at all."""
    chosen = cleaned.get("publication") or ("document" if cleaned.get("kind") else None)
    if chosen and chosen != publication:
        return False
    if publication == "review":
        return not cleaned.get("kind")
    if publication == "leaflet":
        return not (cleaned.get("theme") or cleaned.get("type") or cleaned.get("review") or cleaned.get("kind"))
    return True


def collect(criteria, now):
    """The newest publications matching a validated ``FeedFilter``, newest first."""
    cleaned, limit = criteria.form.cleaned_data, settings.FEED_MAX_ENTRIES
    entries = []
    if wanted(cleaned, "review"):
        with_files = Prefetch("documents", queryset=Document.objects.exclude(file="").select_related("review"))
        reviews = (
            criteria.qs.available(now)
            .defer(*UNUSED_REVIEW_COLUMNS)
            .prefetch_related(themes_prefetch(), with_files)
            .order_by("-published_at", "-pk")
        )
        entries += [review_entry(review, now) for review in reviews[:limit]]
    if wanted(cleaned, "document"):
        parents = criteria.reviews_about(Review.objects.available(now))
        documents = Document.objects.public(now).filter(review__in=parents, published_at__gt=F("review__published_at"))
        if cleaned.get("kind"):
            documents = documents.filter(kind=cleaned["kind"])
        documents = (
            criteria.within_window(documents)
            .select_related("review")
            .defer(*(f"review__{column}" for column in UNUSED_REVIEW_COLUMNS))
            .prefetch_related(themes_prefetch("review__themes"))
        )
        entries += [document_entry(d, now) for d in documents.order_by("-published_at", "-pk")[:limit]]
    if wanted(cleaned, "leaflet"):
        leaflets = criteria.within_window(Leaflet.objects.public(now)).prefetch_related("documents")
        entries += [leaflet_entry(leaflet, now) for leaflet in leaflets.order_by("-published_at", "-pk")[:limit]]
    entries.sort(key=lambda entry: (entry.published, entry.id), reverse=True)
    return entries[:limit]


def tombstones(now):
    """Entries withdrawn in the last days that had been public: the review's
    own entry and any document entries added to it later. A review withdrawn
    while still embargoed never appeared, so it gets no tombstone."""
    since = now - timedelta(days=settings.FEED_TOMBSTONE_DAYS)
    withdrawn = Review.objects.withdrawn().filter(
        withdrawn_at__gte=since, withdrawn_at__lte=now, published_at__lte=F("withdrawn_at")
    )
    stones = []
    documents = Prefetch("documents", queryset=Document.objects.only("pk", "uid", "published_at", "review_id"))
    newest = withdrawn.only("pk", "published_at", "withdrawn_at").order_by("-withdrawn_at", "-pk")
    # Bounded like the entries: the most recent withdrawals first.
    for review in newest.prefetch_related(documents)[: settings.FEED_MAX_ENTRIES]:
        stones.append(Tombstone(tag("review", review.pk), review.withdrawn_at))
        for document in review.documents.all():
            if review.published_at < document.published_at <= review.withdrawn_at:
                stones.append(Tombstone(tag("document", document.uid), review.withdrawn_at))
    return stones


def describe(cleaned, board, now):
    """The feed's title: the board, then the active filters in words."""
    kind = cleaned.get("kind")
    what = {
        "review": "reviews",
        "document": f"{Document.Kind(kind).label}s" if kind else "documents",
        "leaflet": "leaflets",
    }.get(cleaned.get("publication") or ("document" if kind else ""), "publications")
    parts = [f"New {what}"]
    if cleaned.get("type"):
        parts.append(f"of type {Review.Type(cleaned['type']).label.lower()}")
    if cleaned.get("review"):
        # Only a public review lends its title: an embargoed one must not leak through here.
        title = Review.objects.public(now).filter(slug=cleaned["review"]).values_list("title", flat=True).first()
        parts.append(f"for {title or cleaned['review']}")
    if cleaned.get("theme"):
        names = dict(Theme.objects.filter(slug__in=cleaned["theme"]).values_list("slug", "name"))
        parts.append("about " + " or ".join(names.get(slug, slug) for slug in cleaned["theme"]))
    for key, word in (("published_from", "from"), ("published_to", "to")):
        if cleaned.get(key):
            parts.append(f"published {word} {_day_words(cleaned[key])}")
    prefix = board.short_name or board.name or "Case reviews"
    return f"{prefix}: {' '.join(parts)}"


def _day_words(value):
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j F Y H:i")
    return dateformat.format(value, "j F Y")
