"""Content negotiation that the clients partners use get through.

DRF answers 406 when nothing in ``Accept`` matches a renderer. Two cases
must not: a resource that has one representation whatever is asked (a PDF for
a PDF viewer, a browser or a generated client; a feed for any feed reader),
and a client that lists only ``application/problem+json`` — the type of our
errors, which generated clients declare — for a JSON resource.
"""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType

from api.http.problems import PROBLEM_CONTENT_TYPE


class OneRepresentation(BaseContentNegotiation):
    """The resource has one representation (its first renderer, which also
    renders its problems): it is served whatever ``Accept`` says."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if not request.headers.get("Accept", "").strip() and not request.query_params.get("format"):
            return renderers[0], renderers[0].media_type  # an empty Accept asks for nothing in particular
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            accepted = [_MediaType(item.strip()) for item in request.headers.get("Accept", "").split(",")]
            if any(f"{kind.main_type}/{kind.sub_type}" == PROBLEM_CONTENT_TYPE for kind in accepted):
                json = next((renderer for renderer in renderers if renderer.media_type == "application/json"), None)
                if json is not None:
                    return json, json.media_type
            raise
