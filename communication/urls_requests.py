"""URLs of the communication service: requests."""

urlpatterns = []
