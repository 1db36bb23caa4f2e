"""The editorial side: what the Safeguarding Unit uses to publish, schedule,
extend and withdraw reviews.

In a library of many bodies an editor may be limited to their own: a staff
user named among a body's editors sees and edits only the reviews, documents
and leaflets of the bodies that name them; superusers, and holders of the
``edit_every_body`` permission, edit every body's."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast, ExtractYear
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from reviews import services
from reviews.admin import importing
from reviews.admin.editing import LinesField, StaleSaveRefused, VersionedAdminMixin
from reviews.admin.kept_uploads import KeptUploadForm
from reviews.changelog import changes
from reviews.files import uploads
from reviews.models import (
    Agency,
    AuditEntry,
    Body,
    Contact,
    Document,
    Leaflet,
    LeafletItem,
    LeafletSection,
    RelatedReview,
    Review,
    Reviewer,
    Theme,
)
from reviews.publication import REPORT_KINDS, Publication, Status, is_public, is_withdrawn, lifecycle_of, status_of
from reviews.validators import list_of_text

admin.site.site_header = "Case Review Publication: editorial admin"
admin.site.site_title = "Case reviews admin"  # the browser tab's
admin.site.index_title = "Reviews, documents and leaflets"


class EditorialAdmin(StaleSaveRefused, VersionedAdminMixin, admin.ModelAdmin):
    """Every editorial form: a save from a stale copy is refused (reviews.admin.editing),
    and what it wrote is recorded in the changes log in the form's own transaction.
    Lists of text are edited as lines, never as JSON."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField) and list_of_text in db_field.validators:
            return LinesField(required=False, label=capfirst(db_field.verbose_name),
                              help_text="One point per line, in the order they are to be shown.")  # fmt: skip
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the last write of a change form
        changes.reconcile()
        for warning in (reports_held_back(form.instance), files_not_served(form, formsets)):
            if warning:
                self.message_user(request, warning, messages.WARNING)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            changes.reconcile()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            changes.reconcile()


def files_not_served(form, formsets):
    """What an editor must be told when a file is added to an archived review:
    it is listed, but no one can download it (410) unless the window is extended."""
    review = form.instance if isinstance(form.instance, Review) else getattr(form.instance, "review", None)
    if review is None or review.pk is None or status_of(review) != Status.ARCHIVED:
        return None
    forms_ = [form, *(inline for formset in formsets for inline in formset.forms)]
    added = [inline.instance.title for inline in forms_ if isinstance(inline.instance, Document)
             and "file" in inline.changed_data and inline.instance.file]  # fmt: skip
    if not added:
        return None
    return (
        f"Listed but not downloadable: “{'”, “'.join(added)}” — this review is archived (its window closed on "
        f"{timezone.localtime(review.available_until):%d %B %Y}), so its files are not served; people are told "
        "to ask for them. Extend the review's window to serve them again."
    )


def reports_held_back(saved):
    """What an editor must be told when a review, or a document of one, is
    saved with a report the public cannot see yet (its publication is deferred
    or improvements only), or None."""
    review = saved if isinstance(saved, Review) else getattr(saved, "review", None)
    if review is None or review.publication == Publication.REPORT:
        return None
    titles = list(review.documents.filter(kind__in=REPORT_KINDS).values_list("title", flat=True))
    if not titles:
        return None
    return (
        f"Not published yet: “{'”, “'.join(titles)}” — this review's publication is "
        f"“{review.get_publication_display()}”, so its report is not shown or served anywhere until you set "
        f"Publication to “{Publication.REPORT.label}”."
    )


def edits_every_body(user):
    return user.is_superuser or user.has_perm("reviews.edit_every_body")


def editable_bodies(user):
    """The bodies whose content ``user`` may edit."""
    return Body.objects.all() if edits_every_body(user) else Body.objects.filter(editors=user)


