"""URLs of the communication service: plans."""

urlpatterns = []
