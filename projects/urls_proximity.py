from django.urls import path

from projects.views import proximity

urlpatterns = [
    path("actions-proximite/", proximity.ProximityListView.as_view(), name="proximity_list"),
    path("actions-proximite/nouvelle/", proximity.ProximityFormView.as_view(), name="proximity_create"),
    path("actions-proximite/<int:pk>/", proximity.ProximityDetailView.as_view(), name="proximity_detail"),
    path("actions-proximite/<int:pk>/modifier/", proximity.ProximityFormView.as_view(), name="proximity_update"),
    path("actions-proximite/<int:pk>/annuler/", proximity.ProximityCancelView.as_view(), name="proximity_cancel"),
    path(
        "actions-proximite/<int:pk>/<slug:transition>/",
        proximity.ProximityTransitionView.as_view(),
        name="proximity_transition",
    ),
]
