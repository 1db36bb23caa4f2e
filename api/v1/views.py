"""The public read API, v1. Views are thin: the querysets come from the
publication rules, the filters from ``api.v1.filters``, and conditional GET,
caching and problem errors from ``api.http``."""

import re

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.http.conditional import PublicContentView, content_state, lifetime
from api.http.filters import NoParameters, check_no_parameters
from api.http.links import absolute, feed_link
from api.http.negotiation import OneRepresentation
from api.http.renderers import JSONRenderer
from api.http.schema import read_operation, response_header
from api.http.security import PAGE_POLICY
from api.v1 import facets, filters, representations, serializers
from api.v1 import schema_examples as examples
from api.v1.changes import ReviewHistorySerializer
from api.v1.index import IndexSerializer
from api.v1.renderers import (
    DocumentPageRenderer,
    HomePageRenderer,
    LeafletHTMLRenderer,
    LeafletPageRenderer,
    ReviewListFragmentRenderer,
    ReviewListPageRenderer,
    ReviewPageRenderer,
)
from reviews import search
from reviews.models import (
    REVIEW_LONG_COLUMNS,
    Agency,
    Body,
    Change,
    Contact,
    Document,
    FormerSlug,
    Leaflet,
    Review,
    Theme,
)

DOCUMENT_RELATIONS = ("review", "leaflet", "alternative_format_contact")
UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PARENT_LONG_COLUMNS = tuple(f"review__{column}" for column in REVIEW_LONG_COLUMNS)
BODY_WITH_CONTACT = ("body", "body__archive_contact")
# What a document list shows, and what whether its file is served needs of its review.
DOCUMENT_LIST_COLUMNS = (
    *(name for name in serializers.DocumentSerializer.Meta.fields if name not in ("url", "kind_label", "download_url")),
    "file", "review__slug", "review__published_at", "review__available_until", "review__withdrawn_at",
    "review__publication", "leaflet__slug",
)  # fmt: skip


