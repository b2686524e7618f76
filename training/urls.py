from django.urls import path

from training import urls_followup, urls_needs, urls_people, urls_plans, urls_sessions
from training.views import space

app_name = "training"
urlpatterns = [
    path("", space.IndexView.as_view(), name="index"),
    *urls_people.urlpatterns,
    *urls_needs.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_sessions.urlpatterns,
    *urls_followup.urlpatterns,
]
