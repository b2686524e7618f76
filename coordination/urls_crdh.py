"""URLs of the coordination service's crdh area (included by coordination/urls.py)."""

from django.urls import path

from coordination.views import crdh as views

urlpatterns = [
    path("crdh/", views.DossierListView.as_view(), name="crdh_list"),
    path("crdh/nouveau/", views.DossierCreateView.as_view(), name="crdh_create"),
    path("crdh/decisions/", views.DecisionListView.as_view(), name="crdh_decisions"),
    path("crdh/<int:pk>/", views.DossierDetailView.as_view(), name="crdh_detail"),
    path("crdh/<int:pk>/modifier/", views.DossierEditView.as_view(), name="crdh_update"),
    path("crdh/<int:pk>/renvoyer/", views.DossierReopenView.as_view(), name="crdh_reopen"),
    path("crdh/<int:pk>/reprendre/", views.DossierWithdrawView.as_view(), name="crdh_withdraw"),
    path("crdh/<int:pk>/etape/<str:transition>/", views.DossierTransitionView.as_view(), name="crdh_transition"),
    path("crdh/<int:pk>/dossier-<str:language>.pdf", views.DossierPdfView.as_view(), name="crdh_pdf"),
    path("crdh/<int:pk>/dossier.xlsx", views.DossierXlsxView.as_view(), name="crdh_xlsx"),
    path("crdh/<int:pk>/demandes/nouvelle/", views.RequestCreateView.as_view(), name="crdh_request_create"),
    path("crdh/demandes/<int:pk>/", views.RequestDetailView.as_view(), name="crdh_request_detail"),
    path("crdh/demandes/<int:pk>/modifier/", views.RequestUpdateView.as_view(), name="crdh_request_update"),
    path("crdh/demandes/<int:pk>/retirer/", views.RequestDeleteView.as_view(), name="crdh_request_delete"),
    path("crdh/demandes/<int:pk>/deplacer/<str:direction>/", views.RequestMoveView.as_view(), name="crdh_request_move"),
]
