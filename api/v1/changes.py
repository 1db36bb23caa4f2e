"""GET /api/v1/changes/: the changes log, for partners that mirror content.

The decision services record their changes as they commit; the worker
records the rest (writes that bypassed them, boundaries nobody saved) within
its interval and a pass, dated when they took effect: an embargo that lifted
at 03:00 is there, dated 03:00, within about a second.
"""

import re
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.db.models import Min
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.http.conditional import PublicContentView, content_state
from api.http.filters import DATE_TIME, DescribedFilter, IntegerFilter, ReviewPlace, parse_date_time
from api.http.links import absolute
from api.http.problems import PROBLEM_CONTENT_TYPE, Gone, InvalidParameters
from api.http.schema import _problem, read_operation
from reviews.changelog import changes, versions
from reviews.models import Change

CURSOR = re.compile(r"^\d{1,18}$")
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
URL_NAMES = {"review": "review-detail", "document": "document-detail", "leaflet": "leaflet-detail"}


class SinceField(django_filters.fields.forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if CURSOR.match(value):
            return int(value)
        if DATE_TIME.match(value):
            return parse_date_time(value)
        raise django_filters.fields.forms.ValidationError(
            f"{value!r} is neither a cursor (the `next` of an earlier answer) nor a date-time with a UTC offset."
        )


class SinceFilter(DescribedFilter):
    field_class = SinceField
    schema = {"type": "string", "pattern": r"^(\d{1,18}|\d{4}-\d{2}-\d{2}T.+)$"}


class ChangesParameters(ReviewPlace):
    """``since`` and ``limit``, and ``body`` / ``nation``: only the changes of that
    body's (or nation's bodies') reviews, documents and leaflets."""

    since = SinceFilter(
        method="leave_to_view",
        help_text="Changes after this: a cursor (the `next` of an earlier answer), or a date-time with a UTC "
        "offset (changes recorded at or after it). Omit to start from the oldest change kept.",
    )
    limit = IntegerFilter(
        method="leave_to_view",
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=f"Most changes in one answer, 1 to {MAX_LIMIT} (inclusive). Default {DEFAULT_LIMIT}.",
    )

    class Meta:
        model = Change
        fields = []

    def leave_to_view(self, queryset, name, value):
        return queryset


class ChangeSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="Position in the log; the cursor of this change.")
    event = serializers.ChoiceField(choices=Change.Event.choices)
    resource = serializers.ChoiceField(choices=Change.Resource.choices)
    id = serializers.CharField(source="resource_id", help_text="A review's or leaflet's slug; a document's id.")
    url = serializers.SerializerMethodField(help_text="Where to fetch it now; null for tombstones.")
    previous_id = serializers.SerializerMethodField(
        help_text="For moved (a review or leaflet renamed): the slug it had, whose copy a mirror drops; else null."
    )
    effective_at = serializers.DateTimeField(help_text="When it took effect (an embargo's scheduled second).")

    def get_previous_id(self, change) -> str | None:
        return change.previous_id or None

    def get_url(self, change) -> str | None:
        if change.is_tombstone:
            return None
        return absolute(URL_NAMES[change.resource], change.resource_id)


class ReviewHistorySerializer(serializers.Serializer):
    review = serializers.URLField(help_text="The review, at its current address.")
    changes = ChangeSerializer(many=True, help_text="Oldest first.")


class ChangesPageSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True)
    next = serializers.CharField(help_text="The cursor to send as `since` next time.")
    next_url = serializers.URLField()
    more = serializers.BooleanField(help_text="True when more changes are waiting: ask again at once.")
    history_days = serializers.IntegerField(help_text="How many days of changes are kept.")


