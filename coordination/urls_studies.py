"""URLs of the coordination service's studies area (included by coordination/urls.py)."""

urlpatterns = []
