"""URLs of the credits (issue 6); filled by the credits pages."""

urlpatterns = []
