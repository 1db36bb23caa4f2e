"""The editorial side: what the Safeguarding Unit uses to publish, schedule,
extend and withdraw reviews."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from reviews import uploads
from reviews.admin_editing import StaleSaveRefused, VersionedAdminMixin
from reviews.models import (
    AuditEntry,
    Board,
    Contact,
    Document,
    Leaflet,
    LeafletItem,
    LeafletSection,
    Review,
    Reviewer,
    Theme,
)
from reviews.publication import Status

admin.site.site_header = "Case Review Publication: editorial admin"


class EditorialAdmin(StaleSaveRefused, VersionedAdminMixin, admin.ModelAdmin):
    """Every editorial form: a save from a stale copy is refused (reviews.admin_editing)."""


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
            Review.objects.annotate(year=ExtractYear("published_at"))
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


class DocumentInline(VersionedAdminMixin, admin.StackedInline):
    model = Document
    fk_name = "review"
    extra = 0
    fields = [
        ("position", "kind", "audience"),
        "title",
        "file",
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
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the court order bears, if there is one: kept for the record. The withdrawal takes "
        "effect now, and partners are told now, whatever the order's date.",
    )


# Withdrawal and reinstatement are decisions taken with these actions, never
# fields of the change form: a form opened before a withdrawal and saved after
# it would otherwise post the old, empty value and put the record back.
DECISIONS = {
    "withdraw": (
        "Withdraw",
        "Withdraw",
        "These will disappear from the API, the feeds and downloads at once, and partner mirrors will be told "
        "to take them down:",
    ),
    "reinstate": (
        "Reinstate",
        "Reinstate",
        "These withdrawn records will be public again at once (if their publication time has come), and "
        "partner mirrors will be told to publish them:",
    ),
}


class DecisionsAdmin(UploadSafeAdmin):
    """Withdraw and reinstate as admin actions that ask for a reason."""

    withdrawal_form = DecisionForm

    def decide(self, request, queryset, action, apply, form_class=DecisionForm):
        """Ask for the reason, then take the decision for each record it applies to."""
        title, verb, intro = DECISIONS[action]
        form = form_class(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            now, facts = timezone.now(), dict(form.cleaned_data)
            reason = facts.pop("reason")
            done = [record for record in queryset if apply(record, reason, now, facts)]
            skipped = len(queryset) - len(done)
            note = f" ({skipped} left as they were: the decision did not apply to them)" if skipped else ""
            name = self.model._meta.verbose_name_plural
            self.message_user(request, f"{verb}: {len(done)} {name}{note}.", messages.SUCCESS)
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
            return record.withdraw(reason, now, **facts)

        return self.decide(request, queryset, "withdraw", apply, self.withdrawal_form)

    @admin.action(description="Reinstate selected withdrawn")
    def reinstate(self, request, queryset):
        def apply(record, reason, now, facts):
            return record.reinstate(reason, now)

        return self.decide(request, queryset, "reinstate", apply)


@admin.register(Review)
class ReviewAdmin(DecisionsAdmin):
    list_display = ["title", "review_type", "published_at", "status_label", "available_until", "updated_at"]
    list_filter = [StatusFilter, "review_type", YearFilter, "themes"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [ReviewerInline, DocumentInline]
    actions = ["withdraw", "reinstate", "extend_availability"]
    withdrawal_form = WithdrawalForm
    readonly_fields = ["status_label", "available_until", "withdrawn_at", "court_order_date", "withdrawal_reason",
                       "created_at", "updated_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "review_type", "incident", "summary", "is_sample"]}),
        (
            "Publication",
            {
                "fields": [
                    ("published_at", "date_precision"),
                    "status_label",
                    ("available_until", "available_until_override"),
                    ("commissioned_on", "commissioned_precision"),
                ]
            },
        ),
        ("Content", {"fields": ["review_method", "themes", "key_learning", "recommendations", "contact"]}),
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
        return review.status.label

    @admin.action(description="Extend availability by the board's window")
    def extend_availability(self, request, queryset):
        months = Board.current().availability_months
        extended = 0
        for review in queryset:
            try:
                review.extend_availability(months)
                extended += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, f"Extended {extended} review(s) by {months} months.", messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(UploadSafeAdmin):
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
class LeafletAdmin(DecisionsAdmin):
    list_display = ["title", "reference_code", "published_at", "withdrawn_at", "publisher"]
    actions = ["withdraw", "reinstate"]
    readonly_fields = ["withdrawn_at", "withdrawal_reason", "created_at", "updated_at"]
    search_fields = ["title", "subtitle", "reference_code"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["contacts"]
    inlines = [LeafletSectionInline]


@admin.register(LeafletSection)
class LeafletSectionAdmin(EditorialAdmin):
    list_display = ["heading", "leaflet", "position"]
    list_filter = ["leaflet"]
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
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Board)
class BoardAdmin(EditorialAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "independent_chair", "availability_months"]

    def has_add_permission(self, request):
        return not Board.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: read only, for staff."""

    list_display = ["at", "username", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "object_id", "username"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
