"""URLs of the evaluation: evaluators, scoring, ranking, preselection."""

urlpatterns = []