EXAMPLE = {
    "changes": [
        {"seq": 41, "event": "published", "resource": "review", "id": "pip", "previous_id": None,
         "url": "https://reviews.example.org/api/v1/reviews/pip/", "effective_at": "2017-08-01T00:00:00+01:00"},
        {"seq": 42, "event": "withdrawn", "resource": "review", "id": "jaiden", "previous_id": None, "url": None,
         "effective_at": "2026-11-23T09:12:00Z"},
    ],
    "next": "42",
    "next_url": "https://reviews.example.org/api/v1/changes/?since=42",
    "more": False,
    "history_days": 400,
}  # fmt: skip

EXPIRED = _problem(
    410,
    "The cursor is older than the history kept: fetch everything again, then continue from a new cursor.",
    {"type": "https://reviews.example.org/api/problems/changes-expired", "title": "Gone",
     "detail": "Changes before 2025-10-19 are no longer kept; resynchronise from the lists."},
)  # fmt: skip


class ChangesView(PublicContentView, GenericAPIView):
    """The changes log."""

    queryset = Change.objects.none()  # for the schema; the log is read below
    filterset_class = ChangesParameters
    pagination_class = None

    @read_operation(
        "listChanges",
        "What changed since a cursor",
        "Every public change, in the order it was recorded: a review or leaflet published (an embargo lifting "
        "is dated at its scheduled second), updated, a document added or replaced, a review archived (its "
        "window closed), withdrawn or deleted. Withdrawals and deletions are tombstones: take the resource "
        "down. Keep `next` and poll again with `since=<next>`: you will never miss a change or see one twice. "
        "Nothing about an embargoed review appears before it lifts. History is kept for "
        f"{settings.CHANGES_RETENTION_DAYS} days; an older cursor answers `410`.",
        OpenApiResponse(ChangesPageSerializer, examples=[OpenApiExample("Two changes", value=EXAMPLE)]),
        "changes",
        extra={(410, PROBLEM_CONTENT_TYPE): EXPIRED},
        filters=True,
    )
    def get(self, request):
        parameters = ChangesParameters(request.query_params, queryset=Change.objects.all(), request=request)
        log = parameters.validated_queryset()
        since = parameters.form.cleaned_data.get("since")
        limit = parameters.form.cleaned_data.get("limit") or DEFAULT_LIMIT
        last = content_state(request, request.now)[0][versions.Scope.CHANGES]
        after = self.resolve(since, last)
        found = list(log.filter(seq__gt=after).order_by("seq")[: limit + 1])
        page, more = found[:limit], len(found) > limit
        # Past what this answer read: with a body or nation, a full page may end before the log does.
        cursor = str(page[-1].seq if more else max(after, last, page[-1].seq if page else 0))
        narrowed = [(name, request.query_params.getlist(name)) for name in ("body", "nation")
                    if name in request.query_params]  # fmt: skip
        next_url = absolute("changes") + "?" + urlencode([("since", cursor), *narrowed], doseq=True)
        return Response(
            {
                "changes": ChangeSerializer(page, many=True).data,
                "next": cursor,
                "next_url": next_url,
                "more": more,
                "history_days": settings.CHANGES_RETENTION_DAYS,
            }
        )

    def resolve(self, since, last):
        """The last sequence number the client has seen (``last``: the log's end)."""
        oldest = Change.objects.aggregate(oldest=Min("seq"))["oldest"]
        if since is None:
            return (oldest or last + 1) - 1
        if isinstance(since, int):
            if since > last:
                raise InvalidParameters({"since": [f"is ahead of the log, which ends at {last}."]})
            if since < last and (oldest is None or since + 1 < oldest):
                raise self.expired()
            return since
        if oldest is not None and oldest > 1 and since < changes.oldest_kept():
            raise self.expired()
        first = Change.objects.filter(recorded_at__gte=since).order_by("seq").values_list("seq", flat=True).first()
        return (first if first is not None else last + 1) - 1

    @staticmethod
    def expired():
        return Gone(
            f"Changes older than {settings.CHANGES_RETENTION_DAYS} days are no longer kept; fetch the lists "
            "again, then continue from the `next` of a new answer.",
            slug="changes-expired",
        )
