"""URLs of the communication service: showcase (the fiches de réalisation and the brochure)."""

from django.urls import path

from communication.views import showcase as views

urlpatterns = [
    path("fiches/", views.SheetListView.as_view(), name="sheet_list"),
    path("fiches/nouvelle/", views.SheetCreateView.as_view(), name="sheet_create"),
    path("fiches/<int:pk>/", views.SheetDetailView.as_view(), name="sheet_detail"),
    path("fiches/<int:pk>/modifier/", views.SheetUpdateView.as_view(), name="sheet_update"),
    path("fiches/<int:pk>/photos/ajouter/", views.SheetPhotoAddView.as_view(), name="sheet_photo_add"),
    path("fiches/<int:pk>/photos/chantier/", views.SheetProgressPhotosView.as_view(), name="sheet_progress_photos"),
    path("fiches/photos/<int:pk>/", views.SheetPhotoView.as_view(), name="sheet_photo"),
    path("fiches/photos/<int:pk>/supprimer/", views.SheetPhotoDeleteView.as_view(), name="sheet_photo_delete"),
    path("fiches/<int:pk>/etape/<str:name>/", views.SheetTransitionView.as_view(), name="sheet_transition"),
    path("fiches/<int:pk>/pdf/<str:language>/", views.SheetPdfView.as_view(), name="sheet_pdf"),
    path("brochure/", views.BrochureView.as_view(), name="brochure"),
    path("brochure/pdf/", views.BrochurePdfView.as_view(), name="brochure_pdf"),
]
