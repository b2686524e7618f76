"""URLs of the coordination service's literacy area (included by coordination/urls.py)."""

urlpatterns = []
