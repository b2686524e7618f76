"""URLs of the evaluation: evaluators, scoring, ranking, preselection."""

from django.urls import path

from projects.views import evaluation

urlpatterns = [
    path("appels/<int:pk>/evaluateurs/", evaluation.EvaluatorsAssignView.as_view(), name="evaluators_assign"),
    path("evaluations/", evaluation.MyEvaluationsView.as_view(), name="my_evaluations"),
    path("evaluations/<int:pk>/", evaluation.EvaluationScoreView.as_view(), name="evaluation_score"),
    path(
        "evaluations/dossier/<int:pk>/fiche/<str:language>/",
        evaluation.EvaluationSheetView.as_view(),
        name="dossier_evaluation_sheet",
    ),
    path("appels/<int:pk>/classement/", evaluation.CallRankingView.as_view(), name="call_ranking"),
    path(
        "appels/<int:pk>/classement/pdf/<str:language>/",
        evaluation.CallRankingPdfView.as_view(),
        name="call_ranking_pdf",
    ),
    path(
        "appels/<int:pk>/preselection/",
        evaluation.PreselectionProposeView.as_view(),
        name="preselection_propose",
    ),
    path(
        "appels/<int:pk>/preselection/valider/",
        evaluation.PreselectionValidateView.as_view(),
        name="preselection_validate",
    ),
]
