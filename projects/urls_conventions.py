from django.urls import path

from projects.views import conventions

urlpatterns = [
    path("conventions/", conventions.ConventionListView.as_view(), name="convention_list"),
    path("conventions/nouvelle/", conventions.ConventionCreateView.as_view(), name="convention_create"),
    path("conventions/modele/", conventions.ConventionTemplateView.as_view(), name="convention_template"),
    path("conventions/a-signer/", conventions.ConventionQueueView.as_view(), name="convention_queue"),
    path("conventions/<int:pk>/", conventions.ConventionDetailView.as_view(), name="convention_detail"),
    path("conventions/<int:pk>/articles/", conventions.ConventionArticlesView.as_view(), name="convention_articles"),
    path("conventions/<int:pk>/parties/", conventions.ConventionPartiesView.as_view(), name="convention_parties"),
    path("conventions/<int:pk>/signer/", conventions.ConventionSignView.as_view(), name="convention_sign"),
    path("conventions/<int:pk>/retourner/", conventions.ConventionReturnView.as_view(), name="convention_return"),
    path(
        "conventions/<int:pk>/execution/",
        conventions.ConventionActionView.as_view(action="start"),
        name="convention_start",
    ),
    path(
        "conventions/<int:pk>/cloture/",
        conventions.ConventionActionView.as_view(action="close"),
        name="convention_close",
    ),
    path(
        "conventions/<int:pk>/resiliation/",
        conventions.ConventionActionView.as_view(action="terminate"),
        name="convention_terminate",
    ),
    path("conventions/<int:pk>/scan/", conventions.ConventionScanView.as_view(), name="convention_scan"),
    path("conventions/<int:pk>/pdf/<str:language>/", conventions.ConventionPdfView.as_view(), name="convention_pdf"),
    path(
        "conventions/<int:pk>/<slug:transition>/",
        conventions.ConventionTransitionView.as_view(),
        name="convention_transition",
    ),
]
