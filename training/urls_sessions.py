"""URLs of the training service: sessions, participants, presences, evaluations, attendance sheets and certificates."""

urlpatterns = []
