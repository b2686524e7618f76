"""URLs of the training service: the register of people trained, the EAC/EAQ teams and their support requests."""

from django.urls import path

from training.views import people as views

urlpatterns = [
    path("personnes/", views.PersonListView.as_view(), name="person_list"),
    path("personnes/nouvelle/", views.PersonFormView.as_view(), name="person_create"),
    path("personnes/doublons/", views.DuplicatesView.as_view(), name="person_duplicates"),
    path("personnes/membres-de-comites/", views.CommitteeMembersView.as_view(), name="committee_members_register"),
    path("personnes/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("personnes/<int:pk>/modifier/", views.PersonFormView.as_view(), name="person_update"),
    path("personnes/<int:pk>/fusionner/", views.MergeView.as_view(), name="person_merge"),
    path("equipes/", views.TeamListView.as_view(), name="team_list"),
    path("equipes/nouvelle/", views.TeamFormView.as_view(), name="team_create"),
    path("equipes/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path("equipes/<int:pk>/modifier/", views.TeamFormView.as_view(), name="team_update"),
    path("equipes/<int:pk>/membres/ajouter/", views.MemberAddView.as_view(), name="team_member_add"),
    path("equipes/<int:pk>/membres/<int:member_pk>/sortie/", views.MemberLeaveView.as_view(), name="team_member_leave"),
    path(
        "equipes/<int:team_pk>/demandes/nouvelle/",
        views.SupportRequestFormView.as_view(),
        name="team_support_request_create",
    ),
    path("demandes-appui/", views.SupportRequestListView.as_view(), name="support_request_list"),
    path("demandes-appui/nouvelle/", views.SupportRequestFormView.as_view(), name="support_request_create"),
    path("demandes-appui/<int:pk>/", views.SupportRequestDetailView.as_view(), name="support_request_detail"),
    path("demandes-appui/<int:pk>/modifier/", views.SupportRequestFormView.as_view(), name="support_request_update"),
    path(
        "demandes-appui/<int:pk>/prendre-en-charge/",
        views.SupportRequestTransitionView.as_view(transition="take_charge"),
        name="support_request_take_charge",
    ),
    path(
        "demandes-appui/<int:pk>/repondre/",
        views.SupportRequestTransitionView.as_view(transition="answer"),
        name="support_request_answer",
    ),
    path(
        "demandes-appui/<int:pk>/cloturer/",
        views.SupportRequestTransitionView.as_view(transition="close"),
        name="support_request_close",
    ),
    path(
        "demandes-appui/<int:pk>/rouvrir/",
        views.SupportRequestTransitionView.as_view(transition="reopen"),
        name="support_request_reopen",
    ),
]
