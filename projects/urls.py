from django.urls import path

from projects import (
    urls_amendments,
    urls_conventions,
    urls_credit_picture,
    urls_credits,
    urls_dashboard,
    urls_dossiers,
    urls_evaluation,
    urls_execution,
    urls_procurement,
    urls_project_lifecycle,
    urls_projects,
    urls_proximity,
    urls_record,
    urls_reports,
    urls_territorial,
    urls_tranches,
)
from projects.views import calls, space

app_name = "projects"
urlpatterns = [
    path("", space.IndexView.as_view(), name="index"),
    path("appels/", calls.CallListView.as_view(), name="call_list"),
    path("appels/nouveau/", calls.CallFormView.as_view(), name="call_create"),
    path("appels/<int:pk>/", calls.CallDetailView.as_view(), name="call_detail"),
    path("appels/<int:pk>/modifier/", calls.CallFormView.as_view(), name="call_update"),
    path("appels/<int:pk>/pieces-et-criteres/", calls.CallItemsView.as_view(), name="call_items"),
    path("appels/<int:pk>/avenant/", calls.CallAmendView.as_view(), name="call_amend"),
    path("appels/<int:pk>/annuler/", calls.CallCancelView.as_view(), name="call_cancel"),
    path("appels/<int:pk>/dupliquer/", calls.CallDuplicateView.as_view(), name="call_duplicate"),
    path("appels/<int:pk>/avis/<str:language>/", calls.CallNoticeView.as_view(), name="call_notice"),
    *urls_dossiers.urlpatterns,
    *urls_evaluation.urlpatterns,
    *urls_projects.urlpatterns,
    *urls_conventions.urlpatterns,
    *urls_proximity.urlpatterns,
    *urls_project_lifecycle.urlpatterns,
    *urls_tranches.urlpatterns,
    *urls_record.urlpatterns,
    *urls_amendments.urlpatterns,
    *urls_execution.urlpatterns,
    *urls_procurement.urlpatterns,
    *urls_credits.urlpatterns,
    *urls_credit_picture.urlpatterns,
    *urls_dashboard.urlpatterns,
    *urls_territorial.urlpatterns,
    *urls_reports.urlpatterns,
    # Last: any other word is a transition's name (publish, close, mark_evaluated, archive).
    path("appels/<int:pk>/<slug:transition>/", calls.CallTransitionView.as_view(), name="call_transition"),
]
