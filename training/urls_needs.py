"""URLs of the training service: training needs, themes, the catalogue of modules and the curricula."""

from django.urls import path

from training.views import needs as views

urlpatterns = [
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/nouveau/", views.ThemeFormView.as_view(), name="theme_create"),
    path("themes/<int:pk>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<int:pk>/modifier/", views.ThemeFormView.as_view(), name="theme_update"),
    path("besoins/", views.NeedListView.as_view(), name="need_list"),
    path("besoins/analyse/", views.NeedAnalysisView.as_view(), name="need_analysis"),
    path("besoins/nouveau/", views.NeedFormView.as_view(), name="need_create"),
    path("besoins/<int:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("besoins/<int:pk>/modifier/", views.NeedFormView.as_view(), name="need_update"),
    path("besoins/<int:pk>/supprimer/", views.NeedDeleteView.as_view(), name="need_delete"),
    path("modules/", views.ModuleListView.as_view(), name="module_list"),
    path("modules/nouveau/", views.ModuleFormView.as_view(), name="module_create"),
    path("modules/<int:pk>/", views.ModuleDetailView.as_view(), name="module_detail"),
    path("modules/<int:pk>/modifier/", views.ModuleFormView.as_view(), name="module_update"),
    path("modules/<int:pk>/fiche/<str:language>/", views.ModuleSheetView.as_view(), name="module_sheet"),
    path("parcours/", views.CurriculumListView.as_view(), name="curriculum_list"),
    path("parcours/nouveau/", views.CurriculumFormView.as_view(), name="curriculum_create"),
    path("parcours/<int:pk>/", views.CurriculumDetailView.as_view(), name="curriculum_detail"),
    path("parcours/<int:pk>/modifier/", views.CurriculumFormView.as_view(), name="curriculum_update"),
    path("parcours/<int:pk>/pdf/<str:language>/", views.CurriculumPdfView.as_view(), name="curriculum_pdf"),
    path("parcours/<int:pk>/modules/ajouter/", views.CurriculumStepAddView.as_view(), name="curriculum_step_add"),
    path(
        "parcours/<int:pk>/modules/<int:step_pk>/<str:action>/",
        views.CurriculumStepView.as_view(),
        name="curriculum_step",
    ),
]
