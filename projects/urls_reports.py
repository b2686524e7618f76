"""URLs of issue 7 (reports): the official reports at stable, bookmarkable addresses and their archive."""

from django.urls import path

from projects.views import reports as views

urlpatterns = [
    path("rapports/", views.ReportIndexView.as_view(), name="report_index"),
    path("rapports/archives/", views.ReportArchiveListView.as_view(), name="report_archive_list"),
    path("rapports/archives/<int:pk>/", views.ReportArchiveDetailView.as_view(), name="report_archive_detail"),
    path("rapports/archives/<int:pk>/etat/", views.ReportArchiveStatusView.as_view(), name="report_archive_status"),
    path("rapports/archives/<int:pk>/fichier/", views.ReportArchiveFileView.as_view(), name="report_archive_file"),
    path("rapports/<slug:kind>/<str:period>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("rapports/<slug:kind>/<str:period>/<str:language>.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("rapports/<slug:kind>/<str:period>.xlsx", views.ReportXlsxView.as_view(), name="report_xlsx"),
    path(
        "rapports/<slug:kind>/<str:period>/archiver/",
        views.ReportArchiveCreateView.as_view(),
        name="report_archive_create",
    ),
]
