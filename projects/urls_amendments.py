from django.urls import path

from projects.views import amendments

urlpatterns = [
    # Under the convention with two segments: "conventions/<pk>/<slug>/" is the conventions' transition route.
    path("conventions/<int:pk>/avenants/nouveau/", amendments.AmendmentCreateView.as_view(), name="amendment_create"),
    path("avenants/<int:pk>/", amendments.AmendmentDetailView.as_view(), name="amendment_detail"),
    path("avenants/<int:pk>/modifier/", amendments.AmendmentTermsView.as_view(), name="amendment_terms"),
    path("avenants/<int:pk>/echeancier/", amendments.AmendmentScheduleView.as_view(), name="amendment_schedule"),
    path("avenants/<int:pk>/signer/", amendments.AmendmentSignView.as_view(), name="amendment_sign"),
    path("avenants/<int:pk>/retourner/", amendments.AmendmentReturnView.as_view(), name="amendment_return"),
    path("avenants/<int:pk>/scan/", amendments.AmendmentScanView.as_view(), name="amendment_scan"),
    path("avenants/<int:pk>/pdf/<str:language>/", amendments.AmendmentPdfView.as_view(), name="amendment_pdf"),
    path(
        "avenants/<int:pk>/<slug:transition>/",
        amendments.AmendmentTransitionView.as_view(),
        name="amendment_transition",
    ),
]
