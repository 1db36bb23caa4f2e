"""oEmbed (https://oembed.com/) for review pages: a site that is given a review's
address (a CMS, a chat, a forum) asks here and gets a small card to show — a
quotation block with the title, type, body and date, linking to the page. No
frame and no script, so it works wherever HTML may be put."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.http.conditional import PublicContentView
from api.http.filters import parameter_errors
from api.http.negotiation import OneRepresentation
from api.http.problems import InvalidParameters
from api.http.schema import read_operation
from api.v1.serializers import ReviewSerializer
from reviews.models import Review

WIDTH = 600
SIZE = re.compile(r"^[1-9]\d{0,4}$")


class OEmbedSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="1.0")
    type = serializers.CharField(help_text="rich")
    title = serializers.CharField()
    author_name = serializers.CharField(help_text="The publishing body.")
    author_url = serializers.URLField(help_text="The body's reviews, as a page.")
    provider_name = serializers.CharField(help_text="This library's name.")
    provider_url = serializers.URLField(help_text="This library's start page.")
    html = serializers.CharField(help_text="The card: a blockquote with a link, no script or frame.")
    width = serializers.IntegerField(help_text="In pixels: 600, or maxwidth if less.")
    height = serializers.IntegerField(help_text="In pixels: 200, or maxheight if less.")


class OEmbedView(PublicContentView, APIView):
    content_negotiation_class = OneRepresentation  # JSON whatever is asked; ``format`` is oEmbed's, checked below

    @read_operation(
        "getOEmbed",
        "A review's oEmbed card",
        "Given the address of a review's page (`url`), what an oEmbed consumer shows for it: a small card "
        "linking to the page. `format` may only be json.",
        OpenApiResponse(OEmbedSerializer),
        "reviews",
        negotiated=False,
        parameters=[
            OpenApiParameter("url", str, required=True, description="The review's address, as its page has it."),
            OpenApiParameter("format", str, enum=["json"], description="json (the default)."),
            OpenApiParameter("maxwidth", int, description="The widest the card may be, in pixels."),
            OpenApiParameter("maxheight", int, description="The tallest the card may be, in pixels."),
        ],
    )
    def get(self, request):
        query = request.query_params
        errors = parameter_errors(query, {"url", "format", "maxwidth", "maxheight"})
        if "url" not in query and "url" not in errors:
            errors["url"] = ["is required: the address of a review's page."]
        if query.get("format", "json") != "json":
            errors["format"] = ["only json is offered."]
        for name in ("maxwidth", "maxheight"):
            if name in query and name not in errors and not SIZE.match(query[name]):
                errors[name] = ["must be a whole number of pixels."]
        if errors:
            raise InvalidParameters(errors)
        prefix = f"{settings.PUBLIC_BASE_URL}/api/v1/reviews/"
        slug = query["url"].removeprefix(prefix).rstrip("/") if query["url"].startswith(prefix) else ""
        public = Review.objects.public(request.now).with_themes().select_related("body")
        review = public.filter(slug=slug).first() if slug else None
        if review is None or "/" in slug:
            raise NotFound()
        shown = ReviewSerializer(review, context={"now": request.now}).data
        width = min(WIDTH, int(query.get("maxwidth", WIDTH)))
        height = min(200, int(query.get("maxheight", 200)))
        return Response({
            "version": "1.0", "type": "rich", "title": review.title, "author_name": review.body.name,
            "author_url": f"{prefix}?body={review.body.slug}", "provider_name": settings.LIBRARY_NAME,
            "provider_url": f"{settings.PUBLIC_BASE_URL}/",
            "html": render_to_string("api/oembed_card.html", {"review": shown}).strip(),
            "width": width, "height": height,
        })  # fmt: skip
