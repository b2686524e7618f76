from django.urls import path

from communication import views

app_name = "communication"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
