from django.urls import path

from feeds import views

urlpatterns = [
    path("publications.atom", views.AtomFeedView.as_view(), name="feed-atom"),
    path("publications.rss", views.RssFeedView.as_view(), name="feed-rss"),
    path("publications.json", views.JsonFeedView.as_view(), name="feed-json"),
]
