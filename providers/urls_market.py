"""Service list, service and provider pages, forms, exports, CSV import, market analysis."""

from django.urls import path

from providers import views

urlpatterns = [
    path("services/", views.ServiceListView.as_view(), name="service-list"),
    path("services/mine/", views.MyServicesView.as_view(), name="my-services"),
    path("services/export.csv", views.ServiceExportCSVView.as_view(), name="service-export-csv"),
    path("services/export.xlsx", views.ServiceExportXLSXView.as_view(), name="service-export-xlsx"),
    path(
        "services/mine/export.csv",
        views.ServiceExportCSVView.as_view(mine=True),
        name="my-services-export-csv",
    ),
    path(
        "services/mine/export.xlsx",
        views.ServiceExportXLSXView.as_view(mine=True),
        name="my-services-export-xlsx",
    ),
    path("services/add/", views.ServiceCreateView.as_view(), name="service-create"),
    path("services/import/", views.ServiceImportView.as_view(), name="service-import"),
    path(
        "services/import/template.csv",
        views.ServiceImportTemplateView.as_view(),
        name="service-import-template",
    ),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path("services/<int:pk>/edit/", views.ServiceUpdateView.as_view(), name="service-update"),
    path(
        "services/<int:pk>/contracts/add/",
        views.ContractCreateView.as_view(),
        name="contract-create",
    ),
    path("contracts/<int:pk>/edit/", views.ContractUpdateView.as_view(), name="contract-update"),
    path("services/<int:pk>/ratings/add/", views.RatingCreateView.as_view(), name="rating-create"),
    path(
        "services/<int:pk>/bcp-checks/add/",
        views.BCPCheckCreateView.as_view(),
        name="bcp-check-create",
    ),
    path("providers/add/", views.ProviderCreateView.as_view(), name="provider-create"),
    path("providers/<int:pk>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("providers/<int:pk>/edit/", views.ProviderUpdateView.as_view(), name="provider-update"),
    path("market/", views.MarketAnalysisView.as_view(), name="market-analysis"),
]
