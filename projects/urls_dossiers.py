"""URLs of the dossiers: registration, completeness, eligibility, documents."""

urlpatterns = []
