"""Page-number pagination with absolute links and an RFC 8288 Link header.

``page`` and ``page_size`` are validated with the other query parameters
(``api.http.filters``); a page past the end is a 400, not an empty page.
"""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from api.http.problems import InvalidParameters
from api.http.response_cache import remembered_count

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageNumberPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = int(request.query_params.get("page_size", DEFAULT_PAGE_SIZE))
        self.page = int(request.query_params.get("page", 1))
        self.count = remembered_count(request, queryset, getattr(view, "now", None) or timezone.now())
        self.last_page = max(1, math.ceil(self.count / self.page_size))
        if self.page > self.last_page:
            raise InvalidParameters({"page": [f"is beyond the last page, {self.last_page}."]})
        start = (self.page - 1) * self.page_size
        return list(queryset[start : start + self.page_size])

    def page_url(self, number):
        params = [(key, value) for key, values in self.request.query_params.lists() for value in values]
        params = [(key, value) for key, value in params if key != "page"]
        if number > 1:
            params.append(("page", str(number)))
        query = urlencode(params)
        return f"{settings.PUBLIC_BASE_URL}{self.request.path}{'?' + query if query else ''}"

    def links(self):
        links = {"first": self.page_url(1), "last": self.page_url(self.last_page)}
        if self.page > 1:
            links["prev"] = self.page_url(self.page - 1)
        if self.page < self.last_page:
            links["next"] = self.page_url(self.page + 1)
        return links

    def get_paginated_response(self, data):
        links = self.links()
        body = {
            "count": self.count,
            "page": self.page,
            "page_size": self.page_size,
            "next": links.get("next"),
            "previous": links.get("prev"),
            "results": data,
        }
        header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
        return Response(body, headers={"Link": header})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "page_size", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "example": 3},
                "page": {"type": "integer", "minimum": 1, "example": 1},
                "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "example": 20},
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "example": "https://reviews.example.org/api/v1/reviews/?status=all&page=2",
                },
                "previous": {"type": "string", "format": "uri", "nullable": True, "example": None},
                "results": schema,
            },
        }
