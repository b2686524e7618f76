"""URLs of the credits (issue 6): the years, the notifications, the versions of the répartition and their way to
the DBM. The transition route comes last among the version's routes so its slug does not take their names."""

from django.urls import path

from projects.views import credits

urlpatterns = [
    path("credits/", credits.CreditIndexView.as_view(), name="credit_index"),
    path("credits/notifications/", credits.NotificationListView.as_view(), name="credit_notification_list"),
    path(
        "credits/notifications/<int:pk>/",
        credits.NotificationDetailView.as_view(),
        name="credit_notification_detail",
    ),
    path(
        "credits/notifications/<int:pk>/corriger/",
        credits.NotificationCorrectView.as_view(),
        name="credit_notification_correct",
    ),
    path("credits/<int:year>/", credits.CreditYearView.as_view(), name="credit_year"),
    path(
        "credits/<int:year>/notifications/nouvelle/",
        credits.NotificationCreateView.as_view(),
        name="credit_notification_create",
    ),
    path(
        "credits/<int:year>/repartitions/nouvelle/",
        credits.AllocationCreateView.as_view(),
        name="credit_allocation_create",
    ),
    path("credits/repartitions/<int:pk>/", credits.AllocationDetailView.as_view(), name="credit_allocation_detail"),
    path("credits/repartitions/<int:pk>/grille/", credits.AllocationGridView.as_view(), name="credit_allocation_grid"),
    path(
        "credits/repartitions/<int:pk>/transmettre/",
        credits.AllocationTransmitView.as_view(),
        name="credit_allocation_transmit",
    ),
    path(
        "credits/repartitions/<int:pk>/accuser-reception/",
        credits.AllocationAcknowledgeView.as_view(),
        name="credit_allocation_acknowledge",
    ),
    path(
        "credits/repartitions/<int:pk>/<slug:transition>/",
        credits.AllocationTransitionView.as_view(),
        name="credit_allocation_transition",
    ),
]
