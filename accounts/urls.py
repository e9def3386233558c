from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out", views.SignedOutView.as_view(), name="signed-out"),
    path("two-factor/set-up", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("two-factor/verify", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("account", views.AccountView.as_view(), name="account"),
    path(
        "audit/<str:app_label>/<str:model>/<str:pk>",
        views.AuditTrailView.as_view(),
        name="audit-trail",
    ),
]
