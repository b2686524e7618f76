"""The committees' documents (PDF): convocations, ordre du jour, dossier de séance, procès-verbal, CLDH letter."""

from django.urls import path

from committees.views import documents

urlpatterns = [
    path(
        "reunions/<int:pk>/convocations/<str:language>/",
        documents.MeetingConvocationsView.as_view(),
        name="meeting_convocations_pdf",
    ),
    path(
        "reunions/<int:pk>/convocations/<int:member_pk>/<str:language>/",
        documents.MemberConvocationView.as_view(),
        name="member_convocation_pdf",
    ),
    path(
        "reunions/<int:pk>/ordre-du-jour/<str:language>/",
        documents.MeetingAgendaView.as_view(),
        name="meeting_agenda_pdf",
    ),
    path("reunions/<int:pk>/dossier-de-seance/", documents.MeetingSessionView.as_view(), name="meeting_session_pdf"),
    path(
        "reunions/<int:pk>/proces-verbal/<str:language>/",
        documents.MeetingMinutesView.as_view(),
        name="meeting_minutes_pdf",
    ),
    path(
        "remontees/<int:pk>/lettre/<str:language>/", documents.FeedbackLetterView.as_view(), name="feedback_letter_pdf"
    ),
]
