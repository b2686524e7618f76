from django.urls import path

from committees import urls_committees, urls_documents, urls_feedback, urls_meetings
from committees.views import home

app_name = "committees"
urlpatterns = [
    path("", home.IndexView.as_view(), name="index"),
    *urls_committees.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_feedback.urlpatterns,
]
