from django.urls import path

from committees.views import feedback

urlpatterns = [
    path("remontees/", feedback.FeedbackListView.as_view(), name="feedback_list"),
    path("remontees/nouvelle/", feedback.FeedbackFormView.as_view(), name="feedback_create"),
    path("remontees/<int:pk>/", feedback.FeedbackDetailView.as_view(), name="feedback_detail"),
    path("remontees/<int:pk>/modifier/", feedback.FeedbackFormView.as_view(), name="feedback_update"),
    path(
        "remontees/<int:pk>/transmettre/",
        feedback.FeedbackTransitionView.as_view(transition="route"),
        name="feedback_route",
    ),
    path(
        "remontees/<int:pk>/repondre/",
        feedback.FeedbackTransitionView.as_view(transition="answer"),
        name="feedback_answer",
    ),
    path(
        "remontees/<int:pk>/envoyee/",
        feedback.FeedbackTransitionView.as_view(transition="mark_sent"),
        name="feedback_mark_sent",
    ),
]
