"""URLs of the training service: training needs, themes, the catalogue of modules and the curricula."""

urlpatterns = []