class RendererPolicy:
    """A page's Content-Security-Policy is its renderer's (JSON keeps the API's)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        policy = getattr(getattr(request, "accepted_renderer", None), "content_security_policy", None)
        if response.status_code == 200 and policy:
            response["Content-Security-Policy"] = policy
        return response


class PublicReadViewSet(RendererPolicy, PublicContentView, viewsets.GenericViewSet):
    """Lists validate their parameters with ``list_filterset``; a detail
    accepts none but ``format``."""

    list_filterset = None

    @property
    def now(self):
        # The schema generator builds querysets without a real request.
        return getattr(self.request, "now", None) or timezone.now()

    @property
    def filterset_class(self):
        return self.list_filterset if self.action == "list" else NoParameters

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": self.now}

    # A page for people (a browser asks for text/html); None: JSON only.
    page_renderer = None

    list_page_renderer = None  # the same for a list

    @property
    def vary_on_accept(self):
        return self._page_renderer() is not None

    def get_renderers(self):
        page = self._page_renderer()
        return [*super().get_renderers(), page()] if page is not None else super().get_renderers()

    def _page_renderer(self):
        return {"retrieve": self.page_renderer, "list": self.list_page_renderer}.get(self.action)


class FollowsRenames:
    """A review's or leaflet's former slug answers 301 to its current address."""

    renamed_resource = None  # "review" or "leaflet": whose former slugs (FormerSlug)

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = self.moved(kwargs.get("slug"))
            if moved is None:
                raise
            return moved

    def moved(self, slug):
        """301 to where a renamed review or leaflet is now — only if it is public
        now (the queryset is the public one), so a redirect never says more than a 404."""
        if self.renamed_resource is None or slug is None:
            return None
        former = FormerSlug.objects.filter(resource=self.renamed_resource, slug=slug).first()
        public = self.get_queryset().filter(pk=former.object_id) if former else None
        if public is None and UID.match(slug):  # its uid, the id that never changes
            public = self.get_queryset().filter(uid=slug)
        slug = public.values_list("slug", flat=True).first() if public is not None else None
        if slug is None:
            return None
        query = self.request.META.get("QUERY_STRING", "")
        location = absolute(self.detail_route, slug) + (f"?{query}" if query else "")
        response = HttpResponsePermanentRedirect(location)
        response["Cache-Control"] = lifetime(self.now, content_state(self.request, self.now)[1])
        return response

    @property
    def detail_route(self):
        return f"{self.basename}-detail"


MOVED = OpenApiResponse(
    description="A former slug: the review or leaflet was renamed, and is at `Location` (its `uid` never changes)."
)
MOVED_TO = response_header("Location", "Where a renamed review or leaflet is now.", [301])


# One media type per operation (generated clients read each response one way):
# DRF's ?format= switch is not part of the description.
NO_FORMAT_PARAMETER = OpenApiParameter("format", exclude=True)


def _example(value, name="From the seed content"):
    return [OpenApiExample(name, value=value, response_only=True)]


@extend_schema_view(
    list=read_operation(
        "listReviews",
        "List public reviews",
        "Available reviews by default (`status=available`), newest first. Archived reviews are listed with "
        "`status=archived` or `status=all`; embargoed and withdrawn reviews never are. A browser "
        "(`Accept: text/html`) gets the same list as a page to browse and search.",
        OpenApiResponse(
            serializers.ReviewSerializer(many=True),
            examples=_example(examples.PIP),
        ),
        "reviews",
        paged=True,
        parameters=[NO_FORMAT_PARAMETER],
    ),
    retrieve=read_operation(
        "getReview",
        "Get one review",
        "Everything public about an available or archived review: its chair's statement, key learning, "
        "recommendations, documents and whom to contact. A browser (`Accept: text/html`) gets the same as a "
        "plain page, so feed entries and links can point here.",
        OpenApiResponse(serializers.ReviewDetailSerializer, examples=_example(examples.PIP_DETAIL)),
        "reviews",
        extra={301: MOVED},
        parameters=[NO_FORMAT_PARAMETER, MOVED_TO],
    ),
)
class ReviewViewSet(FollowsRenames, mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    """Serious case reviews and practice reviews that are public: available
    (inside their availability window) or archived."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"
    list_filterset = filters.ReviewFilter
    page_renderer = ReviewPageRenderer
    list_page_renderer = ReviewListPageRenderer
    renamed_resource = "review"

    def get_queryset(self):
        reviews = Review.objects.public(self.now)
        if self.action == "list":
            return representations.reviews_for_list(reviews)
        reviews = reviews.with_themes()
        return representations.with_details(reviews) if self.action == "retrieve" else reviews

    def get_serializer_class(self):
        return serializers.ReviewDetailSerializer if self.action == "retrieve" else serializers.ReviewSerializer

    def retrieve(self, request, *args, **kwargs):
        # Put together from the stored rendering when there is one; the serializer's otherwise.
        reviews = self.filter_queryset(Review.objects.public(self.now))
        detail = representations.detail_of(reviews, kwargs.get("slug"), self.now, self.get_serializer_context())
        return Response(detail) if detail is not None else super().retrieve(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        if request.query_params.get("q"):  # each result says where it matched: built afresh
            response = super().list(request, *args, **kwargs)
        else:
            reviews = self.filter_queryset(self.get_queryset())
            rows = self.paginate_queryset(reviews.values_list(*representations.ROW, named=True))
            response = self.get_paginated_response(
                representations.page_of(reviews, rows, self.now, self.get_serializer_context())
            )
        if isinstance(request.accepted_renderer, ReviewListPageRenderer) and not request.query_params.get("q"):
            # The page shows how many each filter finds (not for a search: its rank cannot be counted by).
            response.data["facets"] = facets.counts(self.filter_queryset(Review.objects.public(self.now)), self.now)
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        search.attach_snippets(page or [], self.request.query_params.get("q"))
        return page

    @read_operation(
        "getReviewHistory",
        "Get one review's public history",
        "What partners were told about this review and its documents, oldest first: published, updated, "
        "documents added or replaced, archived, withdrawn and reinstated — the changes log for this review alone "
        "(under any slug it has had), as long as the log keeps it.",
        OpenApiResponse(ReviewHistorySerializer),
        "reviews",
    )
    @action(detail=True, url_path="history")
    def history(self, request, slug=None):
        review = self.get_object()
        slugs = [review.slug, *FormerSlug.objects.filter(resource="review", object_id=review.pk)
                 .values_list("slug", flat=True)]  # fmt: skip
        documents = [str(pk) for pk in Document.objects.filter(review=review).values_list("pk", flat=True)]
        changes = Change.objects.filter(
            Q(resource=Change.Resource.REVIEW, resource_id__in=slugs)
            | Q(resource=Change.Resource.DOCUMENT, resource_id__in=documents)
        ).order_by("seq")
        body = {"review": absolute("review-detail", review.slug), "changes": changes}
        return Response(ReviewHistorySerializer(body).data)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code == 200 and self.action == "list":
            link = feed_link(request.query_params)
            response["Link"] = f"{response['Link']}, {link}" if response.has_header("Link") else link
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and isinstance(getattr(request, "accepted_renderer", None), ReviewPageRenderer):
            # The page may be framed by the sites its body lists.
            listed = Body.objects.filter(slug=response.data["body"]["slug"]).values_list("frame_origins", flat=True)
            origins = " ".join((listed.first() or "").split())
            if origins:
                response["Content-Security-Policy"] = PAGE_POLICY.replace(
                    "frame-ancestors 'none'", f"frame-ancestors 'self' {origins}"
                )
        return response


@extend_schema_view(
    list=read_operation(
        "listReviewsFragment",
        "List the latest reviews as an HTML fragment",
        "The reviews a filter matches, newest first and every public one (archived too), as a sanitised HTML "
        "fragment to put in a partner's page: what the `<case-reviews>` element of `/embed.js` shows. Takes the "
        "list's filters, `page_size` (how many) and `heading` (the level of its heading). Styling hooks: "
        "`.case-reviews`, `.case-reviews-heading`, `.case-reviews-list`, `.case-review`, `.case-review-meta`, "
        "`.case-reviews-more`. One media type, so that generated clients read it as text.",
        OpenApiResponse(OpenApiTypes.STR, description="The HTML fragment."),
        "reviews",
        media_type="text/html",
        negotiated=False,
        paged=True,
        parameters=[NO_FORMAT_PARAMETER],
    ),
)
class ReviewFragmentViewSet(ReviewViewSet):
    """The latest reviews as a fragment, whatever Accept says (for ``/embed.js``)."""

    list_filterset = filters.ReviewFragmentFilter
    content_negotiation_class = OneRepresentation
    page_renderer = list_page_renderer = None

    def get_renderers(self):
        return [ReviewListFragmentRenderer(), JSONRenderer()]  # problems still in JSON


@extend_schema_view(
    list=read_operation(
        "listDocuments",
        "List public documents",
        "Documents of available reviews and of leaflets by default; `status=archived` or `status=all` adds "
        "those of archived reviews (listed, but no longer downloadable).",
        OpenApiResponse(
            serializers.DocumentSerializer(many=True),
            examples=_example(examples.PIP_REPORT),
        ),
        "documents",
        paged=True,
    ),
    retrieve=read_operation(
        "getDocument",
        "Get one document",
        "`download_url` is null when no file is held or the review is archived. A browser (`Accept: text/html`) "
        "gets the same as a plain page.",
        OpenApiResponse(serializers.DocumentSerializer, examples=_example(examples.PIP_REPORT)),
        "documents",
        parameters=[NO_FORMAT_PARAMETER],
    ),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    """Documents of public reviews and leaflets."""

    list_filterset = filters.DocumentFilter
    page_renderer = DocumentPageRenderer

    def get_queryset(self):
        documents = Document.objects.public(self.now).select_related(*DOCUMENT_RELATIONS)
        if self.action == "list":  # several times cheaper to compile and load than whole rows
            return documents.only(*DOCUMENT_LIST_COLUMNS).order_by("-published_at", "-pk")
        # A PDF's words are for search only, and may run to megabytes.
        return documents.defer("extracted_text", *PARENT_LONG_COLUMNS).order_by("-published_at", "-pk")

    serializer_class = serializers.DocumentSerializer


@extend_schema_view(
    list=read_operation(
        "listLeaflets",
        "List leaflets",
        "Published leaflets, newest first, as structured content.",
        OpenApiResponse(
            serializers.LeafletSerializer(many=True),
            examples=_example(examples.LEAFLET),
        ),
        "leaflets",
        paged=True,
    ),
    retrieve=read_operation(
        "getLeaflet",
        "Get one leaflet",
        "The leaflet as structured content. Its HTML fragment, to embed in a page, is `getLeafletFragment` "
        "(the same address with `Accept: text/html` or `?format=html` gives it too, for partners that used it "
        "before the fragment had an address of its own).",
        OpenApiResponse(serializers.LeafletSerializer, examples=_example(examples.LEAFLET)),
        "leaflets",
        extra={301: MOVED},
        parameters=[NO_FORMAT_PARAMETER, MOVED_TO],
    ),
)
class LeafletViewSet(FollowsRenames, mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    """Leaflets as structured content; a leaflet also as a page for people
    (``Accept: text/html``) and as an HTML fragment to embed (``?format=html``,
    or its own address, ``LeafletFragmentViewSet``)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"
    list_filterset = filters.LeafletFilter
    serializer_class = serializers.LeafletSerializer
    page_renderer = LeafletPageRenderer
    renamed_resource = "leaflet"
    fragment_only = False

    @property
    def vary_on_accept(self):
        return self.action == "retrieve" and not self.fragment_only

    def get_renderers(self):
        if self.fragment_only:
            return [LeafletHTMLRenderer(), JSONRenderer()]  # problems still in JSON
        if self.action == "retrieve":
            return [JSONRenderer(), LeafletPageRenderer(), LeafletHTMLRenderer()]
        return super().get_renderers()

    def get_queryset(self):
        documents = representations.nested_documents()
        return (
            Leaflet.objects.public(self.now)
            .select_related("body", "interpreting_contact", "alternative_formats_contact")
            .prefetch_related("sections__items", "contacts", Prefetch("documents", queryset=documents))
        )


@extend_schema_view(
    retrieve=read_operation(
        "getLeafletFragment",
        "Get one leaflet as an HTML fragment",
        "A sanitised HTML fragment (semantic headings, lists and `<address>`, no scripts or styles), ready to "
        "embed in a partner's page or an iframe (it may be framed from any origin). One media type, so that "
        "generated clients read it as text.",
        OpenApiResponse(OpenApiTypes.STR, description="The HTML fragment."),
        "leaflets",
        media_type="text/html",
        negotiated=False,
        parameters=[NO_FORMAT_PARAMETER],
    ),
)
class LeafletFragmentViewSet(LeafletViewSet):
    """The leaflet's HTML fragment at an address of its own, whatever Accept says."""

    fragment_only = True

    @property
    def filterset_class(self):
        return filters.LeafletFragmentParameters

    content_negotiation_class = OneRepresentation
    detail_route = "leaflet-fragment"


@extend_schema_view(
    list=read_operation(
        "listContacts",
        "List contacts",
        "Organisations and roles to contact, such as the Safeguarding Unit.",
        OpenApiResponse(
            serializers.ContactSerializer(many=True),
            examples=_example(examples.SAFEGUARDING_UNIT),
        ),
        "contacts",
        paged=True,
    ),
)
class ContactViewSet(mixins.ListModelMixin, PublicReadViewSet):
    """Whom to contact: the Safeguarding Unit, the leaflet's contacts and others."""

    list_filterset = filters.PagedParameters
    serializer_class = serializers.ContactSerializer
    queryset = Contact.objects.order_by("name", "pk")


@extend_schema_view(
    list=read_operation(
        "listThemes",
        "List themes",
        "The themes of public reviews, by name — the body's controlled vocabulary: what each covers, and the "
        "values the `theme` filter of reviews, exports and the feeds takes (its slug or a synonym; any other is a "
        "`400`).",
        OpenApiResponse(serializers.ThemeVocabularySerializer(many=True), examples=_example(examples.THEME)),
        "themes",
        paged=True,
    ),
)
class ThemeViewSet(mixins.ListModelMixin, PublicReadViewSet):
    """What reviews are about, as the body tags them."""

    list_filterset = filters.PagedParameters
    serializer_class = serializers.ThemeVocabularySerializer

    def get_queryset(self):
        return Theme.objects.public(self.now).order_by("name", "pk")


@extend_schema_view(
    list=read_operation(
        "listBodies",
        "List publishing bodies",
        "The partnerships and boards whose reviews this library holds, by name: each one's area, nation, "
        "availability window and whom to ask about its archived reviews. Their slugs are what `body` takes.",
        OpenApiResponse(serializers.BodySerializer(many=True), examples=_example(examples.BODY)),
        "bodies",
        paged=True,
    ),
    retrieve=read_operation(
        "getBody",
        "Get one publishing body",
        "A partnership or board, with links to its reviews and its feed.",
        OpenApiResponse(serializers.BodySerializer, examples=_example(examples.BODY)),
        "bodies",
        parameters=[NO_FORMAT_PARAMETER],
    ),
)
class BodyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    """Who publishes: safeguarding children partnerships, adults boards, community safety partnerships."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"
    list_filterset = filters.PagedParameters
    serializer_class = serializers.BodySerializer
    queryset = Body.objects.select_related("archive_contact").prefetch_related("contacts").order_by("name", "pk")


@extend_schema_view(
    list=read_operation(
        "listAgencies",
        "List agencies",
        "The controlled list of agencies a review may name as involved (`agencies` in a review's detail).",
        OpenApiResponse(serializers.AgencyVocabularySerializer(many=True), examples=_example(examples.AGENCY)),
        "agencies",
        paged=True,
    ),
)
class AgencyViewSet(mixins.ListModelMixin, PublicReadViewSet):
    """The agencies involved, as a controlled list."""

    list_filterset = filters.PagedParameters
    serializer_class = serializers.AgencyVocabularySerializer
    queryset = Agency.objects.order_by("name", "pk")


@extend_schema(exclude=True)
class HomeView(RendererPolicy, PublicContentView, APIView):
    """The start page for people: what the library holds, the latest reviews, where to go next."""

    renderer_classes = [HomePageRenderer]
    content_negotiation_class = OneRepresentation

    def get(self, request):
        check_no_parameters(request.query_params)
        reviews = Review.objects.public(request.now)
        latest = representations.reviews_for_list(reviews).order_by("-published_at", "-pk")[:5]
        serializer = serializers.ReviewSerializer(latest, many=True, context={"now": request.now})
        return Response({"count": reviews.count(), "latest": serializer.data,
                         "bodies": list(Body.objects.order_by("name").values("slug", "name"))})  # fmt: skip


class ApiIndexView(PublicContentView, APIView):
    """Where everything is, and who publishes it."""

    @read_operation(
        "getIndex",
        "The API index",
        "Links to every resource, the changes log, the feeds, this description and its docs, and the body's "
        "own details: its availability window and whom to "
        "ask about archived reviews.",
        OpenApiResponse(IndexSerializer, examples=_example(examples.INDEX)),
        "index",
    )
    def get(self, request):
        check_no_parameters(request.query_params)
        index = {
            "board": Body.default(),
            "bodies": absolute("body-list"),
            "reviews": absolute("review-list"),
            "documents": absolute("document-list"),
            "leaflets": absolute("leaflet-list"),
            "contacts": absolute("contact-list"),
            "themes": absolute("theme-list"),
            "agencies": absolute("agency-list"),
            "changes": absolute("changes"),
            "feeds": {"atom": absolute("feed-atom"), "rss": absolute("feed-rss"), "json": absolute("feed-json")},
            "exports": {"jsonl": absolute("review-export-jsonl"), "csv": absolute("review-export-csv")},
            "schema": absolute("schema"),
            "docs": absolute("swagger-ui"),
        }
        return Response(IndexSerializer(index).data, headers={"Link": feed_link(request.query_params)})
