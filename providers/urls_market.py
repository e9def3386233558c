"""Service list, service and provider pages, forms, exports, CSV import, market analysis."""

urlpatterns = []
