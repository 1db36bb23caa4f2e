"""Security headers Django does not set by itself.

A strict Content-Security-Policy on the pages people open (the admin and the
API docs): our own scripts only. Framing is denied everywhere (Django's
X-Frame-Options) except for the leaflet HTML fragment, which exists to be
embedded in partners' pages.

Not django-csp: it sets one policy for the site and changes it per view by
decorators; ours is chosen by the surface (the admin and docs, pages for
people, the API), which it could only do with a subclass larger than this.
"""

STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# Pages for people (a review, a list, a document, a leaflet, a feed, an error): their own
# inline style and their own search form, nothing else.
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
EMBEDDABLE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *"
PAGES = ("/admin/", "/api/docs/", "/api/redoc/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = response.get("Content-Security-Policy", "")
        if "frame-ancestors" in policy and "frame-ancestors 'none'" not in policy:  # set by the view that means it
            del response["X-Frame-Options"]
        elif request.path.startswith(PAGES):
            response.setdefault("Content-Security-Policy", STRICT_POLICY)
        else:
            response.setdefault("Content-Security-Policy", API_POLICY)
        return response
