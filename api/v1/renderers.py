"""What a person sees: the leaflet's HTML fragment, and plain HTML pages for a
review, a document and a leaflet (a browser asks for text/html; everything
else still gets JSON). The pages render what the JSON serializers produce, so
they show exactly what the API does, and need no scripts (the leaflet page has
one line, which tells a page that frames it how tall it is)."""

import base64
import hashlib
import json
from datetime import date
from urllib.parse import urlencode

import nh3
import orjson
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from rest_framework.renderers import BaseRenderer

from api.http.links import absolute
from api.http.security import EMBEDDABLE_POLICY, PAGE_POLICY
from api.v1.serializers import date_label
from reviews.models import Body, DatePrecision, Leaflet, Review, Theme
from reviews.review_types import Nation

# The tags and attributes a leaflet fragment may contain: structure only, no
# scripts, no styles, no event handlers.
FRAGMENT_TAGS = {
    "section",
    "article",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "address",
    "a",
    "br",
}
FRAGMENT_ATTRIBUTES = {"a": {"href"}, "section": {"class"}, "article": {"class", "lang"}}


class LeafletHTMLRenderer(BaseRenderer):
    """The leaflet as a sanitised fragment, ready to embed in a partner's page."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"
    content_security_policy = EMBEDDABLE_POLICY  # it exists to be framed and embedded

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return fragment_html(data, level=heading_level(renderer_context)).encode("utf-8")


def heading_level(renderer_context):
    """The ``heading`` a fragment was asked for (checked by its filter), or 2."""
    request = (renderer_context or {}).get("request")
    return int(request.query_params.get("heading", 2)) if request is not None else 2


def fragment_html(leaflet, with_title=True, level=2):
    """The leaflet's sanitised fragment, its title a heading of ``level`` and its
    sections one below; without its title where a page heads it."""
    context = {"leaflet": leaflet, "with_title": with_title, "level": level}
    html = render_to_string("api/leaflet_fragment.html", context)
    return nh3.clean(
        html, tags=FRAGMENT_TAGS, attributes=FRAGMENT_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"}
    )


# schema.org's words for a review's lifecycle (creativeWorkStatus is free text).
WORK_STATUS = {
    "deferred": "Publication deferred",
    "improvements_only": "Improvements published; no report",
    "available": "Published",
    "archived": "Archived: available on request",
}


def _part_of(body):
    """The body's collection of reviews, which a review or leaflet is part of."""
    return {"@type": "Collection", "name": f"Case reviews published by {body['name']}", "url": body["url"],
            "publisher": {"@type": "Organization", "name": body["name"], "url": body["url"]}}  # fmt: skip


def review_json_ld(review):
    """A review as schema.org JSON-LD: a ``Report``, part of its body's collection."""
    body, archived = review["body"], review["on_request"] is not None
    ld = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": review["url"],
        "url": review["url"],
        "identifier": review["uid"],
        "name": f"{review['title']}: {review['type_label'].lower()}",
        "reportNumber": review["external_reference"] or review["slug"],
        "genre": review["type_label"],
        "abstract": review["summary"],
        "datePublished": review["published"],
        "dateModified": review["updated_at"],
        "creativeWorkStatus": WORK_STATUS[review["lifecycle"]],
        "inLanguage": "en-GB",
        "keywords": [theme["name"] for theme in review["themes"]],
        "publisher": {"@type": "Organization", "name": body["name"], "url": body["url"]},
        "isPartOf": _part_of(body),
        "author": [
            {"@type": "Person", "name": reviewer["name"], "jobTitle": reviewer["role"]}
            for reviewer in review["reviewers"]
        ],  # fmt: skip
        "isAccessibleForFree": True,
        **({"license": review["licence"]["url"]} if review["licence"]["url"] else {}),
        "encoding": [
            {
                "@type": "MediaObject",
                "name": document["title"],
                "contentUrl": document["download_url"],
                "encodingFormat": document["content_type"] or "application/pdf",
            }
            for document in review["documents"]
            if document["download_url"]
        ],  # fmt: skip
    }
    if archived:
        contact = review["on_request"]["contact"]
        how = f"Available on request from {contact['name']}" if contact else "Available on request"
        where = review["on_request"]["request_url"]
        ld["conditionsOfAccess"] = f"{how}{f' ({where})' if where else ''}."
    return ld


