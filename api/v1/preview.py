"""A review as the public will see it, before it is public: for the editors who
may edit it (the admin's "View on site" for a review under embargo). Rendered as
at its publication time, never stored by any cache and never indexed."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from api.http.security import PAGE_POLICY
from api.v1.renderers import ReviewPageRenderer
from api.v1.representations import with_details
from api.v1.serializers import ReviewDetailSerializer
from reviews.admin import editable_bodies
from reviews.models import Review


@staff_member_required
def review(request, pk):
    found = with_details(Review.objects.filter(pk=pk, body__in=editable_bodies(request.user)).with_themes()).first()
    if found is None:
        raise Http404("No review you may edit has this id.")
    moment = max(timezone.now(), found.published_at)
    data = ReviewDetailSerializer(found, context={"now": moment}).data
    renderer = ReviewPageRenderer()
    context = {**renderer.context(data), "preview": timezone.localtime(found.published_at)}
    page = renderer.render_context(context)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Security-Policy"] = PAGE_POLICY
    return response
