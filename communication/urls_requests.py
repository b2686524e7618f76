"""URLs of the communication service: requests for communication support (demandes/)."""

from django.urls import path

from communication.views import requests as views

urlpatterns = [
    path("demandes/", views.RequestListView.as_view(), name="request_list"),
    path("demandes/nouvelle/", views.RequestFormView.as_view(), name="request_create"),
    path("demandes/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("demandes/<int:pk>/modifier/", views.RequestFormView.as_view(), name="request_update"),
    path("demandes/<int:pk>/etape/<slug:name>/", views.RequestTransitionView.as_view(), name="request_transition"),
]
