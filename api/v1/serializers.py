"""What partners see of each resource. Declarative; internal fields
(withdrawal reason, editor notes, uploader) are simply never declared."""

import copy
import functools
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import dateformat, timezone
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from api.http.links import absolute, absolute_for
from reviews.models import (
    LICENCE_URLS,
    Agency,
    Body,
    Contact,
    DatePrecision,
    Document,
    Leaflet,
    RelatedReview,
    Review,
    Theme,
)
from reviews.publication import Lifecycle, PublicationReason, file_is_served, is_public, lifecycle_of, status_of
from reviews.review_types import ABOUT
from reviews.search import where_it_matched


def precise_date(value, precision):
    """ "2017-08" for a month, "2017-08-01" for a day: never a made-up day."""
    if value is None:
        return None
    return _precise_day(timezone.localtime(value).date() if hasattr(value, "hour") else value, precision)


def _precise_day(day, precision):
    return day.strftime("%Y-%m") if precision == DatePrecision.MONTH else day.isoformat()


def date_label(value, precision):
    if value is None:
        return None
    return _day_label(timezone.localtime(value).date() if hasattr(value, "hour") else value, precision)


@functools.lru_cache(maxsize=8192)
def _day_label(day, precision):
    # Formatting is the slow part and days repeat across pages and feeds.
    return dateformat.format(day, "F Y" if precision == DatePrecision.MONTH else "j F Y")


def date_time(value, zone):
    """What DRF's DateTimeField renders (ISO 8601 in the current time zone,
    ``zone``, "Z" for UTC), without its per-call set-up."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Field types whose rendering of a model column is the value itself.
PASSED_THROUGH = (serializers.CharField, serializers.IntegerField, serializers.BooleanField, serializers.JSONField)


def _is_column(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and not field.is_relation


def _choice_labels(model, name):
    """For a source "get_<field>_display": that field's labels by value."""
    if not (name and name.startswith("get_") and name.endswith("_display")):
        return None
    try:
        choices = model._meta.get_field(name[4:-8]).flatchoices
    except FieldDoesNotExist:
        return None
    return {value: str(label) for value, label in choices} if choices else None


def _renderer(serializer, field):
    """How one declared field is rendered: read straight from the model
    column where DRF would hand the value through unchanged (or only format
    a date or look up a choice's label), and DRF's own way for everything else."""
    model = serializer.Meta.model
    if type(field) is serializers.SerializerMethodField:
        method = getattr(serializer, field.method_name)
        return lambda instance, zone: method(instance)
    name = field.source_attrs[0] if len(field.source_attrs) == 1 else None
    labels = _choice_labels(model, name) if type(field) is serializers.CharField else None
    if labels:
        column = name[4:-8]
        return lambda instance, zone: labels.get(getattr(instance, column), getattr(instance, column))
    if name and _is_column(model, name):
        if type(field) is serializers.DateTimeField:
            return lambda instance, zone: date_time(getattr(instance, name), zone)
        if type(field) is serializers.DateField:
            return lambda instance, zone: getattr(instance, name) and getattr(instance, name).isoformat()
        if type(field) in PASSED_THROUGH:
            return lambda instance, zone: getattr(instance, name)
        if type(field) is serializers.ChoiceField:
            values = field.choice_strings_to_values
            return lambda instance, zone: _choice(values, getattr(instance, name))

    def through_drf(instance, zone):
        attribute = field.get_attribute(instance)
        present = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if present is None else field.to_representation(attribute)

    return through_drf


def _choice(values, value):
    return value if value in ("", None) else values.get(str(value), value)


# Nested representations (documents, contacts, …) made by one serializer of
# each kind per request, reused for every object: making a serializer (copying
# its fields) costs more than rendering an object with it, and an export renders
# thousands. (A comment: the schema would take a docstring as a description.)
class NestedOnce:
    def nested(self, serializer_class, value, many=False):
        made = self.__dict__.setdefault("_nested", {})
        if (serializer_class, many) not in made:
            made[serializer_class, many] = serializer_class(many=many, context=self.context)
        return made[serializer_class, many].to_representation(value)