def leaflet_json_ld(leaflet):
    return {
        "@context": "https://schema.org",
        "@type": "DigitalDocument",
        "@id": leaflet["url"],
        "url": leaflet["url"],
        "identifier": leaflet["reference_code"] or leaflet["uid"],
        "name": leaflet["title"],
        "alternativeHeadline": leaflet["subtitle"],
        "audience": {"@type": "Audience", "audienceType": leaflet["audience"]},
        "datePublished": leaflet["published"],
        "dateModified": leaflet["updated_at"],
        "inLanguage": "en-GB",
        "publisher": {"@type": "Organization", "name": leaflet["publisher"] or leaflet["body"]["name"]},
        "isPartOf": _part_of(leaflet["body"]),
        "isAccessibleForFree": True,
    }


def script_json(data):
    """JSON for a <script type="application/ld+json"> element: nothing in it can
    close the element (or open a comment), whatever the text holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


class PageRenderer(BaseRenderer):
    """A whole HTML page for one resource, from its serialized data."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"
    template = None
    name = None  # the template's name for the data
    content_security_policy = PAGE_POLICY

    def context(self, data):
        return {self.name: data, "api_index": absolute("api-index"), "home_url": absolute("home")}

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return self.render_context(self.context(data))

    def render_context(self, context):
        return render_to_string(self.template, context).encode("utf-8")


class ReviewPageRenderer(PageRenderer):
    template, name = "api/pages/review.html", "review"

    def context(self, data):
        context = super().context(data)
        if "uid" in data:  # not for a problem document
            context["json_ld"] = script_json(review_json_ld(data))
            context["oembed_url"] = absolute("oembed", query={"url": data["url"], "format": "json"})
            expected = data["publication"]["expected"]
            if expected:  # "2027-08": the month the report is expected
                context["expected_label"] = date_label(date.fromisoformat(f"{expected}-01"), DatePrecision.MONTH)
        return context


def _with(query, name, value):
    """``query`` (a QueryDict) with ``name`` set to ``value`` (or left out for None), from page 1."""
    query = query.copy()
    query.pop("page", None)
    query.pop(name, None)
    if value is not None:
        query[name] = value
    return f"?{query.urlencode()}" if query else "?"


class ReviewListPageRenderer(PageRenderer):
    """The reviews as a page people browse and search: filters as links, no script."""

    template, name = "api/pages/reviews.html", "page"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        request = renderer_context["request"]
        results = orjson.loads(orjson.dumps(data["results"]))  # a page put together from stored bytes
        query, now = request.query_params, getattr(request, "now", None)

        found = {name: {facet["value"]: facet["count"] for facet in facets}
                 for name, facets in data.get("facets", {}).items() if name != "count"}  # fmt: skip

        def choices(name, options):
            # Each choice with how many of these reviews it finds (none that finds none), when counted.
            chosen, counts = query.get(name), found.get(name)
            if counts is None:
                links = [(label, _with(query, name, value), value == chosen) for value, label in options]
            else:
                links = [(f"{label} ({counts.get(value, 0)})", _with(query, name, value), value == chosen)
                         for value, label in options if counts.get(value) or value == chosen]  # fmt: skip
            return {"name": name, "chosen": chosen, "any": _with(query, name, None), "options": links}

        filters = [
            ("Review type", choices("type", Review.Type.choices)),
            ("Nation", choices("nation", Nation.choices)),
            ("Publisher", choices("body", Body.objects.order_by("name").values_list("slug", "name"))),
            ("Theme", choices("theme", Theme.objects.public(now).order_by("name").values_list("slug", "name"))),
            ("State", choices("lifecycle", [(value, PEOPLE_LIFECYCLE[value]) for value in PEOPLE_LIFECYCLE])),
        ]
        for review in results:
            review["lifecycle_label"] = PEOPLE_LIFECYCLE.get(review["lifecycle"], "")
        context = {
            **self.context({**data, "results": results}),
            "filters": filters,
            "q": query.get("q", ""),
            "hidden": [(name, value) for name, value in query.items() if name not in ("q", "page")],
            "first_number": (data["page"] - 1) * data["page_size"] + 1,
            "request_query": _with(query, "format", "json")[1:],
            "feed_query": urlencode([(name, value) for name, value in query.lists() if name in FEED_CRITERIA], True),
        }
        return render_to_string(self.template, context).encode("utf-8")


