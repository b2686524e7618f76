"""URLs of the coordination service's crdh area (included by coordination/urls.py)."""

urlpatterns = []