# The declared fields, rendered without DRF's generic walk over them for each
# object (most of a list page's cost). The output is DRF's own: a test holds
# the two equal on every endpoint. (A comment, not a docstring: the schema
# would take a docstring as every resource's description.)
class DirectRendering:
    enabled = True  # off only in the test that compares the two renderings

    def get_fields(self):
        # ModelSerializer inspects the model afresh for every serializer
        # made, i.e. on every request: inspect once, then copy.
        prototypes = type(self).__dict__.get("_prototypes")
        if prototypes is None:
            prototypes = super().get_fields()
            type(self)._prototypes = prototypes
        return copy.deepcopy(prototypes)

    def to_representation(self, instance):
        if not self.enabled:
            return super().to_representation(instance)
        plan = self.__dict__.get("_plan")
        if plan is None:  # once per serializer, i.e. once per request
            self._zone = timezone.get_current_timezone()
            plan = self._plan = [(field.field_name, _renderer(self, field)) for field in self._readable_fields]
        zone, representation = self._zone, {}
        for name, render in plan:
            try:
                representation[name] = render(instance, zone)
            except SkipField:
                pass
        return representation


class ContactSerializer(DirectRendering, serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["slug", "name", "organisation", "address", "telephone", "textphone", "fax", "email", "website"]


class PublishedMixin(serializers.Serializer):
    published = serializers.SerializerMethodField(
        help_text='The publication date as the body stated it: "2017-08" for a month, "2017-08-01" for a day.'
    )
    published_precision = serializers.CharField(source="date_precision", help_text="month or day.")
    published_label = serializers.SerializerMethodField(help_text='For display, e.g. "August 2017".')

    def get_published(self, obj) -> str:
        return precise_date(obj.published_at, obj.date_precision)

    def get_published_label(self, obj) -> str:
        return date_label(obj.published_at, obj.date_precision)


class DocumentSerializer(DirectRendering, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    review = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The review's slug, or null."
    )
    leaflet = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The leaflet's slug, or null."
    )
    kind_label = serializers.CharField(source="get_kind_display")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the file; null when no file is held or the review is archived."
    )
    alternative_format_contact = ContactSerializer(allow_null=True)
    text = serializers.SerializerMethodField(
        help_text="The document's text, when it has no file; null once its review is archived (its documents are "
        "no longer published)."
    )

    class Meta:
        model = Document
        fields = [
            "id", "url", "review", "leaflet", "kind", "kind_label", "title", "audience", "language",
            "content_type", "size_bytes", "stated_size", "page_count", "sha256", "text",
            "meets_accessibility_standards", "alternative_format_contact", "published_at", "document_date",
            "download_url", "updated_at",
        ]  # fmt: skip

    def get_url(self, document) -> str:
        return absolute_for("document-detail", document.pk)

    def get_text(self, document) -> str | None:
        return document.text if file_is_served(document, self.context["now"]) else None

    def get_download_url(self, document) -> str | None:
        if not document.file:
            return None
        if not file_is_served(document, self.context["now"]):
            return None
        return absolute_for("document-download", document.pk)


class ThemeVocabularySerializer(serializers.ModelSerializer):
    """A theme as the vocabulary lists it: what it covers, and the other words the
    theme filter takes for it."""

    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "synonyms"]


