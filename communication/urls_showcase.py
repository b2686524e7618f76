"""URLs of the communication service: showcase."""

urlpatterns = []
