"""URLs of the training service: the follow-up of the plan (planned vs done, people trained, hours, cost, needs)."""

urlpatterns = []
