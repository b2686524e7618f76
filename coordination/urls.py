from django.urls import path

from coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
