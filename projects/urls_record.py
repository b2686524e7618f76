from django.urls import path

from projects.views import project_sheet, record

urlpatterns = [
    path("projets/enregistrer/", record.ProjectRecordFormView.as_view(), name="project_register"),
    path("projets/<int:pk>/fiche/", record.ProjectRecordFormView.as_view(), name="project_record_edit"),
    path("ildh/", record.ILDHListView.as_view(), name="ildh_list"),
    path("ildh/nouvelle/", record.ILDHFormView.as_view(), name="ildh_create"),
    path("ildh/<int:pk>/", record.ILDHDetailView.as_view(), name="ildh_detail"),
    path("ildh/<int:pk>/modifier/", record.ILDHFormView.as_view(), name="ildh_update"),
    path("projets/<int:pk>/fiche/<str:language>/", project_sheet.ProjectSheetView.as_view(), name="project_sheet"),
]
