"""URLs of the coordination service's provinces area (included by coordination/urls.py): counterparts (partenaires/),
joint projects (projets-communs/), coordination meetings (reunions/) and the actions decided (actions/)."""

from django.urls import path

from coordination.views import provinces as views

urlpatterns = [
    path("provinces/partenaires/", views.CounterpartListView.as_view(), name="counterpart_list"),
    path("provinces/partenaires/nouveau/", views.CounterpartFormView.as_view(), name="counterpart_create"),
    path("provinces/partenaires/<int:pk>/", views.CounterpartDetailView.as_view(), name="counterpart_detail"),
    path("provinces/partenaires/<int:pk>/modifier/", views.CounterpartFormView.as_view(), name="counterpart_update"),
    path(
        "provinces/partenaires/<int:pk>/contacts/nouveau/",
        views.ContactFormView.as_view(),
        name="counterpart_contact_add",
    ),
    path("provinces/contacts/<int:pk>/modifier/", views.ContactFormView.as_view(), name="counterpart_contact_update"),
    path("provinces/contacts/<int:pk>/retirer/", views.ContactDeleteView.as_view(), name="counterpart_contact_delete"),
    path("provinces/projets-communs/", views.JointProjectListView.as_view(), name="joint_project_list"),
    path("provinces/projets-communs/nouveau/", views.JointProjectFormView.as_view(), name="joint_project_create"),
    path("provinces/projets-communs/<int:pk>/", views.JointProjectDetailView.as_view(), name="joint_project_detail"),
    path(
        "provinces/projets-communs/<int:pk>/modifier/",
        views.JointProjectFormView.as_view(),
        name="joint_project_update",
    ),
    path(
        "provinces/projets-communs/<int:pk>/abandonner/",
        views.JointProjectAbandonView.as_view(),
        name="joint_project_abandon",
    ),
    path(
        "provinces/projets-communs/<int:pk>/etape/<str:transition>/",
        views.JointProjectTransitionView.as_view(),
        name="joint_project_transition",
    ),
    path(
        "provinces/projets-communs/<int:pk>/fiche-<str:language>.pdf",
        views.JointProjectPdfView.as_view(),
        name="joint_project_pdf",
    ),
    path(
        "provinces/projets-communs/<int:pk>/parts/nouvelle/",
        views.ShareFormView.as_view(),
        name="joint_project_share_add",
    ),
    path("provinces/parts/<int:pk>/modifier/", views.ShareFormView.as_view(), name="joint_project_share_update"),
    path("provinces/parts/<int:pk>/retirer/", views.ShareDeleteView.as_view(), name="joint_project_share_delete"),
    path("provinces/reunions/", views.MeetingListView.as_view(), name="meeting_list"),
    path("provinces/reunions/nouvelle/", views.MeetingFormView.as_view(), name="meeting_create"),
    path("provinces/reunions/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("provinces/reunions/<int:pk>/modifier/", views.MeetingFormView.as_view(), name="meeting_update"),
    path("provinces/reunions/<int:pk>/proces-verbal/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path("provinces/reunions/<int:pk>/annuler/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("provinces/reunions/<int:pk>/pv-<str:language>.pdf", views.MeetingPdfView.as_view(), name="meeting_pdf"),
    path("provinces/reunions/<int:pk>/actions/nouvelle/", views.ActionFormView.as_view(), name="meeting_action_add"),
    path("provinces/actions/", views.ActionListView.as_view(), name="coordination_action_list"),
    path("provinces/actions/<int:pk>/modifier/", views.ActionFormView.as_view(), name="meeting_action_update"),
    path("provinces/actions/<int:pk>/realisee/", views.ActionDoneView.as_view(), name="meeting_action_done"),
    path("provinces/actions/<int:pk>/rouvrir/", views.ActionReopenView.as_view(), name="meeting_action_reopen"),
]
