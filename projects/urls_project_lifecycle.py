from django.urls import path

from projects.views import project_lifecycle as views

urlpatterns = [
    path("projets/<int:pk>/calendrier/", views.ProjectPlannedDatesPage.as_view(), name="project_planned_dates"),
    path("projets/<int:pk>/demarrage/", views.ProjectTransitionPage.as_view(action="start"), name="project_start"),
    path(
        "projets/<int:pk>/reception-provisoire/",
        views.ProjectTransitionPage.as_view(action="provisional_reception"),
        name="project_provisional_reception",
    ),
    path(
        "projets/<int:pk>/reception-definitive/",
        views.ProjectTransitionPage.as_view(action="final_reception"),
        name="project_final_reception",
    ),
    path("projets/<int:pk>/suspension/", views.ProjectTransitionPage.as_view(action="suspend"), name="project_suspend"),
    path("projets/<int:pk>/abandon/", views.ProjectTransitionPage.as_view(action="abandon"), name="project_abandon"),
    path("projets/<int:pk>/etat/<slug:transition>/", views.ProjectTransitionView.as_view(), name="project_transition"),
]
