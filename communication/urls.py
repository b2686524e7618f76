from django.urls import path

from communication import urls_execution, urls_library, urls_plans, urls_requests, urls_showcase
from communication.views import space

app_name = "communication"
urlpatterns = [
    path("", space.IndexView.as_view(), name="index"),
    *urls_plans.urlpatterns,
    *urls_execution.urlpatterns,
    *urls_library.urlpatterns,
    *urls_showcase.urlpatterns,
    *urls_requests.urlpatterns,
]
