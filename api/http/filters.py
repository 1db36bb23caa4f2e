"""The query-parameter vocabulary the API and the feeds share, validated strictly.

One vocabulary everywhere: ``published_from`` / ``published_to`` (inclusive),
``available_on``, ``updated_since``, ``status``, ``body``, ``nation``, ``type``, ``theme``, ``q``,
``ordering``, ``page``, ``page_size``. Anything a client gets wrong — an
unknown or repeated parameter, an empty value, an impossible date, an
inverted window — is collected and answered with one 400 that names each
parameter (see ``InvalidParameters``).
"""

import copy
import re
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

from api.http.problems import InvalidParameters
from reviews import search
from reviews.models import Body, Review, Theme
from reviews.review_types import Nation

MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2999, 12, 31)
MAX_VALUE_LENGTH = 200
SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")
DATE_OR_DATE_TIME_HELP = (
    "An ISO 8601 date (2016-07-01, a whole day in the body's time zone, Europe/London) "
    "or a date-time with a UTC offset (2016-07-01T09:00:00+01:00), between 1900 and 2999."
)


def check_day(value, text):
    try:
        day = date.fromisoformat(value[:10])
    except ValueError as error:
        raise forms.ValidationError(f"{text!r} is not a calendar date ({error}).") from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise forms.ValidationError(f"{text!r} is outside the supported range, 1900 to 2999.")
    return day


# The widest UTC offset every database takes (PostgreSQL refuses ±16:00 and beyond).
WIDEST_OFFSET = timedelta(hours=15, minutes=59)


