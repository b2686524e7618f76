"""URLs of the communication service: execution (realisations of the plan's actions and the execution report)."""

from django.urls import path

from communication.views import execution

urlpatterns = [
    path("actions/<int:pk>/realisation/", execution.RealisationDetailView.as_view(), name="realisation_detail"),
    path("actions/<int:pk>/realisation/saisir/", execution.RealisationRecordView.as_view(), name="realisation_record"),
    path("actions/<int:pk>/annuler/", execution.ActionCancelView.as_view(), name="action_cancel"),
    path("realisations/photos/<int:pk>/", execution.RealisationPhotoView.as_view(), name="realisation_photo"),
    path(
        "realisations/photos/<int:pk>/supprimer/",
        execution.RealisationPhotoDeleteView.as_view(),
        name="realisation_photo_delete",
    ),
    path("plans/<int:pk>/execution/", execution.ExecutionReportView.as_view(), name="execution_report"),
    path(
        "plans/<int:pk>/execution/pdf/<str:language>/",
        execution.ExecutionReportPdfView.as_view(),
        name="execution_report_pdf",
    ),
    path("plans/<int:pk>/execution/excel/", execution.ExecutionReportXlsxView.as_view(), name="execution_report_xlsx"),
]
