"""URLs of the coordination service's cooperation area (included by coordination/urls.py)."""

from django.urls import path

from coordination.views import cooperation as views

urlpatterns = [
    path("cooperation/partenaires/", views.PartnerListView.as_view(), name="cooperation_partner_list"),
    path("cooperation/partenaires/nouveau/", views.PartnerCreateView.as_view(), name="cooperation_partner_create"),
    path("cooperation/partenaires/<int:pk>/", views.PartnerDetailView.as_view(), name="cooperation_partner_detail"),
    path(
        "cooperation/partenaires/<int:pk>/modifier/",
        views.PartnerUpdateView.as_view(),
        name="cooperation_partner_update",
    ),
    path("cooperation/programmes/", views.ProgrammeListView.as_view(), name="cooperation_programme_list"),
    path("cooperation/programmes/nouveau/", views.ProgrammeCreateView.as_view(), name="cooperation_programme_create"),
    path("cooperation/programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="cooperation_programme_detail"),
    path(
        "cooperation/programmes/<int:pk>/modifier/",
        views.ProgrammeUpdateView.as_view(),
        name="cooperation_programme_update",
    ),
    path(
        "cooperation/programmes/<int:pk>/etape/<str:transition>/",
        views.ProgrammeTransitionView.as_view(),
        name="cooperation_programme_transition",
    ),
    path(
        "cooperation/programmes/<int:pk>/motif/<str:transition>/",
        views.ProgrammeReasonView.as_view(),
        name="cooperation_programme_reason",
    ),
    path(
        "cooperation/programmes/<int:pk>/fiche-<str:language>.pdf",
        views.ProgrammePdfView.as_view(),
        name="cooperation_programme_pdf",
    ),
    path(
        "cooperation/programmes/<int:pk>/fiche.xlsx",
        views.ProgrammeXlsxView.as_view(),
        name="cooperation_programme_xlsx",
    ),
    path(
        "cooperation/programmes/<int:pk>/activites/nouvelle/",
        views.ActivityCreateView.as_view(),
        name="cooperation_activity_create",
    ),
    path(
        "cooperation/programmes/<int:pk>/rapports/nouveau/",
        views.ReportAddView.as_view(),
        name="cooperation_report_add",
    ),
    path("cooperation/activites/<int:pk>/", views.ActivityDetailView.as_view(), name="cooperation_activity_detail"),
    path(
        "cooperation/activites/<int:pk>/modifier/",
        views.ActivityUpdateView.as_view(),
        name="cooperation_activity_update",
    ),
    path(
        "cooperation/activites/<int:pk>/etape/<str:transition>/",
        views.ActivityTransitionView.as_view(),
        name="cooperation_activity_transition",
    ),
    path(
        "cooperation/activites/<int:pk>/annuler/",
        views.ActivityCancelView.as_view(),
        name="cooperation_activity_cancel",
    ),
    path(
        "cooperation/activites/<int:pk>/projets/ajouter/",
        views.SupportAddView.as_view(),
        name="cooperation_support_add",
    ),
    path(
        "cooperation/activites/<int:pk>/suivi/nouveau/",
        views.FollowUpAddView.as_view(),
        name="cooperation_followup_add",
    ),
    path(
        "cooperation/projets-soutenus/<int:pk>/modifier/",
        views.SupportUpdateView.as_view(),
        name="cooperation_support_update",
    ),
    path(
        "cooperation/projets-soutenus/<int:pk>/retirer/",
        views.SupportRemoveView.as_view(),
        name="cooperation_support_remove",
    ),
    path("cooperation/rapports/", views.ReportListView.as_view(), name="cooperation_report_list"),
    path(
        "cooperation/rapports/<int:pk>/remise/",
        views.ReportSubmitView.as_view(),
        name="cooperation_report_submit",
    ),
]
