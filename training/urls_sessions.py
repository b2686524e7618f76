"""URLs of the training service: sessions, participants, presences, evaluations, attendance sheets and certificates."""

from django.urls import path

from training.views import sessions as views

P = "sessions/"

urlpatterns = [
    path(P, views.SessionListView.as_view(), name="session_list"),
    path(f"{P}nouvelle/", views.SessionFormView.as_view(), name="session_create"),
    path(f"{P}<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path(f"{P}<int:pk>/modifier/", views.SessionFormView.as_view(), name="session_update"),
    path(f"{P}<int:pk>/journees/", views.SessionDaysView.as_view(), name="session_days"),
    path(f"{P}<int:pk>/participants/", views.ParticipantsView.as_view(), name="session_participants"),
    path(f"{P}<int:pk>/presences/", views.AttendanceView.as_view(), name="session_attendance"),
    path(f"{P}<int:pk>/annuler/", views.CancelView.as_view(), name="session_cancel"),
    path(f"{P}<int:pk>/rapport/", views.ReportView.as_view(), name="session_report"),
    path(f"{P}<int:pk>/evaluation/", views.EvaluationView.as_view(), name="session_evaluation"),
    path(f"{P}<int:pk>/feuille-signee/", views.ScanView.as_view(), name="session_scan"),
    path(f"{P}<int:pk>/feuille/<str:language>/", views.SheetPdfView.as_view(), name="session_sheet"),
    path(f"{P}<int:pk>/fiche/<str:language>/", views.SummaryPdfView.as_view(), name="session_summary"),
    path(f"{P}<int:pk>/attestations/delivrer/", views.CertificateIssueView.as_view(), name="session_certificate_issue"),
    path(f"{P}<int:pk>/attestations/<str:language>/", views.CertificatesPdfView.as_view(), name="session_certificates"),
    path(
        "participants/<int:pk>/attestation/<str:language>/",
        views.CertificatePdfView.as_view(),
        name="participant_certificate",
    ),
    path(f"{P}<int:pk>/<str:transition>/", views.SessionTransitionView.as_view(), name="session_transition"),
]
