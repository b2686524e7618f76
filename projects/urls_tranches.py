from django.urls import path

from projects.views import tranches

urlpatterns = [
    path("conventions/<int:pk>/tranches/echeancier/", tranches.TrancheScheduleView.as_view(), name="tranche_schedule"),
    path("tranches/<int:pk>/debloquer/", tranches.TrancheReleaseView.as_view(), name="tranche_release"),
    path("tranches/<int:pk>/paiement/", tranches.PaymentCreateView.as_view(), name="payment_create"),
    path("paiements/", tranches.PaymentListView.as_view(), name="payment_list"),
]
