from django.urls import path

from coordination import urls_cooperation, urls_crdh, urls_literacy, urls_provinces, urls_studies
from coordination.views import space

app_name = "coordination"
urlpatterns = [
    path("", space.IndexView.as_view(), name="index"),
    *urls_crdh.urlpatterns,
    *urls_provinces.urlpatterns,
    *urls_literacy.urlpatterns,
    *urls_cooperation.urlpatterns,
    *urls_studies.urlpatterns,
]
