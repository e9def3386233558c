from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: administrators can see whether an email went out, not change it."""

    list_display = ["subject", "recipient", "reason", "created_at", "read_at", "email_status"]
    list_filter = ["reason", "email_status"]
    search_fields = ["subject", "recipient__email"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
