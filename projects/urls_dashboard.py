"""URLs of issue 7 (dashboard): the financing-progress dashboard, its PDF and Excel, and its drill-down."""

from django.urls import path

from projects.views import dashboard as views

urlpatterns = [
    path("tableau-de-bord/", views.DashboardView.as_view(), name="dashboard"),
    path("tableau-de-bord/detail/", views.DashboardDrillView.as_view(), name="dashboard_drill"),
    path("tableau-de-bord/pdf/<str:language>/", views.DashboardPdfView.as_view(), name="dashboard_pdf"),
    path("tableau-de-bord/excel/", views.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
]
