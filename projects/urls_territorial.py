"""URLs of issue 7 (territorial): the human-development indicators — catalogue, entry grid, Excel import and the
analyses (trends, comparison between communes, flagged communes)."""

from django.urls import path

from projects.views import territorial as views

P = "indicateurs-territoriaux/"

urlpatterns = [
    path(P, views.TerritorialIndexView.as_view(), name="territorial_index"),
    path(f"{P}catalogue/", views.IndicatorListView.as_view(), name="territorial_indicator_list"),
    path(f"{P}catalogue/nouveau/", views.IndicatorFormView.as_view(), name="territorial_indicator_create"),
    path(f"{P}catalogue/<int:pk>/", views.IndicatorDetailView.as_view(), name="territorial_indicator_detail"),
    path(f"{P}catalogue/<int:pk>/modifier/", views.IndicatorFormView.as_view(), name="territorial_indicator_update"),
    path(f"{P}saisie/", views.GridView.as_view(), name="territorial_grid"),
    path(f"{P}import/", views.ImportView.as_view(), name="territorial_import"),
    path(f"{P}import/modele.xlsx", views.ImportTemplateView.as_view(), name="territorial_import_template"),
    path(f"{P}import/rapport.xlsx", views.ImportReportView.as_view(), name="territorial_import_report"),
    path(f"{P}evolution/", views.TrendView.as_view(), name="territorial_trend"),
    path(f"{P}comparaison/", views.ComparisonView.as_view(), name="territorial_comparison"),
    path(f"{P}signalements/", views.FlagsView.as_view(), name="territorial_flags"),
]
