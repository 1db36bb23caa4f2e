"""The project's routes plus a staff-only answer under /api/v1/, as a later
feature might add: it must never be served from the response cache."""

from itertools import count

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from api.urls import urlpatterns as project

_calls = count(1)


class StaffOnlyView(APIView):
    def get(self, request):
        return Response({"call": next(_calls), "user": str(getattr(request, "user", ""))})


urlpatterns = [path("api/v1/staff/", StaffOnlyView.as_view()), *project]
