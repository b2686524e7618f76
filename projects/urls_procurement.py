from django.urls import path

from projects.views import due_tranches, procurement

urlpatterns = [
    path("marches/", procurement.ProcurementListView.as_view(), name="procurement_list"),
    path("marches/<int:pk>/", procurement.ProcurementDetailView.as_view(), name="procurement_detail"),
    path("marches/<int:pk>/modifier/", procurement.ProcurementFormView.as_view(), name="procurement_update"),
    path("marches/<int:pk>/fin/", procurement.ProcurementEndView.as_view(), name="procurement_end"),
    path(
        "projets/<int:project>/marches/nouveau/", procurement.ProcurementFormView.as_view(), name="procurement_create"
    ),
    path("tranches/echues/", due_tranches.DueTrancheListView.as_view(), name="tranche_due_list"),
]
