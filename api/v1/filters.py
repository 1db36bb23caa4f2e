"""Strict query parameters for the API's generic views."""

from django_filters.rest_framework import DjangoFilterBackend


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        return filterset.validated_queryset()
