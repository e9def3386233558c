"""URLs of the escalation app."""

from django.urls import path

from escalation import views

app_name = "escalation"

urlpatterns = [
    path("services/<int:pk>/risk/", views.ServiceRiskView.as_view(), name="service-risk"),
]