class BodyScoped:
    """An admin whose rows belong to a body: a limited editor sees only their
    bodies' (so cannot open, change, withdraw or delete another's), and may
    choose only their bodies — or their reviews and leaflets — in a form."""

    body_lookups = ("body",)  # how a row reaches its body; any of them

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if edits_every_body(request.user):
            return rows
        bodies = list(editable_bodies(request.user).values_list("pk", flat=True))
        mine = models.Q()
        for lookup in self.body_lookups:
            mine |= models.Q(**{f"{lookup}__in": bodies})
        return rows.filter(mine)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        bodies = editable_bodies(request.user)
        if db_field.name == "body":
            kwargs["queryset"] = bodies
            kwargs.setdefault("initial", bodies.order_by("pk").first())
        elif db_field.name in ("review", "leaflet") and not edits_every_body(request.user):
            kwargs["queryset"] = db_field.related_model.objects.filter(body__in=bodies)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UploadSafeAdmin(EditorialAdmin):
    """Removes any file saved during a change form that then fails."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            with uploads.removed_if_failed():
                return super().changeform_view(request, *args, **kwargs)
        except OSError:
            # Storage failed mid-save: the transaction was rolled back and the
            # files written removed, so nothing is half-saved.
            self.message_user(request, uploads.STORAGE_ERROR, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Document) and "file" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for document_form in formset.forms:
            instance = document_form.instance
            if isinstance(instance, Document) and "file" in document_form.changed_data:
                instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = "year published"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)  # an editor's own bodies' years only
            .annotate(year=ExtractYear("published_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.published_in_year(int(self.value()))
        return queryset


class ReviewerInline(VersionedAdminMixin, admin.TabularInline):
    model = Reviewer
    extra = 0


class RelatedReviewInline(BodyScoped, VersionedAdminMixin, admin.TabularInline):
    """Reviews this one names as related; each lists the other while both are public."""

    model = RelatedReview
    fk_name = "review"
    extra = 0
    verbose_name = "related review"
    body_lookups = ("review__body",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "related":
            # A relation shows on both reviews (the other's "followed_from"), so it
            # edits the other too: an editor limited to some bodies relates only
            # their reviews; relating two bodies' reviews needs an editor of both.
            kwargs["queryset"] = Review.objects.filter(body__in=editable_bodies(request.user)).order_by("title")
            return admin.TabularInline.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DocumentInline(VersionedAdminMixin, admin.StackedInline):
    model = Document
    form = KeptUploadForm  # a chosen PDF survives an error elsewhere in the form
    fk_name = "review"
    extra = 0
    fields = [
        ("position", "kind", "audience"),
        "title",
        "file",
        "kept_file",
        "text",
        ("published_at", "document_date", "language"),
        ("meets_accessibility_standards", "alternative_format_contact"),
        ("stated_size", "size_bytes", "page_count", "sha256", "uploaded_by"),
    ]
    readonly_fields = ["size_bytes", "page_count", "sha256", "uploaded_by"]


class DecisionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Internal: kept in the admin, never published.",
    )


class WithdrawalForm(DecisionForm):
    court_order_date = forms.DateField(
        required=False,
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],  # British, whatever the browser's locale
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="The date the court order bears, if there is one, as day/month/year (17/03/2026): kept for the "
        "record. The withdrawal takes effect now, and partners are told now, whatever the order's date.",
    )


# Withdrawal and reinstatement are decisions taken with these actions, never
# fields of the change form: a form opened before a withdrawal and saved after
# it would otherwise post the old, empty value and put the record back.
DECISIONS = {
    "withdraw": (
        "Withdraw",
        "Withdraw",
        "Withdrawn",
        "These will disappear from the API, the feeds and downloads at once, and partner mirrors will be told "
        "to take them down:",
    ),
    "reinstate": (
        "Reinstate",
        "Reinstate",
        "Reinstated",
        "These withdrawn records will be public again at once (if their publication time has come), and "
        "partner mirrors will be told to publish them:",
    ),
}


class DecisionsAdmin(UploadSafeAdmin):
    """Withdraw and reinstate as admin actions that ask for a reason."""

    def view_on_site(self, obj):
        """Its public page, while it is public; a review under embargo, its preview."""
        if obj.pk is None or is_withdrawn(obj):
            return None
        if is_public(obj):
            return reverse(f"{obj._meta.model_name}-detail", args=[obj.slug])
        return reverse("review-preview", args=[obj.pk]) if isinstance(obj, Review) else None

    withdrawal_form = DecisionForm

    def decide(self, request, queryset, action, apply, form_class=DecisionForm):
        """Ask for the reason, then take the decision for each record it applies to."""
        title, verb, done_word, intro = DECISIONS[action]
        form = form_class(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            now, facts = timezone.now(), dict(form.cleaned_data)
            reason = facts.pop("reason")
            done = [record for record in queryset if apply(record, reason, now, facts)]
            skipped = len(queryset) - len(done)
            note = f" ({skipped} left as they were: the decision did not apply to them)" if skipped else ""
            meta = self.model._meta
            name = meta.verbose_name if len(done) == 1 else meta.verbose_name_plural
            self.message_user(request, f"{done_word}: {len(done)} {name}{note}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title} {self.model._meta.verbose_name_plural}",
            "verb": verb,
            "intro": intro,
            "action": action,
            "records": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reviews/decision.html", context)

    @admin.action(description="Withdraw selected from every public surface")
    def withdraw(self, request, queryset):
        def apply(record, reason, now, facts):
            return services.withdraw(record, reason, now, **facts)

        return self.decide(request, queryset, "withdraw", apply, self.withdrawal_form)

    @admin.action(description="Reinstate selected withdrawn")
    def reinstate(self, request, queryset):
        def apply(record, reason, now, facts):
            return services.reinstate(record, reason, now)

        return self.decide(request, queryset, "reinstate", apply)


@admin.register(Review)
class ReviewAdmin(BodyScoped, DecisionsAdmin):
    change_list_template = "admin/reviews/review/change_list.html"  # with "Import content"

    def get_urls(self):
        return importing.urls(self) + super().get_urls()

    # What an editor decides by first, so a 1280-pixel screen shows it without scrolling.
    list_display = ["title", "status_label", "published_at", "available_until", "review_type", "body"]
    # Choices read from the reviews the editor may see, never from another body's.
    list_filter = [StatusFilter, ("body", admin.RelatedOnlyFieldListFilter), "review_type", "publication", YearFilter,
                   ("themes", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "agencies"]
    inlines = [ReviewerInline, RelatedReviewInline, DocumentInline]
    actions = ["withdraw", "reinstate", "extend_availability"]
    withdrawal_form = WithdrawalForm
    readonly_fields = ["status_label", "available_until", "withdrawn_at", "court_order_date", "withdrawal_reason",
                       "created_at", "updated_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["body", "title", "slug", "review_type", "incident", "summary", "is_sample"]}),
        (
            "Publication",
            {
                "description": "What is published: the report in full; only the improvements to be made (no "
                "report: say why); or nothing yet, deferred (say why, e.g. parallel proceedings, and when the "
                "report is expected if known) — a learning brief may be published first as a document. When a "
                "deferred report comes out, choose the report and set the publication date to that day.",
                "fields": [
                    ("publication", "publication_reason", "expected_publication"),
                    ("published_at", "date_precision"),
                    "status_label",
                    ("available_until", "available_until_override"),
                    ("commissioned_on", "commissioned_precision"),
                ],
            },
        ),
        (
            "Content",
            {"fields": ["review_method", "themes", "agencies", "key_learning", "recommendations", "contact"]},
        ),
        (
            "Reference library",
            {
                "description": "What the national case review repository records, and the statutory dates. The "
                "child's or adult's details are coarse on purpose: with the area and the month, anything finer "
                "could identify them.",
                "fields": [
                    ("incident_month", "subject_age_band", "subject_sex"),
                    ("notified_on", "rapid_review_on"),
                    ("completed_on", "sent_to_panel_on"),
                    "external_reference",
                ],
            },
        ),
        (
            "Chair's statement",
            {"fields": ["chair_statement", ("chair_statement_date", "chair_statement_signatory")]},
        ),
        (
            "Internal (never published)",
            {
                "fields": [
                    ("withdrawn_at", "court_order_date"),
                    "withdrawal_reason",
                    "editor_notes",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description="status")
    def status_label(self, review):
        if review.pk is None:
            return "-"
        return lifecycle_of(review).label

    @admin.action(description="Extend availability by the body's window")
    def extend_availability(self, request, queryset):
        extended = 0
        for review in queryset.select_related("body"):
            try:
                services.extend(review, review.body.availability_months)
                extended += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, f"Extended {extended} review(s) by their body's window.", messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(BodyScoped, UploadSafeAdmin):
    form = KeptUploadForm  # a chosen PDF survives an error elsewhere in the form
    body_lookups = ("review__body", "leaflet__body")
    list_display = ["title", "kind", "review", "leaflet", "audience", "size_bytes", "published_at"]
    list_filter = ["kind", "audience"]
    search_fields = ["title", "review__title", "leaflet__title"]
    readonly_fields = ["size_bytes", "page_count", "sha256", "original_filename", "content_type", "uploaded_by"]


class LeafletSectionInline(VersionedAdminMixin, admin.TabularInline):
    model = LeafletSection
    extra = 0
    show_change_link = True


class LeafletItemInline(VersionedAdminMixin, admin.TabularInline):
    model = LeafletItem
    extra = 0


@admin.register(Leaflet)
class LeafletAdmin(BodyScoped, DecisionsAdmin):
    list_display = ["title", "reference_code", "published_at", "withdrawn_at", "publisher"]
    actions = ["withdraw", "reinstate"]
    readonly_fields = ["withdrawn_at", "withdrawal_reason", "created_at", "updated_at"]
    search_fields = ["title", "subtitle", "reference_code"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["contacts"]
    inlines = [LeafletSectionInline]


@admin.register(LeafletSection)
class LeafletSectionAdmin(BodyScoped, EditorialAdmin):
    body_lookups = ("leaflet__body",)
    list_display = ["heading", "leaflet", "position"]
    list_filter = [("leaflet", admin.RelatedOnlyFieldListFilter)]
    inlines = [LeafletItemInline]


# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Contact)
class ContactAdmin(EditorialAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "organisation", "telephone", "email"]
    search_fields = ["name", "organisation", "email"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(EditorialAdmin):
    list_display = ["name", "slug", "listed"]
    list_filter = ["listed"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(EditorialAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Body)
class BodyAdmin(EditorialAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "kind", "nation", "area", "availability_months"]
    list_filter = ["nation", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["contacts", "editors"]

    def get_queryset(self, request):
        return editable_bodies(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Who may edit a body is decided by those who may edit every body.
        return [] if edits_every_body(request.user) else ["editors"]

    def has_delete_permission(self, request, obj=None):
        # A body with content cannot be deleted (the database protects it); an empty one may.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.reviews.exists())


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: read only, for staff."""

    list_display = ["at", "username", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "object_id", "username"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def get_queryset(self, request):
        """An editor limited to some bodies sees the entries of their bodies'
        records only (another body's internal withdrawal reason is in its entries)."""
        entries = super().get_queryset(request)
        if edits_every_body(request.user):
            return entries
        bodies = editable_bodies(request.user)
        theirs = {
            "body": bodies,
            "review": Review.objects.filter(body__in=bodies),
            "leaflet": Leaflet.objects.filter(body__in=bodies),
            "document": Document.objects.filter(models.Q(review__body__in=bodies) | models.Q(leaflet__body__in=bodies)),
            "reviewer": Reviewer.objects.filter(review__body__in=bodies),
            "relatedreview": RelatedReview.objects.filter(review__body__in=bodies),
            "leafletsection": LeafletSection.objects.filter(leaflet__body__in=bodies),
        }
        mine = models.Q()
        for model, rows in theirs.items():
            ids = rows.annotate(text_id=Cast("pk", models.CharField())).values("text_id")
            mine |= models.Q(model=model, object_id__in=ids)
        return entries.filter(mine)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
