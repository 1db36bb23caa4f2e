"""What the feeds publish, decided from the publication rules and the API's
filters; rendering is in ``feeds.render``.

A *publication* is: a review becoming public (while it is available); a
document added to an already public review; a leaflet published or revised.
Archived reviews leave the feed; withdrawn ones leave it at once and are
announced as tombstones for the next ``FEED_TOMBSTONE_DAYS`` days.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import dateformat, timezone

from api.http.links import absolute_for
from reviews.models import Body, Change, Document, Leaflet, Review, Theme
from reviews.publication import (
    TAKEN_DOWN,
    Lifecycle,
    added_after_parent,
    had_been_published,
    is_available,
    is_downloadable,
    is_public,
    lifecycle_of,
    tombstone_window,
)
from reviews.review_types import Nation
from reviews.themes import attach_themes
from reviews.validators import xml_safe


@dataclass(frozen=True)
class Enclosure:
    href: str
    length: int
    media_type: str
    title: str

    def __post_init__(self):
        object.__setattr__(self, "title", xml_safe(self.title))


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
    author: str = ""  # the publishing body

    def __post_init__(self):
        # The admin and imports clean what XML forbids; a script's update() or raw SQL does not.
        self.title, self.summary, self.author = xml_safe(self.title), xml_safe(self.summary), xml_safe(self.author)
        self.categories = [(term, xml_safe(label)) for term, label in self.categories]


@dataclass(frozen=True)
class Tombstone:
    ref: str
    when: datetime


def tag(kind, key):
    return f"tag:{settings.FEED_TAG_AUTHORITY}:{kind}/{key}"


def page_url(template, slug, api_name):
    return template.format(slug=slug) if template else absolute_for(api_name, slug)


def _enclosure(document, now):
    if not document.size_bytes or not is_downloadable(document, now):
        return None
    return Enclosure(
        href=absolute_for("document-download", document.pk),
        length=document.size_bytes,
        media_type=document.content_type or "application/pdf",
        title=document.title,
    )


# What a review's entry shows and its rules read, and what an enclosure needs of a document.
ENTRY_COLUMNS = ("slug", "title", "review_type", "summary", "publication", "published_at", "available_until",
                 "withdrawn_at", "updated_at", "body__name")  # fmt: skip
ENCLOSED_COLUMNS = ("review", "leaflet", "kind", "title", "file", "size_bytes", "content_type", "published_at")
# A document's entry: its own columns and its review's, never the words of its PDF
# (for search only, up to megabytes a document) nor the review's long texts.
DOCUMENT_ENTRY_COLUMNS = (
    *ENCLOSED_COLUMNS, "uid", "text", "updated_at",
    *(f"review__{column}" for column in ENTRY_COLUMNS if column not in ("summary", "updated_at")),
)  # fmt: skip

# Labels by value: Django's get_FOO_display() re-flattens the choices on every call.
REVIEW_TYPES = dict(Review.Type.choices)
DOCUMENT_KINDS = dict(Document.Kind.choices)


def _review_categories(review):
    return [(review.review_type, REVIEW_TYPES[review.review_type])] + [
        (theme.slug, theme.name) for theme in review.theme_list
    ]


def _latest(*moments):
    return max(moment for moment in moments if moment)


def review_entry(review, now):
    documents = [d for d in review.documents.all() if not added_after_parent(d)]
    lifecycle = lifecycle_of(review, now)
    # A review published without its report says so in its entry (the API says why).
    state = "" if lifecycle == Lifecycle.AVAILABLE else f" ({lifecycle.label.lower()})"
    return Entry(
        id=tag("review", review.pk),
        title=f"{review.title}: {REVIEW_TYPES[review.review_type].lower()}{state}",
        summary=review.summary,
        published=review.published_at,
        updated=_latest(review.published_at, review.updated_at),
        link=page_url(settings.BOARD_REVIEW_URL_TEMPLATE, review.slug, "review-detail"),
        categories=_review_categories(review),
        enclosures=[e for e in (_enclosure(d, now) for d in documents) if e],
        author=review.body.name,
    )


def document_entry(document, now):
    review, kind = document.review, DOCUMENT_KINDS[document.kind]
    return Entry(
        id=tag("document", document.uid),
        title=f"{review.title}: {kind} added: {document.title}",
        summary=document.text or f"A {kind.lower()} was added to the review {review.title}.",
        published=document.published_at,
        updated=_latest(document.published_at, document.updated_at),
        link=page_url(settings.BOARD_REVIEW_URL_TEMPLATE, review.slug, "review-detail"),
        categories=[(document.kind, kind), *_review_categories(review)],
        enclosures=[e for e in (_enclosure(document, now),) if e],
        author=review.body.name,
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
        author=leaflet.body.name,
    )


def wanted(cleaned, publication):
    """Whether this kind of publication can match the filters at all."""
    chosen = cleaned.get("publication") or ("document" if cleaned.get("kind") else None)
    if chosen and chosen != publication:
        return False
    if publication == "review":
        return not cleaned.get("kind")
    if publication == "leaflet":
        about_reviews = ("theme", "type", "review", "kind", "q")
        return not any(cleaned.get(name) for name in about_reviews)
    return True


def _document_still_published(document, now):
    return is_public(document, now) and is_available(document.review, now)


def _matching(criteria, now):
    """Per kind of publication: the queryset of those matching the filters,
    the column its tag is made from, how to load one whole by key, the rule
    it must still pass once loaded, and how it becomes an entry."""
    cleaned = criteria.form.cleaned_data
    if wanted(cleaned, "review"):
        # Only what an entry shows and the rules read: several times cheaper to load than whole rows.
        files = Document.objects.exclude(file="").only(*ENCLOSED_COLUMNS)
        with_files = Prefetch("documents", queryset=files)  # each knows its review
        loaded = Review.objects.only(*ENTRY_COLUMNS).select_related("body").prefetch_related(with_files)
        yield criteria.qs.available(now), "review", "pk", loaded, is_available, review_entry
    if wanted(cleaned, "document"):
        documents = Document.objects.of_available_reviews(now).added_after_parent()
        if criteria.narrows_reviews():  # without, a list of every available review's id (43 ms at 100k)
            documents = documents.filter(review__in=criteria.reviews_about(Review.objects.available(now)))
        if cleaned.get("kind"):
            documents = documents.filter(kind=cleaned["kind"])
        loaded = Document.objects.select_related("review__body").only(*DOCUMENT_ENTRY_COLUMNS)
        yield criteria.within_window(documents), "document", "uid", loaded, _document_still_published, document_entry
    if wanted(cleaned, "leaflet"):
        leaflets = criteria.published_by(criteria.within_window(Leaflet.objects.public(now)))
        files = Prefetch("documents", queryset=Document.objects.defer("extracted_text"))
        loaded = Leaflet.objects.select_related("body").prefetch_related(files)
        yield leaflets, "leaflet", "pk", loaded, is_public, leaflet_entry


def collect(criteria, now):
    """The newest publications matching a validated ``FeedFilter``, newest first.

    The newest of each kind are ranked from two columns first; only the
    entries that make the feed are then loaded whole, by key (a lookup the
    database cannot plan badly), and checked against the rules once more."""
    limit = settings.FEED_MAX_ENTRIES
    ranked, loaders = [], {}
    for matching, kind, key, loaded, still_published, build in _matching(criteria, now):
        newest = matching.order_by("-published_at", "-pk").values_list("pk", key, "published_at")[:limit]
        ranked += [(published, tag(kind, tagged), kind, pk) for pk, tagged, published in newest]
        loaders[kind] = loaded, still_published, build
    ranked.sort(reverse=True)
    chosen = {}
    for _, _, kind, pk in ranked[:limit]:
        chosen.setdefault(kind, []).append(pk)
    items = {}
    for kind, pks in chosen.items():
        loaded, still_published, _ = loaders[kind]
        items[kind] = [item for item in loaded.filter(pk__in=pks).order_by() if still_published(item, now)]
    # The themes of every review shown, its own entry's or a document's, in one query.
    attach_themes(items.get("review", []) + [document.review for document in items.get("document", [])])
    entries = [loaders[kind][2](item, now) for kind, loaded in items.items() for item in loaded]
    entries.sort(key=lambda entry: (entry.published, entry.id), reverse=True)
    return entries


def tombstones(now):
    """The take-downs of the last days, as the changes log recorded them: a
    review or leaflet withdrawn, deleted or moved back under embargo (the log
    tells only of what had been public), and the document entries added to
    such a review later; not one that is public again. The most recent first,
    bounded like the entries."""
    window = Change.objects.filter(**TAKEN_DOWN, effective_at__gte=tombstone_window(now), effective_at__lte=now)
    latest = {}
    for resource, pk, when in (
        window.exclude(object_id=None)
        .order_by("-effective_at", "-seq")
        .values_list("resource", "object_id", "effective_at")[: settings.FEED_MAX_ENTRIES]
    ):
        latest.setdefault((resource, pk), when)
    # The rows still held, one query a kind, asked by the rules whether they are public again.
    reviews = {}
    for resource, model in (("review", Review), ("leaflet", Leaflet)):
        asked = [pk for kind, pk in latest if kind == resource]
        for row in model.objects.filter(pk__in=asked).only("pk", "published_at", "withdrawn_at") if asked else []:
            if is_public(row, now):
                del latest[resource, row.pk]  # reinstated, or its embargo lifted again
            elif resource == "review":
                reviews[row.pk] = row
    stones = [Tombstone(tag(resource, pk), when) for (resource, pk), when in latest.items()]
    # Only the documents with an entry of their own (most came with their review), of reviews still held.
    added = Document.objects.added_after_parent().filter(review_id__in=list(reviews))
    for document in added.only("pk", "uid", "published_at", "review_id").order_by("position", "pk") if reviews else []:
        document.review = reviews[document.review_id]  # the review loaded above, not a query a document
        when = latest["review", document.review_id]
        if added_after_parent(document) and had_been_published(document, when):
            stones.append(Tombstone(tag("document", document.uid), when))
    stones.sort(key=lambda stone: stone.when, reverse=True)
    return stones[: settings.FEED_MAX_ENTRIES]


def describe(cleaned, board, now):
    """The feed's title: the body, then the active filters in words."""
    kind = cleaned.get("kind")
    what = {
        "review": "reviews",
        "document": f"{Document.Kind(kind).label}s" if kind else "documents",
        "leaflet": "leaflets",
    }.get(cleaned.get("publication") or ("document" if kind else ""), "publications")
    parts = [f"New {what}"]
    if cleaned.get("type"):
        parts.append("of type " + " or ".join(Review.Type(kind).label.lower() for kind in cleaned["type"]))
    if cleaned.get("nation"):
        parts.append("in " + " or ".join(Nation(nation).label for nation in cleaned["nation"]))
    if cleaned.get("body") and cleaned["body"] != [board.slug]:
        names = dict(Body.objects.filter(slug__in=cleaned["body"]).values_list("slug", "name"))
        parts.append("by " + " or ".join(names[slug] for slug in cleaned["body"]))
    if cleaned.get("review"):
        # Only a public review lends its title: an embargoed one must not leak through here.
        title = Review.objects.public(now).filter(slug=cleaned["review"]).values_list("title", flat=True).first()
        parts.append(f"for {title or cleaned['review']}")
    if cleaned.get("theme"):
        names = dict(Theme.objects.filter(slug__in=cleaned["theme"]).values_list("slug", "name"))
        parts.append("about " + " or ".join(names.get(slug, slug) for slug in cleaned["theme"]))
    if cleaned.get("q"):
        parts.append(f"mentioning “{' '.join(cleaned['q'].split())}”")
    for key, word in (("published_from", "from"), ("published_to", "to")):
        if cleaned.get(key):
            parts.append(f"published {word} {_day_words(cleaned[key])}")
    prefix = (board.short_name or board.name) if board.pk else "Case reviews"
    return f"{prefix}: {' '.join(parts)}"


def _day_words(value):
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j F Y H:i")
    return dateformat.format(value, "j F Y")
