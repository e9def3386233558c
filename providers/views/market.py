"""The market analysis: the market by service type, scale and size, and local ratings
against national ones."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInMixin
from providers import selectors
from providers.models import Scale, Size


# --- market analysis -----------------------------------------------------------------------
class MarketAnalysisView(SignedInMixin, PermissionRequiredMixin, TemplateView):
    """The market by service type, scale and size, and local ratings against national ones."""

    permission_required = "providers.view_market_analysis"
    template_name = "providers/market_analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            {
                "today": today,
                "tables": selectors.market_analysis(today=today),
                "comparisons": selectors.rating_comparison(),
                "scales": Scale.choices,
                "sizes": Size.choices,
                "benchmarks_editable": self.request.user.has_perm(
                    "providers.change_ratingbenchmark"
                ),
            }
        )
        return context
