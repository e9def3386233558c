"""Starting and following the CQC import from the browser (administrators)."""

urlpatterns = []