# A list fragment: its own tags and its styling hooks, nothing else.
LIST_FRAGMENT_TAGS = {"section", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "li", "a", "p", "span"}
LIST_FRAGMENT_ATTRIBUTES = {"a": {"href"}, "section": {"class", "lang"}, "ol": {"class"}, "li": {"class"},
                            "p": {"class"}, "span": {"class"}}  # fmt: skip


class ReviewListFragmentRenderer(BaseRenderer):
    """The latest reviews as a sanitised fragment for a partner's page (what the
    ``<case-reviews>`` element of ``/embed.js`` puts in place)."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"
    content_security_policy = EMBEDDABLE_POLICY

    def render(self, data, accepted_media_type=None, renderer_context=None):
        request = renderer_context["request"]
        query = request.query_params
        results = orjson.loads(orjson.dumps(data["results"]))
        for review in results:
            review["lifecycle_label"] = PEOPLE_LIFECYCLE.get(review["lifecycle"], "")
        body = Body.objects.filter(slug=query.get("body", "")).values_list("name", flat=True).first()
        people = [(name, value) for name, value in query.lists() if name not in ("heading", "page_size", "page")]
        more = absolute("review-list") + (f"?{urlencode(people, True)}" if people else "")
        level = heading_level(renderer_context)
        context = {"reviews": results, "count": data["count"], "level": level, "body": body, "more": more}
        html = render_to_string("api/review_list_fragment.html", context)
        return nh3.clean(html, tags=LIST_FRAGMENT_TAGS, attributes=LIST_FRAGMENT_ATTRIBUTES,
                         url_schemes={"http", "https"}).encode("utf-8")  # fmt: skip


# What of a list's address its feed takes too.
FEED_CRITERIA = ("type", "theme", "q", "body", "nation", "published_from", "published_to")
# The lifecycle states in words for people.
PEOPLE_LIFECYCLE = {
    "available": "Published",
    "deferred": "Report to come",
    "improvements_only": "Improvements only",
    "archived": "Archived (on request)",
}


class HomePageRenderer(PageRenderer):
    template, name = "api/pages/home.html", "home"

    def context(self, data):
        return {**super().context(data), "lifecycles": PEOPLE_LIFECYCLE}


class DocumentPageRenderer(PageRenderer):
    template, name = "api/pages/document.html", "document"

    def context(self, data):
        context = super().context(data)
        # Its review or leaflet by title (the document is public only while its parent is).
        for name, model in (("review", Review), ("leaflet", Leaflet)):
            if data.get(name):
                title = model.objects.filter(slug=data[name]).values_list("title", flat=True).first()
                context.update(parent_url=absolute(f"{name}-detail", data[name]), parent_title=title or data[name])
        return context


# In an iframe, the leaflet page tells the partner's page its height (the page
# itself needs no script; this one only says how tall it is, to whoever frames it).
SIZING_SCRIPT = (
    "if (window.parent !== window) { const tell = () => window.parent.postMessage("
    '{type: "case-review-leaflet-height", height: document.documentElement.scrollHeight}, "*"); '
    'addEventListener("load", tell); addEventListener("resize", tell); }'
)
SIZING_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SIZING_SCRIPT.encode()).digest()).decode()


class LeafletPageRenderer(PageRenderer):
    """The leaflet fragment in a page of its own: what a browser (or an iframe) gets."""

    template, name = "api/pages/leaflet.html", "leaflet"
    format = "page"  # format=html stays the fragment, as it always was
    content_security_policy = f"{EMBEDDABLE_POLICY}; script-src 'sha256-{SIZING_SCRIPT_HASH}'"

    def context(self, data):
        fragment = fragment_html(data, with_title=False, level=1)  # the page's h1 heads it: sections are h2
        return {
            **super().context(data),
            "json_ld": script_json(leaflet_json_ld(data)),
            "fragment": mark_safe(fragment),  # noqa: S308  (sanitised by nh3)
            "sizing_script": mark_safe(SIZING_SCRIPT),  # noqa: S308  (our own constant)
        }