class ThemeSerializer(DirectRendering, serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        model = Theme  # for DirectRendering: the fields are its columns


class BodySummarySerializer(DirectRendering, serializers.ModelSerializer):
    """Who published a review or leaflet: enough to show and to filter by."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = ["slug", "url", "name", "short_name", "kind", "nation", "is_sample"]

    def get_url(self, body) -> str:
        return absolute_for("body-detail", body.slug)


class LicenceSerializer(serializers.Serializer):
    """The licence a body publishes under."""

    code = serializers.CharField(source="licence", help_text="ogl-3.0, cc-by-4.0, or empty: not stated.")
    name = serializers.CharField(source="get_licence_display")
    url = serializers.SerializerMethodField(help_text="Where the licence is written down; null when not stated.")

    def get_url(self, body) -> str | None:
        return LICENCE_URLS.get(body.licence)


class BodySerializer(BodySummarySerializer):
    """A publishing body: a partnership or board, its area, window and contacts."""

    kind_label = serializers.CharField(source="get_kind_display")
    licence = serializers.SerializerMethodField(help_text="The licence its content is published under.")
    archive_contact = ContactSerializer(allow_null=True, help_text="Whom to ask about its archived reviews.")
    contacts = ContactSerializer(many=True)
    reviews_url = serializers.SerializerMethodField(help_text="Its public reviews.")
    feed_url = serializers.SerializerMethodField(help_text="Atom feed of its publications.")

    class Meta(BodySummarySerializer.Meta):
        fields = BodySummarySerializer.Meta.fields + [
            "kind_label", "area", "independent_chair", "website", "about", "availability_months", "archive_contact",
            "request_url", "licence", "contacts", "reviews_url", "feed_url", "updated_at",
        ]  # fmt: skip

    def get_licence(self, body) -> LicenceSerializer:
        return LicenceSerializer(body).data

    def get_reviews_url(self, body) -> str:
        return absolute("review-list", query={"body": body.slug, "status": "all"})

    def get_feed_url(self, body) -> str:
        return absolute("feed-atom", query={"body": body.slug})


class MatchSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=["title", "summary", "learning", "documents"],
        help_text="Where the words were found: title (or themes), summary, learning (key learning or "
        "recommendations) or documents (the text of its documents).",
    )
    snippet = serializers.CharField(
        allow_null=True,
        help_text="A short extract with the words found in <mark>…</mark> (the only markup; the rest is text); "
        "null for the documents of an archived review, whose text is no longer published.",
    )


class ReviewSerializer(DirectRendering, PublishedMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    body = BodySummarySerializer(help_text="The partnership or board that published it.")
    type = serializers.CharField(source="review_type")
    type_label = serializers.CharField(source="get_review_type_display")
    nations = serializers.SerializerMethodField(help_text="Where this type of review applies: england, wales, "
                                                "scotland, northern_ireland.")  # fmt: skip
    status = serializers.SerializerMethodField(help_text="available or archived.")
    lifecycle = serializers.SerializerMethodField(
        help_text="The state partners can rely on: deferred (no report yet), improvements_only (no report will be "
        "published), available (published in full) or archived (available on request)."
    )
    themes = ThemeSerializer(many=True, source="theme_list")
    match = serializers.SerializerMethodField(help_text="With q: where this review matched; null otherwise.")
    documents_url = serializers.SerializerMethodField()
    feed_url = serializers.SerializerMethodField(help_text="Atom feed of this review's publications.")

    class Meta:
        model = Review
        fields = [
            "uid", "slug", "url", "body", "title", "type", "type_label", "nations", "incident", "summary", "published",
            "published_precision", "published_label", "published_at", "status", "lifecycle", "available_until",
            "themes", "is_sample", "match", "documents_url", "feed_url", "updated_at",
        ]  # fmt: skip

    def get_url(self, review) -> str:
        return absolute_for("review-detail", review.slug)

    def get_match(self, review) -> MatchSerializer(allow_null=True):
        return where_it_matched(review, self.context["now"]) if hasattr(review, "search_rank") else None

    def get_status(self, review) -> str:
        return status_of(review, self.context["now"]).value

    def get_lifecycle(self, review) -> str:
        return lifecycle_of(review, self.context["now"]).value

    def get_nations(self, review) -> list[str]:
        return [str(nation) for nation in ABOUT[review.review_type].nations]

    def get_documents_url(self, review) -> str:
        return url_templates(settings.PUBLIC_BASE_URL)["documents"].format(quote_plus(review.slug))

    def get_feed_url(self, review) -> str:
        return url_templates(settings.PUBLIC_BASE_URL)["feed"].format(quote_plus(review.slug))


@functools.lru_cache(maxsize=8)
def url_templates(base_url):
    """URL patterns resolved once per base address, filled per item."""
    marker = "slug-marker-0"
    return {
        "documents": absolute("document-list", query={"review": marker, "status": "all"}).replace(marker, "{}"),
        "feed": absolute("feed-atom", query={"review": marker}).replace(marker, "{}"),
    }


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    lead = serializers.BooleanField(source="is_lead", help_text="The lead reviewer.")


class AgencySerializer(serializers.ModelSerializer):
    """An agency involved, from the controlled list (/api/v1/agencies/)."""

    class Meta:
        model = Agency
        fields = ["slug", "name"]


class AgencyVocabularySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["slug", "name", "description"]


class PublicationSerializer(DirectRendering, serializers.Serializer):
    """What was published, and why no report is (yet) if none is."""

    class Meta:
        model = Review  # what ``DirectRendering`` reads the columns and labels from

    form = serializers.CharField(
        source="publication", help_text="report (in full), improvements_only (no report) or deferred."
    )
    label = serializers.CharField(source="get_publication_display", help_text="The form, in words.")
    reason = serializers.CharField(
        source="publication_reason", help_text="Why no report is (yet) published, as a class; empty for a report."
    )
    reason_label = serializers.SerializerMethodField(help_text="The reason, in words; empty for a report.")
    expected = serializers.SerializerMethodField(help_text='While deferred: the month the report is expected, '
                                                 'e.g. "2027-06", or null if not known.')  # fmt: skip

    def get_reason_label(self, review) -> str:
        return str(PublicationReason(review.publication_reason).label) if review.publication_reason else ""

    def get_expected(self, review) -> str | None:
        return precise_date(review.expected_publication, DatePrecision.MONTH) if review.expected_publication else None


class RelatedReviewSerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = serializers.URLField()
    title = serializers.CharField()
    type = serializers.CharField()
    relation = serializers.ChoiceField(
        choices=["same_incident", "led_to", "followed_from"],
        help_text="same_incident: about the same death or incident; led_to: this review led to that one (a rapid "
        "review and the review that followed); followed_from: the other way round.",
    )


class OnRequestSerializer(serializers.Serializer):
    """How to ask for an archived review."""

    contact = ContactSerializer(allow_null=True)
    request_url = serializers.CharField(help_text="A page or form to ask on, if the body has one; else empty.")


class ChairStatementSerializer(serializers.Serializer):
    text = serializers.CharField(source="chair_statement")
    date = serializers.DateField(source="chair_statement_date", allow_null=True)
    signatory = serializers.CharField(source="chair_statement_signatory")


class ReviewDetailSerializer(NestedOnce, ReviewSerializer):
    def get_statutory_basis(self, review) -> str:
        return ABOUT[review.review_type].statutory_basis

    def get_incident_month(self, review) -> str | None:
        return precise_date(review.incident_month, DatePrecision.MONTH) if review.incident_month else None

    commissioned = serializers.SerializerMethodField(help_text='"2015-07" for a month, or a day.')
    commissioned_precision = serializers.CharField()
    reviewers = ReviewerSerializer(many=True)
    chair_statement = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField(help_text="Whom to ask about this review.")
    documents = serializers.SerializerMethodField()
    statutory_basis = serializers.SerializerMethodField(help_text="The law or guidance this type of review is held "
                                                        "under, in words.")  # fmt: skip
    incident_month = serializers.SerializerMethodField(help_text='The month of the incident, e.g. "2016-03"; only '
                                                       "the month is ever published.")  # fmt: skip
    publication = serializers.SerializerMethodField(
        help_text="What was published: the report, the improvements only, or nothing yet (deferred), and why."
    )
    on_request = serializers.SerializerMethodField(
        help_text="Once archived: whom to ask for the review, and where (null while it is available)."
    )
    agencies = AgencySerializer(many=True, help_text="The agencies involved.")
    related_reviews = serializers.SerializerMethodField(help_text="Public reviews related to this one.")
    licence = serializers.SerializerMethodField(help_text="The licence its body publishes it under.")
    citation = serializers.SerializerMethodField(
        help_text="A suggested citation: the body, the year, the title and type, and its address."
    )

    class Meta(ReviewSerializer.Meta):
        fields = ReviewSerializer.Meta.fields + [
            "statutory_basis", "publication", "on_request", "incident_month", "subject_age_band", "subject_sex",
            "notified_on", "rapid_review_on", "completed_on", "sent_to_panel_on", "external_reference", "agencies",
            "related_reviews",
            "commissioned", "commissioned_precision", "reviewers", "review_method", "key_learning",
            "recommendations", "chair_statement", "contact", "documents", "licence", "citation",
        ]  # fmt: skip

    def get_licence(self, review) -> LicenceSerializer:
        return LicenceSerializer(review.body).data

    def get_citation(self, review) -> str:
        year = timezone.localtime(review.published_at).year
        kind = review.get_review_type_display().lower()
        return f"{review.body.name} ({year}) {review.title}: {kind}. Available at: {self.get_url(review)}"

    def get_commissioned(self, review) -> str | None:
        return precise_date(review.commissioned_on, review.commissioned_precision)

    def get_chair_statement(self, review) -> ChairStatementSerializer(allow_null=True):
        if not (review.chair_statement or review.chair_statement_date):
            return None
        return self.nested(ChairStatementSerializer, review)

    def get_contact(self, review) -> ContactSerializer(allow_null=True):
        contact = review.contact or review.body.archive_contact
        return self.nested(ContactSerializer, contact) if contact else None

    def get_publication(self, review) -> PublicationSerializer:
        return self.nested(PublicationSerializer, review)

    def get_on_request(self, review) -> OnRequestSerializer(allow_null=True):
        if lifecycle_of(review, self.context["now"]) != Lifecycle.ARCHIVED:
            return None
        return self.on_request_when_archived(review)

    def on_request_when_archived(self, review):
        contact = review.contact or review.body.archive_contact
        return self.nested(OnRequestSerializer, {"contact": contact, "request_url": review.body.request_url})

    def get_related_reviews(self, review) -> RelatedReviewSerializer(many=True):
        now = self.context["now"]
        inverse = {RelatedReview.Relation.LED_TO: "followed_from"}
        linked = [(relation.related, relation.relation) for relation in review.relations.all()]
        linked += [(relation.review, inverse.get(relation.relation, relation.relation))
                   for relation in review.inverse_relations.all()]  # fmt: skip
        shown = [
            {"slug": other.slug, "url": absolute_for("review-detail", other.slug), "title": other.title,
             "type": other.review_type, "relation": relation}
            for other, relation in sorted(linked, key=lambda pair: (pair[0].published_at, pair[0].pk))
            if is_public(other, now)
        ]  # fmt: skip
        return self.nested(RelatedReviewSerializer, shown, many=True)

    def get_documents(self, review) -> DocumentSerializer(many=True):
        now = self.context["now"]
        public = [document for document in review.documents.all() if is_public(document, now)]
        return self.nested(DocumentSerializer, public, many=True)


class LeafletSectionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    items = serializers.SerializerMethodField()

    def get_items(self, section) -> list[str]:
        return [item.text for item in section.items.all()]


class LeafletSerializer(NestedOnce, DirectRendering, PublishedMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    body = BodySummarySerializer(help_text="The partnership or board that published it.")
    html_url = serializers.SerializerMethodField(help_text="The leaflet as a ready-to-embed HTML fragment.")
    sections = LeafletSectionSerializer(many=True)
    contacts = ContactSerializer(many=True)
    interpreting_service = serializers.SerializerMethodField()
    alternative_formats = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Leaflet
        fields = [
            "uid", "slug", "url", "body", "html_url", "title", "subtitle", "audience", "reference_code", "published",
            "published_precision", "published_label", "published_at", "publisher", "sections", "contacts",
            "interpreting_service", "alternative_formats", "documents", "updated_at",
        ]  # fmt: skip

    def get_url(self, leaflet) -> str:
        return absolute_for("leaflet-detail", leaflet.slug)

    def get_html_url(self, leaflet) -> str:
        return absolute("leaflet-detail", leaflet.slug, query={"format": "html"})

    def get_interpreting_service(self, leaflet) -> dict:
        contact = leaflet.interpreting_contact
        return {
            "text": leaflet.interpreting_service,
            "contact": self.nested(ContactSerializer, contact) if contact else None,
        }

    def get_alternative_formats(self, leaflet) -> dict:
        contact = leaflet.alternative_formats_contact
        return {
            "formats": leaflet.alternative_formats,
            "how_to_ask": leaflet.alternative_formats_note,
            "contact": self.nested(ContactSerializer, contact) if contact else None,
        }

    def get_documents(self, leaflet) -> DocumentSerializer(many=True):
        now = self.context["now"]
        public = [document for document in leaflet.documents.all() if is_public(document, now)]
        return self.nested(DocumentSerializer, public, many=True)
