"""The REST API's routes, under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.v1 import views
from api.v1.changes import ChangesView
from api.v1.downloads import DocumentDownloadView
from api.v1.exports import ReviewCsvExport, ReviewJsonLinesExport
from api.v1.facets import FacetsView
from api.v1.oembed import OEmbedView

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("leaflets", views.LeafletViewSet, basename="leaflet")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("agencies", views.AgencyViewSet, basename="agency")

urlpatterns = [
    path("", views.ApiIndexView.as_view(), name="api-index"),
    path("documents/<int:pk>/download", DocumentDownloadView.as_view(), name="document-download"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("exports/reviews.jsonl", ReviewJsonLinesExport.as_view(), name="review-export-jsonl"),
    path("exports/reviews.csv", ReviewCsvExport.as_view(), name="review-export-csv"),
    path("facets/reviews/", FacetsView.as_view(), name="review-facets"),
    path("oembed/", OEmbedView.as_view(), name="oembed"),
    path("embed/reviews/", views.ReviewFragmentViewSet.as_view({"get": "list"}), name="review-fragment"),
    path(
        "leaflets/<slug:slug>/fragment/",
        views.LeafletFragmentViewSet.as_view({"get": "retrieve"}),
        name="leaflet-fragment",
    ),
    *router.urls,
]
