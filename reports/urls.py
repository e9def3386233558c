"""URLs of the reports app."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("safeguarding-adults-board/", views.BoardReportView.as_view(), name="board"),
    path("market-management-group/", views.MarketReportView.as_view(), name="market"),
    path("<int:pk>/report.pdf", views.ReportPdfView.as_view(), name="pdf"),
    path("<int:pk>/figures.xlsx", views.ReportSpreadsheetView.as_view(), name="spreadsheet"),
]
