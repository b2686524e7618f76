"""URLs of the coordination service's cooperation area (included by coordination/urls.py)."""

urlpatterns = []
