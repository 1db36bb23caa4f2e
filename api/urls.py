"""Root URLconf: the admin, the public API (v1) and the feeds."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from api.http import docs, health, problems
from api.v1 import embed, preview
from api.v1.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("embed.js", embed.script, name="embed-script"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/preview/reviews/<int:pk>/", preview.review, name="review-preview"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.v1.urls")),
    path("feeds/", include("feeds.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page runs under a CSP with no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", docs.redoc_script, name="redoc-script"),
    path("api/problems/<slug:slug>", problems.explanation, name="problem-type"),
    # Anything else is a problem document (a page, for a browser), in debug too
    # (where Django would otherwise answer its page listing every route).
    re_path(r"^.*", problems.handler404),
]

handler400 = "api.http.problems.handler400"
handler403 = "api.http.problems.handler403"
handler404 = "api.http.problems.handler404"
handler500 = "api.http.problems.handler500"
