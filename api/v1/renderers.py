"""The leaflet's HTML fragment."""

import nh3
from django.template.loader import render_to_string
from rest_framework.renderers import BaseRenderer

# The tags and attributes a leaflet fragment may contain: structure only, no
# scripts, no styles, no event handlers.
FRAGMENT_TAGS = {"section", "article", "header", "h2", "h3", "p", "ul", "ol", "li", "address", "a", "br"}
FRAGMENT_ATTRIBUTES = {"a": {"href"}, "section": {"class"}, "article": {"class", "lang"}}


class LeafletHTMLRenderer(BaseRenderer):
    """The leaflet as a sanitised fragment, ready to embed in a partner's page."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        html = render_to_string("api/leaflet_fragment.html", {"leaflet": data})
        return nh3.clean(
            html, tags=FRAGMENT_TAGS, attributes=FRAGMENT_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"}
        ).encode("utf-8")
