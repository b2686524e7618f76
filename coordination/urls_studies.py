"""URLs of the coordination service's studies area (included by coordination/urls.py)."""

from django.urls import path

from coordination.views import studies as views

urlpatterns = [
    path("etudes/", views.StudyListView.as_view(), name="study_list"),
    path("etudes/nouvelle/", views.StudyFormView.as_view(), name="study_create"),
    path("etudes/<int:pk>/", views.StudyDetailView.as_view(), name="study_detail"),
    path("etudes/<int:pk>/modifier/", views.StudyFormView.as_view(), name="study_update"),
    path("etudes/<int:pk>/etape/<slug:name>/", views.StudyTransitionView.as_view(), name="study_transition"),
    path("etudes/<int:pk>/livrables/nouveau/", views.DeliverableAddView.as_view(), name="study_deliverable_add"),
    path("etudes/livrables/<int:pk>/modifier/", views.DeliverableUpdateView.as_view(), name="study_deliverable_update"),
    path(
        "etudes/livrables/<int:pk>/reception/", views.DeliverableReceiveView.as_view(), name="study_deliverable_receive"
    ),
    path("etudes/livrables/<int:pk>/retirer/", views.DeliverableRemoveView.as_view(), name="study_deliverable_remove"),
]
