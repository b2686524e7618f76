"""URLs of the communication service: execution."""

urlpatterns = []
