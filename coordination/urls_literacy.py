"""URLs of the coordination service's literacy area (included by coordination/urls.py)."""

from django.urls import path

from coordination.views import literacy as views

urlpatterns = [
    path("alphabetisation/", views.CampaignListView.as_view(), name="campaign_list"),
    path("alphabetisation/nouvelle/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("alphabetisation/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("alphabetisation/<int:pk>/modifier/", views.CampaignUpdateView.as_view(), name="campaign_update"),
    path("alphabetisation/<int:pk>/cloturer/", views.CampaignCloseView.as_view(), name="campaign_close"),
    path(
        "alphabetisation/<int:pk>/etape/<str:transition>/",
        views.CampaignTransitionView.as_view(),
        name="campaign_transition",
    ),
    path("alphabetisation/<int:pk>/bilan-<str:language>.pdf", views.CampaignPdfView.as_view(), name="campaign_pdf"),
    path("alphabetisation/<int:pk>/bilan.xlsx", views.CampaignXlsxView.as_view(), name="campaign_xlsx"),
    path("alphabetisation/centres/", views.CentreListView.as_view(), name="centre_list"),
    path("alphabetisation/centres/nouveau/", views.CentreCreateView.as_view(), name="centre_create"),
    path("alphabetisation/centres/<int:pk>/", views.CentreUpdateView.as_view(), name="centre_update"),
    path(
        "alphabetisation/centres/<int:pk>/activation/", views.CentreActivationView.as_view(), name="centre_activation"
    ),
    path("alphabetisation/operations/", views.OperationListView.as_view(), name="operation_list"),
    path("alphabetisation/operations/nouvelle/", views.OperationCreateView.as_view(), name="operation_create"),
    path("alphabetisation/operations/<int:pk>/", views.OperationDetailView.as_view(), name="operation_detail"),
    path("alphabetisation/operations/<int:pk>/modifier/", views.OperationUpdateView.as_view(), name="operation_update"),
    path("alphabetisation/operations/<int:pk>/annuler/", views.OperationCancelView.as_view(), name="operation_cancel"),
    path(
        "alphabetisation/operations/<int:pk>/etape/<str:transition>/",
        views.OperationTransitionView.as_view(),
        name="operation_transition",
    ),
    path("alphabetisation/operations/<int:pk>/classes/nouvelle/", views.ClassCreateView.as_view(), name="class_create"),
    path("alphabetisation/classes/<int:pk>/", views.ClassDetailView.as_view(), name="class_detail"),
    path("alphabetisation/classes/<int:pk>/modifier/", views.ClassUpdateView.as_view(), name="class_update"),
    path("alphabetisation/classes/<int:pk>/effectifs/", views.HeadcountView.as_view(), name="class_headcounts"),
]
