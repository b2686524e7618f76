"""URLs of the communication service: library."""

urlpatterns = []
