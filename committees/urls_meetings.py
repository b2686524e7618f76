from django.urls import path, re_path

from committees.views import meetings

# The transition buttons' names (convene|close): the pattern takes no other word, so that it never shadows a
# /reunions/<pk>/<something>/ page of the other committees modules (they are included after this one).
TRANSITIONS = "|".join(meetings.BUTTON_SERVICES)

urlpatterns = [
    path("reunions/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("reunions/nouvelle/", meetings.MeetingFormView.as_view(), name="meeting_create"),
    path("reunions/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.MeetingFormView.as_view(), name="meeting_update"),
    path("reunions/<int:pk>/annuler/", meetings.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("reunions/<int:pk>/ordre-du-jour/ajouter/", meetings.AgendaAddView.as_view(), name="agenda_add"),
    path("reunions/points/<int:pk>/deplacer/", meetings.AgendaMoveView.as_view(), name="agenda_move"),
    path("reunions/points/<int:pk>/retirer/", meetings.AgendaRemoveView.as_view(), name="agenda_remove"),
    path("reunions/<int:pk>/presences/", meetings.AttendanceView.as_view(), name="attendance"),
    path("reunions/points/<int:pk>/decision/", meetings.DecisionRecordView.as_view(), name="decision_record"),
    path("decisions/<int:pk>/rectifier/", meetings.DecisionRectifyView.as_view(), name="decision_rectify"),
    path("decisions/<int:pk>/actions/ajouter/", meetings.ActionAddView.as_view(), name="action_add"),
    path("reunions/<int:pk>/pv-signe/", meetings.SignedMinutesView.as_view(), name="meeting_signed_minutes"),
    # Last: /reunions/<pk>/<transition>/.
    re_path(
        rf"^reunions/(?P<pk>[0-9]+)/(?P<transition>{TRANSITIONS})/$",
        meetings.MeetingTransitionView.as_view(),
        name="meeting_transition",
    ),
]
