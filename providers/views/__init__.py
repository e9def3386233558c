"""Pages of the market register, by page area: services, records (contracts, ratings, BCP
checks), providers, the CSV import, the market analysis and the CQC import. urls_market.py and
urls_cqc.py route to the views listed here."""

from providers.views.cqc import CQCSyncView
from providers.views.imports import ServiceImportTemplateView, ServiceImportView
from providers.views.market import MarketAnalysisView
from providers.views.providers import ProviderCreateView, ProviderDetailView, ProviderUpdateView
from providers.views.records import (
    BCPCheckCreateView,
    ContractCreateView,
    ContractUpdateView,
    RatingCreateView,
)
from providers.views.services import (
    MyServicesView,
    ServiceCreateView,
    ServiceDetailView,
    ServiceExportCSVView,
    ServiceExportXLSXView,
    ServiceListView,
    ServiceUpdateView,
)

__all__ = [
    "BCPCheckCreateView",
    "CQCSyncView",
    "ContractCreateView",
    "ContractUpdateView",
    "MarketAnalysisView",
    "MyServicesView",
    "ProviderCreateView",
    "ProviderDetailView",
    "ProviderUpdateView",
    "RatingCreateView",
    "ServiceCreateView",
    "ServiceDetailView",
    "ServiceExportCSVView",
    "ServiceExportXLSXView",
    "ServiceImportTemplateView",
    "ServiceImportView",
    "ServiceListView",
    "ServiceUpdateView",
]
