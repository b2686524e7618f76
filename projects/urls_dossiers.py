"""URLs of the dossiers: registration, completeness, eligibility, documents."""

from django.urls import path

from projects.views import dossiers

urlpatterns = [
    path("appels/<int:pk>/dossiers/nouveau/", dossiers.DossierCreateView.as_view(), name="dossier_create"),
    path("dossiers/", dossiers.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/recevables/", dossiers.DossierBatchAdmissibleView.as_view(), name="dossier_batch_admissible"),
    path("dossiers/<int:pk>/", dossiers.DossierDetailView.as_view(), name="dossier_detail"),
    path("dossiers/<int:pk>/pieces/", dossiers.DossierPiecesView.as_view(), name="dossier_pieces"),
    path("dossiers/<int:pk>/eligibilite/", dossiers.DossierEligibilityView.as_view(), name="dossier_eligibility"),
    path("dossiers/<int:pk>/derogation/", dossiers.DossierLateOverrideView.as_view(), name="dossier_late_override"),
    path("dossiers/<int:pk>/decision/<slug:transition>/", dossiers.DossierDecideView.as_view(), name="dossier_decide"),
    path("dossiers/<int:pk>/accuse/<str:language>/", dossiers.DossierReceiptView.as_view(), name="dossier_receipt"),
    path(
        "dossiers/<int:pk>/pieces-manquantes/<str:language>/",
        dossiers.DossierMissingPiecesView.as_view(),
        name="dossier_missing_pieces",
    ),
    # Last: any other word is a transition's name (declare_admissible, declare_incomplete, declare_eligible).
    path("dossiers/<int:pk>/<slug:transition>/", dossiers.DossierTransitionView.as_view(), name="dossier_transition"),
]
