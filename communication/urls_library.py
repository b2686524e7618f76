"""URLs of the communication service: the document library and the documentation packs."""

from django.urls import path

from communication.views import library

urlpatterns = [
    path("bibliotheque/", library.DocumentListView.as_view(), name="document_list"),
    path("bibliotheque/nouveau/", library.DocumentCreateView.as_view(), name="document_create"),
    path("bibliotheque/<int:pk>/", library.DocumentDetailView.as_view(), name="document_detail"),
    path("bibliotheque/<int:pk>/modifier/", library.DocumentUpdateView.as_view(), name="document_update"),
    path("bibliotheque/<int:pk>/version/", library.VersionAddView.as_view(), name="version_add"),
    path(
        "bibliotheque/<int:pk>/telecharger/<str:language>/",
        library.DocumentCurrentView.as_view(),
        name="document_current",
    ),
    path("bibliotheque/<int:pk>/<slug:name>/", library.DocumentTransitionView.as_view(), name="document_transition"),
    path("bibliotheque/versions/<int:pk>/", library.VersionDownloadView.as_view(), name="version_download"),
    path("packs/", library.PackListView.as_view(), name="pack_list"),
    path("packs/nouveau/", library.PackCreateView.as_view(), name="pack_create"),
    path("packs/<int:pk>/", library.PackDetailView.as_view(), name="pack_detail"),
    path("packs/<int:pk>/bordereau/<str:language>/", library.PackPdfView.as_view(), name="pack_pdf"),
]
