"""URLs of the credits' money picture and of the documents of a version of the répartition (issue 6)."""

from django.urls import path

from projects.views import credit_picture as views

urlpatterns = [
    path("credits/<int:year>/situation/", views.CreditPictureView.as_view(), name="credit_picture"),
    path(
        "credits/<int:year>/situation/detail/",
        views.CreditPictureDetailView.as_view(),
        name="credit_picture_detail",
    ),
    path(
        "credits/repartitions/<int:pk>/bordereau/<str:language>/",
        views.TransmittalPdfView.as_view(),
        name="credit_transmittal_pdf",
    ),
    path(
        "credits/repartitions/<int:pk>/etat/<str:language>/",
        views.StatementPdfView.as_view(),
        name="credit_statement_pdf",
    ),
    path("credits/repartitions/<int:pk>/etat.xlsx", views.StatementXlsxView.as_view(), name="credit_statement_xlsx"),
]