def parse_date_time(text):
    """An aware datetime from ``text`` (already matched by DATE_TIME), or ValidationError."""
    check_day(text, text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise forms.ValidationError(f"{text!r} is not a valid date-time ({error}).") from None
    if abs(moment.utcoffset()) > WIDEST_OFFSET:
        raise forms.ValidationError(f"{text!r} has a UTC offset beyond ±15:59.")
    return moment


class DateOrDateTimeField(forms.Field):
    """A ``date`` or an aware ``datetime``; nothing else."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if DATE.match(text):
            return check_day(text, text)
        if DATE_TIME.match(text):
            return parse_date_time(text)
        raise forms.ValidationError(
            f"{text!r} is neither a date (YYYY-MM-DD) nor a date-time with a UTC offset (YYYY-MM-DDTHH:MM:SS+01:00)."
        )


class StrictDateField(DateOrDateTimeField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not DATE.match(str(value)):
            raise forms.ValidationError(f"{value!r} is not a date (YYYY-MM-DD).")
        return check_day(str(value), str(value))


class SlugListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [value] if isinstance(value, str) else list(value or [])
        for item in values:
            if not SLUG.match(item):
                raise forms.ValidationError(f"{item!r} is not a slug (lower-case letters, digits, hyphens).")
        return values


class SlugField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not SLUG.match(value):
            raise forms.ValidationError(f"{value!r} is not a slug (lower-case letters, digits, hyphens).")
        return value


def any_of(lookups, value):
    """``Q`` matching ``value`` by any of several lookups."""
    q = Q()
    for lookup in lookups:
        q |= Q(**{lookup: value})
    return q


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def moment_from(value):
    """The first instant a ``published_from``-style bound includes."""
    return day_start(value) if not isinstance(value, datetime) else value


def moment_before(value):
    """For an inclusive upper bound: (instant, inclusive?)."""
    if isinstance(value, datetime):
        return value, True
    return day_start(value + timedelta(days=1)), False


class DescribedFilter(django_filters.Filter):
    """A filter that states its own OpenAPI schema, with its help text and
    bounds, so the schema says exactly what the parameter accepts."""

    schema = {"type": "string"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = dict(self.schema)
        bounds = {"min_value": "minimum", "max_value": "maximum"}
        schema.update({key: self.extra[name] for name, key in bounds.items() if name in self.extra})
        if self.extra.get("help_text"):
            schema["description"] = self.extra["help_text"]
        self._spectacular_annotation = {"field": schema}


class IntegerFilter(DescribedFilter):
    field_class = forms.IntegerField
    schema = {"type": "integer"}


class MomentFilter(DescribedFilter):
    field_class = DateOrDateTimeField
    schema = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}


class DayFilter(DescribedFilter):
    field_class = StrictDateField
    schema = {"type": "string", "format": "date"}


class SlugFilter(DescribedFilter):
    field_class = SlugField
    schema = {"type": "string", "pattern": SLUG.pattern}


class SlugListFilter(DescribedFilter):
    field_class = SlugListField
    schema = {"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}}


def parameter_errors(data, known, repeatable=frozenset(), lists=frozenset()):
    """What is wrong with the parameters themselves, before their values are
    parsed; ``lists`` are comma-separated."""
    errors = {}
    for name in data:
        values = data.getlist(name)
        if name not in known:
            errors[name] = ["is not a known parameter."]
        elif len(values) > 1 and name not in repeatable:
            errors[name] = ["may be given only once."]
        elif any(value.strip() == "" for value in values):
            errors[name] = ["must not be empty (nor only spaces)."]
        elif name in lists and any(item.strip() == "" for value in values for item in value.split(",")):
            errors[name] = ["has an empty item: name each one, separated by commas (e.g. title,-published)."]
        elif any("\x00" in value for value in values):
            errors[name] = ["must not contain NUL characters."]
        elif any(len(value) > MAX_VALUE_LENGTH for value in values):
            errors[name] = [f"must be at most {MAX_VALUE_LENGTH} characters."]
    return errors


ACCEPTED_EVERYWHERE = frozenset({"format"})


def _copy_filter(filter_):
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.method = filter_.method  # binds a new FilterMethod to the copy
    return copied


def check_no_parameters(data):
    errors = parameter_errors(data, ACCEPTED_EVERYWHERE)
    if errors:
        raise InvalidParameters(errors)


class NoParameters(django_filters.FilterSet):
    """Strict checking of query parameters: django-filter ignores unknown,
    repeated and empty ones; we name them in a 400."""

    repeatable = frozenset()
    # Lists of values that may come either way generated clients send them:
    # repeated (ordering=title&ordering=-published: openapi-python-client,
    # openapi-fetch) or comma-separated (ordering=title,-published: openapi-generator).
    either_style = frozenset({"ordering"})

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__, except that each filter is copied
        # shallowly: django-filter deep-copies them all on every request, the
        # largest single cost of a list request, though a filter keeps
        # nothing per request but its parent (and its method, bound to it).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        data = data or QueryDict()
        repeated = [name for name in self.either_style if len(data.getlist(name)) > 1]
        if repeated:
            data = data.copy()
            for name in repeated:
                data.setlist(name, [",".join(data.getlist(name))])
        self.data = data
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _copy_filter(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
        self.now = getattr(request, "now", None) or timezone.now()

    def get_form_class(self):
        # The form depends only on the filterset class (no field here is
        # built from the request): build it once, not on every request.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def validated_queryset(self):
        known = set(self.filters) | ACCEPTED_EVERYWHERE
        errors = parameter_errors(self.data, known, self.repeatable, self.either_style)
        if not self.is_valid():
            for name, messages in self.errors.items():
                errors.setdefault(name, list(messages))
        if errors:
            raise InvalidParameters(errors)
        return self.qs


class WindowFilterSet(NoParameters):
    """The publication window, ``published_from`` / ``published_to``, both
    inclusive, checked for inversion. Works on anything with ``published_at``."""

    published_from = MomentFilter(
        method="filter_published_from",
        help_text="Published at or after this (inclusive). " + DATE_OR_DATE_TIME_HELP,
    )
    published_to = MomentFilter(
        method="filter_published_to",
        help_text="Published at or before this (inclusive; a date includes that whole day). " + DATE_OR_DATE_TIME_HELP,
    )

    def _window_errors(self, cleaned):
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end:
            upper, inclusive = moment_before(end)
            lower = moment_from(start)
            if lower > upper or (lower == upper and not inclusive):
                return {"published_from": ["is after published_to: the window is inverted."]}
        return {}

    @property
    def errors(self):
        errors = dict(super().errors)
        if not errors and hasattr(self.form, "cleaned_data"):
            errors.update(self._window_errors(self.form.cleaned_data))
        return errors

    def is_valid(self):
        return super().is_valid() and not self._window_errors(self.form.cleaned_data)

    def filter_published_from(self, queryset, name, value):
        return queryset.within(start=moment_from(value))

    def filter_published_to(self, queryset, name, value):
        moment, inclusive = moment_before(value)
        return queryset.within(end=moment, end_inclusive=inclusive)

    def within_window(self, queryset):
        """Apply this request's window to another queryset with ``published_at``."""
        cleaned = self.form.cleaned_data
        if cleaned.get("published_from"):
            queryset = self.filter_published_from(queryset, "published_from", cleaned["published_from"])
        if cleaned.get("published_to"):
            queryset = self.filter_published_to(queryset, "published_to", cleaned["published_to"])
        return queryset


STATUS_CHOICES = [
    ("available", "available: public and inside the availability window (default)"),
    ("archived", "archived: public, window closed; metadata only"),
    ("all", "all: available and archived"),
]


class ReviewPlace(NoParameters):
    """Who published it: ``body`` and ``nation`` (the body's), for reviews, their
    documents and leaflets alike."""

    repeatable = frozenset({"body", "nation"})

    body = SlugListFilter(
        method="filter_body",
        help_text="The publishing body's slug, e.g. stockport-safeguarding-children-board (/api/v1/bodies/ lists "
        "them). Repeat for any of several (OR).",
    )
    nation = django_filters.MultipleChoiceFilter(
        choices=Nation.choices,
        method="filter_nation",
        help_text="Reviews published by bodies in this nation. Repeat for any of several (OR).",
    )

    # Through these, so that documents (whose body is their review's or leaflet's) share them.
    body_paths = ("body",)

    def filter_body(self, queryset, name, value):
        if not value:
            return queryset
        bodies = dict(Body.objects.filter(slug__in=value).values_list("slug", "pk"))
        unknown = [slug for slug in value if slug not in bodies]
        if unknown:
            raise InvalidParameters({"body": [f"No publishing body has the slug(s) {', '.join(unknown)}; "
                                              "/api/v1/bodies/ lists them."]})  # fmt: skip
        return queryset.filter(any_of([f"{path}_id__in" for path in self.body_paths], list(bodies.values())))

    def filter_nation(self, queryset, name, value):
        if not value:
            return queryset
        bodies = list(Body.objects.filter(nation__in=value).values_list("pk", flat=True))
        return queryset.filter(any_of([f"{path}_id__in" for path in self.body_paths], bodies))


LIFECYCLE_CHOICES = [
    ("deferred", "deferred: public, its report not yet published"),
    ("improvements_only", "improvements_only: public, the improvements published, no report"),
    ("available", "available: published in full, inside the window"),
    ("archived", "archived: window closed; available on request"),
]


class ReviewCriteria(ReviewPlace, WindowFilterSet):
    """What a review is about: its type, themes and words. Shared by the API and the feeds."""

    repeatable = ReviewPlace.repeatable | {"theme", "type"}

    type = django_filters.MultipleChoiceFilter(
        field_name="review_type",
        choices=Review.Type.choices,
        help_text="The review type. Repeat for any of several (OR).",
    )
    theme = SlugListFilter(
        method="filter_theme",
        help_text="A theme's slug, e.g. eating-disorders (/api/v1/themes/ lists them). Repeat for any of several (OR).",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        help_text="Full-text search of the title, type and themes, summary, key learning and recommendations and "
        'the text of the review\'s documents, with English stemming ("head injuries" finds "head injury"): all '
        'words must match; "a phrase" in quotes, OR between alternatives, -word to exclude, word* for a prefix; '
        'common words ("the", "of") are left out. Results are ranked by relevance unless ordering says otherwise, '
        "and each says where it matched (match).",
    )

    class Meta:
        model = Review
        fields = []

    def filter_text(self, queryset, name, value):
        try:
            return search.matching(queryset, value)
        except search.BadQuery as error:
            raise InvalidParameters({"q": [str(error)]}) from None

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        # A probe per review already narrowed by the window (the unique
        # review/theme index answers it), not a list of every review ever
        # tagged with the theme: the cost follows the window, not the archive.
        # Theme ids are looked up first: as a nested subquery they would be
        # looked up again for every candidate review.
        # A theme's slug, or one of its synonyms (as a slug: "anorexia" for eating-disorders).
        # The words of every theme (a vocabulary of dozens), then whether each one
        # asked for is in the public vocabulary, found by the first review that shows
        # it is (``exists()`` per theme: PostgreSQL's plan for the whole vocabulary
        # hashed every link of every theme, 16 ms at 100k reviews and growing).
        # A word two themes share names the first in the public vocabulary.
        named = {}
        for pk, slug, synonyms in Theme.objects.order_by("name").values_list("pk", "slug", "synonyms"):
            for word in (slug, *(slugify(synonym) for synonym in synonyms or [])):
                named.setdefault(word, []).append(pk)
        vocabulary = Theme.objects.public(self.now)
        public = {pk for word in value for pk in named.get(word, ()) if vocabulary.filter(pk=pk).exists()}
        themes = {word: next(pk for pk in pks if pk in public) for word, pks in named.items()
                  if any(pk in public for pk in pks)}  # fmt: skip
        unknown = sorted(set(value) - set(themes))
        if unknown:
            # Like any other value we cannot take: a 400 naming it, never an empty 200.
            raise InvalidParameters({"theme": [f"{', '.join(unknown)}: not in the public vocabulary of themes; "
                                               "/api/v1/themes/ lists it."]})  # fmt: skip
        themes = {word: themes[word] for word in value}
        themes = list(themes.values())
        tagged = Review.themes.through.objects.filter(review_id=OuterRef("pk"), theme_id__in=themes)
        return queryset.filter(Exists(tagged))
