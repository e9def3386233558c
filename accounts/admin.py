"""Administration of users and read-only access to the access log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from accounts.models import AccessLog, User


class OversightUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class OversightUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = OversightUserChangeForm
    add_form = OversightUserCreationForm
    ordering = ("full_name",)
    list_display = ("full_name", "email", "role_label", "is_active", "last_login")
    list_filter = ("groups", "is_active")
    search_fields = ("full_name", "email")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Details", {"fields": ("full_name", "job_title", "organisation")}),
        ("Role and access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ("groups",)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("accessed_at", "user", "action", "object_repr", "path")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "user__email", "path")
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
