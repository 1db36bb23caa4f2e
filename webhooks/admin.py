"""Staff register partners' endpoints and see every delivery."""

from django.contrib import admin

from webhooks.models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "consecutive_failures", "last_seq", "created_at"]
    list_filter = ["is_active"]
    filter_horizontal = ["bodies", "themes"]
    readonly_fields = ["secret", "disabled_reason", "consecutive_failures", "last_seq", "created_at"]
    fields = ["name", "url", "events", "bodies", "review_types", "themes", "is_active", "secret", "disabled_reason",
              "consecutive_failures", "last_seq", "created_at"]  # fmt: skip


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only."""

    list_display = ["seq", "endpoint", "state", "attempts", "last_status", "next_attempt_at", "delivered_at"]
    list_filter = ["state", "endpoint"]
    search_fields = ["key", "last_error"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
