from django.urls import path

from projects.views import execution as views

urlpatterns = [
    path("projets/<int:pk>/avancement/nouveau/", views.ProgressCreateView.as_view(), name="progress_create"),
    path("avancements/<int:pk>/corriger/", views.ProgressUpdateView.as_view(), name="progress_update"),
    path("avancements/<int:pk>/supprimer/", views.ProgressDeleteView.as_view(), name="progress_delete"),
    path("avancements/photos/<int:pk>/", views.ProgressPhotoView.as_view(), name="progress_photo"),
    path("visites/", views.VisitListView.as_view(), name="visit_list"),
    path("projets/<int:pk>/visites/nouvelle/", views.VisitCreateView.as_view(), name="visit_create"),
    path("visites/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("visites/<int:pk>/modifier/", views.VisitUpdateView.as_view(), name="visit_update"),
    path("visites/<int:pk>/pv/<str:language>/", views.VisitPdfView.as_view(), name="visit_pdf"),
    path("visites/<int:pk>/<slug:transition>/", views.VisitTransitionView.as_view(), name="visit_transition"),
    path("indicateurs/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicateurs/nouveau/", views.IndicatorFormView.as_view(), name="indicator_create"),
    path("indicateurs/<int:pk>/", views.IndicatorFormView.as_view(), name="indicator_update"),
    path(
        "projets/<int:pk>/indicateurs/ajouter/", views.ProjectIndicatorAddView.as_view(), name="project_indicator_add"
    ),
    path("indicateurs-projet/<int:pk>/valeurs/", views.IndicatorValuesView.as_view(), name="indicator_values"),
]
