from django.urls import path

from api.urls import handler404, handler500  # noqa: F401
from api.urls import urlpatterns as api_urlpatterns
from bench import references

urlpatterns = [
    path("bench/constant", references.constant),
    path("bench/reviews-values", references.reviews_values),
    path("bench/documents-values", references.documents_values),
    path("bench/search-values", references.search_values),
    path("bench/naive/reviews/", references.NaiveReviewViewSet.as_view({"get": "list"})),
    *api_urlpatterns,
]
