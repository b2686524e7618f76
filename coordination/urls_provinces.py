"""URLs of the coordination service's provinces area (included by coordination/urls.py)."""

urlpatterns = []
