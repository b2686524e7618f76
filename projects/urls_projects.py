from django.urls import path

from projects.views import projects

urlpatterns = [
    path("projets/", projects.ProjectListView.as_view(), name="project_list"),
    path("projets/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
]
