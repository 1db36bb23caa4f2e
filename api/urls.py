"""Root URLconf: the admin, the public API (v1) and the feeds."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import health, views
from api.changes import ChangesView
from api.downloads import DocumentDownloadView

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("leaflets", views.LeafletViewSet, basename="leaflet")
router.register("contacts", views.ContactViewSet, basename="contact")

api_v1 = [
    path("", views.ApiIndexView.as_view(), name="api-index"),
    path("documents/<int:pk>/download", DocumentDownloadView.as_view(), name="document-download"),
    path("changes/", ChangesView.as_view(), name="changes"),
    *router.urls,
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("feeds/", include("feeds.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page runs under a CSP with no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

handler400 = "api.problems.handler400"
handler403 = "api.problems.handler403"
handler404 = "api.problems.handler404"
handler500 = "api.problems.handler500"
