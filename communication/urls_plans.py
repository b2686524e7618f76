"""URLs of the communication service: the yearly proximity-communication plan and its actions."""

from django.urls import path

from communication.views import plans as views

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/nouveau/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/modifier/", views.PlanEditView.as_view(), name="plan_update"),
    path("plans/<int:pk>/renvoyer/", views.PlanReopenView.as_view(), name="plan_reopen"),
    path("plans/<int:pk>/cloturer/", views.PlanCloseView.as_view(), name="plan_close"),
    path("plans/<int:pk>/etape/<str:transition>/", views.PlanTransitionView.as_view(), name="plan_transition"),
    path("plans/<int:pk>/plan-<str:language>.pdf", views.PlanPdfView.as_view(), name="plan_pdf"),
    path("plans/<int:pk>/plan.xlsx", views.PlanXlsxView.as_view(), name="plan_xlsx"),
    path("plans/<int:pk>/actions/nouvelle/", views.ActionCreateView.as_view(), name="action_create"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/modifier/", views.ActionUpdateView.as_view(), name="action_update"),
    path("actions/<int:pk>/retirer/", views.ActionDeleteView.as_view(), name="action_delete"),
]
