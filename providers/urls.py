"""URLs of the market register. Pages live in urls_market.py, the CQC import in urls_cqc.py."""

from providers import urls_cqc, urls_market

app_name = "providers"

urlpatterns = [*urls_market.urlpatterns, *urls_cqc.urlpatterns]
