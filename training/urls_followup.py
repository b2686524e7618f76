"""URLs of the training service: the follow-up of the plan (planned vs done, people trained, hours, cost, needs)."""

from django.urls import path

from training.views import followup

urlpatterns = [
    path("suivi/", followup.FollowupView.as_view(), name="followup"),
    path("suivi/pdf/<str:language>/", followup.FollowupPdfView.as_view(), name="followup_pdf"),
    path("suivi/excel/", followup.FollowupXlsxView.as_view(), name="followup_xlsx"),
]
