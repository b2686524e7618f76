"""URLs of the training service: the yearly training plan and its actions."""

urlpatterns = []
