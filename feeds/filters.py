"""The feeds' query parameters: the API's review criteria and window (the
shared vocabulary, ``api.http.filters``), plus what kind of publication."""

import django_filters

from api.http.filters import ReviewCriteria, SlugFilter
from reviews.models import Document, Review

# The parameters ``FeedFilter.reviews_about`` narrows reviews by.
REVIEW_CRITERIA = ("type", "review", "q", "theme", "body", "nation")
PUBLICATION_CHOICES = [
    ("review", "review: a review becoming public"),
    ("document", "document: a document added to an already public review"),
    ("leaflet", "leaflet: a leaflet published or revised"),
]


class FeedFilter(ReviewCriteria):
    """The feeds' parameters: the API's review criteria and window, plus what
    kind of publication and, for documents, which kind of document."""

    review = SlugFilter(field_name="slug", help_text="Only this review's publications (its slug).")
    publication = django_filters.ChoiceFilter(
        choices=PUBLICATION_CHOICES, method="leave_to_feed", help_text="Only this kind of publication."
    )
    kind = django_filters.ChoiceFilter(
        choices=Document.Kind.choices,
        method="leave_to_feed",
        help_text="Only documents of this kind, e.g. seven_minute_briefing (implies publication=document).",
    )

    class Meta:
        model = Review
        fields = []

    def leave_to_feed(self, queryset, name, value):
        return queryset

    def narrows_reviews(self):
        """Whether ``reviews_about`` narrows anything."""
        return any(self.form.cleaned_data.get(name) for name in REVIEW_CRITERIA)

    def reviews_about(self, queryset):
        """``queryset`` narrowed by type, theme, words, review, body and nation,
        but not by the window (a document added later is dated by itself, not by
        its review)."""
        cleaned = self.form.cleaned_data
        if cleaned.get("type"):
            queryset = queryset.filter(review_type__in=cleaned["type"])
        if cleaned.get("review"):
            queryset = queryset.filter(slug=cleaned["review"])
        if cleaned.get("q"):
            queryset = self.filter_text(queryset, "q", cleaned["q"])
        return self.published_by(self.filter_theme(queryset, "theme", cleaned.get("theme")))

    def published_by(self, queryset):
        """``queryset`` (reviews or leaflets) narrowed to the body and nation asked for."""
        cleaned = self.form.cleaned_data
        if cleaned.get("body"):
            queryset = self.filter_body(queryset, "body", cleaned["body"])
        if cleaned.get("nation"):
            queryset = self.filter_nation(queryset, "nation", cleaned["nation"])
        return queryset
